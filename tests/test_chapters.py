"""The chapters' section functions, called directly (no kernel, no notebook).

Each section returns the values its prose glues and what its charts draw; these tests check
the values against the tables they come from, how parameters move them, and the edge cases
(an empty comparison, a date before anything happened). Chart functions are checked to take
their titles from the same values.
"""

from __future__ import annotations

import subprocess
import sys

import altair as alt
import nbformat
import pandas as pd
import pytest

from japan_us import palette
from japan_us.chapters import (
    CHAPTERS,
    Findings,
    cooperation,
    defence_gdp,
    duties_peers,
    frictions,
    goals,
    scorecard,
    tariff_sectors,
    third_countries,
    transition,
)
from japan_us.dated import known_cells


@pytest.fixture(scope="module")
def tables():
    """Every chapter's tables, loaded once: ``tables[chapter slug][table name]``."""
    return {c.slug: c.load_tables() for c in CHAPTERS}


def params(chapter, **changes):
    return chapter.param_set.validate(changes)


def chart_text(chart: alt.TopLevelMixin) -> str:
    """Title, subtitle, footer and description of a finished chart, as one string."""
    spec = chart.to_dict()
    if isinstance(spec["title"]["text"], dict):  # a title that follows sliders: its default reading
        spec["title"]["text"] = spec["usermeta"]["japan_us"]["title"]
    titles = [spec["title"]] + [c.get("title", {}) for c in spec.get("vconcat", [])]
    lines = [t.get(part, []) for t in titles for part in ("text", "subtitle")]
    # titles are wrapped into lists of lines: rejoin them so that phrases can be found
    return " ".join(" ".join(x) if isinstance(x, list) else x for x in lines) + " " + spec["description"]


def test_chapter_modules_import_without_pandas_or_altair():
    """The build imports every declaration on every run; the analysis' libraries wait."""
    code = (
        "import sys, japan_us.chapters; print(sorted(m for m in ('pandas', 'altair', 'myst_nb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Transition


def test_leaders_meetings_rank_ties_as_ties(tables):
    f = transition.leaders_meetings(tables["transition"], params(transition.TRANSITION))
    v = f.values
    assert (v["meeting_count"], v["meeting_fastest"], v["meeting_fastest_days"]) == (7, "George H. W. Bush", 13)
    assert v["meeting_slowest"] == "Bill Clinton's and Joe Biden's" and v["meeting_slowest_days"] == 86
    assert v["meeting_biden_rank"] == "joint 6th"
    assert v["meeting_trump2_days"] == 18 and v["pre_meeting_days"] == 64
    assert "Biden's first meeting came on day 86" in chart_text(transition.leaders_meetings_chart(f))


def test_leaders_meetings_before_any_meeting(tables):
    p = params(transition.TRANSITION, as_of="2025-01-25", administrations=["trump2"])
    f = transition.leaders_meetings(tables["transition"], p)
    assert f.values["meeting_count"] == 0 and f.values["meeting_fastest"] == "n/a"
    assert "No first leaders' meeting had taken place by 25 January 2025" in chart_text(
        transition.leaders_meetings_chart(f)
    )


def test_post_vacancies_compare_trump2_with_biden(tables):
    v = transition.post_vacancies(tables["transition"], params(transition.TRANSITION)).values
    assert (v["amb_biden_days"], v["amb_trump2_days"], v["amb_compare"]) == (332, 78, "faster")
    assert (v["eap_biden_days"], v["eap_trump2_days"], v["eap_compare"]) == (246, 260, "slower")
    assert v["amb_biden_rank"] == "1 of 5" and v["pending"] == 0


def test_post_vacancies_as_of_reopens_later_confirmations(tables):
    v = transition.post_vacancies(tables["transition"], params(transition.TRANSITION, as_of="2025-03-01")).values
    assert v["amb_trump2_days"] == "n/a" and v["amb_compare"] == "not comparable on this date"
    assert v["pending"] >= 2  # the ambassador and the East Asia post were still empty
    # the prose tells an empty post in words, never "day n/a"
    assert (v["state_trump2_confirmed"], v["amb_trump2_confirmed"]) == (
        "was confirmed on day 0",
        "was not yet confirmed",
    )
    assert v["eap_trump2_waited"] == "was still empty"
    meetings = transition.leaders_meetings(tables["transition"], params(transition.TRANSITION, as_of="2025-02-01"))
    assert meetings.values["meeting_trump2_came"] == "had not yet taken place"


def test_confirmation_pace_reads_each_measure(tables):
    pace = tables["transition"]["confirmation_pace_observations"]
    v = transition.confirmation_pace(tables["transition"], params(transition.TRANSITION)).values
    day50 = pace[(pace.days_in_office == 50) & pace.confirmed.notna()].set_index("administration").confirmed
    assert v["pps50_biden"] == day50["Biden"] and v["pps50_trump1"] == day50["Trump (1st term)"]
    assert (v["y3_bush"], v["y3_trump1"], v["y3_biden"]) == (945, 680, 707)


# Goals


def test_overview_gives_the_two_latest_values_of_each_indicator(tables):
    f = goals.overview(tables["goals"])
    v = f.values
    troops = tables["goals"]["us_troops_by_host"].query("iso3 == 'JPN'").set_index("year").troops_active_duty
    assert (v["troops_jp_prev"], v["troops_jp_latest"]) == tuple(troops.sort_index().iloc[-2:])
    assert v["us_oda_change_pct"] == pytest.approx(100 * (v["us_oda_latest"] / v["us_oda_prev"] - 1))
    assert (v["withdrawal_decisions"], v["withdrawals_effective"]) == (4, 2)
    assert len(f.table) == 7 and set(f.table.direction) <= {"up", "down", "flat"}


def test_troops_follow_start_year_and_hosts(tables):
    f = goals.troops(tables["goals"], params(goals.GOALS, start_year=2010, hosts=["KOR"]))
    assert f.values["troops_start_year"] == 2010
    assert set(f.hosts.iso3) == {"JPN", "KOR"} and f.hosts.year.min() == 2010
    assert "Japan hosts the most US troops" in chart_text(goals.troops_chart(f))


def test_military_balance_ratio(tables):
    v = goals.military_balance(tables["goals"], params(goals.GOALS)).values
    assert v["milex_ratio_start_year"] == 1990
    assert v["milex_usa_latest_bn"] / v["milex_chn_latest_bn"] == pytest.approx(3.18, abs=0.01)
    chart = goals.military_balance_chart(goals.military_balance(tables["goals"], params(goals.GOALS)))
    assert "3.2 times over in 2024, down from 33 times in 1990" in chart_text(chart)


def test_multilateral_momentum_without_japan_among_donors(tables):
    f = goals.multilateral_momentum(tables["goals"], params(goals.GOALS, donors=["Germany", "France"]))
    assert f.values["japan_oda_rank"] == "n/a" and f.values["donor_count"] == 2
    assert "Aid by donor" in chart_text(goals.donors_chart(f))  # no US-Japan comparison to title


def test_views_abroad_count_countries_with_both_views(tables):
    v = goals.multilateral_momentum(tables["goals"], params(goals.GOALS)).values
    assert (v["opinion_us_ahead"], v["opinion_count"], v["opinion_latest_wave"]) == (10, 12, 2023)
    # the Philippines' latest wave asking about both is 2019: counted at it, not left out
    assert v["opinion_first_wave"] == 2019 and "the Philippines" in v["opinion_names"]


def test_two_chapters_tell_one_story_of_views_abroad(tables):
    """Goals and Third countries both say in how many countries the US was viewed more
    favourably than China (they said 9 of 10 and 8 of 10, of different sets): one declared set
    of countries, one function, one answer, and both titles give it."""
    assert goals.views_of_us_and_china is third_countries.views_of_us_and_china
    assert goals.OPINION_COUNTRIES in goals.GOALS.params
    assert goals.OPINION_COUNTRIES in third_countries.THIRD_COUNTRIES.params
    ch2 = goals.multilateral_momentum(tables["goals"], params(goals.GOALS))
    ch5 = third_countries.aid_and_opinion(tables["third_countries"], params(third_countries.THIRD_COUNTRIES))
    shared = {k for k in ch2.values if k.startswith("opinion_")}
    assert shared == {k for k in ch5.values if k.startswith("opinion_")}
    assert {k: ch2.values[k] for k in shared} == {k: ch5.values[k] for k in shared}
    claim = f"In {ch2.values['opinion_us_ahead']} of {ch2.values['opinion_count']} countries the US"
    assert claim in chart_text(goals.views_abroad_chart(ch2)) and claim in chart_text(third_countries.views_chart(ch5))


def test_views_abroad_of_countries_never_asked_about_both_is_refused(tables):
    pew = tables["goals"]["pew_favorability"]
    with pytest.raises(ValueError, match="opinion_countries: no Pew wave asked about both"):
        goals.views_of_us_and_china(pew[pew.opinion_of == "USA"], ["JPN"])


# Frictions


def test_military_spending_against_the_compared_economies(tables):
    f = frictions.military_spending(tables["frictions"], params(frictions.FRICTIONS))
    v = f.values
    assert (v["milex_latest_year"], v["comparison_count"], v["comparison_above_2"]) == (2024, 8, 5)
    assert v["japan_share_latest"] == pytest.approx(1.3714)
    assert (v["comparison_highest"], v["comparison_highest_name"]) == ("POL", "Poland")
    assert "in 2024, less than any of the 8 economies compared" in chart_text(frictions.military_spending_chart(f))


@pytest.mark.parametrize(
    "countries, rank",
    [
        (["KOR"], "less than the economy compared"),
        (["IDN"], "more than the economy compared"),
        (["IDN", "MYS"], "more than any of the 2 economies compared"),
        (["IDN", "KOR", "USA"], "less than 2 of the 3 economies compared"),
    ],
)
def test_military_spending_title_ranks_japan_in_words(tables, countries, rank):
    f = frictions.military_spending(tables["frictions"], params(frictions.FRICTIONS, countries=countries))
    assert f"in 2024, {rank}" in chart_text(frictions.military_spending_chart(f))


def test_military_spending_needs_someone_to_compare_with(tables):
    with pytest.raises(ValueError, match="no economy besides Japan"):
        frictions.military_spending(tables["frictions"], params(frictions.FRICTIONS, countries=["JPN"]))


def test_defense_target_is_priced_on_one_gdp(tables):
    """Issue 20, error 3: the own count's "3.5% would be ¥19.2 trillion, 1.75 times" divided by
    the ¥550 trillion its quoted 2% implies; on the one 2025 GDP (IMF dollars × the year's yen
    rate, about ¥640 trillion) ¥11 trillion is 1.7% and 3.5% is 2.0 times it."""
    f = frictions.defense_target(tables["frictions"], params(frictions.FRICTIONS, defense_target=0.035))
    v = f.values
    weo = tables["frictions"]["weo_gdp_usd"].query("code == 'JPN'").set_index("year").gdp_usd_bn
    fx = tables["frictions"]["jpy_per_usd_annual"].set_index("year").jpy_per_usd
    assert v["own_gdp_jpy_tn"] == pytest.approx(weo[2025] * fx[2025] / 1000) == pytest.approx(640, abs=1)
    assert v["sipri_gdp_jpy_tn"] == pytest.approx(weo[2024] * fx[2024] / 1000)
    assert (v["own_jpy_tn"], round(v["own_share_pct"], 1)) == (11.0, 1.7)
    assert v["target_own_jpy_tn"] == pytest.approx(0.035 * v["own_gdp_jpy_tn"])
    assert v["target_own_multiple"] == pytest.approx(2.04, abs=0.01)
    assert v["target_sipri_multiple"] == pytest.approx(3.5 / v["sipri_share_pct"])
    assert set(f.levels.level) == {"today", "reference share", "chosen target"} and len(f.levels) == 8
    title = chart_text(frictions.defense_target_chart(f))
    assert "2.55× its SIPRI-counted budget, 2.04× its own FY2025 count" in title
    assert v["date_B4_4"] == "24 October 2025"


def test_defense_target_not_among_the_reference_shares_adds_a_bar_per_count(tables):
    f = frictions.defense_target(tables["frictions"], params(frictions.FRICTIONS, defense_target=0.03))
    assert len(f.levels) == 10 and list(f.levels.level).count("chosen target") == 2


def test_trade_balance_prints_deficits_positive(tables):
    v = frictions.trade_balance(tables["frictions"], params(frictions.FRICTIONS)).values
    assert v["japan_deficit_last_bn"] == pytest.approx(v["japan_imports_last_bn"] - v["japan_exports_last_bn"])
    assert v["japan_deficit_last_bn"] > 0 and v["largest_deficit_bn"] > 0
    assert (v["japan_deficit_rank"], v["trade_partner_count"]) == (5, 7)


def test_collected_duties_peak_and_partners(tables):
    f = frictions.collected_duties(tables["frictions"], params(frictions.FRICTIONS, trade_partners=["CHN"]))
    assert f.values["japan_duty_peak_month"] == "August 2025"
    assert set(f.duties.partner_code) == {"JPN", "CHN"}


def test_statutory_rate_around_the_ruling(tables):
    """Issue 20, error 9: 15.6% -> 11.4% is the ruling's 7.4 points less the Section 122
    surcharge's 3.1, on the tracker's date, not the surcharge's (B1.15)."""
    f = frictions.statutory_rate(tables["frictions"])
    v = f.values
    assert v["etr_peak"] == pytest.approx(23.2268) and v["etr_peak_date"] == "11 April 2025"
    rows = tables["frictions"]["us_statutory_tariff_rate"].set_index(["component", "effective_date"]).etr_pct
    ieepa = rows["IEEPA Reciprocal"][pd.Timestamp("2026-02-12")] + rows["IEEPA Fentanyl"][pd.Timestamp("2026-02-12")]
    assert v["etr_ruling_voided_pp"] == pytest.approx(ieepa) == pytest.approx(7.42, abs=0.01)
    assert v["etr_ruling_s122_pp"] == pytest.approx(rows["Section 122"][pd.Timestamp("2026-02-20")])
    change = v["etr_after_ruling"] - v["etr_before_ruling"]
    assert change == pytest.approx(v["etr_ruling_s122_pp"] - v["etr_ruling_voided_pp"] + v["etr_ruling_other_pp"])
    assert (v["etr_ruling_series_date"], v["etr_s122_in_force_date"]) == ("20 February 2026", "24 February 2026")
    assert "3.1 points of it the Section 122 surcharge" in chart_text(frictions.statutory_rate_chart(f))


@pytest.mark.parametrize("rate, elasticity", [(0.15, 0.0), (0.25, 1.0)])
def test_tariff_scenario_follows_its_parameters(tables, rate, elasticity):
    p = params(frictions.FRICTIONS, tariff_rate=rate, import_elasticity=elasticity)
    f = frictions.tariff_scenario(tables["frictions"], p)
    v = f.values
    after = v["scenario_imports_bn"] * (1 + rate) ** -elasticity
    assert v["scenario_imports_after_bn"] == pytest.approx(after)
    assert v["scenario_duty_bn"] == pytest.approx(rate * after)
    assert f"A {100 * rate:g}% tariff on imports from Japan" in chart_text(frictions.tariff_scenario_chart(f))


def test_host_nation_support_agreement(tables):
    v = frictions.host_nation_support(tables["frictions"]).values
    assert (v["sma_first_fy"], v["sma_last_fy"], v["sma_expiry"]) == (2022, 2026, "March 2027")


def test_since_the_essay_headline_rates(tables):
    v = frictions.since_the_essay(tables["frictions"]).values
    assert (v["tariff_announced"], v["tariff_agreed"], v["tariff_section122"]) == (24, 15, 10)
    assert v["date_B1_14"] == "20 February 2026"


# Cooperation


def test_lng_target_share(tables):
    f = cooperation.lng(tables["cooperation"], params(cooperation.COOPERATION, lng_target_share=0.3))
    v = f.values
    assert v["target_bcm"] == pytest.approx(0.3 * v["jp_lng_total"])
    assert v["target_change_bcm"] == pytest.approx(v["target_bcm"] - v["jp_lng_from_us"])
    assert f.suppliers[0] == "United States" and f.destinations[0] == "Japan"
    # each year's bars add up to the US total
    by_year = f.by_destination.groupby("year").bcm.sum()
    assert by_year[v["lng_year"]] == pytest.approx(v["us_lng_total"])


def test_gas_price_gap(tables):
    v = cooperation.gas(tables["cooperation"], params(cooperation.COOPERATION)).values
    assert v["price_gap"] == pytest.approx(v["jp_price"] - v["us_price"])
    assert (v["price_gap_max_year"], v["price_year"]) == (2022, 2024)


def test_technology_names_countries_as_readers_know_them(tables):
    """Not World Bank names ("Korea, Rep.", which also missed South Korea's colour) nor CSET codes."""
    f = cooperation.technology(tables["cooperation"], params(cooperation.COOPERATION))
    assert "only South Korea and the United States spend more" in chart_text(cooperation.rd_chart(f))
    assert f.values["rd_others"].startswith("South Korea 5.21% (2022), United States")
    chips = cooperation.chips_chart(f).to_dict()["vconcat"][0]["encoding"]["color"]
    assert chips["sort"] == ["United States", "Japan", "South Korea", "Taiwan", "China", "Netherlands"]
    assert chips["scale"]["range"][:3] == [palette.entity_colour(c) for c in ("United States", "Japan", "South Korea")]


def test_technology_with_japan_alone(tables):
    f = cooperation.technology(tables["cooperation"], params(cooperation.COOPERATION, rd_countries=["JPN"]))
    assert f.values["rd_others"] == "no other economy chosen" and f.ahead == []
    assert "none of the others compared spend more" in chart_text(cooperation.rd_chart(f))
    assert f.values["chip_jp_inputs_over_50"] == 11


def test_investment_package_share(tables):
    v = cooperation.investment_package(tables["cooperation"]).values
    assert v["package_share_pct"] == pytest.approx(100 * v["package_announced_bn"] / v["package_usd_bn"])
    assert v["package_deadline"] == "19 January 2029"


# Third countries


def test_economic_weight_bounds_and_projection(tables):
    p = params(third_countries.THIRD_COUNTRIES, start_year=2000, end_year=2024)
    v = third_countries.economic_weight(tables["third_countries"], p).values
    assert (v["gdp_start_year"], v["gdp_end_year"], v["end_is_projection"]) == (2000, 2024, "actual")
    assert v["g7_end"] == v["g7_actual"]


def test_defense_burden_counts_european_allies_only(tables):
    v = third_countries.defense_burden(tables["third_countries"], params(third_countries.THIRD_COUNTRIES)).values
    nato = tables["third_countries"]["military_expenditure_nato"]
    latest = nato[nato.year == v["nato_year"]]
    europe = latest[~latest.code.isin(["NATO", "NATO_EUCA", "USA", "CAN"])]
    assert v["nato_europe_total"] == len(europe) and v["nato_europe_at_2"] == (europe.share_real_gdp_pct >= 2).sum()
    assert (v["japan_indo_rank"], v["indo_count"]) == (6, 8)


def test_global_south_leaves_out_the_allies(tables):
    p = params(third_countries.THIRD_COUNTRIES)
    v = third_countries.aid_and_opinion(tables["third_countries"], p).values
    assert not [ally for ally in third_countries.ALLIES if ally in v["op_south_names"]]
    assert v["op_south_count"] == len(v["op_south_names"].replace(" and ", ", ").split(", ")) == 6
    assert v["op_allies_names"] == "Australia, Germany, Japan, the Philippines, South Korea and the United Kingdom"


def test_neighbours_multiples(tables):
    v = third_countries.neighbours(tables["third_countries"], params(third_countries.THIRD_COUNTRIES)).values
    assert v["chn_multiple"] == pytest.approx(v["chn_bn"] / v["jpn_bn"])
    assert v["rival_year"] == 2024


# Scorecard


def test_ledger_counts_add_up(tables):
    v = scorecard.ledger(tables["scorecard"], params(scorecard.SCORECARD)).values
    counted = v["claims_borne_out"] + v["claims_partly"] + v["claims_not"] + v["claims_no_evidence"]
    assert counted + v["claims_early"] == v["claims_total"]


def test_scorecard_as_of_leaves_later_events_out(tables):
    p = params(scorecard.SCORECARD, as_of="2025-07-15")
    known = scorecard.SCORECARD.load_tables(p["as_of"])  # the tables as they stood that day
    ledger = scorecard.ledger(known, p)
    timeline = scorecard.timeline(known, p)
    story = scorecard.tariff_story(known, p)
    assert ledger.values["ledger_summary"].startswith("These are the verdicts the record supported on 15 July 2025")
    assert timeline.events.date.max() <= pd.Timestamp("2025-07-15")
    # no card cites a fact or tells an outcome from after the day
    verdicts = tables["scorecard"]["claim_verdicts"]
    later = verdicts[verdicts.from_date > pd.Timestamp("2025-07-15")]
    shown = ledger.answers.set_index(["claim_id", "question"])
    for row in later.itertuples():
        assert shown.outcome_as_of[(row.claim_id, row.question)] != row.outcome
    board = scorecard.claim_board(ledger).data
    assert "B1.14" not in board and "Supreme Court" not in board and "66 international" not in board
    assert story.values["story_in_force"] == "10%" and story.values["story_gap"] == "none within the period"
    assert story.values["story_in_force_text"] == "Japan's general US tariff rate in force was 10%, from 5 April 2025"
    assert "7 August 2025" not in story.values["story_other_steps"]


def test_scorecard_on_the_essay_date(tables):
    p = params(scorecard.SCORECARD, as_of="2024-11-05")
    known = scorecard.SCORECARD.load_tables(p["as_of"])
    story = scorecard.tariff_story(known, p)
    assert story.values["story_in_force"] == "none yet" and story.values["story_peak_month"].endswith("2024")
    assert scorecard.timeline(known, p).values["timeline_count"] == 0
    assert "Japan's headline tariff and the duty collected" in chart_text(scorecard.tariff_story_chart(story))


def test_every_section_returns_findings_with_plain_keys(tables):
    """Every section of every chapter runs on the defaults; glue keys are identifiers."""
    for chapter in CHAPTERS:
        module = sys.modules[f"japan_us.chapters.{chapter.slug}"]
        for name, function in list(vars(module).items()):
            if callable(function) and getattr(function, "__annotations__", {}).get("return") == "Findings":
                args = (tables[chapter.slug], params(chapter))[: function.__code__.co_argcount]
                result = function(*args)
                assert isinstance(result, Findings), name
                assert all(key.isidentifier() for key in result.values), name


def test_every_verdict_and_event_category_has_its_words_and_colour():
    """The board's badges are styled per verdict and the tables name each category: a value
    added to the descriptor's vocabulary needs both."""
    from japan_us import data, metrics, report
    from japan_us.sphinx_ext import STATIC

    css = (STATIC / "japan-us.css").read_text()
    for verdict in metrics.VERDICTS:
        assert f".verdict-{'-'.join(verdict.split())} {{" in css, verdict
    assert set(report.EVENT_CATEGORIES) == set(data.vocabulary("events", "category"))


def test_tariff_burden_ranks_japan_among_the_partners(tables):
    f = frictions.tariff_burden(tables["frictions"])
    v = f.values
    groups = tables["frictions"]["us_tariff_change_by_partner"].set_index("partner_group")
    assert v["burden_japan_pp"] == groups.etr_change_pp["Japan"]
    assert v["burden_japan_rank"] == f"{int((groups.etr_change_pp > v['burden_japan_pp']).sum()) + 1}nd"
    assert v["burden_s232_top_pct"] == groups.share_under_s232_pct.max()
    assert "Section 232" in chart_text(frictions.tariff_burden_chart(f))


@pytest.mark.parametrize("year", [2024, 2025])
def test_deal_prices_the_car_cut_apart_from_the_general_rate(tables, year):
    """Issue 20, analysis 2: the general rate (25% -> 15%) on the goods under IEEPA, the car cut
    (27.5% -> 15%) on the goods under Section 232, each on one year's imports from Japan."""
    t = tables["frictions"]
    f = tariff_sectors.deal_by_sector(t, params(frictions.FRICTIONS, tariff_base_year=year))
    v = f.values
    imports = t["us_goods_trade_annual"].set_index(["partner_code", "year"]).imports_musd[("JPN", year)] / 1000
    japan = t["us_tariff_change_by_partner"].set_index("partner_group").loc["Japan"]
    assert v["deal_imports_bn"] == pytest.approx(imports)
    assert v["deal_general_bn"] == pytest.approx(imports * japan.share_under_ieepa_pct / 100 * 0.10)  # B1.7, B1.9
    assert v["deal_car_cut_bn"] == pytest.approx(imports * japan.share_under_s232_pct / 100 * 0.125)  # B1.12
    assert v["deal_saving_bn"] == pytest.approx(v["deal_general_bn"] + v["deal_car_cut_bn"])
    assert v["deal_flat_bn"] == pytest.approx(0.10 * imports)  # the flat reading it replaces
    assert v["deal_after_ruling_bn"] == pytest.approx(imports * japan.share_under_ieepa_pct / 100 * 0.05)  # B1.15
    duties = t["us_duties_by_partner_monthly"].query("partner_code == 'JPN' and year == 2025")
    assert v["deal_collected_bn"] == pytest.approx(duties.calculated_duties_usd.sum() / 1e9)
    assert v["deal_invest_even_bn"] == pytest.approx(550 / v["deal_invest_years"])
    assert 3 < v["deal_invest_years"] < 3.5 and v["deal_invest_deadline"] == "19 January 2029"


def test_deal_chart_does_not_call_an_even_spread_a_pledge(tables):
    """Issue 20, error 1: the title read "Japan pledged US$163 billion a year", the book's even
    spread of US$550 billion over 3.4 years."""
    f = tariff_sectors.deal_by_sector(tables["frictions"], params(frictions.FRICTIONS))
    text = chart_text(tariff_sectors.deal_by_sector_chart(f))
    assert "pledged" not in text and "163" not in text and "investment" not in text.lower()
    assert "Investment" not in set(f.bars.label.str.split().str[0])
    notebook = frictions.FRICTIONS.path.read_text()
    assert "investment Japan directs rather" not in notebook and "US investment committee" in notebook


def test_sector_burden_reads_the_model_for_japan(tables):
    t = tables["frictions"]
    f = tariff_sectors.sector_burden(t)
    v = f.values
    model = t["us_tariff_change_by_sector_japan"].set_index("gtap_code").etr_change_pp
    overall = t["us_tariff_change_by_partner"].set_index("partner_group").etr_change_pp["Japan"]
    assert (v["sector_top"], v["sector_top_pp"]) == ("metal products", model.max())
    assert v["sector_cars_pp"] == model["mvh"] and v["sector_electrical_pp"] == model["eeq"]
    assert v["sector_above_overall"] == int((model > overall).sum())
    assert "motor vehicles" in chart_text(tariff_sectors.sector_burden_chart(f))


def test_defence_spending_on_one_gdp(tables):
    """Issue 20, analysis 1: each count over IMF GDP × the year's yen rate, and the targets
    priced in yen on the latest such GDP."""
    t = tables["frictions"]
    f = defence_gdp.spending_on_one_gdp(t, params(frictions.FRICTIONS, defense_target=0.03))
    v = f.values
    weo = t["weo_gdp_usd"].query("code == 'JPN'").set_index("year").gdp_usd_bn
    fx = t["jpy_per_usd_annual"].set_index("year").jpy_per_usd
    gdp = {year: weo[year] * fx[year] / 1000 for year in (2024, 2025)}
    assert (v["one_gdp_year"], v["one_gdp_jpy_tn"]) == (2025, pytest.approx(gdp[2025]))
    assert v["mod_one_share"] == pytest.approx(100 * 8.7 / gdp[2025])  # FY2025 initial budget (B4.6)
    sipri = t["military_expenditure_sipri"].query("iso3 == 'JPN'").set_index("year").current_lcu_bn
    assert v["sipri_one_share"] == pytest.approx(100 * sipri[2024] / 1000 / gdp[2024])
    assert v["security_one_share"] == pytest.approx(100 * 11.0 / gdp[2025])  # not the 2.0 announced (B4.5)
    assert v["security_implied_gdp_jpy_tn"] == pytest.approx(550)
    for key, share in (("2", 2), ("3_5", 3.5), ("5", 5), ("3", 3)):
        assert v[f"one_gdp_price_{key}_jpy_tn"] == pytest.approx(gdp[2025] * share / 100)
    assert v["one_gdp_target_security_multiple"] == pytest.approx(gdp[2025] * 0.03 / 11.0)
    assert v["one_gdp_unpriced"] == "FY2026 cabinet-approved budget draft (initial)"  # no 2026 yen rate in the data
    assert "1.7% of GDP, not 2%" in chart_text(defence_gdp.spending_on_one_gdp_chart(f))


def test_defence_on_one_gdp_before_japan_counted_its_own_total(tables):
    known = frictions.FRICTIONS.load_tables("2025-07-15")
    f = defence_gdp.spending_on_one_gdp(known, params(frictions.FRICTIONS, as_of="2025-07-15"))
    assert "security_one_share" not in f.values
    assert "defence budget was" in chart_text(defence_gdp.spending_on_one_gdp_chart(f))


def test_duties_against_peers_ranks_each_partner_on_the_years_it_has(tables):
    """Issue 20, analysis 3: 2024 -> 2025 for the partners with both years, 2025 for all."""
    monthly = tables["frictions"]["us_duties_by_partner_monthly"]
    f = duties_peers.duties_against_peers(tables["frictions"])
    v = f.values
    sums = monthly.groupby(["partner", "year"])[["calculated_duties_usd", "imports_for_consumption_usd"]].sum()
    rate = (100 * sums.calculated_duties_usd / sums.imports_for_consumption_usd).unstack()
    rise = (rate[2025] - rate[2024]).dropna()
    assert v["peers_japan_rise_pp"] == pytest.approx(rise["Japan"])
    assert v["peers_rise_count"] == len(rise) == 5
    assert rise.idxmax() == "Japan" and v["peers_japan_rise_words"] == "the largest"
    assert v["peers_after_count"] == rate[2025].notna().sum()
    assert v["peers_japan_after_rank"] == f"{int((rate[2025] > rate.loc['Japan', 2025]).sum()) + 1}nd"
    assert v["peers_after_top"] == rate[2025].idxmax()
    assert v["peers_coverage"] == "2025 only for Canada, China, Germany and Switzerland, and 2024 only for India"
    assert "Canada, China, Germany, Switzerland: from 2025 only" in chart_text_and_notes(
        duties_peers.duties_against_peers_chart(f)
    )


def test_duty_chart_names_each_partners_own_first_year(tables):
    """Issue 20, error 2: the note said "Canada, China, Germany: from 2024", the chart's first
    year; the data give them 2025 only."""
    p = params(frictions.FRICTIONS, trade_partners=["CHN", "KOR", "CAN", "DEU"])
    note = chart_text_and_notes(frictions.collected_duties_chart(frictions.collected_duties(tables["frictions"], p)))
    assert "Canada, China, Germany: from 2025 only in the data." in note and "from 2024" not in note


def chart_text_and_notes(chart: alt.TopLevelMixin) -> str:
    meta = chart.to_dict()["usermeta"]["japan_us"]
    return chart_text(chart) + " " + meta["source"] + " " + (meta.get("note") or "")


def test_indirect_exposure_says_trade_not_production(tables):
    f = frictions.indirect_exposure(tables["frictions"])
    v = f.values
    exports = tables["frictions"]["japan_exports_by_destination"].set_index("destination")
    assert v["exposure_share_pct"] == pytest.approx(exports.share_of_exports_pct[["China", "Mexico", "Vietnam"]].sum())
    assert v["deficit_vnm_2025_bn"] > v["deficit_vnm_2024_bn"] > 0 and v["deficit_chn_2025_bn"] > 0
    shown = f.exports.set_index("destination")
    assert shown.us_tariff_change_pp["China"] == v["exposure_china_pp"] and pd.isna(shown.us_tariff_change_pp["India"])
    assert "China, Mexico and Vietnam took" in chart_text(frictions.indirect_exposure_chart(f))


def test_first_year_sentiment_compares_each_term_with_the_year_before(tables):
    f = goals.first_year_sentiment(tables["goals"])
    v = f.values
    assert (v["sentiment_t1_year"], v["sentiment_t2_year"]) == (2017, 2025)  # inauguration years
    survey = tables["goals"]["japan_affinity_survey"].query("country == 'United States' and item == 'affinity'")
    affinity = survey.set_index("fieldwork_year").pct
    assert v["sentiment_affinity_t2_change"] == pytest.approx(affinity[2025] - affinity[2024])
    assert v["sentiment_affinity_t1_change"] == pytest.approx(affinity[2017] - affinity[2016])
    # only pairs the data hold: no "relations are good" for 2016-17, no Pew wave for 2024-25
    assert "sentiment_relations_good_t1_change" not in v and "sentiment_confidence_t2_change" not in v
    assert len(f.pairs) == 10
    assert "the first year of each Trump term" in chart_text(goals.first_year_sentiment_chart(f))


def test_aid_gap_no_donor_made_up_the_us_cut(tables):
    """The prose concludes that no donor filled the gap: the figures must bear it out."""
    f = third_countries.aid_gap(tables["third_countries"])
    v = f.values
    assert v["gap_rise_bn"] < v["gap_fall_bn"] and v["gap_risers"] < v["gap_donors"]
    assert "DAC countries" not in set(f.change.donor)  # a total, not a donor
    assert v["gap_japan_change"].startswith(("fell by US$", "rose by US$")) and "-" not in v["gap_japan_change"]
    assert f"US aid fell US${v['gap_fall_bn']:,.1f} billion" in chart_text(third_countries.aid_gap_chart(f))


def test_japans_share_of_us_lng_peaked_before_the_latest_year(tables):
    v = cooperation.lng(tables["cooperation"], params(cooperation.COOPERATION)).values
    assert v["jp_share_of_us_peak"] > v["jp_share_of_us"]  # "US volumes grew faster than Japan's purchases"
    assert v["us_lng_total"] > v["us_lng_first"]


def test_public_opinion_reads_the_two_surveys_apart(tables):
    f = goals.public_opinion(tables["goals"], params(goals.GOALS, start_year=2000))
    v = f.values
    pew = tables["goals"]["pew_favorability"].query("iso3 == 'JPN' and opinion_of == 'USA'").set_index("year")
    assert (v["pew_jp_year"], v["pew_jp_latest"]) == (pew.index.max(), pew.pct_favorable[pew.index.max()])
    assert v["pew_jp_min"] == pew.pct_favorable.min() and v["mail_from"] == 2020
    assert set(f.surveys.survey) == set(goals.SURVEYS) and f.surveys.year.min() >= 2000


def test_us_aid_peak_and_share_of_income(tables):
    v = goals.us_aid(tables["goals"], params(goals.GOALS)).values
    oda = tables["goals"]["oda_by_donor"].query("donor == 'United States'").set_index("year")
    assert v["us_oda_peak"] == pytest.approx(oda.oda_usd_m_const2025.max() / 1000)
    assert v["us_oda_peak_year"] == oda.oda_usd_m_const2025.idxmax()
    assert v["us_oda_gni_latest"] == oda.oda_pct_gni[oda.index.max()]


def test_definitions_compare_nato_and_sipri_for_the_same_allies(tables):
    f = frictions.definitions(tables["frictions"], params(frictions.FRICTIONS))
    v = f.values
    gaps = (f.both.NATO - f.both.SIPRI).abs()
    assert v["definition_max_gap"] == gaps.max() and v["definition_count"] == len(f.both) == 10
    assert v["definition_max_gap_country"] == f.both.country[gaps.idxmax()]


def test_investment_keeps_observations_apart(tables):
    f = frictions.investment(tables["frictions"])
    v = f.values
    assert (v["fdi_japan_latest_year"], v["fdi_japan_latest_basis"]) == (2024, "ultimate beneficial owner")
    assert v["fdi_japan_rank"] == "ahead of Canada (US$811.7 billion) and Germany (US$677.3 billion)"
    assert v["fdi_japan_latest_bn"] > 811.7
    assert not f.positions.source_type.str.contains("_").any()  # codes in words for the tooltips


@pytest.mark.parametrize("as_of", ["2024-11-05", "2025-03-01", "2025-07-15", "2025-10-01", "2026-02-21"])
def test_every_chapter_runs_as_of_any_day(as_of):
    """Each chapter's code after its setup, with the cells dated after the day left out as the
    build leaves them out, runs on the tables as they stood that day: no section it keeps
    needs a later event."""
    for chapter in CHAPTERS:
        nb = known_cells(nbformat.read(chapter.path, as_version=4), as_of)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        setup = next(i for i, source in enumerate(code) if "setup_notebook" in source)
        namespace = {"PARAMS": params(chapter, as_of=as_of)}
        for source in code[setup + 1 :]:
            exec(compile(source, f"{chapter.notebook} as of {as_of}", "exec"), namespace)


# Every chart, as the chapters display it

POSITIONED_MARKS = {"line", "point", "circle", "square", "bar", "area", "tick", "trail", "rect"}


@pytest.fixture(scope="module")
def displayed_charts(tmp_path_factory) -> list[tuple[str, dict]]:
    """(chapter, Vega-Lite spec) of every chart the chapters display, run by the build's runner."""
    from japan_us import build, executor

    out = tmp_path_factory.mktemp("charts")
    limits = executor.Limits(cell=300)
    jobs = [executor.Job(c, c.path, params(c), out / f"{c.notebook}.ipynb", limits) for c in CHAPTERS]
    shown = []
    for job, outcome, _ in build.run_jobs(jobs, 2):
        assert outcome.failure is None, outcome.failure.describe()
        shown += [(job.key.notebook, spec) for _, spec in outcome.charts]
    return shown


def _marks(spec: dict, inherited: dict | None = None):
    """Each mark of a spec with the encoding it draws with (a layer's encoding is inherited)."""
    encoding = {**(inherited or {}), **spec.get("encoding", {})}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            yield from _marks(part, encoding if key == "layer" else None)
    if "spec" in spec:  # a facet's panel
        yield from _marks(spec["spec"], encoding)
    if "mark" in spec:
        yield (spec["mark"] if isinstance(spec["mark"], str) else spec["mark"]["type"]), encoding


def test_every_line_point_bar_and_area_is_placed_on_both_axes(displayed_charts):
    """A refactor once dropped the year axis from four charts: every point of each then sat on
    one vertical line in the middle of the chart, and nothing else failed."""
    unplaced = [
        (notebook, spec["usermeta"]["japan_us"].get("title") or spec["title"]["text"], mark, sorted(encoding))
        for notebook, spec in displayed_charts
        for mark, encoding in _marks(spec)
        if mark in POSITIONED_MARKS and not {"x", "y"} <= encoding.keys()
    ]
    assert not unplaced
    assert len(displayed_charts) >= 30

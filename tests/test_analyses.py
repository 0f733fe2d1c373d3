"""Issue 20: the analyses the essay invites (investment premise, scale of the energy win-win) and
the errors found in chapters 2, 4 and 5, each checked against the tables the values come from.

Each error test fails on the code before its fix: it checks the quantity the prose glues, not
only that a section ran.
"""

from __future__ import annotations

import pytest

from japan_us.chapters import (
    COOPERATION,
    FRICTIONS,
    GOALS,
    THIRD_COUNTRIES,
    cooperation,
    goals,
    investment_premise,
    third_countries,
)


@pytest.fixture(scope="module")
def tables():
    return {c.slug: c.load_tables() for c in (GOALS, FRICTIONS, COOPERATION, THIRD_COUNTRIES)}


def params(chapter, **changes):
    return chapter.param_set.validate(changes)


def chart_meta(chart) -> dict:
    spec = chart.to_dict()
    title = spec["title"]["text"]
    return spec["usermeta"]["japan_us"] | {
        "title": " ".join(title) if isinstance(title, list) else title,
        "description": spec["description"],
    }


# Error 7: goodwill against trust within one survey (Pew), never Cabinet Office against Pew


def test_goodwill_and_trust_are_compared_within_pew(tables):
    v = goals.first_year_sentiment(tables["goals"]).values
    pew = tables["goals"]["pew_favorability"].query("iso3 == 'JPN' and opinion_of == 'USA'").set_index("year")
    confidence = tables["goals"]["pew_confidence_in_president"].set_index("year").pct
    assert v["sentiment_favourable_t1_before"] == pew.pct_favorable[2016] == 71.2
    assert v["sentiment_favourable_t1_after"] == pew.pct_favorable[2017] == 57.0
    assert v["sentiment_favourable_t1_drop"] == pytest.approx(pew.pct_favorable[2016] - pew.pct_favorable[2017])
    assert v["sentiment_confidence_t1_drop"] == pytest.approx(confidence[2016] - confidence[2017])
    # 14.2 points against 54: under half as much, "far less"
    assert v["sentiment_goodwill_against_trust"] == "fell far less than"


@pytest.mark.parametrize(
    ("favourable", "confidence", "words"),
    [
        (-14.2, -54.0, "fell far less than"),
        (-30.0, -54.0, "fell less than"),
        (-60.0, -54.0, "fell at least as much as"),
    ],
)
def test_goodwill_against_trust_words_follow_the_sizes(favourable, confidence, words):
    assert goals._goodwill_against_trust(favourable, confidence)["sentiment_goodwill_against_trust"] == words


# Half-fix: the troops note states the dip as the data show it, with no cause credited to sources


def test_troops_note_states_the_dip_and_credits_no_cause(tables):
    f = goals.troops(tables["goals"], params(GOALS))
    jp = tables["goals"]["us_troops_by_host"].query("iso3 == 'JPN'").set_index("year").troops_active_duty
    assert f.values["troops_dip_year"] == int(jp[jp.index >= 1990].diff().idxmin()) == 2016
    assert (f.values["troops_dip_before"], f.values["troops_dip_low"]) == (jp[2015], jp[2016])
    assert (
        f.values["troops_dip_words"] == f"fell from {jp[2015]:,} to {jp[2016]:,} and was back at {jp[2018]:,} by 2018"
    )
    note = chart_meta(goals.troops_chart(f))["note"]
    assert "source notes" not in note and "reporting changes" not in note
    assert f.values["troops_dip_words"] in note and "do not say why" in note


# Error 8: the aid gap counts the EU member states, not also the EU Institutions they fund


def test_aid_gap_does_not_count_eu_institutions_beside_the_member_states(tables):
    f = third_countries.aid_gap(tables["third_countries"])
    oda = tables["third_countries"]["oda_by_donor"]
    assert "EU Institutions" not in set(f.change.donor)
    year = f.values["gap_year"]
    wide = oda.pivot_table(index="donor", columns="year", values="oda_usd_m_const2025")[[year - 1, year]].dropna()
    countries = wide.drop(index=["DAC countries", "EU Institutions", "United States"])
    others = (countries[year] - countries[year - 1]).sum() / 1000
    assert f.values["gap_others_change"] == f"fell by US${-others:,.2f} billion"
    assert f.values["gap_donors"] == len(countries)
    eu = (wide.loc["EU Institutions", year] - wide.loc["EU Institutions", year - 1]) / 1000
    assert f.values["gap_left_out_change"] == f"fell by US${-eu:,.2f} billion"
    assert "EU Institutions left out" in chart_meta(third_countries.aid_gap_chart(f))["note"]


# Error 10 and the Global South half-fix: one "ally" rule, one count, in the chart and the prose


def test_one_ally_rule_one_count_for_chart_and_prose(tables):
    f = third_countries.aid_and_opinion(tables["third_countries"], params(THIRD_COUNTRIES))
    v, latest = f.values, f.latest
    assert "Philippines" in third_countries.ALLIES  # a US treaty ally, as the essay names it
    allies = latest[latest.country.isin(third_countries.ALLIES)]
    south = latest[~latest.country.isin(third_countries.ALLIES)]
    assert (v["op_allies_count"], v["op_south_count"]) == (len(allies), len(south)) == (6, 6)
    assert v["op_south_us_ahead"] == int((south.USA > south.CHN).sum()) == 4
    assert v["op_allies_us_ahead"] == int((allies.USA > allies.CHN).sum()) == 6
    assert v["op_south_us_ahead"] + v["op_allies_us_ahead"] == v["opinion_us_ahead"]
    meta = chart_meta(third_countries.views_chart(f))
    assert f"{v['op_south_us_ahead']} of {v['op_south_count']} Global South countries" in meta["title"]
    assert f"{v['op_allies_us_ahead']} of {v['op_allies_count']} US allies" in meta["title"]
    assert third_countries.ALLY_RULE in meta["note"]


# Half-fix: the gas-price chart names the IMF series a benchmark, not what LNG cost Japan


def test_lng_price_title_names_a_benchmark_not_a_cost(tables):
    f = cooperation.gas(tables["cooperation"], params(COOPERATION))
    meta = chart_meta(cooperation.gas_prices_chart(f))
    assert "LNG for Japan cost" not in meta["title"] and "benchmark" in meta["title"]
    assert "Japan paid" not in meta["description"]
    assert f"{f.values['jp_price'] / f.values['us_price']:.1f}×" in meta["title"]


# Analysis 5: the scale of the energy win-win, LNG announced since the deal against trade


def energy(tables, as_of=None, **changes):
    t = COOPERATION.load_tables(as_of) if as_of else tables["cooperation"]
    return cooperation.energy_scale(t, params(COOPERATION, **changes))


def test_energy_scale_sets_the_alaska_volumes_against_japans_imports(tables):
    t = tables["cooperation"]
    f = energy(tables)
    v = f.values
    imports = t["lng_japan_imports_by_source"].set_index(["year", "source"]).bcm
    year = int(imports.index.get_level_values("year").max())
    total, from_us = imports[(year, "Total (all exporters)")], imports[(year, "US")]
    factor = t["energy_conversion_factors"].factor.iloc[0]
    assert factor == 1.36  # bcm of gas per million tonnes of LNG (Statistical Review)
    assert (v["energy_offtake_mtpa"], v["energy_offtake_years"], v["energy_capacity_mtpa"]) == (1.0, 20, 20.0)
    assert v["energy_offtake_bcm"] == pytest.approx(1.0 * factor)
    assert v["energy_offtake_share_of_imports"] == pytest.approx(100 * 1.36 / total)
    assert v["energy_offtake_share_of_us"] == pytest.approx(100 * 1.36 / from_us)
    assert v["energy_capacity_share_of_imports"] == pytest.approx(100 * 20 * 1.36 / total)
    assert round(v["energy_offtake_share_of_imports"], 1) == 1.5 and round(v["energy_offtake_share_of_us"]) == 16
    assert (v["energy_package_projects"], v["energy_package_lng"]) == (2, "add no LNG export capacity")
    assert list(f.volumes.bcm) == pytest.approx([total, from_us, 27.2, 1.36])
    meta = chart_meta(cooperation.energy_scale_chart(f))
    assert f"{v['energy_offtake_share_of_imports']:.1f}% of Japan's {year} LNG imports" in meta["title"]
    assert "2 energy projects add no LNG export capacity" in meta["note"]


def test_energy_scale_follows_the_target_share_and_the_date(tables):
    v = energy(tables).values
    w = energy(tables, lng_target_share=0.3).values
    assert w["energy_offtake_share_of_target_gap"] < v["energy_offtake_share_of_target_gap"]
    assert w["energy_offtake_share_of_imports"] == v["energy_offtake_share_of_imports"]
    # after the letter of intent, before the first package: no package projects yet
    before = energy(tables, as_of="2025-12-31")
    assert before.values["energy_package_projects"] == 0 and before.values["energy_offtake_mtpa"] == 1.0
    assert "package" not in chart_meta(cooperation.energy_scale_chart(before))["note"]


# Analysis 4: the investment narrative's premise, Japan's investment in the US against US investment abroad


def premise(tables, as_of=None):
    t = FRICTIONS.load_tables(as_of) if as_of else tables["frictions"]
    return investment_premise.investment_premise(t, params(FRICTIONS, **({"as_of": as_of} if as_of else {})))


def test_investment_premise_recomputed_from_the_bea_observations(tables):
    f = premise(tables)
    v = f.values
    fdi = tables["frictions"]["fdi_in_us_observations"]
    position = fdi[fdi.measure == "direct_investment_position"].set_index(["counterpart", "year"]).value
    outward = tables["frictions"]["us_direct_investment_abroad_observations"].set_index(["counterpart", "year"])
    out = outward.value_usd_bn
    # from the first year both are observed (2013) to each one's latest
    assert (v["premise_first_year"], v["premise_jp_last_year"], v["premise_out_last_year"]) == (2013, 2024, 2024)
    assert v["premise_jp_multiple"] == pytest.approx(position[("Japan", 2024)] / position[("Japan", 2013)])
    assert v["premise_out_multiple"] == pytest.approx(out[("All countries", 2024)] / out[("All countries", 2013)])
    assert round(v["premise_jp_multiple"], 1) == 2.4 and round(v["premise_out_multiple"], 1) == 1.5
    assert v["premise_faster"] == "faster than"
    assert v["premise_jp_bases"] == "basis not stated for 2013, ultimate owner for 2024"
    first = v["premise_share_first_year"]  # the first year with both positions (2013 since 2004's were dropped)
    assert first == 2013
    assert v["premise_share_first"] == pytest.approx(
        100 * position[("Japan", first)] / position[("All countries", first)]
    )
    assert v["premise_share_last"] == pytest.approx(100 * position[("Japan", 2024)] / position[("All countries", 2024)])
    assert v["premise_stake_ratio"] == pytest.approx(421.103 / 114.637)  # 2016, one document
    assert v["premise_jobs_jp_growth_pct"] == pytest.approx(100 * ((973_800 / 719_000) ** (1 / 7) - 1))
    assert v["premise_jobs_all_growth_pct"] == pytest.approx(100 * ((7_940_000 / 5_300_000) ** (1 / 11) - 1))
    assert v["premise_jobs_faster"] == "faster than"
    meta = chart_meta(investment_premise.investment_premise_chart(f))
    assert f"grew {v['premise_jp_multiple']:.1f}-fold from 2013 to 2024" in meta["title"]
    assert f"abroad {v['premise_out_multiple']:.1f}-fold to 2024" in meta["title"]
    assert set(f.frame.series) == set(investment_premise.SERIES_COLOURS)


def test_investment_premise_leaves_out_figures_published_after_the_date(tables):
    v = premise(tables, as_of="2025-07-15").values
    # the 2023-24 outward positions were published in September 2025
    assert v["premise_out_last_year"] == 2022
    outward = tables["frictions"]["us_direct_investment_abroad_observations"].set_index("year").value_usd_bn
    assert v["premise_out_multiple"] == pytest.approx(outward[2022] / outward[2013])


@pytest.mark.parametrize(("growth", "against", "words"), [(2.4, 1.5, "faster than"), (1.2, 1.5, "no faster than")])
def test_premise_comparison_words_follow_the_numbers(growth, against, words):
    assert investment_premise._faster(growth, against) == words

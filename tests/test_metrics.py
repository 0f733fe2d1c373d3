"""The calculations the chapters report, checked against hand-computed values."""

from __future__ import annotations

import pandas as pd
import pytest

from japan_us import data, metrics


def test_duty_with_no_response_is_rate_times_imports():
    s = metrics.tariff_scenario(148.0, 0.25, 0.0)
    assert s.duty_usd_bn == pytest.approx(0.25 * 148.0)
    assert s.imports_after_usd_bn == 148.0


def test_duty_with_unit_elasticity_shrinks_imports_by_the_price_rise():
    s = metrics.tariff_scenario(100.0, 0.25, 1.0)
    assert s.imports_after_usd_bn == pytest.approx(100.0 / 1.25)
    assert s.duty_usd_bn == pytest.approx(0.25 * 100.0 / 1.25)


def test_duty_on_real_imports_from_japan():
    trade = data.load("us_goods_trade_annual").set_index(["partner_code", "year"])
    imports_bn = trade.imports_musd[("JPN", 2024)] / 1000
    assert metrics.tariff_scenario(imports_bn, 0.25, 0).duty_usd_bn == pytest.approx(imports_bn / 4)


def test_spending_at_target_uses_the_year_and_flags_projections():
    weo = data.load("weo_gdp_usd")
    japan = weo[weo.code == "JPN"]
    gdp_2027 = japan.set_index("year").gdp_usd_bn[2027]
    t = metrics.spending_at_target(japan, 2027, 0.035)
    assert t.usd_bn == pytest.approx(0.035 * gdp_2027)
    assert t.gdp_is_projection
    assert not metrics.spending_at_target(japan, 2023, 0.02).gdp_is_projection


def test_spending_at_target_refuses_a_missing_year():
    with pytest.raises(ValueError, match="expected one GDP row for 1900"):
        metrics.spending_at_target(
            pd.DataFrame({"year": [2020], "gdp_usd_bn": [1.0], "projection": [False]}), 1900, 0.02
        )


def test_a_defense_count_is_priced_on_one_gdp_not_on_the_share_its_source_quotes():
    """Japan's own FY2025 count, about ¥11 trillion, was "2%" of the GDP the government divides
    by (¥550 trillion); on a 2025 GDP of about ¥640 trillion it is 1.7%, and 3.5% is 2.0 times it,
    not the 1.75 times of the quoted share (issue 20, error 3)."""
    own = metrics.DefenseCount("Japan's own count, FY2025", 11.0, 640.0)
    assert own.share_pct == pytest.approx(1.71875)
    assert own.at(3.5) == pytest.approx(22.4)
    assert own.multiple(3.5) == pytest.approx(22.4 / 11.0)
    assert own.at(own.share_pct) == pytest.approx(11.0)


def test_nominal_gdp_in_yen_is_imf_dollars_times_the_years_rate():
    weo = pd.DataFrame(
        {"code": ["JPN", "JPN", "USA"], "year": [2024, 2025, 2025], "gdp_usd_bn": [4000.0, 4300.0, 1.0],
         "projection": [False, True, True]}
    )  # fmt: skip
    fx = pd.DataFrame({"year": [2023, 2024, 2025], "jpy_per_usd": [140.0, 150.0, 150.0]})
    gdp = metrics.nominal_gdp_jpy(weo, fx)
    assert list(gdp.index) == [2024, 2025]  # only years with both
    assert gdp.gdp_jpy_tn.tolist() == pytest.approx([600.0, 645.0])
    assert gdp.projection.tolist() == [False, True]


def test_annual_duty_rate_is_a_ratio_of_sums_not_a_mean_of_months():
    duties = pd.DataFrame(
        {
            "partner_code": ["JPN", "JPN"],
            "partner": ["Japan"] * 2,
            "year": [2025, 2025],
            "month": [1, 2],
            "calculated_duties_usd": [10.0, 90.0],
            "imports_for_consumption_usd": [1000.0, 100.0],
        }
    )
    annual = metrics.annual_duty_rate(duties)
    assert annual.duty_rate_pct.item() == pytest.approx(100 * 100 / 1100)
    monthly = metrics.duty_rates(duties)
    assert monthly.duty_rate_pct.tolist() == pytest.approx([1.0, 90.0])


def test_japan_duty_rate_2025_matches_the_census_totals():
    duties = data.load("us_duties_by_partner_monthly")
    annual = metrics.annual_duty_rate(duties).set_index(["partner_code", "year"]).duty_rate_pct
    jp = duties[(duties.partner_code == "JPN") & (duties.year == 2025)]
    assert annual[("JPN", 2025)] == pytest.approx(
        100 * jp.calculated_duties_usd.sum() / jp.imports_for_consumption_usd.sum()
    )
    assert annual[("JPN", 2025)] > 5 * annual[("JPN", 2024)]  # the 2025 tariffs, as documented in SOURCES.md


def test_glue_refuses_missing_values():
    from japan_us import report

    with pytest.raises(ValueError, match=r"no value to glue for \['share'\]"):
        report.glue_values(share=float("nan"), year=2024)


# ---------------------------------------------------------------- small frames, known answers


def _days(*dates):
    return pd.to_datetime(pd.Series(dates, dtype="object"))


def test_transition_days_counts_to_the_milestone_or_to_as_of():
    admins = pd.DataFrame(
        {"administration": ["a", "b"], "president": ["A", "B"], "inauguration": _days("2021-01-20", "2025-01-20")}
    )
    milestones = pd.DataFrame(
        {
            "administration": ["a", "a", "a", "b"],
            "milestone": ["met", "envoy", "post", "met"],
            "date": _days("2021-04-16", "2021-12-18", None, "2025-02-07"),
        }
    )
    out = metrics.transition_days(milestones, admins, "2021-06-30").set_index("milestone")
    assert list(out.index) == ["met", "envoy", "post"]  # b began after as_of: left out
    assert out.loc["met", "status"] == "done" and out.loc["met", "days"] == 86
    assert out.loc["envoy", "status"] == "pending" and out.loc["envoy", "days"] == 161  # to as_of
    assert out.loc["post", "status"] == "not found" and pd.isna(out.loc["post", "days"])


def test_supply_at_share_holds_the_market_fixed():
    target = metrics.supply_at_share(total_bcm=90.0, current_bcm=7.5, share=0.2)
    assert target.target_bcm == pytest.approx(18.0)
    assert target.change_bcm == pytest.approx(10.5)


def test_gdp_shares_add_up_to_the_world_with_a_residual():
    weo = pd.DataFrame(
        {
            "code": ["G001", "JPN", "USA", "G001", "JPN", "USA"],
            "year": [2024, 2024, 2024, 2030, 2030, 2030],
            "gdp_usd_bn": [100.0, 4.0, 26.0, 150.0, 5.0, 30.0],
            "projection": [False, False, False, True, True, True],
        }
    )
    out = metrics.gdp_shares(weo, {"Japan": ["JPN"], "Japan and US": ["JPN", "USA"]})
    y2024 = out[out.year == 2024].set_index("group").share_pct
    assert y2024["Japan"] == pytest.approx(4.0)
    assert y2024["Japan and US"] == pytest.approx(30.0)
    assert y2024["Rest of the world"] == pytest.approx(100 - 4 - 30)  # residual of the groups' sum
    assert out[out.year == 2030].projection.all() and not out[out.year == 2024].projection.any()


def test_ledger_as_of_shows_the_latest_verdict_known_on_the_day():
    ledger = pd.DataFrame(
        {"claim_id": ["C1", "C2", "C3"], "kind": ["expectation", "recommendation", "goal"], "claim": ["a", "b", "c"]}
    )
    verdicts = pd.DataFrame(
        {
            "claim_id": ["C1", "C1", "C2", "C2", "C3"],
            "question": ["borne_out", "borne_out", "taken_up", "achieved", "achieved"],
            "from_date": _days("2025-02-07", "2025-09-01", "2025-03-01", "2026-02-20", "2025-01-20"),
            "verdict": ["partly", "borne out", "taken up", "partly", "no evidence in the sources"],
            "outcome": ["first", "then", "taken", "later", "none"],
            "fact_ids": ["B1.1", "B1.1;B1.2", "B2.1", "B2.1", "A0.2"],
            "rationale": ["half", "both", "yes", "some", "nothing"],
        }
    )
    out = metrics.ledger_as_of(ledger, verdicts, "2025-07-15").set_index(["claim_id", "question"])
    assert out.index.tolist() == [("C1", "borne_out"), ("C2", "taken_up"), ("C2", "achieved"), ("C3", "achieved")]
    c1 = out.loc[("C1", "borne_out")]
    assert c1[["verdict_as_of", "outcome_as_of", "facts_as_of"]].tolist() == ["partly", "first", "B1.1"]
    assert c1.next_change == pd.Timestamp("2025-09-01") and c1.rationale_as_of == "half"
    # a recommendation taken up whose aim is not yet judged: two answers, each of its own date
    assert out.loc[("C2", "taken_up"), "verdict_as_of"] == "taken up"
    assert out.loc[("C2", "achieved"), "verdict_as_of"] == "too early to tell"
    assert out.loc[("C2", "achieved"), "facts_as_of"] == ""
    assert out.loc[("C2", "achieved"), "outcome_as_of"] == "Not yet known on 15 July 2025"
    assert out.loc[("C3", "achieved"), "verdict_as_of"] == "no evidence in the sources"
    assert pd.isna(out.loc[("C3", "achieved"), "next_change"])
    later = metrics.ledger_as_of(ledger, verdicts, "2026-03-01")
    assert later.verdict_as_of.tolist() == ["borne out", "taken up", "partly", "no evidence in the sources"]
    assert metrics.headline_answers(later).set_index("claim_id").verdict_as_of.to_dict() == {
        "C1": "borne out",
        "C2": "partly",
        "C3": "no evidence in the sources",
    }


def test_each_question_has_its_own_yes_and_no():
    assert metrics.verdicts_for("taken_up") == [
        "taken up",
        "partly",
        "not taken up",
        "no evidence in the sources",
        "too early to tell",
    ]
    assert metrics.verdicts_for("achieved") == metrics.verdicts_for("borne_out")
    assert "taken up" not in metrics.verdicts_for("borne_out")


def test_headline_segments_run_to_the_next_rate_and_stop_at_as_of():
    headline = pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "rate_pct": [24, 10, 25, 15],
            "status": ["announced", "in force", "threatened", "in force"],
            "date": _days("2025-04-02", "2025-04-09", "2025-07-07", "2025-08-07"),
            "scheduled_end": _days(None, None, None, None),
        }
    )
    out = metrics.headline_segments(headline, "2025-12-31")
    assert list(out.rate_pct) == [10, 15]  # only rates in force
    assert list(out.end) == list(_days("2025-08-07", "2025-12-31"))
    early = metrics.headline_segments(headline, "2025-06-01")
    assert list(early.rate_pct) == [10] and list(early.end) == list(_days("2025-06-01"))


def test_rank_text_shares_ties():
    from japan_us.report import rank_text

    days = pd.Series([18, 30, 55, 86, 86])
    assert rank_text(days, 18) == "1st" and rank_text(days, 30) == "2nd" and rank_text(days, 55) == "3rd"
    assert rank_text(days, 86) == "joint 4th"
    assert rank_text(pd.Series(range(1, 13)), 11) == "11th" and rank_text(pd.Series(range(1, 30)), 22) == "22nd"


@pytest.mark.parametrize(
    "months,words",
    [
        (range(1, 13), "2025"),
        ([*range(1, 13), 12], "2025"),  # a month listed twice (one row per partner)
        ([3, 1, 2, 2], "January–March 2025"),
        ([1], "January 2025"),
        ([1, 2, 3, 5], "January–March and May 2025"),  # a missing month is not covered
        ([1, 3, 4, 6, 7, 8], "January, March–April and June–August 2025"),
        (pd.Series([1, 2], dtype="Int64"), "January–February 2025"),
    ],
)
def test_months_span_names_the_months_a_yearly_figure_covers(months, words):
    assert metrics.months_span(months, 2025) == words


def test_months_span_of_no_months_is_an_error():
    with pytest.raises(ValueError, match="no months"):
        metrics.months_span([], 2025)

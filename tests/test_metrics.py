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
    t = metrics.spending_at_target(japan, 2027, 0.035, 150.0)
    assert t.usd_bn == pytest.approx(0.035 * gdp_2027)
    assert t.jpy_tn == pytest.approx(0.035 * gdp_2027 * 150.0 / 1000)
    assert t.gdp_is_projection
    assert not metrics.spending_at_target(japan, 2023, 0.02, 150.0).gdp_is_projection


def test_spending_at_target_refuses_a_missing_year():
    with pytest.raises(ValueError, match="expected one GDP row for 1900"):
        metrics.spending_at_target(
            pd.DataFrame({"year": [2020], "gdp_usd_bn": [1.0], "projection": [False]}),
            1900,
            0.02,
            1,
        )


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

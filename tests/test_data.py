"""The data layer: every table validates, malformed tables fail loudly, values match the sources."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import SHARED

from japan_us import DATA_DIR, data
from japan_us.data import DataError

RESOURCES = [r["name"] for r in data.descriptor()["resources"]]


@pytest.mark.parametrize("name", RESOURCES)
def test_every_table_validates_and_is_described(name):
    res = data.resource(name)
    table = data.load(name)
    assert len(table) > 0
    assert list(table.columns) == [f["name"] for f in res["schema"]["fields"]]
    assert res["sources"] and all(s["publisher"] and s["path"].startswith("http") for s in res["sources"])
    assert res["licenses"], f"{name} has no licence"


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in data.descriptor()["resources"]}
    assert {p.name for p in DATA_DIR.glob("*.csv")} == described


def test_types_are_applied():
    sipri = data.load("military_expenditure_sipri")
    assert str(sipri.year.dtype) == "Int64" and sipri.share_gdp_pct.dtype == "float64"
    assert str(data.load("events").date.dtype).startswith("datetime64")


@pytest.fixture
def data_copy(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    data.descriptor.cache_clear()
    yield dst
    data.descriptor.cache_clear()


def _corrupt(path, line: int, column: str, value: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[line - 2, column] = value
    df.to_csv(path, index=False)


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("share_gdp_pct", "abc", "'abc' is not a valid number"),
        ("share_gdp_pct", "150", "is above the maximum 100"),
        ("year", "1989.5", "is not a valid integer"),
        ("estimate", "maybe", "is not a valid boolean"),
        ("iso3", "", "value is required but empty"),
    ],
)
def test_malformed_cell_names_file_line_and_column(data_copy, column, value, message):
    path = data_copy / "military_expenditure_sipri.csv"
    _corrupt(path, 7, column, value)
    with pytest.raises(DataError) as err:
        data.load("military_expenditure_sipri", data_copy)
    assert f"military_expenditure_sipri.csv, line 7, column '{column}'" in str(err.value)
    assert message in str(err.value)


def test_missing_column_is_named(data_copy):
    path = data_copy / "us_goods_trade_annual.csv"
    pd.read_csv(path).drop(columns=["imports_musd"]).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"us_goods_trade_annual.csv: header .*missing: \['imports_musd'\]"):
        data.load("us_goods_trade_annual", data_copy)


def test_duplicate_primary_key_is_named(data_copy):
    path = data_copy / "jpy_per_usd_annual.csv"
    df = pd.read_csv(path)
    pd.concat([df, df.tail(1)]).to_csv(path, index=False)
    with pytest.raises(DataError, match=rf"line {len(df) + 2}: duplicate primary key \{{'year': 2025\}}"):
        data.load("jpy_per_usd_annual", data_copy)


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(DataError, match="no table named 'gdp'.*military_expenditure_sipri"):
        data.load("gdp")


def test_undeclared_table_is_refused_inside_a_chapter():
    data.restrict_to("frictions", ("events",))
    try:
        with pytest.raises(DataError, match="does not declare it"):
            data.load("weo_gdp_usd")
        assert len(data.load("events")) > 0
    finally:
        data.restrict_to(None, None)


# ------------------------------------------------------------------ cross-checks with ../shared

REF = SHARED / "reference-data"
needs_shared = pytest.mark.skipif(not REF.is_dir(), reason=f"reference data not present at {REF}")


@needs_shared
def test_sipri_matches_reference():
    ref = pd.read_csv(REF / "defense/sipri_milex_2025release_key_countries_1990_2024.csv")
    ours = data.load("military_expenditure_sipri").merge(ref, on=["iso3", "year"])
    assert len(ours) == len(data.load("military_expenditure_sipri"))
    assert (ours.share_gdp_pct - ours.milex_share_gdp_pct).abs().max() < 1e-3
    japan_2024 = ours[(ours.iso3 == "JPN") & (ours.year == 2024)].share_gdp_pct.item()
    assert japan_2024 == pytest.approx(1.37, abs=0.005)  # SIPRI fact sheet value, per SOURCES.md


@needs_shared
def test_trade_matches_reference():
    ref = pd.read_csv(REF / "trade/us_goods_trade_by_partner_annual.csv")
    ours = data.load("us_goods_trade_annual").merge(ref, on=["partner_code", "year"], suffixes=("", "_ref"))
    assert len(ours) == len(data.load("us_goods_trade_annual"))
    for col in ("exports_musd", "imports_musd", "balance_musd"):
        assert (ours[col] - ours[f"{col}_ref"]).abs().max() == 0


@needs_shared
def test_duties_and_tariff_rate_match_reference():
    ref = pd.read_csv(REF / "trade/us_duties_by_partner_2024_2025.csv").query("period_type == 'month'")
    ours = data.load("us_duties_by_partner_monthly").merge(
        ref, on=["partner_code", "year", "month"], suffixes=("", "_ref")
    )
    assert len(ours) == len(ref)
    assert (ours.calculated_duties_usd == ours.calculated_duties_usd_ref).all()
    daily = pd.read_csv(REF / "trade/us_statutory_etr_daily_2025_2026.csv", parse_dates=["date"])
    steps = data.load("us_statutory_tariff_rate")
    # Rebuilding the daily series from the change points gives back every day of the source.
    for component, group in daily.groupby("component"):
        points = steps[steps.component == component].set_index("effective_date").etr_pct
        rebuilt = points.reindex(group.date).ffill()
        assert (rebuilt.to_numpy() == group.etr_pct.to_numpy()).all(), component


@needs_shared
def test_events_are_verified_rows_of_the_fact_sheet():
    facts = (SHARED / "research/facts.md").read_text()
    for row in data.load("events").itertuples():
        line = next(line for line in facts.splitlines() if line.startswith(f"| {row.event_id} |"))
        assert row.source_url in line or row.source_url in facts
        assert ("| V |" in line or "| V (" in line) if row.confidence == "V" else "V\\*" in line


@needs_shared
def test_claim_ledger_cites_only_verified_facts():
    facts = (SHARED / "research/facts.md").read_text()
    for row in data.load("claim_ledger").itertuples():
        for fact_id in row.fact_ids.split(";"):
            line = next((line for line in facts.splitlines() if line.startswith(f"| {fact_id} |")), None)
            assert line is not None, f"{row.claim_id}: {fact_id} not in the fact sheet"
            assert line.rstrip(" |").split("|")[-1].strip().startswith("V"), (
                f"{row.claim_id}: {fact_id} is not verified"
            )


def test_claim_ledger_verdicts_have_evidence_dates():
    ledger = data.load("claim_ledger")
    decided = ledger.verdict != "too early to tell"
    assert ledger.evidence_date[decided].notna().all()
    assert ledger.evidence_date[~decided].isna().all()


# The 2022 matrix (EI 2023 edition) holds values rounded to 0.1 bcm; sums may drift by that much.
ROUNDING_BCM = 0.35


def test_lng_destinations_never_double_count_regional_subtotals():
    lng = data.load("lng_us_exports_by_destination")
    total = lng[lng.destination == "Total (all importers)"].set_index("year").bcm
    parts = lng[lng.destination != "Total (all importers)"].groupby("year").bcm.sum()
    assert (parts - total).max() < ROUNDING_BCM
    # From the 2019 edition on, countries plus residual groups account for the whole total.
    assert (parts - total)[parts.index >= 2018].abs().max() < ROUNDING_BCM


def test_japan_lng_sources_add_up_to_the_total():
    lng = data.load("lng_japan_imports_by_source")
    total = lng[lng.source == "Total (all exporters)"].set_index("year").bcm
    parts = lng[lng.source != "Total (all exporters)"].groupby("year").bcm.sum()
    assert (parts - total).abs().max() < ROUNDING_BCM

"""The data layer: every table validates, malformed tables fail loudly, values match the sources."""

from __future__ import annotations

import datetime as dt
import json
import re
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
        # Python's int(), float() and Decimal() read these; a table writes numbers plainly.
        ("year", "1_989", "'1_989' is not a valid integer"),
        ("year", " 1989 ", "' 1989 ' is not a valid integer"),
        ("share_gdp_pct", "1_0.5", "'1_0.5' is not a valid number"),
    ],
)
def test_malformed_cell_names_file_line_and_column(data_copy, column, value, message):
    path = data_copy / "military_expenditure_sipri.csv"
    _corrupt(path, 7, column, value)
    with pytest.raises(DataError) as err:
        data.load("military_expenditure_sipri", data_copy)
    assert f"military_expenditure_sipri.csv, line 7, column '{column}'" in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("text", ["20250402", "2025-W14-3", "2025-04-02T00:00:00", "2025-4-2"])
def test_a_date_in_a_table_is_written_yyyy_mm_dd(data_copy, text):
    _corrupt(data_copy / "events.csv", 3, "date", text)
    with pytest.raises(DataError, match=f"events.csv, line 3, column 'date': '{text}' is not a valid date"):
        data.load("events", data_copy)


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


# ---------------------------------------------------------------- hand-maintained tables of dated facts
# These tables are edited by hand from research/facts.md; each row must cite a verified row
# (V or V*) of the fact sheet, dated as the fact sheet dates it, with a source it names.

MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}


@pytest.fixture(scope="module")
def fact_sheet() -> dict[str, list[str]]:
    """fact id -> [id, date cell, fact, sources, confidence] for every row of the fact sheet."""
    if not (SHARED / "research/facts.md").exists():
        pytest.skip(f"the fact sheet is not beside the project ({SHARED}/research/facts.md)")
    rows = {}
    for line in (SHARED / "research/facts.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[AB]\d+\.\d+", cells[0]):
            rows[cells[0]] = cells
    return rows


def date_window(cell: str) -> tuple[dt.date, dt.date]:
    """The first and last day a fact-sheet date cell allows: "2025-04-02", "2025-07-31 → 08-07",
    "2025-10-27/29", "~2025-11", "2017-12 → 2019-06-13", "May–Nov 2025", "Aug/Sep 1993"."""
    days: list[dt.date] = []
    for year, month, day, last_day in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})(?:/(\d{2})\b)?", cell):
        days.append(dt.date(int(year), int(month), int(day)))
        if last_day:
            days.append(days[-1].replace(day=int(last_day)))
    for month, day in re.findall(r"→\s*(\d{2})-(\d{2})\b", cell):
        days.append(dt.date(days[0].year, int(month), int(day)))
    for year, month in re.findall(r"\b(\d{4})-(\d{2})\b(?!-\d)", cell):
        days += [dt.date(int(year), int(month), 1), _month_end(int(year), int(month))]
    for first, last, year in re.findall(r"([A-Z][a-z]{2})[a-z]*(?:\s*[–/-]\s*([A-Z][a-z]{2})[a-z]*)? (\d{4})", cell):
        days += [dt.date(int(year), MONTHS[first], 1), _month_end(int(year), MONTHS[last or first])]
    assert days, f"no date in {cell!r}"
    return min(days), max(days)


def days_mentioned(text: str, year: int) -> set[dt.date]:
    """Days a fact's text names, as "5 Apr" (in the year of its date): a measure announced
    on one day may take effect on another."""
    return {
        dt.date(year, MONTHS[month], int(day))
        for day, month in re.findall(r"\b(\d{1,2}) ([A-Z][a-z]{2})\b", text)
        if month in MONTHS
    }


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def test_date_window_reads_every_form_of_the_fact_sheet():
    assert date_window("2025-04-02") == (dt.date(2025, 4, 2), dt.date(2025, 4, 2))
    assert date_window("2025-07-31 → 08-07") == (dt.date(2025, 7, 31), dt.date(2025, 8, 7))
    assert date_window("2025-10-27/29") == (dt.date(2025, 10, 27), dt.date(2025, 10, 29))
    assert date_window("~2025-11") == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert date_window("May–Nov 2025") == (dt.date(2025, 5, 1), dt.date(2025, 11, 30))
    assert date_window("1993-06-11 → Aug/Sep 1993") == (dt.date(1993, 6, 11), dt.date(1993, 9, 30))
    assert date_window("2017-12 → 2019-06-13") == (dt.date(2017, 12, 1), dt.date(2019, 6, 13))


# (table, column of the fact id, column of the date or None, column of the source URL or None)
HAND_TABLES = [
    ("events", "event_id", "date", "source_url"),
    ("transition_milestones", "fact_id", "date", "source_url"),
    ("administrations", "fact_id", None, "source_url"),
    ("japan_headline_tariff", "event_id", "date", None),
    ("japan_auto_tariff", "event_id", "date", "source_url"),
    ("defense_benchmarks", "event_id", "date", None),
    ("investment_package", "event_id", "date", None),
    ("energy_deal_volumes", "event_id", "date", None),
]


@pytest.mark.parametrize("table,id_column,date_column,url_column", HAND_TABLES, ids=[t[0] for t in HAND_TABLES])
def test_hand_maintained_rows_cite_verified_dated_facts(fact_sheet, table, id_column, date_column, url_column):
    sheet = "\n".join("|".join(cells) for cells in fact_sheet.values())
    for row in data.load(table).to_dict("records"):
        fact_id = row[id_column]
        if not isinstance(fact_id, str) or not fact_id:
            continue
        assert fact_id in fact_sheet, f"{table}: {fact_id} is not in the fact sheet"
        _, date_cell, fact, sources, confidence = fact_sheet[fact_id]
        assert confidence.replace("\\", "").startswith("V"), f"{table}: {fact_id} is marked {confidence}"
        # a source of the fact sheet, or one found since in the stored pages (issue 20): only a primary
        # document or a wire or major outlet may replace the sheet's; the row's mark is then its own reading
        url = row[url_column] if url_column else None
        from_sheet = not isinstance(url, str) or url in sources or url in sheet
        if not from_sheet:
            assert row["source_kind"] in ("primary", "wire_or_major_outlet"), f"{table}: {fact_id} URL {url}"
        if from_sheet and "confidence" in row and isinstance(row["confidence"], str):
            assert row["confidence"] == confidence.replace("\\", "").split(" ")[0], f"{table}: {fact_id} mark"
        if date_column and not pd.isna(row[date_column]):
            first, last = date_window(date_cell)
            day = row[date_column].date()
            assert first <= day <= last or day in days_mentioned(fact, first.year), (
                f"{table}: {fact_id} dated {day}, not a date the fact sheet gives"
            )


def test_every_verdict_cites_verified_facts_dated_on_or_before_it(fact_sheet):
    """A verdict row holds from a date on which every fact it cites had happened, so the
    scorecard at any as_of date never leans on a later fact."""
    for row in data.load("claim_verdicts").itertuples():
        if pd.isna(row.fact_ids):  # nothing to cite: tests/test_scorecard_verdicts.py
            continue
        # a table of the book is dated by its publication (tests/test_scorecard_verdicts.py)
        for fact_id in [c for c in row.fact_ids.split(";") if c[0].isupper()]:
            assert fact_id in fact_sheet, f"{row.claim_id}: {fact_id} not in the fact sheet"
            assert fact_sheet[fact_id][4].startswith("V"), f"{row.claim_id}: {fact_id} is not verified"
            _, last_day = date_window(fact_sheet[fact_id][1])
            assert last_day <= row.from_date.date(), f"{row.claim_id} from {row.from_date:%Y-%m-%d} cites {fact_id}"


def test_every_claim_has_a_verdict_history():
    ledger, verdicts = data.load("claim_ledger"), data.load("claim_verdicts")
    assert set(verdicts.claim_id) == set(ledger.claim_id)


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


def test_citation_file_is_valid_and_matches_the_edition():
    import jsonschema
    import yaml

    from japan_us import EDITION, EDITION_DATE, ROOT

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    schema = json.loads((ROOT / "tests/fixtures/citation-file-format-1.2.0.schema.json").read_text())
    jsonschema.validate(citation, schema)
    assert citation["version"] == EDITION and str(citation["date-released"]) == EDITION_DATE


UNTRUSTED = re.compile(r"Epoch Times|Wikipedia|sott\.net|talltimber|liquisearch|mirror|republished|repost", re.I)


def test_sources_a_diplomat_would_question_are_labelled_secondary():
    """Where the fact sheet has only a repost, a wiki or a partisan outlet for a fact, the page
    says so; where it has a better source, that one is used (tested above against the sheet)."""
    for name in data.descriptor()["resources"]:
        table = data.load(name["name"])
        for column in [c for c in table.columns if c in ("source", "source_publisher", "publisher")]:
            flagged = table[column].dropna().astype(str)
            flagged = flagged[flagged.str.contains(UNTRUSTED)]
            assert flagged.str.contains("secondary", case=False).all(), (name["name"], list(flagged))


# ---------------------------------------------------------------- when values became public

# Tables not dated by the data package: dated records (the date is the row's own, in
# japan_us.data._KNOWN_FROM) or tables with no value that became public on a day.
UNDATED = {"administrations", "transition_milestones", "claim_ledger"}


def test_every_observation_and_annual_table_says_when_its_values_became_public():
    for res in data.descriptor()["resources"]:
        name = res["name"]
        if name in UNDATED:
            continue
        days = data.published(name, data.load(name))
        assert days is not None, f"{name}: no knownFrom in data/datapackage.json"
        assert days.notna().all(), f"{name}: a row with no publication day"
        rule = res.get("knownFrom")
        if rule:  # a rule says what it is and on whose word
            assert rule["basis"] and rule["source"], name


@pytest.mark.parametrize(
    ("table", "row", "first_day"),
    [
        # the Census publishes a month's trade about 35 days after it ends: June 2025 in August
        ("us_duties_by_partner_monthly", "year == 2025 and month == 6 and partner_code == 'JPN'", "2025-08-04"),
        # the Cabinet Office's preliminary 2025 results, released 28 November 2025
        (
            "japan_affinity_survey",
            "fieldwork_year == 2025 and item == 'affinity' and country == 'United States'",
            "2025-11-28",
        ),  # fmt: skip
        # DMDC's September 2025 count: no release calendar, public by the quarter after (assumed)
        ("us_troops_by_host", "iso3 == 'JPN' and year == 2025", "2025-12-30"),
        # OECD preliminary aid for 2025: April 2026
        ("oda_by_donor", "donor == 'United States' and year == 2025", "2026-04-30"),
        # full-year 2025 trade: with the December report
        ("us_goods_trade_annual", "partner_code == 'JPN' and year == 2025", "2026-02-04"),
        # the BEA ranking by owner for 2024, from a document of 28 July 2025
        ("fdi_in_us_observations", "counterpart == 'Japan' and year == 2024", "2025-07-28"),
        # the FY2025 budget, from a December 2025 article
        ("japan_defense_budget_observations", "fiscal_year == 2025 and stage == 'initial budget'", "2025-12-17"),
        # a WEO projection is known from its vintage, not from the end of the year it projects
        ("weo_gdp_usd", "code == 'JPN' and year == 2027", "2025-10-31"),
        # SIPRI's 2024 figures: the April 2025 release
        ("military_expenditure_sipri", "iso3 == 'JPN' and year == 2024", "2025-04-30"),
    ],
)
def test_a_value_is_known_from_the_day_it_became_public(table, row, first_day):
    full = data.load(table)
    before = str((pd.Timestamp(first_day) - pd.Timedelta(days=1)).date())
    assert len(full.query(row)) == 1
    assert data.known_on(table, full, before).query(row).empty, f"{table}: {row} shown before {first_day}"
    assert len(data.known_on(table, full, first_day).query(row)) == 1


def test_a_year_not_over_is_left_out_unless_labelled_a_projection():
    weo = data.load("weo_gdp_usd")
    known = data.known_on("weo_gdp_usd", weo, "2025-07-15")
    assert known.year.max() == 2024 and not known.projection.any()  # the October 2025 vintage is not out
    later = data.known_on("weo_gdp_usd", weo, "2025-11-01")
    assert later[later.year >= 2025].projection.all() and (later.year >= 2025).any()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"column": "published", "basis": "x"}, "needs a 'basis'"),
        ({"column": "nope", "basis": "x", "source": "y"}, "names no field 'nope'"),
        ({"period": {"year": "year"}, "basis": "x", "source": "y"}, "needs a 'lag'"),
        ({"period": {"year": "year"}, "lag": {"weeks": 5}, "basis": "x", "source": "y"}, "needs a 'lag'"),
        ({"date": "2025-13-01", "basis": "x", "source": "y"}, "is not a day"),
        ({"date": "2025-01-01", "column": "published", "basis": "x", "source": "y"}, "exactly one of"),
    ],
)
def test_a_malformed_publication_rule_is_refused_naming_the_table(tmp_path, rule, message):
    package = json.loads((DATA_DIR / "datapackage.json").read_text())
    res = next(r for r in package["resources"] if r["name"] == "japan_affinity_survey")
    res["knownFrom"] = rule
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    data.descriptor.cache_clear()
    try:
        with pytest.raises(data.DataError, match=rf"'japan_affinity_survey'\): knownFrom .*{re.escape(message)}"):
            data.descriptor(tmp_path)
    finally:
        data.descriptor.cache_clear()


def test_source_kind_is_recorded_for_every_row_of_the_per_row_tables():
    for name in ("japan_affinity_survey", "fdi_in_us_observations", "host_nation_support_observations",
                 "japan_defense_budget_observations", "confirmation_pace_observations"):  # fmt: skip
        kinds = data.load(name).source_kind
        assert kinds.notna().all() and set(kinds) <= set(data.vocabulary(name, "source_kind")), name


# Hosts of reposts, aggregators, forums, blogs and document-sharing copies found behind the
# single published figures before their primary or wire sources were looked up.
NOT_A_SOURCE = re.compile(
    r"//([\w-]+\.)*(5ch\.net|2nn\.jp|yoasobinews\.net|gensen5ch\.blog\.jp|xsionx\.com|nonbirinyu-aaa\.com|"
    r"hqproductreviews\.com|sott\.net|fa\.news|scribd\.com|vdocuments\.\w+|fdocuments\.\w+|pdfslide\.\w+|"
    r"blogspot\.com|newsbreak\.com|docplayer\.net)/"
)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("japan_affinity_survey", "url"),
        ("fdi_in_us_observations", "url"),
        ("host_nation_support_observations", "source_url"),
        ("japan_defense_budget_observations", "url"),
        ("confirmation_pace_observations", "url"),
    ],
)
def test_single_published_figures_cite_no_repost_forum_or_document_copy(table, column):
    urls = data.load(table)[column]
    assert [u for u in urls if NOT_A_SOURCE.search(u)] == []

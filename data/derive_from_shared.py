"""Derive the project's tidy tables in ``data/`` from the reference datasets in ``../shared``.

The reference files are copies of public datasets gathered for this project; each folder's
SOURCES.md names the original publisher (SIPRI, NATO, U.S. Census Bureau, The Budget Lab at
Yale, Federal Reserve H.10 via FRED, IMF World Economic Outlook, BEA, news and government
pages for single observations). ``data/datapackage.json`` cites those publishers, not the
folder. This script keeps only the rows and columns the book uses, in the project's schema.

The build never runs this script: ``data/`` is committed. Run it by hand when the reference
data change:  python data/derive_from_shared.py [path/to/shared]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent
SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA.parent.parent / "shared"
REF = SHARED / "reference-data"

# SIPRI names -> the short names the book prints.
SIPRI_COUNTRIES = {
    "JPN": "Japan", "USA": "United States", "KOR": "South Korea", "PRK": "North Korea",
    "CHN": "China", "TWN": "Taiwan", "RUS": "Russia", "AUS": "Australia", "PHL": "Philippines",
    "IND": "India", "GBR": "United Kingdom", "DEU": "Germany", "FRA": "France", "ITA": "Italy",
    "CAN": "Canada", "POL": "Poland", "NLD": "Netherlands", "ESP": "Spain", "TUR": "Türkiye",
    "UKR": "Ukraine", "NZL": "New Zealand", "SGP": "Singapore", "IDN": "Indonesia",
    "VNM": "Viet Nam", "THA": "Thailand", "MYS": "Malaysia",
}
NATO_ISO3 = {"United States": "USA", "United Kingdom": "GBR", "Germany": "DEU", "France": "FRA",
             "Poland": "POL", "Italy": "ITA", "Canada": "CAN", "Netherlands": "NLD",
             "Spain": "ESP", "Türkiye": "TUR", "Albania": "ALB", "Belgium": "BEL", "Bulgaria": "BGR",
             "Croatia": "HRV", "Czechia": "CZE", "Denmark": "DNK", "Estonia": "EST", "Finland": "FIN",
             "Greece": "GRC", "Hungary": "HUN", "Latvia": "LVA", "Lithuania": "LTU", "Luxembourg": "LUX",
             "Montenegro": "MNE", "North Macedonia": "MKD", "Norway": "NOR", "Portugal": "PRT",
             "Romania": "ROU", "Slovak Republic": "SVK", "Slovenia": "SVN", "Sweden": "SWE",
             "NATO Total": "NATO", "NATO Europe and Canada": "NATO_EUCA"}
TRADE_PARTNERS = ["JPN", "CHN", "MEX", "VNM", "KOR", "DEU", "CAN"]


def write(df: pd.DataFrame, name: str) -> None:
    df.to_csv(DATA / f"{name}.csv", index=False, lineterminator="\n")
    print(f"{name}: {len(df)} rows")


def estimate_flag(*flags: pd.Series) -> pd.Series:
    """True where SIPRI marks any of the given cells as an estimate (E) or uncertain (U)."""
    out = pd.Series(False, index=flags[0].index)
    for f in flags:
        out |= f.fillna("").isin(["E", "U"])
    return out


def military_expenditure_sipri() -> None:
    src = pd.read_csv(REF / "defense/sipri_milex_2025release_key_countries_1990_2024.csv")
    src = src[src.iso3.isin(SIPRI_COUNTRIES)]
    out = pd.DataFrame({
        "iso3": src.iso3, "country": src.iso3.map(SIPRI_COUNTRIES), "year": src.year,
        "share_gdp_pct": src.milex_share_gdp_pct.round(4),
        "current_usd_m": src.milex_current_usd_m.round(1),
        "estimate": estimate_flag(src.milex_share_gdp_pct_flag, src.milex_current_usd_m_flag),
    }).dropna(subset=["share_gdp_pct", "current_usd_m"], how="all")
    write(out.sort_values(["iso3", "year"]), "military_expenditure_sipri")


def military_expenditure_nato() -> None:
    src = pd.read_csv(REF / "defense/nato_defence_expenditure_2014_2024_country_year.csv")
    src = src[src.country.isin(NATO_ISO3)]
    out = pd.DataFrame({
        "code": src.country.map(NATO_ISO3), "country": src.country, "year": src.year,
        "share_real_gdp_pct": src.defexp_share_real_gdp_pct.round(4),
        "estimate": src.estimate.astype(bool),
    })
    write(out.sort_values(["code", "year"]), "military_expenditure_nato")


def weo_gdp() -> None:
    src = pd.read_csv(REF / "energy-macro/imf_weo_oct2025_macro_selected_1990_2030.csv")
    src = src[src.weo_code == "NGDPD"]
    out = pd.DataFrame({
        "code": src.iso3_or_imf_group, "name": src.country_or_group, "group": src.group_tag,
        "year": src.year, "gdp_usd_bn": src.value, "projection": src.is_projection.astype(bool),
    }).dropna(subset=["gdp_usd_bn"])
    write(out.sort_values(["code", "year"]), "weo_gdp_usd")


def jpy_per_usd() -> None:
    src = pd.read_csv(REF / "trade/fx_annual_selected.csv")
    src = src[(src.currency_country == "Japan") & (src.year >= 1985)]
    write(pd.DataFrame({"year": src.year, "jpy_per_usd": src.rate}), "jpy_per_usd_annual")


def us_goods_trade() -> None:
    src = pd.read_csv(REF / "trade/us_goods_trade_by_partner_annual.csv")
    src = src[src.partner_code.isin(TRADE_PARTNERS)]
    out = src[["year", "partner", "partner_code", "exports_musd", "imports_musd",
               "balance_musd", "source_id"]].rename(columns={"source_id": "vintage"})
    write(out.sort_values(["partner_code", "year"]), "us_goods_trade_annual")


def us_duties_monthly() -> None:
    src = pd.read_csv(REF / "trade/us_duties_by_partner_2024_2025.csv")
    src = src[src.period_type == "month"]
    out = src[["year", "month", "partner", "partner_code", "calculated_duties_usd",
               "imports_for_consumption_usd"]].astype({"month": int})
    write(out.sort_values(["partner_code", "year", "month"]), "us_duties_by_partner_monthly")


def statutory_tariff_rate() -> None:
    """Keep the change points of each daily step series (plus its last day): lossless, small."""
    src = pd.read_csv(REF / "trade/us_statutory_etr_daily_2025_2026.csv").sort_values(["component", "date"])
    changed = src.groupby("component").etr_pct.diff().ne(0)
    last = ~src.component.eq(src.component.shift(-1))
    out = src[changed | last].rename(columns={"date": "effective_date"})
    write(out[["effective_date", "component", "etr_pct"]], "us_statutory_tariff_rate")


def host_nation_support() -> None:
    src = pd.read_csv(REF / "defense/japan_host_nation_support_observations.csv")
    out = src.rename(columns={"source_publisher": "publisher"})[
        ["obs_id", "fiscal_year_start", "fiscal_year_end", "item", "amount", "unit", "basis",
         "publisher", "source_date", "source_url", "note"]]
    out = out.astype({"fiscal_year_start": "Int64", "fiscal_year_end": "Int64"})
    write(out, "host_nation_support_observations")


def japan_defense_budget() -> None:
    src = pd.read_csv(REF / "defense/japan_mod_defense_related_expenditure_fy2022_2026_observations.csv")
    src = src[src.fiscal_year.str.fullmatch(r"\d{4}")]
    out = pd.DataFrame({
        "fiscal_year": src.fiscal_year.astype(int), "stage": src.stage,
        "value_yen": src.value_yen, "derived": src.derived.eq("yes"),
        "source": src.source, "url": src.url, "note": src.note,
    })
    write(out, "japan_defense_budget_observations")


def fdi_observations() -> None:
    src = pd.read_csv(REF / "investment/us_fdi_positions_and_affiliate_employment_observations.csv")
    keep = src.counterpart.isin(["Japan", "All countries", "Canada", "Germany", "United Kingdom"]) & (
        src.direction.isin(["inward_FDIUS", "inward"]))
    out = src[keep][["measure", "counterpart", "counterpart_basis", "year_end", "value", "unit",
                     "source_type", "cited_document", "cited_document_date", "url"]]
    out = out.rename(columns={"year_end": "year"}).reset_index(drop=True)
    out.insert(0, "obs_id", range(1, len(out) + 1))
    write(out, "fdi_in_us_observations")


# Dated facts from research/facts.md (rows marked V or V* only). The fact sheet gives the
# date, the fact, its sources and the confidence mark; the category and the short title
# (a paraphrase for chart tooltips) are this project's. Dates are ISO; where a row spans
# days, the date below is the day the measure took effect or the event began.
EVENTS = {
    "B1.1": ("2025-02-10", "tariffs_trade", "Section 232 steel and aluminum tariffs restored to 25%"),
    "B1.2": ("2025-03-26", "tariffs_trade", "25% Section 232 tariff on imported autos announced"),
    "B1.3": ("2025-04-02", "tariffs_trade", "'Liberation Day': 10% baseline, 24% reciprocal rate for Japan"),
    "B1.4": ("2025-04-09", "tariffs_trade", "Reciprocal rates suspended for 90 days; 10% baseline stays"),
    "B1.5": ("2025-06-04", "tariffs_trade", "Steel and aluminum tariffs doubled to 50%"),
    "B1.6": ("2025-06-16", "leaders_politics", "Ishiba-Trump meeting at the Kananaskis G7, no tariff deal"),
    "B1.7": ("2025-07-07", "tariffs_trade", "Letter to Ishiba threatens 25% on Japanese goods from 1 Aug"),
    "B1.8": ("2025-07-22", "tariffs_trade", "US-Japan framework deal: 15% tariff, $550bn investment"),
    "B1.9": ("2025-08-07", "tariffs_trade", "Revised reciprocal rates take effect; Japan at 15%"),
    "B1.10": ("2025-09-04", "tariffs_trade", "EO 14345 implements the US-Japan agreement"),
    "B1.11": ("2025-09-04", "investment_energy", "Investment MOU signed: $550bn to be allocated before Jan 2029"),
    "B1.12": ("2025-09-16", "tariffs_trade", "Japanese autos and parts move to the 15% rate"),
    "B1.13": ("2025-11-05", "tariffs_trade", "Supreme Court hears argument on IEEPA tariffs"),
    "B1.14": ("2026-02-20", "tariffs_trade", "Supreme Court: IEEPA does not authorize tariffs"),
    "B1.15": ("2026-02-24", "tariffs_trade", "Section 122 surcharge of 10% replaces IEEPA duties"),
    "B1.16": ("2026-02-21", "tariffs_trade", "Trump says Section 122 surcharge will rise to 15%"),
    "B1.17": ("2026-02-22", "investment_energy", "Japan says it will keep the $550bn pledge"),
    "B1.18": ("2026-03-11", "tariffs_trade", "USTR opens Section 301 excess-capacity investigations"),
    "B2.1": ("2025-01-03", "investment_energy", "Biden blocks Nippon Steel's purchase of U.S. Steel"),
    "B2.2": ("2025-04-07", "investment_energy", "Trump orders CFIUS to re-review the Nippon Steel deal"),
    "B2.3": ("2025-06-13", "investment_energy", "Executive order clears the deal under a security agreement"),
    "B2.4": ("2025-06-18", "investment_energy", "Nippon Steel completes the U.S. Steel acquisition"),
    "B2.5": ("2025-09-10", "investment_energy", "JERA letter of intent for Alaska LNG"),
    "B2.6": ("2026-02-17", "investment_energy", "First three projects under the $550bn package"),
    "B3.1": ("2025-07-20", "leaders_politics", "Ruling coalition loses upper-house majority"),
    "B3.2": ("2025-09-07", "leaders_politics", "Ishiba announces resignation"),
    "B3.3": ("2025-10-04", "leaders_politics", "Takaichi wins the LDP leadership"),
    "B3.4": ("2025-10-21", "leaders_politics", "Takaichi elected prime minister"),
    "B3.5": ("2025-10-28", "leaders_politics", "Trump-Takaichi summit in Tokyo"),
    "B3.6": ("2026-01-02", "leaders_politics", "Takaichi-Trump phone call; spring visit agreed"),
    "B3.7": ("2026-02-05", "leaders_politics", "Trump endorses Takaichi before the election"),
    "B3.8": ("2026-02-08", "leaders_politics", "LDP wins a two-thirds lower-house majority alone"),
    "B4.1": ("2025-04-08", "defense", "Colby confirmed at the Pentagon; had urged 3% of GDP for Japan"),
    "B4.2": ("2025-06-20", "defense", "Reported US request: Japan to spend 3.5% of GDP"),
    "B4.3": ("2025-06-25", "defense", "NATO Hague summit pledges 5% of GDP by 2035"),
    "B4.4": ("2025-10-24", "defense", "Takaichi brings the 2% target forward to FY2025"),
    "B4.5": ("2025-12-16", "defense", "Supplementary budget brings FY2025 to about 2% of GDP"),
    "B4.6": ("2025-12-26", "defense", "Record FY2026 defense budget approved by cabinet"),
    "B4.7": ("2025-12-04", "defense", "US National Security Strategy asks Japan to spend far more"),
    "B4.8": ("2022-03-25", "defense", "Diet approves the FY2022-26 host-nation support agreement"),
    "B4.9": ("2025-09-07", "defense", "Host-nation agreement expires March 2027; talks expected autumn 2026"),
    "B5.1": ("2025-01-20", "multilateral", "Orders to leave the Paris Agreement and the WHO"),
    "B5.2": ("2025-02-04", "multilateral", "Review of all international memberships; UNHRC and UNRWA exits"),
    "B5.3": ("2025-07-22", "multilateral", "US notifies UNESCO of withdrawal"),
    "B5.4": ("2026-01-07", "multilateral", "Withdrawal ordered from 66 international organizations"),
    "B5.5": ("2026-01-22", "multilateral", "WHO withdrawal takes effect"),
    "B5.6": ("2026-01-27", "multilateral", "Paris Agreement withdrawal takes effect"),
    "B5.7": ("2025-06-15", "multilateral", "Kananaskis G7; Trump leaves a day early"),
    "B5.9": ("2025-01-21", "multilateral", "Quad foreign ministers meet the day after the inauguration"),
    "B5.10": ("2025-07-01", "multilateral", "Quad foreign ministers meet again in Washington"),
    "B5.11": ("2025-11-01", "multilateral", "2025 Quad leaders' summit in India reported unlikely"),
    "B5.12": ("2025-02-15", "multilateral", "Japan-US-ROK foreign ministers meet in Munich"),
    "B5.13": ("2025-08-05", "defense", "Australia picks Japan's upgraded Mogami frigate"),
    "B5.14": ("2025-09-11", "defense", "Japan-Philippines Reciprocal Access Agreement in force"),
    "B6.1": ("2025-10-30", "china", "Trump-Xi meeting in Busan; fentanyl tariffs halved"),
    "B6.2": ("2025-11-07", "china", "Takaichi's Taiwan remarks; China retaliates"),
    "B6.3": ("2025-11-24", "china", "Trump accepts an invitation to Beijing for April 2026"),
}

# Japan's headline US tariff rate as announced, threatened, agreed, replaced (facts.md).
# (event, date, rate %, status, label, scheduled end: only where a source states one)
JAPAN_HEADLINE_TARIFF = [
    ("B1.3", "2025-04-02", 24, "announced", "'Reciprocal' rate for Japan announced", ""),
    ("B1.4", "2025-04-09", 10, "in force", "Reciprocal rate suspended; 10% baseline applies", ""),
    ("B1.7", "2025-07-07", 25, "threatened", "25% threatened from 1 August", ""),
    ("B1.9", "2025-08-07", 15, "in force", "Agreed 15% all-in rate takes effect", ""),
    ("B1.15", "2026-02-24", 10, "in force", "Section 122 surcharge replaces the voided IEEPA rate", "2026-07-24"),
]

# Defense-spending benchmarks and decisions stated in facts.md, as shares of GDP.
DEFENSE_BENCHMARKS = [
    ("B4.1", "2025-04-08", "US (Colby)", "floor urged for Japan", 3.0),
    ("B4.2", "2025-06-20", "US (reported request)", "requested of Japan", 3.5),
    ("B4.3", "2025-06-25", "NATO", "core defence by 2035", 3.5),
    ("B4.3", "2025-06-25", "NATO", "core plus related spending by 2035", 5.0),
    ("B4.4", "2025-10-24", "Japan", "FY2025 initial security spending", 1.8),
    ("B4.5", "2025-12-16", "Japan", "FY2025 security spending with the supplementary budget", 2.0),
]


def parse_facts() -> dict[str, dict]:
    """The rows of facts.md tables: id -> fact text, sources and confidence mark."""
    rows = {}
    for line in (SHARED / "research/facts.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"[AB]\d+\.\d+", cells[0]):
            conf = cells[4].replace("\\", "")
            rows[cells[0]] = {"fact": cells[2].replace("**", ""), "sources": cells[3],
                              "confidence": conf.split(" ")[0],
                              "caveat": conf.partition(" ")[2].strip("() ")}
    return rows


def first_sources(facts: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """Each row's first (publisher, URL); a row citing "(as above)" reuses that publisher's URL."""
    seen: dict[str, str] = {}
    out = {}
    for fact_id, fact in facts.items():
        publisher, _, url = fact["sources"].split(" ; ")[0].partition(", http")
        publisher = publisher.replace("(as above)", "").strip()
        url = "http" + url.split(" ")[0] if url else seen.get(publisher, "")
        seen[publisher] = url
        out[fact_id] = (publisher, url)
    return out


def events() -> None:
    facts = parse_facts()
    sources = first_sources(facts)
    records = []
    for event_id, (date, category, title) in EVENTS.items():
        fact = facts[event_id]
        assert fact["confidence"] in ("V", "V*"), (event_id, fact["confidence"])
        publisher, url = sources[event_id]
        records.append({"event_id": event_id, "date": date, "category": category, "title": title,
                        "confidence": fact["confidence"], "caveat": fact["caveat"],
                        "source_publisher": publisher, "source_url": url})
    write(pd.DataFrame(records).sort_values(["date", "event_id"]), "events")
    tariff = pd.DataFrame(JAPAN_HEADLINE_TARIFF, columns=["event_id", "date", "rate_pct", "status", "label", "scheduled_end"])
    write(tariff, "japan_headline_tariff")
    bench = pd.DataFrame(DEFENSE_BENCHMARKS, columns=["event_id", "date", "actor", "measure", "share_gdp_pct"])
    write(bench, "defense_benchmarks")


# ------------------------------------------------------------------ transitions (facts.md Table A)
# (key, president, Japan's prime minister at the start, inauguration date, fact id)
ADMINISTRATIONS = [
    ("bush41", "George H. W. Bush", "Noboru Takeshita", "1989-01-20", "A1.1"),
    ("clinton", "Bill Clinton", "Kiichi Miyazawa", "1993-01-20", "A2.1"),
    ("bush43", "George W. Bush", "Yoshiro Mori", "2001-01-20", "A3.1"),
    ("obama", "Barack Obama", "Taro Aso", "2009-01-20", "A4.1"),
    ("trump1", "Donald Trump (1st term)", "Shinzo Abe", "2017-01-20", "A5.2"),
    ("biden", "Joe Biden", "Yoshihide Suga", "2021-01-20", "A0.3"),
    ("trump2", "Donald Trump (2nd term)", "Shigeru Ishiba", "2025-01-20", "A7.1"),
]
# (administration, milestone, date or "" when no source gives it, person, fact id, note)
MILESTONES = [
    ("bush41", "secretary_of_state", "1989-01-25", "James A. Baker III", "A1.2", ""),
    ("bush41", "secretary_of_defense", "1989-03-17", "Dick Cheney", "A1.6", "John Tower rejected by the Senate on 1989-03-09 (A1.5)"),
    ("bush41", "ambassador_to_japan", "", "Michael Armacost", "A1.7", "Selection announced 1989-03-10; served from May 1989; confirmation date not found"),
    ("bush41", "assistant_secretary_eap", "", "Richard Solomon", "A1.8", "Nominated 1989-03-24; in office from 1989-06-23; confirmation date not found"),
    ("bush41", "first_leaders_meeting", "1989-02-02", "Takeshita at the White House", "A1.3", ""),
    ("clinton", "secretary_of_state", "1993-01-20", "Warren Christopher", "A2.1", ""),
    ("clinton", "secretary_of_defense", "1993-01-20", "Les Aspin", "A2.1", ""),
    ("clinton", "assistant_secretary_eap", "1993-04-21", "Winston Lord", "A2.3", ""),
    ("clinton", "ambassador_to_japan", "", "Walter Mondale", "A2.5", "Announced 1993-06-11; arrived in Tokyo September 1993; confirmation date not found"),
    ("clinton", "first_leaders_meeting", "1993-04-16", "Miyazawa at the White House", "A2.2", ""),
    ("bush43", "secretary_of_state", "2001-01-20", "Colin Powell", "A3.1", ""),
    ("bush43", "secretary_of_defense", "2001-01-20", "Donald Rumsfeld", "A3.1", ""),
    ("bush43", "first_leaders_meeting", "2001-03-19", "Mori in Washington", "A3.2", ""),
    ("bush43", "assistant_secretary_eap", "2001-04-26", "James A. Kelly", "A3.3", ""),
    ("bush43", "ambassador_to_japan", "2001-05-23", "Howard Baker", "A3.4", ""),
    ("obama", "secretary_of_state", "2009-01-21", "Hillary Clinton", "A4.2", ""),
    ("obama", "secretary_of_defense", "", "Robert Gates", "", "Reportedly stayed on from the previous administration; not verified in the sources (fact A4.3 is unverified)"),
    ("obama", "first_leaders_meeting", "2009-02-24", "Aso at the White House", "A4.4", ""),
    ("obama", "assistant_secretary_eap", "2009-06-26", "Kurt Campbell", "A4.5", ""),
    ("obama", "ambassador_to_japan", "2009-08-07", "John Roos", "A4.6", ""),
    ("trump1", "pre_inauguration_meeting", "2016-11-17", "Abe at Trump Tower", "A5.1", ""),
    ("trump1", "secretary_of_defense", "2017-01-20", "James Mattis", "A5.2", ""),
    ("trump1", "secretary_of_state", "2017-02-01", "Rex Tillerson", "A5.3", ""),
    ("trump1", "first_leaders_meeting", "2017-02-10", "Abe at the White House", "A5.4", ""),
    ("trump1", "ambassador_to_japan", "2017-07-13", "Bill Hagerty", "A5.5", ""),
    ("trump1", "assistant_secretary_eap", "2019-06-13", "David Stilwell", "A5.6", "Susan Thornton nominated December 2017, withdrew"),
    ("biden", "nsc_indo_pacific_coordinator", "2021-01-20", "Kurt Campbell", "A0.3", "NSC Coordinator for Indo-Pacific Affairs from day one; not Senate-confirmed"),
    ("biden", "secretary_of_defense", "2021-01-22", "Lloyd Austin", "A6.1", ""),
    ("biden", "secretary_of_state", "2021-01-26", "Antony Blinken", "A6.2", ""),
    ("biden", "first_leaders_meeting", "2021-04-16", "Suga at the White House", "A6.3", ""),
    ("biden", "assistant_secretary_eap", "2021-09-23", "Daniel Kritenbrink", "A6.4", "Nominated 2021-03-26"),
    ("biden", "ambassador_to_japan", "2021-12-18", "Rahm Emanuel", "A6.5", ""),
    ("trump2", "secretary_of_state", "2025-01-20", "Marco Rubio", "A7.1", ""),
    ("trump2", "secretary_of_defense", "2025-01-24", "Pete Hegseth", "A7.2", "50-50 vote broken by the vice president"),
    ("trump2", "first_leaders_meeting", "2025-02-07", "Ishiba at the White House", "A7.3", "No pre-inauguration meeting"),
    ("trump2", "ambassador_to_japan", "2025-04-08", "George Glass", "A7.4", ""),
    ("trump2", "assistant_secretary_eap", "2025-10-07", "Michael DeSombre", "A7.5", "Nominated 2025-03-11"),
]


def transitions() -> None:
    facts = parse_facts()
    sources = first_sources(facts)
    admins = pd.DataFrame(ADMINISTRATIONS, columns=["administration", "president", "japan_pm", "inauguration", "fact_id"])
    records = []
    for admin, milestone, date, person, fact_id, note in MILESTONES:
        fact = facts.get(fact_id, {"confidence": "", "caveat": ""})
        if fact_id:
            assert fact["confidence"] in ("V", "V*"), (fact_id, fact["confidence"])
        publisher, url = sources.get(fact_id, ("", ""))
        records.append({"administration": admin, "milestone": milestone, "date": date, "person": person,
                        "fact_id": fact_id, "confidence": fact["confidence"], "caveat": fact["caveat"],
                        "source_publisher": publisher, "source_url": url, "note": note})
    for row in admins.itertuples():
        assert facts[row.fact_id]["confidence"] in ("V", "V*")
    admins["source_url"] = [sources[f][1] for f in admins.fact_id]
    write(admins, "administrations")
    write(pd.DataFrame(records), "transition_milestones")


def confirmation_pace() -> None:
    src = pd.read_csv(REF / "politics/us_senate_confirmation_pace_observations.csv", dtype=str)
    confirmed = src.confirmed.fillna("")
    out = pd.DataFrame({
        "obs_id": range(1, len(src) + 1), "administration": src.administration,
        "days_in_office": src.days_in_office.str.replace("c.", "", regex=False).astype(int),
        "days_approximate": src.days_in_office.str.startswith("c."), "metric": src.metric,
        "nominations": src.nominations,
        "confirmed": confirmed.where(~confirmed.str.endswith("%"), ""),
        "confirmed_share_pct": confirmed.where(confirmed.str.endswith("%"), "").str.rstrip("%"),
        "scope": src.scope, "source": src.source, "url": src.url,
    })
    write(out, "confirmation_pace_observations")


# ------------------------------------------------------------------ goals
TROOP_HOSTS = ["JPN", "KOR", "DEU", "ITA", "GBR", "ESP", "TUR", "BHR", "AUS", "PHL"]


def us_troops() -> None:
    src = pd.read_csv(REF / "defense/us_troops_overseas_country_year_1950_2025.csv")
    src = src[src.iso3c.isin(TROOP_HOSTS) & src.troops_ad.notna()]
    out = pd.DataFrame({"iso3": src.iso3c, "country": src.countryname, "year": src.year,
                        "troops_active_duty": src.troops_ad.astype(int), "report": src.selected_report,
                        "reports_in_year": src.n_reports_in_year})
    write(out.sort_values(["iso3", "year"]), "us_troops_by_host")


PEW_NAMES = {"JPN": "Japan", "KOR": "South Korea", "AUS": "Australia", "IND": "India", "IDN": "Indonesia",
             "PHL": "Philippines", "VNM": "Vietnam", "DEU": "Germany", "GBR": "United Kingdom", "FRA": "France",
             "ITA": "Italy", "CAN": "Canada", "MEX": "Mexico", "BRA": "Brazil", "ZAF": "South Africa",
             "NGA": "Nigeria", "KEN": "Kenya", "TUR": "Turkey", "POL": "Poland", "ESP": "Spain",
             "ISR": "Israel", "ARG": "Argentina", "MYS": "Malaysia", "SGP": "Singapore", "THA": "Thailand"}


def pew() -> None:
    src = pd.read_csv(REF / "energy-macro/pew_global_attitudes_favorability_usa_chn_rus_2002_2023_computed.csv")
    src = src[src.survey_country_iso3.isin(PEW_NAMES) & src.opinion_of.isin(["USA", "CHN"])]
    out = pd.DataFrame({"iso3": src.survey_country_iso3, "country": src.survey_country_iso3.map(PEW_NAMES),
                        "year": src.year, "opinion_of": src.opinion_of,
                        "pct_favorable": src.pct_favorable, "pct_unfavorable": src.pct_unfavorable,
                        "respondents": src.n_respondents_unweighted})
    write(out.sort_values(["iso3", "opinion_of", "year"]), "pew_favorability")


def cabinet_office() -> None:
    src = pd.read_csv(REF / "opinion/japan_cabinet_office_diplomacy_survey_affinity_observations.csv")
    out = pd.DataFrame({
        "fieldwork_year": src.fieldwork_year, "item": src["item"], "country": src.country, "pct": src.pct,
        "derived": src.derived.eq("yes"), "derivation": src.derivation,
        "mode": src["mode"].str.split(",").str[0].str.strip(),
        "preliminary": src.note.fillna("").str.contains("PRELIMINARY"),
        "source": src.source, "url": src.url,
    })
    write(out, "japan_affinity_survey")


def oda() -> None:
    src = pd.read_csv(REF / "energy-macro/oecd_dac_oda_by_donor_2000_2025_via_one.csv")
    out = pd.DataFrame({"donor": src.donor, "year": src.year,
                        "oda_usd_m_const2025": src.oda_usd_million_constant_2025.round(1),
                        "oda_pct_gni": src.oda_pct_gni.round(4), "preliminary": src.is_preliminary.astype(bool),
                        "basis": src.measure_basis})
    write(out.sort_values(["donor", "year"]), "oda_by_donor")


# ------------------------------------------------------------------ cooperation
def lng() -> None:
    us = pd.read_csv(REF / "energy-macro/ei_us_lng_exports_by_destination_bcm_2016_2024.csv")
    # Keep countries, the residual groups ("Other EU", "Rest of Europe"...) and the total, but
    # not the regional subtotals, so that the destinations add up to the total.
    residual = us.destination.str.startswith(("Other", "Rest of", "Total"))
    us = us[~us.destination_is_aggregate | residual]
    write(pd.DataFrame({"year": us.year, "destination": us.destination, "bcm": us.value_bcm.round(4),
                        "edition": us.source_edition}).dropna(subset=["bcm"]), "lng_us_exports_by_destination")
    jp = pd.read_csv(REF / "energy-macro/ei_japan_lng_imports_by_source_bcm_2016_2024.csv")
    write(pd.DataFrame({"year": jp.year, "source": jp.source_country, "is_aggregate": jp.source_is_aggregate,
                        "bcm": jp.value_bcm.round(4), "edition": jp.source_edition}).dropna(subset=["bcm"]),
          "lng_japan_imports_by_source")


def us_production() -> None:
    src = pd.read_csv(REF / "energy-macro/ei_oil_gas_production_consumption_by_country.csv")
    src = src[(src.country_or_region == "US") & (src.year >= 1990)
              & src.variable.isin(["gas_production", "oil_production_total_liquids"])]
    write(pd.DataFrame({"year": src.year, "variable": src.variable, "value": src.value.round(2), "unit": src.unit}),
          "us_oil_gas_production")


def gas_prices() -> None:
    src = pd.read_csv(REF / "energy-macro/imf_weo_oct2025_energy_commodity_prices_1990_2030.csv")
    src = src[src.weo_code.isin(["PNGASJP", "PNGASUS", "PNGASEU"])]
    write(pd.DataFrame({"series": src.weo_code, "name": src.series_name, "year": src.year,
                        "usd_per_mmbtu": src.value, "projection": src.is_projection.astype(bool)}), "gas_prices")


def rd_expenditure() -> None:
    src = pd.read_csv(REF / "energy-macro/worldbank_wdi_rd_expenditure_pct_gdp_1996_2023.csv")
    src = src[~src.is_aggregate]
    write(pd.DataFrame({"iso3": src.iso3_or_wb_aggregate, "country": src.country_name, "year": src.year,
                        "rd_pct_gdp": src.rd_expenditure_pct_gdp.round(4)}), "rd_expenditure")


def semiconductors() -> None:
    src = pd.read_csv(REF / "energy-macro/cset_semiconductor_supply_chain_country_shares.csv")
    write(src[["country_code", "segment", "segment_id", "level", "input_type", "parent_stage", "share_pct",
               "global_market_size_note"]].rename(columns={"global_market_size_note": "market_size_note"}),
          "semiconductor_shares")


# The $550bn package's terms and first projects (facts.md B1.8, B1.11, B2.6), US$ billion.
INVESTMENT_PACKAGE = [
    ("B1.8", "2025-07-22", "commitment", 550.0, "", "Framework deal: Japan to provide up to this amount of investment"),
    ("B1.11", "2025-09-04", "commitment", 550.0, "2029-01-19", "MOU: allocate before the deadline; projects selected by a US committee"),
    ("B2.6", "2026-02-17", "projects announced", 36.0, "", "First three projects (Ohio gas power, Texas crude terminal, Georgia synthetic diamonds)"),
]


def investment_package() -> None:
    facts = parse_facts()
    rows = []
    for event_id, date, kind, usd_bn, deadline, item in INVESTMENT_PACKAGE:
        assert facts[event_id]["confidence"] in ("V", "V*")
        rows.append({"event_id": event_id, "date": date, "kind": kind, "usd_bn": usd_bn, "deadline": deadline, "item": item,
                     "confidence": facts[event_id]["confidence"], "caveat": facts[event_id]["caveat"]})
    write(pd.DataFrame(rows), "investment_package")


# ------------------------------------------------------------------ the claim ledger
# Each checkable expectation or recommendation of the essay (paraphrased, with its section),
# what happened (facts.md rows, V or V* only), the chapter whose data bear on it, a verdict
# from a fixed vocabulary, and the date from which the evidence supports that verdict
# (before it, the scorecard shows "too early to tell"). Verdicts are this book's judgement.
CLAIMS = [
    ("C01", "1", "expectation", "A transition goes only as fast as the new team is put in place; the Biden start was the smoothest for Japan.",
     "By confirmation dates and the first leaders' meeting, the Biden start was not the fastest; its strength was an NSC counterpart in place on day one.",
     "A0.3;A6.3;A6.5;A7.3", "01_transition", "partly", "2021-12-18"),
    ("C02", "2", "expectation", "The administration will protect domestic industry with tariff barriers.",
     "A universal baseline tariff and country 'reciprocal' rates were announced in April 2025; Section 232 tariffs were widened.",
     "B1.1;B1.2;B1.3", "03_frictions", "borne out", "2025-04-02"),
    ("C03", "2", "expectation", "'America first' diplomacy will seek more burden sharing from allies and leave multilateral arrangements not serving US interests.",
     "The US left the Paris Agreement and the WHO, ordered a review of all memberships and later withdrawal from 66 bodies; it asked allies for far higher defence spending.",
     "B5.1;B5.2;B5.4;B4.7", "02_goals", "borne out", "2025-02-04"),
    ("C04", "3(1)", "recommendation", "Arrange a face-to-face meeting between Prime Minister Ishiba and President Trump as early as possible.",
     "Ishiba met Trump at the White House on 7 February 2025; there was no meeting before the inauguration.",
     "A7.3", "01_transition", "borne out", "2025-02-07"),
    ("C05", "3(1)", "expectation", "The NSS-NSC channel will remain central to policy coordination.",
     "No verified source in this book's material describes how the channel was used after January 2025.",
     "A0.2", "01_transition", "too early to tell", ""),
    ("C06", "3(2)", "recommendation", "Build the narrative on Japanese investment and local production in the United States.",
     "Japan led with investment: a pledge to raise US investment at the first summit, then a large investment package in the tariff deal.",
     "A7.3;B1.8;B1.11", "03_frictions", "borne out", "2025-02-07"),
    ("C07", "3(3)", "expectation", "The US will press Japan to spend at least 2% of GDP on defence, possibly more, or scrutinise what the 2% contains.",
     "US officials pressed for 3% and then 3.5% of GDP; the security strategy asked Japan to spend far more. Japan reached 2% in FY2025 by its own, wider count.",
     "B4.1;B4.2;B4.5;B4.7", "03_frictions", "borne out", "2025-06-20"),
    ("C08", "3(3)", "expectation", "The host-nation support agreement will expire during this term and a new one must be negotiated.",
     "The current agreement runs to March 2027, inside the term; the 2026 negotiations could not be verified.",
     "B4.8;B4.9", "03_frictions", "too early to tell", ""),
    ("C09", "3(3)", "expectation", "Tariffs of about 10-20% may be imposed on goods from all trading partners.",
     "A 10% baseline on all partners took effect in April 2025; Japan's general rate settled at 15%, later replaced by a 10% surcharge after the Supreme Court ruling.",
     "B1.3;B1.9;B1.14;B1.15", "03_frictions", "borne out", "2025-04-02"),
    ("C10", "3(3)", "expectation", "Sector-specific measures like the Section 232 steel and aluminum tariffs could hurt Japan.",
     "Section 232 tariffs were restored and raised: autos and parts at 25%, steel and aluminum doubled to 50%; Japanese autos later moved to 15% under the deal.",
     "B1.1;B1.2;B1.5;B1.12", "03_frictions", "borne out", "2025-03-26"),
    ("C11", "3(3)", "expectation", "Measures against China, Mexico or Vietnam may hurt Japan indirectly through Japanese production there.",
     "Duties on those partners rose sharply; the indirect effect on Japanese firms is not measured in this book's data.",
     "B1.3;B6.1", "03_frictions", "partly", "2025-04-02"),
    ("C12", "3(3)", "expectation", "Depending on US actions, Japan may be obliged to take a severe position, including countermeasures.",
     "Japan negotiated a framework deal and an investment package; no Japanese countermeasures were found in the sources.",
     "B1.8;B1.10", "03_frictions", "not borne out", "2025-07-22"),
    ("C13", "3(4)", "recommendation", "Energy cooperation giving Japan stable US supply at a fair price could be a win-win.",
     "JERA signed a letter of intent for Alaska LNG and two of the first investment projects are in energy; the US share of Japan's LNG remains small.",
     "B2.5;B2.6", "04_cooperation", "partly", "2025-09-10"),
    ("C14", "3(4)", "recommendation", "Cooperation in advanced technology will strengthen the relationship.",
     "The October 2025 summit signed a critical minerals and rare earths framework and a shipbuilding memorandum; Japan was promised the lowest chip and pharmaceutical tariffs.",
     "B1.12;B3.5", "04_cooperation", "partly", "2025-10-28"),
    ("C15", "3(5)", "recommendation", "Keep the Quad and the Japan-US-ROK process going.",
     "Quad foreign ministers met twice and the trilateral ministers met in Munich, but no 2025 Quad leaders' summit was found.",
     "B5.9;B5.10;B5.11;B5.12", "05_third_countries", "partly", "2025-07-01"),
    ("C16", "3(5)", "recommendation", "Work through the G7 to keep the US engaged and bridge US-Europe rifts.",
     "At Kananaskis the president left a day early and the G7 issued no statement on Ukraine; the 2026 Evian summit could not be verified.",
     "B5.7", "05_third_countries", "partly", "2025-06-17"),
    ("C17", "3(5)", "recommendation", "Deepen defence cooperation with Australia and the Philippines.",
     "The Japan-Philippines reciprocal access agreement entered into force and Australia chose Japan's upgraded Mogami frigate.",
     "B5.13;B5.14", "05_third_countries", "borne out", "2025-08-05"),
    ("C18", "3(5)", "expectation", "China, Russia or North Korea may try to drive a wedge between Japan and the US.",
     "China retaliated against Japan over the Taiwan remarks while easing tensions with Washington at Busan and inviting Trump to Beijing.",
     "B6.1;B6.2;B6.3", "05_third_countries", "partly", "2025-11-24"),
]


def claim_ledger() -> None:
    facts = parse_facts()
    for claim in CLAIMS:
        for fact_id in claim[5].split(";"):
            assert facts[fact_id]["confidence"] in ("V", "V*"), (claim[0], fact_id)
    write(pd.DataFrame(CLAIMS, columns=["claim_id", "essay_section", "kind", "claim", "outcome", "fact_ids",
                                        "chapter", "verdict", "evidence_date"]), "claim_ledger")


if __name__ == "__main__":
    events()
    transitions()
    confirmation_pace()
    us_troops()
    pew()
    cabinet_office()
    oda()
    lng()
    us_production()
    gas_prices()
    rd_expenditure()
    semiconductors()
    investment_package()
    claim_ledger()
    military_expenditure_sipri()
    military_expenditure_nato()
    weo_gdp()
    jpy_per_usd()
    us_goods_trade()
    us_duties_monthly()
    statutory_tariff_rate()
    host_nation_support()
    japan_defense_budget()
    fdi_observations()

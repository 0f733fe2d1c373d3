"""Derive the project's tidy tables in ``data/`` from the reference datasets in ``../shared``.

The reference files are copies of public datasets gathered for this project; each folder's
SOURCES.md names the original publisher (SIPRI, NATO, U.S. Census Bureau, The Budget Lab at
Yale, Federal Reserve H.10 via FRED, IMF World Economic Outlook, BEA, news and government
pages for single observations). ``data/datapackage.json`` cites those publishers, not the
folder. This script keeps only the rows and columns the book uses, in the project's schema.

It only derives. The tables of dated facts (events, transition_milestones, administrations,
claim_ledger, claim_verdicts, japan_headline_tariff, defense_benchmarks, investment_package)
are not derived: they are edited by hand in ``data/`` from research/facts.md, and
tests/test_data.py checks that each row cites a verified (V or V*) row of the fact sheet,
with its date and source. Nor are the tables of single published figures
(japan_affinity_survey, fdi_in_us_observations, host_nation_support_observations,
japan_defense_budget_observations, confirmation_pace_observations): first taken from the
reference files, they are now kept by hand in ``data/``, each row with the day it became
public, the kind of its source and the primary or wire source found for it, which the
reference files do not hold.

When each value of a derived table became public is not derived either: the data package
gives the publisher's rule (``knownFrom``), and japan_us.data applies it.

The build never runs this script: ``data/`` is committed. Run it by hand when the reference
data change:  python data/derive_from_shared.py [path/to/shared]
"""
from __future__ import annotations

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


def us_tariff_change_by_partner() -> None:
    """The Budget Lab's modelled change in the US effective tariff rate by partner group
    (2025-11-17 policy), with the shares of 2024 imports under Section 232 and IEEPA."""
    src = pd.read_csv(REF / "trade/us_etr_change_overall_by_partner_2025-11-17.csv")
    src = src[src.partner_group != "TOTAL"]
    names = {"CHINA": "China", "JAPAN": "Japan", "EU": "European Union", "ROW": "Rest of the world",
             "FTROW": "Other free-trade partners", "UK": "United Kingdom", "MEXICO": "Mexico", "CANADA": "Canada"}  # fmt: skip
    out = pd.DataFrame({
        "partner_group": src.partner_group.map(names),
        "etr_change_pp": src.etr_change_pp_gtap_weights,
        "etr_change_pp_census_weights": src.etr_change_pp_census2024_weights,
        "share_under_s232_pct": src.share_2024_imports_under_s232_pct,
        "share_under_ieepa_pct": src.share_2024_imports_under_ieepa_pct,
        "share_neither_pct": src.share_2024_imports_neither_pct,
    })
    write(out.sort_values("etr_change_pp", ascending=False), "us_tariff_change_by_partner")


# The sectors of Japan's exports to the US the book shows: motor vehicles, the metals of
# Section 232, electrical and electronic equipment and machinery (GTAP codes).
JAPAN_SECTORS = ["mvh", "i_s", "nfm", "fmp", "eeq", "ele", "ome"]


def us_tariff_change_by_sector_japan() -> None:
    """The Budget Lab's modelled change in the US effective tariff rate on Japan by GTAP sector
    (2025-11-17 policy; sector file of the same model run as us_tariff_change_by_partner)."""
    src = pd.read_csv(REF / "trade/us_etr_change_by_gtap_sector_partner_2025-11-17.csv")
    src = src[(src.partner_group == "japan") & src.gtap_code.isin(JAPAN_SECTORS)]
    out = pd.DataFrame({
        "gtap_code": src.gtap_code,
        "sector": src.gtap_sector_description,
        "etr_change_pp": src.etr_change_pct_points,
        "source_kind": "research_institute",
    })
    write(out.sort_values("etr_change_pp", ascending=False), "us_tariff_change_by_sector_japan")


def japan_exports_by_destination() -> None:
    """Japan's exports to its 20 largest markets, 2023 and 2024 averaged (UN Comtrade)."""
    src = pd.read_csv(REF / "trade/japan_exports_by_destination_comtrade_2023_2024_combined.csv")
    out = pd.DataFrame({
        "destination": src.partner.replace({"Other Asia, nes (Taiwan)": "Taiwan", "Viet Nam": "Vietnam"}),
        "exports_usd_bn": src.exports_usd_bn_annual_avg,
        "share_of_exports_pct": src.share_of_japan_world_exports_pct,
    })
    write(out, "japan_exports_by_destination")


def military_expenditure_sipri() -> None:
    src = pd.read_csv(REF / "defense/sipri_milex_2025release_key_countries_1990_2024.csv")
    src = src[src.iso3.isin(SIPRI_COUNTRIES)]
    out = pd.DataFrame({
        "iso3": src.iso3, "country": src.iso3.map(SIPRI_COUNTRIES), "year": src.year,
        "share_gdp_pct": src.milex_share_gdp_pct.round(4),
        "current_usd_m": src.milex_current_usd_m.round(1),
        "current_lcu_bn": (src.milex_lcu_current_calendar / 1e9).round(3),
        "currency": src.currency,
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


# ------------------------------------------------------------------ transitions (facts.md Table A)
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


def pew_confidence() -> None:
    """Japanese confidence in the US president (Pew's published percentages, via FiveThirtyEight)."""
    src = pd.read_csv(REF / "energy-macro/pew_us_image_by_country_2000_2017_via_fivethirtyeight.csv")
    src = src[(src.country == "Japan") & (src.variable == "confidence_in_us_president_pct")]
    write(src.rename(columns={"value": "pct"})[["year", "country", "pct"]], "pew_confidence_in_president")


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


if __name__ == "__main__":
    us_troops()
    pew()
    pew_confidence()
    oda()
    lng()
    us_production()
    gas_prices()
    rd_expenditure()
    semiconductors()
    military_expenditure_sipri()
    military_expenditure_nato()
    us_tariff_change_by_partner()
    us_tariff_change_by_sector_japan()
    japan_exports_by_destination()
    weo_gdp()
    jpy_per_usd()
    us_goods_trade()
    us_duties_monthly()
    statutory_tariff_rate()

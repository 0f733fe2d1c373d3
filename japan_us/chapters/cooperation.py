"""Chapter 4, areas of cooperation: energy, technology and the investment package.

This module declares the chapter and lists the cooperation since the essay; each section's
functions live in a module of their own (``cooperation_energy``: LNG, gas prices and output;
``cooperation_technology``: R&D and chips; ``cooperation_investment``: the investment package
and the scale of the energy deals), and the notebook calls them all as ``cooperation.<name>``.
"""

from __future__ import annotations

from japan_us.chapters.base import AS_OF, LANG, Chapter, codes
from japan_us.chapters.cooperation_energy import (  # noqa: F401 (the notebook's calls)
    gas,
    gas_prices_chart,
    lng,
    lng_suppliers_chart,
    lng_target_chart,
    production_chart,
    us_lng_exports_chart,
)
from japan_us.chapters.cooperation_investment import energy_scale, energy_scale_chart, investment_package  # noqa: F401
from japan_us.chapters.cooperation_technology import chips_chart, rd_chart, technology  # noqa: F401
from japan_us.i18n import _
from japan_us.lazy import report
from japan_us.params import Param

COOPERATION = Chapter(
    slug="cooperation",
    notebook="04_cooperation",
    title="Areas of cooperation: energy, technology and the investment package",
    essay_section="3(4)",
    tables=(
        "lng_us_exports_by_destination",
        "lng_japan_imports_by_source",
        "us_oil_gas_production",
        "gas_prices",
        "rd_expenditure",
        "semiconductor_shares",
        "investment_package",
        "energy_deal_volumes",
        "energy_conversion_factors",
        "events",
    ),
    params=(
        AS_OF,
        LANG,
        Param(
            "lng_target_share",
            float,
            0.2,
            "US share of Japan's LNG imports (0.2 means 20%), at the latest year's volumes",
            bounds=(0.0, 1.0),
            percent=True,
        ),
        Param(
            "start_year",
            int,
            2000,
            "First year of the production and price charts",
            bounds=(1990, 2020),
        ),
        Param(
            "rd_countries",
            list,
            ["USA", "JPN", "CHN", "KOR", "DEU"],
            "Economies compared on R&D spending (ISO3 codes in the World Bank table)",
            choices=codes("rd_expenditure", "iso3"),
        ),
        Param(
            "chip_countries",
            list,
            ["USA", "JPN", "KOR", "TWN", "CHN", "NLD"],
            "Countries compared on semiconductor supply-chain shares (codes in the CSET table)",
            choices=codes("semiconductor_shares", "country_code"),
        ),
    ),
)


def cooperation_events(tables: dict) -> report.HTML:
    events = tables["events"]
    coop = events[events.event_id.isin(["B1.8", "B1.11", "B1.17", "B2.4", "B2.5", "B2.6", "B3.5"])]
    return report.events_table(coop, caption=_("Cooperation since the essay: investment and energy (dated facts)"))

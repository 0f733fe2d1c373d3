"""Chapter 4, areas of cooperation: energy, technology and the investment package."""

from __future__ import annotations

from japan_us.chapters import Chapter, codes
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
        "events",
    ),
    params=(
        Param(
            "lng_target_share",
            float,
            0.2,
            "Target US share of Japan's LNG imports (0.2 means 20%), priced against 2024 volumes",
            bounds=(0.0, 1.0),
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

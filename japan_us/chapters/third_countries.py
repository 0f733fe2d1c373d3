"""Chapter 5, third countries and key policies."""

from __future__ import annotations

from japan_us.chapters import DONORS, Chapter, codes
from japan_us.params import Param

THIRD_COUNTRIES = Chapter(
    slug="third_countries",
    notebook="05_third_countries",
    title="Third countries and key policies: who else is at the table",
    essay_section="3(5)-(6)",
    tables=(
        "weo_gdp_usd",
        "military_expenditure_sipri",
        "military_expenditure_nato",
        "oda_by_donor",
        "pew_favorability",
        "us_troops_by_host",
        "events",
    ),
    params=(
        Param("start_year", int, 1990, "First year of the economic-weight chart", bounds=(1990, 2020)),
        Param(
            "end_year",
            int,
            2030,
            "Last year of the economic-weight chart (after 2024: IMF projections)",
            bounds=(2024, 2030),
        ),
        Param(
            "indo_pacific",
            list,
            ["JPN", "KOR", "AUS", "PHL", "TWN", "SGP", "IND", "NZL"],
            "Indo-Pacific partners compared on defense burden (ISO3 codes in the SIPRI table)",
            choices=codes("military_expenditure_sipri", "iso3"),
        ),
        Param(
            "nato_allies",
            list,
            ["USA", "POL", "GBR", "FRA", "DEU", "ITA", "CAN", "ESP"],
            "NATO allies compared on defense burden (codes in the NATO table)",
            choices=codes("military_expenditure_nato", "code"),
        ),
        DONORS,
        Param(
            "opinion_countries",
            list,
            ["JPN", "KOR", "AUS", "IND", "IDN", "PHL", "BRA", "NGA", "KEN", "MEX"],
            "Countries whose views of the US and China are followed over time (ISO3 codes in the Pew table)",
            choices=codes("pew_favorability", "iso3"),
        ),
    ),
)

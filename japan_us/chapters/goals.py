"""Chapter 2, Japan's five basic goals: one indicator set each."""

from __future__ import annotations

from japan_us.chapters import DONORS, Chapter, codes
from japan_us.params import Param

GOALS = Chapter(
    slug="goals",
    notebook="02_goals",
    title="Japan's five basic goals, one indicator set each",
    essay_section="2",
    tables=(
        "us_troops_by_host",
        "pew_favorability",
        "japan_affinity_survey",
        "military_expenditure_sipri",
        "us_duties_by_partner_monthly",
        "oda_by_donor",
        "events",
    ),
    params=(
        Param(
            "start_year",
            int,
            1990,
            "First year shown in the time-series charts",
            bounds=(1950, 2020),
        ),
        Param(
            "hosts",
            list,
            ["JPN", "KOR", "DEU", "ITA", "GBR"],
            "Countries hosting US forces compared with Japan (ISO3 codes in the troops table)",
            choices=codes("us_troops_by_host", "iso3"),
        ),
        DONORS,
        Param(
            "opinion_countries",
            list,
            ["JPN", "KOR", "AUS", "IND", "IDN", "PHL", "DEU", "GBR", "BRA", "NGA"],
            "Countries whose views of the US and China are compared (ISO3 codes in the Pew table)",
            choices=codes("pew_favorability", "iso3"),
        ),
    ),
)

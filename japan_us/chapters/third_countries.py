"""Chapter 5, third countries and key policies.

This module declares the chapter; the functions of its sections live in two modules
(``third_countries_weight``: economic weight, defence burden, the neighbours' military budgets;
``third_countries_aid``: aid, the gap US aid left, views of the US and China), and the notebook
calls them all as ``third_countries.<name>``.
"""

from __future__ import annotations

from japan_us.chapters.base import (  # noqa: F401 (views_of_us_and_china: the tests' third_countries.<name>)
    AS_OF,
    DONORS,
    LANG,
    OPINION_COUNTRIES,
    Chapter,
    codes,
    views_of_us_and_china,
)
from japan_us.chapters.third_countries_aid import (  # noqa: F401 (the notebook's calls and the tests')
    AGGREGATES,
    ALLIES,
    ALLY_RULE,
    FUNDED_BY_MEMBERS,
    GROUPS_BY_TREATY,
    aid_and_opinion,
    aid_chart,
    aid_gap,
    aid_gap_chart,
    views_chart,
)
from japan_us.chapters.third_countries_weight import (  # noqa: F401 (the notebook's calls and the tests')
    GROUPS,
    NEIGHBOURS,
    defense_burden,
    defense_burden_chart,
    economic_weight,
    economic_weight_chart,
    neighbours,
    neighbours_chart,
)
from japan_us.i18n import _
from japan_us.lazy import report
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
        AS_OF,
        LANG,
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
        OPINION_COUNTRIES,
    ),
)


SINCE = ["B5.7", "B5.9", "B5.10", "B5.11", "B5.12", "B5.13", "B5.14", "B6.1", "B6.2", "B6.3"]


def events_since(tables: dict) -> report.HTML:
    events = tables["events"]
    return report.events_table(
        events[events.event_id.isin(SINCE)],
        caption=_("Third countries, China and the alliance network since the essay (dated facts)"),
        with_category=True,
    )

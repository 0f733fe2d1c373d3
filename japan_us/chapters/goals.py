"""Chapter 2, Japan's five basic goals: one indicator set each.

This module declares the chapter; each part's functions live in a module of their own
(``goals_overview``: one headline indicator per goal; ``goals_alliance``: goals 1 and 2;
``goals_multilateral``: goals 4 and 5; goal 3, protection from unilateral measures, has only
the overview's duty rate, as tariffs are the Frictions chapter's), and the notebook calls them
all as ``goals.<name>``.
"""

from __future__ import annotations

from japan_us.chapters.base import (  # noqa: F401 (views_of_us_and_china: the tests' goals.<name>)
    AS_OF,
    DONORS,
    LANG,
    OPINION_COUNTRIES,
    Chapter,
    codes,
    views_of_us_and_china,
)
from japan_us.chapters.goals_alliance import (  # noqa: F401 (the notebook's calls and the tests')
    SURVEYS,
    _goodwill_against_trust,
    first_year_sentiment,
    first_year_sentiment_chart,
    military_balance,
    military_balance_chart,
    public_opinion,
    public_opinion_chart,
    troops,
    troops_chart,
)
from japan_us.chapters.goals_multilateral import (  # noqa: F401 (the notebook's calls)
    donors_chart,
    multilateral_events,
    multilateral_momentum,
    us_aid,
    us_aid_chart,
    views_abroad_chart,
    withdrawals_table,
)
from japan_us.chapters.goals_overview import overview, overview_table, troops_in  # noqa: F401
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
        "pew_confidence_in_president",
        "administrations",
        "military_expenditure_sipri",
        "us_duties_by_partner_monthly",
        "oda_by_donor",
        "events",
    ),
    params=(
        AS_OF,
        LANG,
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
        OPINION_COUNTRIES,
    ),
)

"""Chapter 6, two years on: the essay against the record."""

from __future__ import annotations

import datetime as dt

from japan_us import EDITION_DATE, data
from japan_us.chapters import Chapter, codes
from japan_us.params import Param

SCORECARD = Chapter(
    slug="scorecard",
    notebook="06_scorecard",
    title="Two years on: the essay against the record",
    essay_section="all",
    tables=(
        "claim_ledger",
        "events",
        "transition_milestones",
        "japan_headline_tariff",
        "us_duties_by_partner_monthly",
    ),
    params=(
        Param(
            "as_of",
            dt.date,
            EDITION_DATE,
            "Date of the record: events after it are left out and later verdicts read 'too early to tell'",
            bounds=("2024-11-05", "2026-12-31"),
        ),
        Param(
            "categories",
            list,
            data.vocabulary("events", "category"),
            "Event categories shown on the timeline",
            choices=codes("events", "category"),
        ),
    ),
)

"""Chapter 1, the transition: how fast each administration staffed the posts that matter to Japan
and met Japan's prime minister."""

from __future__ import annotations

import datetime as dt

from japan_us import EDITION_DATE
from japan_us.chapters import Chapter, codes
from japan_us.params import Param

POSTS = [
    "secretary_of_state",
    "secretary_of_defense",
    "ambassador_to_japan",
    "assistant_secretary_eap",
]

TRANSITION = Chapter(
    slug="transition",
    notebook="01_transition",
    title="Practical issues of the transition: how fast each administration reached Japan",
    essay_section="1",
    tables=("administrations", "transition_milestones", "confirmation_pace_observations", "events"),
    params=(
        Param(
            "administrations",
            list,
            ["bush41", "clinton", "bush43", "obama", "trump1", "biden", "trump2"],
            "Administrations compared (keys in the administrations table)",
            choices=codes("administrations", "administration"),
        ),
        Param(
            "posts",
            list,
            POSTS,
            "Senate-confirmed posts whose vacancy is charted",
            choices=lambda: POSTS,
        ),
        Param(
            "as_of",
            dt.date,
            EDITION_DATE,
            "Date of the record: confirmations and meetings after it count as not yet happened",
            bounds=("1989-01-20", "2026-12-31"),
        ),
    ),
)

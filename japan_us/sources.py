"""The kind of each source a reader is shown (``source_kind`` in data/datapackage.json), in
the words printed beside it: in tables after the link, in tooltips and chart CSVs after the
publisher's name."""

from __future__ import annotations

from typing import Any

import pandas as pd

from japan_us import i18n
from japan_us.i18n import pgettext

# source_kind values, in the words a reader sees
SOURCE_KINDS = {
    "primary": "primary",
    "wire_or_major_outlet": "wire or major outlet",
    "research_institute": "research institute",
    "secondary": "secondary",
}


def kind_words(kind: Any) -> str:
    """ "(primary)" for a source's kind; an unknown kind is an error, not a blank."""
    if kind not in SOURCE_KINDS:
        raise ValueError(f"no words for the source kind {kind!r}")
    if i18n.is_japanese():
        return f"（{_kind_words()[kind]}）"
    return f"({SOURCE_KINDS[kind]})"


def _kind_words() -> dict[str, str]:
    """The kinds in the reader's language."""
    return {
        "primary": pgettext("source kind", "primary"),
        "wire_or_major_outlet": pgettext("source kind", "wire or major outlet"),
        "research_institute": pgettext("source kind", "research institute"),
        "secondary": pgettext("source kind", "secondary"),
    }


def source_labels(frame: pd.DataFrame) -> pd.Series:
    """Each row's source as a tooltip or a chart's CSV shows it: "Federal Register (primary)";
    empty where a row has no source."""
    labels = [
        f"{publisher}{i18n.space()}{kind_words(kind)}" if isinstance(publisher, str) else None
        for publisher, kind in zip(frame.source_publisher, frame.source_kind, strict=True)
    ]
    return pd.Series(labels, index=frame.index, dtype="object")

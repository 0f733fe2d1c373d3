"""The book as of a day: what a page may show on the book's ``as_of`` date.

Dated tables are cut when a chapter loads them (:func:`japan_us.data.known_on`). Prose and
charts that report what happened after the essay carry the day they became known, as an
event id of the events table ("B1.15"), a date ("2025-11-17"), or "edition" (a statement about
the record as this edition closes it):

- a notebook cell, in its metadata: ``"japan_us": {"known_from": "B1.15"}`` (shown once the
  book's date has reached it) or ``{"known_until": "B1.8"}`` (shown only before it);
- a passage of a Markdown page or a notebook's Markdown cell, fenced: ``:::{known-from} B1.15``
  ... ``:::`` (the lines around a passage, and its own, stay one paragraph).

A chapter executed as of an earlier day leaves such cells out, unrun (so code that needs a
later event never runs), and the book's pages leave such passages out, so nothing later than
that day reaches a page.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from japan_us import EDITION_DATE, data

if TYPE_CHECKING:
    import nbformat

GATE = "japan_us"  # the notebook cell metadata key


@functools.cache
def event_days() -> dict[str, dt.date]:
    """Each event's day, read without pandas: a build that reuses every chapter still dates
    the passages of its pages."""
    return {event: dt.date.fromisoformat(day) for event, day in data.raw_columns("events", ["event_id", "date"])}


def gate_day(mark: str) -> dt.date:
    """The day a gate names: an event's date, a date, or the edition's."""
    if mark in event_days():
        return event_days()[mark]
    try:
        return dt.date.fromisoformat(EDITION_DATE if mark == "edition" else mark)
    except (TypeError, ValueError):
        raise ValueError(
            f"gate {mark!r} is not an event id of the events table, a date YYYY-MM-DD or 'edition'"
        ) from None


def shown(gate: dict, as_of: str) -> bool:
    """Whether what a gate ``{"known_from": mark, "known_until": mark}`` guards is shown."""
    today = dt.date.fromisoformat(as_of)
    after = "known_from" not in gate or gate_day(gate["known_from"]) <= today
    before = "known_until" not in gate or today < gate_day(gate["known_until"])
    return after and before


def known_cells(nb: nbformat.NotebookNode, as_of: str, apart: bool = False) -> nbformat.NotebookNode:
    """The notebook without the cells not yet known, or no longer current, on ``as_of``, and
    with the dated passages of its Markdown cells resolved (``apart``: see :func:`known_text`)."""
    nb.cells = [cell for cell in nb.cells if shown(cell.metadata.get(GATE, {}), as_of)]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = known_text(cell.source, as_of, apart)
    return nb


def code_gates(path) -> dict[str, dict]:
    """The gate of each dated code cell of a notebook, by the cell's source."""
    import nbformat  # here: a build that reuses every chapter reads no notebook

    nb = nbformat.read(path, as_version=4)
    return {c.source.strip(): c.metadata[GATE] for c in nb.cells if c.cell_type == "code" and GATE in c.metadata}


# A fenced passage, possibly indented inside a list item: its fence and closing fence (the
# last line of a notebook cell has no newline).
_PASSAGE = re.compile(
    r"^(?P<indent>[ \t]*):::\{known-(?P<kind>from|until)\} (?P<mark>\S+)[ \t]*\n"
    r"(?P<body>.*?)^(?P=indent):::[ \t]*(?:\n|\Z)",
    re.M | re.S,
)


def known_text(text: str, as_of: str | None, apart: bool = False) -> str:
    """A Markdown page with its fenced passages kept (unfenced) or left out for ``as_of``
    (every one kept for None).

    ``apart``: each kept passage, and the text around it, a paragraph of its own. A
    translation is made per paragraph, so a paragraph that changes with the book's date would
    have one translation per date; apart, each passage is translated once, and a book as of
    any day is translated whole."""

    def resolve(match: re.Match) -> str:
        keep = as_of is None or shown({f"known_{match['kind']}": match["mark"]}, as_of)
        if not keep:
            return _LEFT_OUT if apart else ""
        return f"\n{match['body'].rstrip()}\n\n" if apart else match["body"]

    resolved = _PASSAGE.sub(resolve, text)
    # Apart, a passage left out still parts the text before it from the text after it (each
    # translated as a paragraph of its own): a blank line, unless one is there already.
    return re.sub(f"(\n\n)?{_LEFT_OUT}+", lambda m: m[1] or "\n", resolved) if apart else resolved


_LEFT_OUT = "\x00"  # where a passage left out was, until the text around it is parted

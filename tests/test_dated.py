"""What a page may show as of a day: gates by event, date or edition; passages kept or left out."""

from __future__ import annotations

import pytest

from japan_us import EDITION_DATE, dated

TEXT = """Before.
:::{known-from} B1.9
The deal took force.
:::
  :::{known-until} 2025-08-01
  Still open.
  :::
After.
"""


def test_a_gate_opens_on_its_event_day_and_a_passage_joins_its_paragraph():
    assert dated.gate_day("B1.9").isoformat() == "2025-08-07"  # the events table's date
    assert dated.gate_day("edition").isoformat() == EDITION_DATE
    assert dated.known_text(TEXT, "2025-07-15") == "Before.\n  Still open.\nAfter.\n"
    assert dated.known_text(TEXT, "2025-08-07") == "Before.\nThe deal took force.\nAfter.\n"
    # a notebook cell ends without a newline
    assert dated.known_text("Before.\n:::{known-from} B1.9\nThe deal.\n:::", "2025-07-15") == "Before.\n"


def test_a_gate_naming_nothing_is_refused():
    with pytest.raises(ValueError, match="'B9.99' is not an event id of the events table"):
        dated.shown({"known_from": "B9.99"}, "2025-07-15")

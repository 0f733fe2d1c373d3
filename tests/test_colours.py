"""Colours a reader can tell apart: in every chart of the book, any two series drawn in one
colour scale differ by at least colour.DISTINCT (CIEDE2000)."""

from __future__ import annotations

import itertools

import pytest
from test_build import _charts

from japan_us import colour, palette
from japan_us.chapters import CHAPTERS


def test_the_colour_difference_is_ciede2000():
    """Sharma, Wu and Dalal's test data (2005), pairs 1, 7, 17 and 23."""
    pairs = [
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ]
    for first, second, expected in pairs:
        assert colour.lab_difference(first, second) == pytest.approx(expected, abs=1e-4)
    assert colour.difference("#000000", "#ffffff") == pytest.approx(100, abs=0.01)


def series_scales(spec, mark=None):
    """(mark, domain, range) of every explicit colour scale that tells series apart: on a
    mark's colour, fill or stroke; labels and their leader lines (text and rule marks) left
    out, in their darker shades: they sit beside what they name."""
    if isinstance(spec, list):
        for item in spec:
            yield from series_scales(item, mark)
        return
    if not isinstance(spec, dict):
        return
    mark = spec.get("mark", mark)
    mark_type = mark.get("type") if isinstance(mark, dict) else mark
    for channel in ("color", "fill", "stroke"):
        scale = (spec.get("encoding") or {}).get(channel, {}).get("scale") or {}
        if (
            isinstance(scale.get("domain"), list)
            and isinstance(scale.get("range"), list)
            and mark_type not in ("text", "rule")
        ):
            yield mark_type, scale["domain"], scale["range"]
    for key, value in spec.items():
        if key not in ("datasets", "encoding", "data"):
            yield from series_scales(value, mark)


def too_close(domain, colours) -> list[str]:
    pairs = itertools.combinations(zip(domain, colours, strict=False), 2)
    return [
        f"{a} {ca} and {b} {cb}: {colour.difference(ca, cb):.1f}"
        for (a, ca), (b, cb) in pairs
        if ca.startswith("#") and cb.startswith("#") and colour.difference(ca, cb) < colour.DISTINCT
    ]


def test_every_chart_tells_its_series_apart(built_book):
    found = {}
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for _, spec in _charts(page):
            title = spec.get("title", {})
            title = " ".join(title.get("text", "")) if isinstance(title, dict) else str(title)
            for mark, domain, colours in series_scales(spec):
                close = too_close(domain, colours)
                if close:
                    found[f"{chapter.notebook} {title[:60]} ({mark})"] = close
    assert found == {}


def test_one_grey_for_the_rest_and_every_entity_colour_visible():
    for name, hue in palette.ENTITY_HUES.items():
        assert palette.contrast_on_white(hue) >= 3, name
        assert colour.difference(hue, palette.REST) >= colour.DISTINCT, name
    assert palette.entity_colour("Freedonia") == palette.REST


def test_every_chart_names_entities_as_the_book_does(built_book):
    """One name per entity everywhere: "United States", "South Korea", "Russia", never the
    data's "US", "Korea" or "Russian Federation" (three-letter codes may sit in code columns)."""
    other_names = {alias for alias in palette.ENTITY_ALIASES if not (len(alias) == 3 and alias.isupper())}
    found = {}
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for chart_id, spec in _charts(page):
            rows = [row for dataset in (spec.get("datasets") or {}).values() for row in dataset]
            named = {value for row in rows for value in row.values() if value in other_names}
            if named:
                found[f"{chapter.notebook} {chart_id}"] = sorted(named)
    assert found == {}

"""What a chart draws, it names: every dashed rule (an event or a reference level) carries
words on the chart, not only in its tooltip."""

from __future__ import annotations

from test_build import _charts

from japan_us.chapters import CHAPTERS


def _mark_type(layer: dict) -> str | None:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _is_dashed_rule(layer: dict) -> bool:
    mark = layer.get("mark")
    return _mark_type(layer) == "rule" and isinstance(mark, dict) and "strokeDash" in mark


def layer_groups(spec):
    """The ``layer`` list of every layered part of a spec, however deep (data left out)."""
    if isinstance(spec, list):
        for item in spec:
            yield from layer_groups(item)
    elif isinstance(spec, dict):
        if spec.get("layer"):
            yield spec["layer"]
        for key, value in spec.items():
            if key not in ("datasets", "encoding", "data"):
                yield from layer_groups(value)


def unnamed_rules(spec) -> list[str]:
    """The position fields of dashed rules with no text layer beside them on that field, or at
    the end of a leader drawn from that field to the text (a name moved clear of others)."""
    found = []
    for layers in layer_groups(spec):
        texts = {_field(layer, axis) for layer in layers if _mark_type(layer) == "text" for axis in ("x", "y")}
        leaders = {
            _field(layer, axis): _field(layer, f"{axis}2")
            for layer in layers
            for axis in ("x", "y")
            if _field(layer, f"{axis}2")
        }
        texts |= {start for start, end in leaders.items() if end in texts}
        for layer in layers:
            field = _field(layer, "x") or _field(layer, "y")
            if _is_dashed_rule(layer) and field not in texts:
                found.append(str(field))
    return found


def test_every_dashed_rule_is_named_on_the_chart(built_book):
    unnamed = {}
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for chart_id, spec in _charts(page):
            missing = unnamed_rules(spec)
            if missing:
                unnamed[f"{chapter.notebook} {chart_id}"] = missing
    assert unnamed == {}


def _field(layer: dict, channel: str) -> str | None:
    value = (layer.get("encoding") or {}).get(channel) or {}
    return value.get("field") if isinstance(value, dict) else None


def numbers_at_bar_ends(spec) -> list[str]:
    """Text placed at a bar's end (at the bar's x field) that prints another measure: not the
    bar's value, nor that value in other units (proportional to it within each panel)."""
    found = []
    for layers in layer_groups(spec):
        ends = {_field(layer, "x") for layer in layers if _mark_type(layer) == "bar"} - {None}
        for layer in layers:
            text, end = _field(layer, "text"), _field(layer, "x")
            if _mark_type(layer) == "text" and end in ends and text not in ends and not _proportional(spec, text, end):
                found.append(f"{text} at the end of {end}")
    return found


def _proportional(top: dict, text: str, end: str) -> bool:
    """Whether ``text`` is ``end`` times one number in each panel of the chart's data."""
    panel = ((top.get("facet") or {}).get("row") or (top.get("facet") or {}).get("column") or {}).get("field")
    ratios: dict = {}
    for rows in (top.get("datasets") or {}).values():
        for row in rows:
            if row.get(text) is not None and row.get(end):
                ratios.setdefault(row.get(panel), set()).add(round(row[text] / row[end], 6))
    return bool(ratios) and all(len(values) == 1 for values in ratios.values())


def test_a_number_at_a_bars_end_is_that_bars_value(built_book):
    """Partner-group bars ended in the Section 232 share, not the rise they drew."""
    other = {}
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for chart_id, spec in _charts(page):
            if found := numbers_at_bar_ends(spec):
                other[f"{chapter.notebook} {chart_id}"] = found
    assert other == {}

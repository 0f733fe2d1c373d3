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


def unnamed_rules(spec) -> list[str]:
    """The position fields of dashed rules with no text layer beside them on that field."""
    found = []
    if isinstance(spec, dict):
        layers = spec.get("layer") or []
        texts = {
            (layer.get("encoding") or {}).get(axis, {}).get("field")
            for layer in layers
            if _mark_type(layer) == "text"
            for axis in ("x", "y")
        }
        for layer in layers:
            if _is_dashed_rule(layer):
                encoding = layer.get("encoding") or {}
                field = (encoding.get("x") or encoding.get("y") or {}).get("field")
                if field not in texts:
                    found.append(str(field))
        for key, value in spec.items():
            if key not in ("datasets", "encoding", "data"):
                found += unnamed_rules(value)
    elif isinstance(spec, list):
        for item in spec:
            found += unnamed_rules(item)
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

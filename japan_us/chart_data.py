"""The data behind every chart, as CSV a reader can download from beside the chart.

Each chart's spec carries the rows it draws (Altair's ``datasets``). Under the chart goes a
"Data (CSV)" link per dataset: a ``data:`` URI, so it works offline and with no file to
keep in step. Each file opens with ``#`` lines naming the chart, its units and period, its
source, the terms, the edition and how to cite it; ``pandas.read_csv(path, comment="#")``
reads the rows.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import urllib.parse
from typing import Any

from japan_us import BOOK, EDITION, EDITION_DATE, EDITION_TEXT

TERMS = "Compilation CC BY 4.0; the data keep their publishers' terms (see the book's Data and sources page)"


def links(spec: dict[str, Any], chart_id: str) -> str:
    """HTML for the chart's CSV downloads, one link per dataset it draws."""
    # (where the end labels of a line chart go is layout, not data: charts.end_labels)
    datasets = {name: rows for name, rows in (spec.get("datasets") or {}).items() if not is_layout(rows)}
    header = _header(spec)
    items = []
    for number, rows in enumerate(datasets.values(), start=1):
        label = "Data (CSV)" if len(datasets) == 1 else f"Data {number} of {len(datasets)} (CSV)"
        href = "data:text/csv;charset=utf-8," + urllib.parse.quote(header + to_csv(rows))
        name = f"{_slug(_title(spec)) or chart_id}-{number}.csv"
        items.append(f'<a href="{href}" download="{html.escape(name)}" data-chart="{chart_id}">{label}</a>')
    if not items:
        return ""
    return f'<p class="japan-us-chart-data">{" · ".join(items)}</p>'


def is_layout(rows: list[dict[str, Any]]) -> bool:
    """Rows that place a chart's labels rather than data (see :func:`japan_us.charts.end_labels`)."""
    return bool(rows) and all("end_label" in row for row in rows)


def to_csv(rows: list[dict[str, Any]]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A missing value (None, or NaN from a text column) is an empty cell, never "nan"."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _header(spec: dict[str, Any]) -> str:
    title = _title(spec)
    meta = spec.get("usermeta", {}).get("japan_us", {})
    lines = [
        f"Chart: {title}",
        f"Units and period: {_joined(_titles(spec).get('subtitle'))}",
        f"Source: {meta['source']}" if meta.get("source") else "",
        f"Note: {meta['note']}" if meta.get("note") else "",
        f"Terms: {TERMS}",
        EDITION_TEXT,
        f"Cite as: {BOOK}, edition {EDITION} ({EDITION_DATE}), chart '{title}'",
    ]
    return "".join(f"# {line}\n" for line in lines if line)


def _titles(spec: dict[str, Any]) -> dict[str, Any]:
    """The takeaway title and subtitle of a chart made by :func:`japan_us.charts.finish`."""
    return spec.get("title") if isinstance(spec.get("title"), dict) else {}


def _title(spec: dict[str, Any]) -> str:
    """The chart's title; a title that follows sliders is named by its default reading."""
    meta = spec.get("usermeta", {}).get("japan_us", {})
    return meta.get("title") or _joined(_titles(spec).get("text")) or spec.get("description", "")


def _joined(text: Any) -> str:
    return " ".join(text) if isinstance(text, list) else (text or "")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]

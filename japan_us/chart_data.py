"""The data behind every chart, as CSV a reader can download from beside the chart.

Each chart's spec carries the rows it draws (Altair's ``datasets``). Under the chart goes a
"Data (CSV)" link per dataset: a ``data:`` URI, so it works offline and with no file to
keep in step. Each file opens with ``#`` lines naming the chart, its units and period, its
source, the terms, the edition and how to cite it; ``pandas.read_csv(path, comment="#")``
reads the rows.

The rows are written for a spreadsheet: columns are named as the chart names them (its axis,
legend and tooltip titles, which carry the units), dates are written 2025-04-02 (with a time
only where one exists), and text that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import urllib.parse
from typing import Any

from japan_us import BOOK, EDITION, EDITION_DATE, edition_text, i18n
from japan_us.i18n import _


class BookDate:
    """The day the running chapter describes (its ``as_of``, set by ``setup_notebook``): each
    CSV names the record it was cut from."""

    as_of: str = EDITION_DATE


TERMS = "Compilation CC BY 4.0; the data keep their publishers' terms (see the book's Data and sources page)"


def links(spec: dict[str, Any], chart_id: str) -> str:
    """HTML for the chart's CSV downloads, one link per dataset it draws."""
    # (where the end labels of a line chart go is layout, not data: charts.end_labels)
    datasets = {name: rows for name, rows in (spec.get("datasets") or {}).items() if not is_layout(rows)}
    header = _header(spec)
    titles = field_titles(spec)
    items = []
    for number, (name, rows) in enumerate(datasets.items(), start=1):
        if len(datasets) == 1:
            label = _("Data (CSV)")
        else:
            label = _("Data {number} of {count} (CSV)").format(number=number, count=len(datasets))
        if i18n.is_japanese():  # column names stay the fields' own, for machines; the header says what each is
            csv_text = _columns_line(titles.get(name, {}), rows) + to_csv(rows, None, plain=True)
        else:
            csv_text = to_csv(rows, titles.get(name, {}))
        href = "data:text/csv;charset=utf-8," + urllib.parse.quote(header + csv_text)
        name = f"{_slug(_title(spec)) or chart_id}-{number}.csv"
        items.append(f'<a href="{href}" download="{html.escape(name)}" data-chart="{chart_id}">{label}</a>')
    if not items:
        return ""
    return f'<p class="japan-us-chart-data">{" · ".join(items)}</p>'


def is_layout(rows: list[dict[str, Any]]) -> bool:
    """Rows that place a chart's labels rather than data (see :func:`japan_us.charts.end_labels`)."""
    return bool(rows) and all("end_label" in row for row in rows)


def to_csv(rows: list[dict[str, Any]], titles: dict[str, str] | None = None, *, plain: bool = False) -> str:
    """The rows as CSV, each column headed by its title in ``titles`` (field: title) or by
    its field name in words; ``plain``: by its field name itself (the Japanese edition's
    files, whose header lines say what each column is)."""
    fields = list(dict.fromkeys(key for row in rows for key in row))
    midnight = {f for f in fields if _all_midnight(row.get(f) for row in rows)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_safe(name) for name in (fields if plain else column_names(fields, titles or {})))
    for row in rows:
        writer.writerow(_cell(row.get(f), f in midnight) for f in fields)
    return out.getvalue()


# Timestamps reach a chart's data as ISO text ("2025-04-02T00:00:00").
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(\.\d+)?)")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _all_midnight(values) -> bool:
    """Whether a column's timestamps are all days (time 00:00:00): then it holds dates."""
    stamps = [m for v in values if isinstance(v, str) and (m := _TIMESTAMP.fullmatch(v))]
    return bool(stamps) and all(not m.group(2).strip("0:.") for m in stamps)


def _cell(value: Any, dates: bool) -> Any:
    """A missing value (None, or NaN from a text column) is an empty cell, never "nan"; a
    timestamp in a column of days is its date; text is made safe for a spreadsheet."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        return value  # numbers stay numbers (a negative number is not a formula)
    if dates and (stamp := _TIMESTAMP.fullmatch(value)):
        return stamp.group(1)
    return _safe(value)


def _safe(text: str) -> str:
    """Text as a spreadsheet should read it. Text it would run as a formula (=, +, -, @, tab
    or carriage return first) goes behind a leading apostrophe, as OWASP advises against CSV
    injection; text that is a plain number ("-5") reads as that number and is left alone. Line
    breaks are written \\n: the writer quotes a cell holding one, but would leave a lone \\r
    bare, and a reader would end the row there."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def field_titles(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """For each dataset, the title the chart gives each field it draws from it (axis, legend,
    tooltip); a field titled twice gets the longer title, which usually carries the unit."""
    titles: dict[str, dict[str, str]] = {}
    _collect_titles(spec, spec.get("data", {}).get("name"), titles)
    return titles


def _collect_titles(view: dict[str, Any], dataset: str | None, titles: dict[str, dict[str, str]]) -> None:
    dataset = (view.get("data") or {}).get("name", dataset)
    channels = list((view.get("encoding") or {}).values())
    facet = view.get("facet") or {}
    channels += [facet] if "field" in facet else list(facet.values())
    definitions = [d for channel in channels for d in (channel if isinstance(channel, list) else [channel])]
    for definition in definitions:
        if not (dataset and isinstance(definition, dict) and isinstance(definition.get("field"), str)):
            continue
        field, title = definition["field"], _joined(definition.get("title"))
        known = titles.setdefault(dataset, {})
        known[field] = max(known.get(field, ""), title, key=len)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in view.get(key) or []:
            _collect_titles(part, dataset, titles)
    if isinstance(view.get("spec"), dict):  # a facet's or repeat's inner view
        _collect_titles(view["spec"], dataset, titles)


def column_names(fields: list[str], titles: dict[str, str]) -> list[str]:
    """Each field's title, or its name in words. A name taken twice is told apart by the
    field's own name, the field the chart titles keeping the plain one."""
    names: dict[str, str] = {}
    for field in sorted(fields, key=lambda f: f not in titles):  # titled fields first
        name = titles.get(field) or _words(field)
        names[field] = f"{name} ({field})" if name in names.values() else name
    return [names[field] for field in fields]


# The abbreviations of the project's field names, in words (units last, in brackets).
_UNITS = {
    "pct": "%",
    "pp": "percentage points",
    "usd": "US$",
    "jpy": "¥",
    "lcu": "local currency",
    "tn": "trillion",
    "bn": "billion",
    "m": "million",
    "bcm": "billion cubic metres",
    "per": "per",
    "mmbtu": "million BTU",
}
_WORDS = {
    "pct": "%",
    "id": "ID",
    "url": "URL",
    "gdp": "GDP",
    "gni": "GNI",
    "oda": "ODA",
    "iso3": "ISO code",
    "rd": "R&D",
}


def _words(field: str) -> str:
    """A field name in words: "share_gdp_pct" is "Share GDP (%)", "usd_bn" is "US$ billion"."""
    tokens = [t for t in field.split("_") if t]
    cut = len(tokens)
    while cut and (tokens[cut - 1] in _UNITS or re.fullmatch(r"const\d{4}", tokens[cut - 1])):
        cut -= 1
    units = " ".join(_UNITS.get(t) or f"constant {t[5:]} prices" for t in tokens[cut:])
    words = " ".join(_WORDS.get(t, t) for t in tokens[:cut])
    words = words[:1].upper() + words[1:]
    return f"{words} ({units})" if words and units else words or units or field


def _columns_line(titles: dict[str, str], rows: list[dict[str, Any]]) -> str:
    """A header line of a Japanese file: its column names stay the data's own field names, in
    English, for programs that read it; what the chart calls each (field: title)."""
    fields = list(dict.fromkeys(key for row in rows for key in row))
    named = "、".join(f"{field}＝{titles[field]}" for field in fields if titles.get(field))
    lines = [_("Column names are the data's field names, kept in English for programs that read the file.")]
    if named:
        lines.append(_("Columns: {columns}").format(columns=named))
    return "".join(f"# {line}\n" for line in lines)


def _header(spec: dict[str, Any]) -> str:
    if i18n.is_japanese():
        return _header_in_words(spec)
    title = _title(spec)
    meta = spec.get("usermeta", {}).get("japan_us", {})
    lines = [
        f"Chart: {title}",
        f"Units and period: {_joined(_titles(spec).get('subtitle'))}",
        f"Source: {meta['source']}" if meta.get("source") else "",
        f"Note: {meta['note']}" if meta.get("note") else "",
        f"Terms: {TERMS}",
        edition_text(BookDate.as_of),
        f"Cite as: {BOOK}, edition {EDITION} ({BookDate.as_of}), chart '{title}'",
    ]
    return "".join(f"# {line}\n" for line in lines if line)


def _header_in_words(spec: dict[str, Any]) -> str:
    """The header lines in the reader's language (the Japanese edition's)."""
    title = _title(spec)
    meta = spec.get("usermeta", {}).get("japan_us", {})
    lines = [
        _("Chart: {title}").format(title=title),
        _("Units and period: {subtitle}").format(subtitle=_joined(_titles(spec).get("subtitle"))),
        _("Source: {source}").format(source=meta["source"]) if meta.get("source") else "",
        _("Note: {note}").format(note=meta["note"]) if meta.get("note") else "",
        _("Terms: {terms}").format(
            terms=_(
                "Compilation CC BY 4.0; the data keep their publishers' terms (see the book's Data and sources page)"
            )
        ),
        edition_text(BookDate.as_of),
        _("Cite as: {book}, edition {edition} ({as_of}), chart '{title}'").format(
            book=_("Japan–US relations under the second Trump administration: a data companion"),
            edition=EDITION,
            as_of=BookDate.as_of,
            title=title,
        ),
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
    """Lines of a title as one line: joined by a space (Japanese lines, which have no spaces
    between words, by nothing)."""
    if not isinstance(text, list):
        return text or ""
    if not i18n.is_japanese():
        return " ".join(text)
    out = ""
    for line in text:
        out += " " if out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
        out += line
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]

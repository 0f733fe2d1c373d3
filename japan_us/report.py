"""Helpers for the chapter notebooks: glue numbers into the prose, show sourced tables."""

from __future__ import annotations

import html
from numbers import Number
from typing import Any

import pandas as pd
from IPython.core.formatters import format_display_data
from IPython.display import HTML, display
from myst_nb import glue
from myst_nb.ext.glue import GLUE_PREFIX

from japan_us import i18n, long_date
from japan_us.chapters.base import Chapter
from japan_us.data import resource
from japan_us.html_table import html_table
from japan_us.i18n import _, pgettext
from japan_us.sources import kind_words


def join_and(items: list[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c" ("" for none); in
    Japanese as a report lists them, "a、b、c"."""
    if i18n.is_japanese():
        return "、".join(items)
    return " and ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))


def in_a_sentence(country: str) -> str:
    """A country's name as a sentence uses it: "the United States", "Japan" (in Japanese its
    name from the glossary: 米国, 日本)."""
    if i18n.is_japanese():
        return i18n.term(country)
    plural = country.startswith("United ") or country in {"Netherlands", "Philippines"}
    return f"the {country}" if plural else country


def glue_values(**values: Any) -> None:
    """Glue each value under its keyword, as a plain Python value.

    NumPy scalars are converted first: their repr (``np.float64(1.37)``) would defeat the
    number formatting of ``{glue:text}`key:.1f```.
    """
    plain = {k: _plain(v) for k, v in values.items()}
    missing = [k for k, v in plain.items() if v is None or (isinstance(v, float) and v != v)]
    if missing:  # a sentence must never print "nan": fail where the number is computed
        raise ValueError(f"no value to glue for {missing}: the data behind them are missing")
    for key, value in plain.items():
        _glue_plain(key, value)


def _glue_plain(key: str, value: Any) -> None:
    """``glue(key, value, display=False)`` for a plain Python value, asking only IPython's
    text formatter: myst-nb's glue runs every formatter (HTML, LaTeX, images...), which for a
    number or a phrase all return nothing, at a tenth of a chapter's run."""
    bundle, metadata = format_display_data(value, include={"text/plain"})
    metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


def glue_output(key: str, output: Any) -> None:
    """Glue a displayable output (an HTML board, a chart) for another page to paste with
    ``{glue} path::key``; a chart as the book draws it (:func:`chart_render.book_renderer`)."""
    from japan_us.chart_render import book_renderer

    with book_renderer():
        glue(key, output, display=False)


def glue_chart(key: str, chart: Any) -> None:
    """Show a chart here and glue it for another page (the front page) to paste with
    ``{glue} key`` and ``:doc:`` this chapter."""
    glue(key, chart, display=True)


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, (str, list)):
        value = value.item()
    if isinstance(value, Number) and not isinstance(value, (bool, int, float)):
        value = float(value)
    return value


def table(
    df: pd.DataFrame,
    *,
    caption: str,
    links: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
    headings: dict[str, str] | None = None,
) -> HTML:
    """An accessible HTML table; ``links`` maps a text column to the column holding its URL,
    ``kinds`` a linked column to the column holding its source's kind, shown after the link
    in words ("(primary)").

    ``headings`` heads a column with the caller's words (in the reader's language, written
    at the call so that the caller's catalogue holds them); any other column is headed with
    its name in words ("fiscal_year_start" reads "Fiscal year start", see :func:`heading`).
    Missing values are empty and true/false read "yes"/"no". On a phone each row is a card,
    each cell after its heading (the book's stylesheet reads it from ``data-label``)."""
    links, kinds, headings = links or {}, kinds or {}, headings or {}
    shown = [c for c in df.columns if c not in {*links.values(), *kinds.values()}]
    rows = [[cell_text(row[col]) for col in shown] for _, row in df.iterrows()]
    cells = [(i, j, row, col) for i, (_, row) in enumerate(df.iterrows()) for j, col in enumerate(shown)]
    addresses = {(i, j): row[links[c]] for i, j, row, c in cells if c in links and is_web_address(row[links[c]])}
    after = {(i, j): kind_words(row[kinds[col]]) for i, j, row, col in cells if col in kinds and (i, j) in addresses}
    titles = [headings.get(c) or heading(str(c)) for c in shown]
    return HTML(html_table(titles, rows, caption=caption, links=addresses, after=after))


def heading(name: str) -> str:
    """A column's name as its heading reads: "fiscal_year_start" is "Fiscal year start" (in
    Japanese its translation, context "column")."""
    words = name.replace("_", " ")
    return pgettext("column", words[:1].upper() + words[1:])


def cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return pgettext("cell", "yes") if value else pgettext("cell", "no")
    return "" if pd.isna(value) else str(value)


def is_web_address(value: Any) -> bool:
    """Only http(s) addresses become links: a ``javascript:`` URL in a table would run on click."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def rank_text(values: pd.Series, value: float) -> str:
    """Where ``value`` ranks among ``values``, smallest first, ties shared: "6th", "joint 6th"
    (in Japanese 6位, 同率6位)."""
    rank = int((values < value).sum()) + 1
    tied = int((values == value).sum()) > 1
    if i18n.is_japanese():
        return f"{'同率' if tied else ''}{rank}位"
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{'joint ' if tied else ''}{rank}{suffix}"


def parameters_table(chapter: Chapter, values: dict[str, Any]) -> HTML:
    """This run's parameter values next to their defaults, types, ranges and meanings."""
    frame = pd.DataFrame(
        [
            {
                "parameter": f"{p.name} ({p.type_name})",
                "this run": _show(values[p.name]),
                "default": _show(p.default),
                "meaning": _meaning(p),
            }
            for p in chapter.params
        ]
    )
    headings = {
        "parameter": pgettext("column", "Parameter"),
        "this run": pgettext("column", "This run"),
        "default": pgettext("column", "Default"),
        "meaning": pgettext("column", "Meaning"),
    }
    shown = table(frame, caption=_("Parameters of this chapter (declared in japan_us/chapters/)"), headings=headings)
    return collapsed(
        _("The {count} parameters of this chapter and the values used for this page").format(count=len(frame)), shown
    )


def _meaning(p) -> str:
    """A parameter's meaning and its range or allowed values (the meaning in the reader's
    language: :func:`japan_us.params.Param.meaning`)."""
    if not p.describe_range():
        return p.meaning()
    if p.bounds:
        return _("{meaning}; range: {range}").format(meaning=p.meaning(), range=p.describe_range())
    return _("{meaning}; allowed: {range}").format(meaning=p.meaning(), range=p.describe_range())


def collapsed(summary: str, content: HTML) -> HTML:
    """Reference material at the end of a chapter, folded until a reader opens it."""
    return HTML(
        f"<details class='japan-us-reference'><summary>{html.escape(summary)}</summary>{content.data}</details>"
    )


def _show(value: Any) -> str:
    return i18n.list_separator().join(value) if isinstance(value, list) else str(value)


def event_dates(events: pd.DataFrame, event_ids: list[str]) -> dict[str, str]:
    """Each event's date written out (2 April 2025), keyed ``date_B1_3`` for event B1.3; events
    not in the table (not yet known on the chapter's date) are left out. An id that names no
    event at all is an error."""
    from japan_us.dated import event_days

    unknown = [e for e in event_ids if e not in event_days()]
    if unknown:
        raise KeyError(f"no event {', '.join(unknown)} in the events table")
    dates = events.set_index("event_id").date
    return {f"date_{e.replace('.', '_')}": long_date(dates[e]) for e in event_ids if e in dates.index}


def data_used(chapter: Chapter) -> HTML:
    """The tables a chapter reads, each linked to its entry on the data-and-sources page."""
    items = []
    for name in chapter.tables:
        res = resource(name)
        publishers = "; ".join(pgettext("datapackage", s["publisher"]) for s in res["sources"])
        title = html.escape(pgettext("datapackage", res["title"]))
        path = f"<code>data/{html.escape(res['path'])}</code>"
        link = f"<a href='../data.html#data-{name.replace('_', '-')}'>{title}</a>"
        if i18n.is_japanese():
            items.append(f"<li>{link}（{html.escape(publishers)}）、{path}</li>")
        else:
            items.append(f"<li>{link} ({html.escape(publishers)}), {path}</li>")
    listed = HTML(f"<ul class='japan-us-data-used'>{''.join(items)}</ul>")
    return collapsed(_("The {count} tables this chapter reads").format(count=len(items)), listed)


# The event categories of the data descriptor, in words.
EVENT_CATEGORIES = {
    "tariffs_trade": "Tariffs and trade",
    "defense": "Defense",
    "leaders_politics": "Leaders and politics",
    "multilateral": "Multilateral",
    "investment_energy": "Investment and energy",
    "china": "China",
}


def event_categories() -> dict[str, str]:
    """The event categories in the reader's language."""
    return {
        "tariffs_trade": pgettext("event category", "Tariffs and trade"),
        "defense": pgettext("event category", "Defense"),
        "leaders_politics": pgettext("event category", "Leaders and politics"),
        "multilateral": pgettext("event category", "Multilateral"),
        "investment_energy": pgettext("event category", "Investment and energy"),
        "china": i18n.term("China"),  # a country: the glossary's name
    }


def events_table(events: pd.DataFrame, *, caption: str, with_category: bool = False) -> HTML:
    """Dated facts with their confidence mark, caveat and linked source with its kind, oldest
    first; the caption gets the span of dates shown. Titles and caveats are shown in the
    reader's language (:func:`japan_us.i18n.data_text`)."""
    if len(events):
        first, last = events.date.min(), events.date.max()
        if i18n.is_japanese():
            caption = _("{caption}, {first}–{last}").format(
                caption=caption, first=i18n.month_year(first), last=i18n.month_year(last)
            )
        else:
            caption = f"{caption}, {first:%b %Y}–{last:%b %Y}"
    columns = (
        ["date"]
        + (["category"] if with_category else [])
        + ["title", "confidence", "caveat", "source_publisher", "source_url", "source_kind"]
    )
    shown = events.sort_values("date").assign(date=events.date.map(long_date))
    shown = shown.assign(category=shown.category.map(event_categories()))[columns]
    return table(
        events_in_words(shown),
        caption=caption,
        links={"source_publisher": "source_url"},
        kinds={"source_publisher": "source_kind"},
        headings={
            "date": pgettext("column", "Date"),
            "category": pgettext("column", "Category"),
            "title": pgettext("column", "Title"),
            "confidence": pgettext("column", "Confidence"),
            "caveat": pgettext("column", "Caveat"),
            "source_publisher": pgettext("column", "Source"),
        },
    )


def events_in_words(events: pd.DataFrame) -> pd.DataFrame:
    """Events with their titles and caveats in the reader's language (:func:`japan_us.i18n.data_text`;
    in English the frame itself)."""
    if not i18n.is_japanese():
        return events

    def words(text):
        return i18n.data_text("events", text) if isinstance(text, str) else text

    return events.assign(title=events.title.map(words), caveat=events.caveat.map(words))

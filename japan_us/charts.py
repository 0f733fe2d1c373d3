"""The chart recipes the chapters share (Altair); the theme and renderer they are drawn with
are in :mod:`japan_us.chart_render`.

Every chart leaves here with a takeaway title, a subtitle stating unit, geography and
period, a source line underneath, a description for screen readers, and tooltips.
"""

from __future__ import annotations

import json
import math
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from japan_us import i18n
from japan_us.chart_render import HEIGHT, WIDTH  # noqa: F401 (WIDTH: chapters size their panels by it)
from japan_us.i18n import _, pgettext
from japan_us.palette import (
    JAPAN_COLOR,
    JAPAN_TEXT,
    MUTED,
    entity_colour,
)
from japan_us.sources import source_labels

DAY = "%-d %B %Y"  # a date in a tooltip, written as long_date writes it in the prose
PHRASE_WIDTH = 24  # Latin characters: the widest piece of a Japanese title the chart script may not break
DAY_JA = "%Y年%-m月%-d日"  # the same in Japanese (tooltip() puts it in place of DAY)


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    note: str | None = None,
    reserve: int | None = None,
    live_title: list[str] | None = None,
    sliders: dict[str, str] | None = None,
) -> alt.TopLevelMixin:
    """Attach the takeaway title and subtitle, the source line (and note) and the
    screen-reader description.

    A single or layered chart takes its container's width (``width: "container"``, the
    whole chart fitted, labels included). The source and note travel in ``usermeta`` and are
    written under the chart as text by the renderer, where they wrap with the page. Facets
    and concatenations cannot take a container width in Vega-Lite: the book's chart script
    sizes their panels, keeping ``reserve`` pixels for axis labels and legends.

    A chart with sliders states its finding in ``live_title``: Vega expressions, one per
    line, that follow the sliders (``title`` is what they read at the chapter's parameters,
    and names the chart in its CSV file). ``sliders`` maps each slider to the format its
    value is shown and announced in ("percent" or "number").
    """
    # (str(): a constant source line such as SIPRI is written in the reader's language)
    source, note = str(source), None if note is None else str(note)
    meta = {"source": source, "note": note} | ({"reserve": reserve} if reserve else {})
    if i18n.is_japanese():
        # where the book's chart script may break the title and subtitle again for a narrow
        # screen: Japanese has no spaces (pieces of at most a phone line's width)
        meta["phrases"] = {
            "title": i18n.line_units(title, PHRASE_WIDTH),
            "subtitle": i18n.line_units(subtitle, PHRASE_WIDTH),
        }
    text: Any = _wrap(title, 62)
    if live_title:
        meta |= {"title": title, "sliders": sliders or {}}
        text = {"expr": "[" + ", ".join(live_title) + "]"}
    top = {
        "title": alt.TitleParams(text, subtitle=_wrap(subtitle, 90)),
        "description": description,
        "usermeta": {"japan_us": meta},
    }
    if isinstance(chart, (alt.Chart, alt.LayerChart)):
        top |= {"width": "container", "autosize": alt.AutoSizeParams(type="fit-x", contains="padding")}
    # Set on the chart itself: Altair's .properties() copies a layered chart by building it
    # anew, which deep-copies every layer to merge their parameters again, then checks each
    # value against the schema: a third of the time a chapter spends on its charts. The
    # build checks every spec once (schema_error). The chart is finish's to change: each
    # chart is finished once, where it is made.
    for name, value in top.items():
        setattr(chart, name, value)
    return chart


def _wrap(text: str, width: int) -> list[str]:
    """Vega titles do not wrap by themselves; a list of strings is drawn as lines. English
    breaks at spaces; Japanese between phrases (a kanji counts two characters), never inside
    a number (:func:`japan_us.i18n.wrap`)."""
    if i18n.is_japanese():
        return i18n.wrap(text, width)
    return textwrap.wrap(text, width) or [""]


def tooltip(*rows: tuple[str, str] | tuple[str, str, str]) -> list[alt.Tooltip]:
    """A chart's tooltip, a line per ``(column:type, title)`` or ``(column:type, title, format)``
    row, in the order given (typed channels: see :func:`picked`). A date in :data:`DAY`'s
    format is written as the reader's language writes a date."""
    return [
        alt.Tooltip(column, title=title, **({"format": _day(fmt[0])} if fmt else {})) for column, title, *fmt in rows
    ]


def _day(fmt: str) -> str:
    return DAY_JA if fmt == DAY and i18n.is_japanese() else fmt


def year_axis(field: str = "year", title: str | None = None, **scale: Any) -> alt.X:
    """The x-axis of a yearly series: whole years, no thousands separator ("2024", not "2,024")."""
    axis = alt.Axis(format="d")
    return alt.X(f"{field}:Q", title=title, axis=axis, **({"scale": alt.Scale(**scale)} if scale else {}))


HEADER_CHAR_WIDTH = 6.5  # pixels a character of a facet label takes, on average
PANEL_LINE = 46  # characters: a facet label line that fits a phone's column (panels one under another)


def panel_label(text: str, width: int = PANEL_LINE) -> str:
    """A facet label broken into lines that fit a phone's column ("|" between lines)."""
    return "|".join(line for line in i18n.wrap(text, width) if line)


def panel_header() -> alt.Header:
    """Facet labels above each panel, left-aligned: on one line where the panel is wide enough
    for it (``child_width``, Vega's width of each panel, as the reader's screen sets it), else
    a line per part of :func:`panel_label`."""
    one_line_fits = f"child_width >= {HEADER_CHAR_WIDTH} * length(datum.label)"
    return alt.Header(
        labelAngle=0,
        labelAlign="left",
        labelAnchor="start",
        labelOrient="top",
        labelExpr=f"{one_line_fits} ? join(split(datum.label, '|'), ' ') : split(datum.label, '|')",
    )


def subject_first(names, subject: str = "Japan") -> list[str]:
    """Series order for legends and labels: the chapter's subject, then the others by name."""
    names = set(names)
    return ([subject] if subject in names else []) + sorted(names - {subject})


def colour_by(field: str, colours: dict[str, str], **legend: Any) -> alt.Color:
    """Colour by a few named kinds (not entities), in the order and colours given."""
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    return alt.Color(f"{field}:N", title=None, sort=list(colours), scale=scale, **legend)


def highlight(field: str, value: str, colour: str | None = None) -> alt.ColorValue:
    """One mark in the subject's colour (Japan's unless said), every other one muted."""
    return alt.ColorValue(
        **alt.condition(alt.datum[field] == value, alt.value(colour or JAPAN_COLOR), alt.value(MUTED))
    )


def legend_selection(field: str) -> alt.Parameter:
    """Click a legend entry (shift-click for several) to pick series; hover highlights too.

    ``on`` is left to Vega-Lite: with ``on="click"`` a legend-bound selection ignores the
    first click (vega-lite issue 8267)."""
    return alt.selection_point(fields=[field], bind="legend")


def multi_line(
    df: pd.DataFrame,
    *,
    y: alt.Y,
    series: str,
    tooltip: list,
    x: alt.X | None = None,
    emphasis: str = "Japan",
    sort: list[str] | None = None,
    references: dict[str, float] | None = None,
) -> alt.LayerChart:
    """Lines per series, with legend selection, hover highlight and a tooltip on every point.

    Each series has its entity's colour (:func:`entity_colour`); ``emphasis``, the chapter's
    subject (Japan unless said), is drawn thicker and comes first in the legend (``sort``
    overrides the order). ``x`` is the year axis unless said. ``references`` (name -> value)
    are dashed horizontal rules, named at their end among the series' names, so that no name
    is drawn across a line.
    """
    x = x or year_axis()
    # Embed only the columns the chart uses: each page carries its charts' data.
    df = df[list(dict.fromkeys([_field(x), _field(y), series] + [_field(t) for t in tooltip]))]
    pick = legend_selection(series)
    hover = alt.selection_point(fields=[series], on="pointerover", clear="pointerout")
    domain = sort or subject_first(df[series], emphasis)
    colour = alt.Color(f"{series}:N", sort=domain, title=None, scale=entity_scale(domain))
    y_domain = y.to_dict(validate=False).get("scale", {}).get("domain")
    if y_domain is None:  # fixed, so that end labels can be placed in data units
        y_domain = list(nice_domain(df[_field(y)]))
        y = y.scale(domain=y_domain, nice=False)
    base = alt.Chart(df).encode(x=x, y=y, color=colour)
    lines = (
        base.mark_line()
        .encode(
            opacity=picked(pick, 1, 0.12),
            strokeWidth=_width(series, emphasis, hover),
        )
        .add_params(pick, hover)
    )
    # (the layers' colour scales are independent, for the labels' darker shades: only the
    # lines keep a legend)
    points = base.mark_circle(size=28).encode(
        color=alt.Color(f"{series}:N", sort=domain, scale=entity_scale(domain), legend=None),
        opacity=picked(pick, 0.9, 0.05),
        tooltip=tooltip,
    )
    # A name at the end of each line, so that no series is told apart by colour alone, in a
    # darker shade of its colour that is readable on white; names that would overlap are
    # moved apart, with a leader line to their line's end.
    references = references or {}
    ends = end_labels(df, _field(x), _field(y), series, y_domain, references)
    named_rules = _reference_rules(ends[ends[series].isin(references)], x, y, series)
    ends = ends[~ends[series].isin(references)]
    text_colour = alt.Color(f"{series}:N", sort=domain, scale=entity_scale(domain, text=True), legend=None)
    at_end = alt.Chart(ends).encode(x=x, color=text_colour, opacity=picked(pick, 1, 0.1))
    leaders = at_end.mark_rule(strokeWidth=0.8, x2Offset=4).encode(y=y, y2=alt.Y2("end_label"), x2=alt.X2(_field(x)))
    names = at_end.mark_text(align="left", dx=6, fontSize=11).encode(
        y=alt.Y("end_label:Q", title=y.to_dict(validate=False).get("title")), text=alt.Text(f"{series}:N")
    )
    return alt.layer(lines, *named_rules, points, leaders, names).resolve_scale(color="independent")


def _reference_rules(ends: pd.DataFrame, x: alt.X, y: alt.Y, series: str) -> list[alt.Chart]:
    """Dashed rules at the references' values, each named at its end (``end_label``)."""
    if ends.empty:
        return []
    base = alt.Chart(ends.rename(columns={series: "reference"})).encode(y=y)
    rules = base.mark_rule(strokeDash=[5, 4], color="#555").encode(
        tooltip=alt.Tooltip("reference:N", title=_("Reference"))
    )
    leaders = base.mark_rule(strokeWidth=0.8, x2Offset=4, color="#555").encode(
        x=x, y2=alt.Y2("end_label"), x2=alt.X2(_field(x))
    )
    names = base.mark_text(align="left", dx=6, fontSize=11, color="#333").encode(
        x=x, y=alt.Y("end_label:Q", title=y.to_dict(validate=False).get("title")), text=alt.Text("reference:N")
    )
    return [rules, leaders, names]


LABEL_GAP = 13  # px between the baselines of two end labels (11 px type)


def nice_domain(values: pd.Series, ticks: int = 8) -> tuple[float, float]:
    """A y domain from zero (or below) to a round number above the data, as Vega's "nice"
    would give; fixed in the spec so that end labels can be placed in data units."""
    lo, hi = min(0.0, float(values.min())), max(0.0, float(values.max()))
    raw = (hi - lo) / ticks or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def end_labels(
    df: pd.DataFrame, x: str, y: str, series: str, domain: list[float], references: dict[str, float] | None = None
) -> pd.DataFrame:
    """Each series' last point and where its name goes (``end_label``): at the point, or
    moved up or down just enough that no two names overlap in a plot ``HEIGHT`` pixels tall.
    ``references`` (name -> value) are placed among them, at the last x."""
    ends = df.dropna(subset=[y]).sort_values(x).groupby(series).tail(1)[[series, x, y]]
    rules = pd.DataFrame({series: list(references or {}), y: list((references or {}).values())})
    ends = pd.concat([ends, rules.assign(**{x: df[x].max()})]) if len(rules) else ends
    ends = ends.sort_values(y, ascending=False).reset_index(drop=True)
    gap = LABEL_GAP * (domain[1] - domain[0]) / HEIGHT
    spots = list(ends[y])
    for i in range(1, len(spots)):  # downwards: each name at least a gap below the one above
        spots[i] = min(spots[i], spots[i - 1] - gap)
    if not spots:
        return ends.assign(end_label=[])
    shift = max(0.0, domain[0] + gap / 2 - spots[-1])
    spots = [spot + shift for spot in spots]
    for i in range(len(spots) - 2, -1, -1):  # then upwards, if the bottom one was lifted
        spots[i] = max(spots[i], spots[i + 1] + gap)
    return ends.assign(end_label=spots)


def _field(channel) -> str:
    """The data column behind an encoding channel or tooltip, read unchecked (the build checks
    each whole spec: :func:`japan_us.chart_render.schema_error`)."""
    return channel.to_dict(validate=False)["field"]


def entity_scale(domain: list[str], *, text: bool = False) -> alt.Scale:
    """A colour scale for these entities, each in its own colour."""
    return alt.Scale(domain=domain, range=[entity_colour(name, text=text) for name in domain])


def picked(selection: alt.Parameter, on: float, off: float) -> alt.OpacityValue:
    """Opacity ``on`` for the marks a selection picks, ``off`` for the others. (Built as a typed
    channel: Altair turns a plain dict, as ``alt.condition`` gives, into one by looking its
    schema up among hundreds, a millisecond and a half each time.)"""
    return alt.OpacityValue(**alt.condition(selection, alt.value(on), alt.value(off)))


def _width(series: str, emphasis: str | None, hover: alt.Parameter):
    """Hovered line widest, the emphasised series next, the rest thin (a typed channel, as
    :func:`picked` says why)."""
    rule = alt.when(hover, empty=False).then(alt.value(4.5))
    if emphasis is not None:
        rule = rule.when(alt.datum[series] == emphasis).then(alt.value(3.5))
    return alt.StrokeWidthValue(**rule.otherwise(alt.value(1.8)))


def room_above(top: float) -> alt.Scale:
    """A y scale from zero to a round number far enough above ``top`` (the highest value a
    slider can reach) for the words at a point there (:func:`rising_line_label`)."""
    return alt.Scale(domain=list(nice_domain(pd.Series([1.08 * top]))), nice=False)


def rising_line_label(chosen: alt.Chart, x: str, y: str, text: str, middle: float) -> alt.LayerChart:
    """The words for the point a slider picks on a rising line (``text``, a Vega expression),
    on the side the line leaves clear: below and right of a point in the left half (up to
    ``middle`` on x), above and left of one in the right half, so that the line never crosses
    them and they never run off the chart (the y scale leaves room above: :func:`room_above`)."""
    words = chosen.transform_calculate(words=text)
    return alt.layer(
        *(
            words.transform_filter(f"datum.{x} {test} {middle}")
            .mark_text(align=align, baseline="middle", dx=dx, dy=dy, fontSize=13, color=JAPAN_TEXT)
            .encode(x=alt.X(f"{x}:Q"), y=alt.Y(f"{y}:Q"), text=alt.Text("words:N"))
            for test, align, dx, dy in (("<", "left", 10, 14), (">=", "right", -10, -14))
        )
    )


def two_line_labels(names, width: int = 24) -> str:
    """An axis's ``labelExpr`` that draws each of these names longer than ``width`` characters
    on two lines, broken at the space nearest its middle, instead of cutting it short."""
    expression = "datum.label"
    for name in dict.fromkeys(names):
        if i18n.display_width(name) > width and (lines := _two_lines(name)):
            expression = f"datum.label === {json.dumps(name)} ? {json.dumps(lines)} : {expression}"
    return expression


def _two_lines(name: str) -> list[str] | None:
    """A name in two lines, broken at the space nearest its middle (for Japanese, which has
    no spaces, at the phrase boundary nearest its middle); None if it cannot be broken."""
    if " " in name or not any(i18n.display_width(c) == 2 for c in name):
        spaces = [i for i, char in enumerate(name) if char == " "]
        if not spaces:
            return None
        middle = min(spaces, key=lambda i: abs(i - len(name) / 2))
        return [name[:middle], name[middle + 1 :]]
    parts = i18n.phrases(name)
    if len(parts) < 2:
        return None
    half = i18n.display_width(name) / 2
    cut = min(range(1, len(parts)), key=lambda k: abs(i18n.display_width("".join(parts[:k])) - half))
    return ["".join(parts[:cut]), "".join(parts[cut:])]


def named_rule(frame: pd.DataFrame, field: str, *, words: str, side: str = "left") -> alt.LayerChart:
    """A dashed vertical rule at ``field`` of the frame's one row (a threshold, where the
    projections start), named above the plot by ``words``, which start at the rule (``side``
    "left") or end at it ("right"), and in full (its ``label``) in the tooltip."""
    base = alt.Chart(frame.assign(words=words)).encode(x=alt.X(f"{field}:Q"))
    rule = base.mark_rule(strokeDash=[4, 3], color="#333").encode(
        tooltip=alt.Tooltip("label:N", title=pgettext("tooltip", "Note"))
    )
    name = base.mark_text(
        align=side, baseline="bottom", dx=3 if side == "left" else -3, dy=-3, fontSize=11, color="#333"
    ).encode(y=alt.YValue(0), text=alt.Text("words:N"))
    return alt.layer(rule, name)


def event_rules(events: pd.DataFrame, labels: dict[str, str], extent: tuple) -> alt.LayerChart:
    """Vertical rules for dated events (rows of events.csv), each named above the plot by its
    short label (``labels``: event id -> words), with the event, its date and its source in
    the tooltip. Names sit above the data, so that no line or marker crosses them, stacked in
    three rows joined to their rules by a dotted leader, so that events days apart do not
    write over each other; a name in the right half of the chart's ``extent`` (first and last
    day drawn) reads leftwards from its rule, so that it stays inside the chart."""
    frame = events[["event_id", "date", "title"]].assign(source=source_labels(events)).sort_values("date")
    if i18n.is_japanese():
        frame = frame.assign(title=frame.title.map(lambda title: i18n.data_text("events", title)))
    frame = frame.assign(label=frame.event_id.map(labels))
    if frame.label.isna().any():
        raise ValueError(f"no label for the event rules {', '.join(frame.event_id[frame.label.isna()])}")
    middle = pd.Timestamp(extent[0]) + (pd.Timestamp(extent[1]) - pd.Timestamp(extent[0])) / 2
    base = alt.Chart(frame).encode(x=alt.X("date:T"))
    dotted = {"color": "#777", "strokeDash": [2, 3]}
    rules = base.mark_rule(**dotted).encode(
        tooltip=tooltip(
            ("date:T", pgettext("tooltip", "Date"), DAY),
            ("title:N", pgettext("tooltip", "Event")),
            ("source:N", pgettext("tooltip", "Source")),
        ),
        size=alt.SizeValue(2),
    )
    # (rows and sides are layout, worked out by Vega: the data offered as CSV stay the events';
    # a row is the name's baseline in pixels above the plot)
    placed = base.transform_window(order="row_number()", sort=[{"field": "date"}]).transform_calculate(
        row="-5 - 13 * ((datum.order - 1) % 3)", right=f"time(datum.date) > {middle.value // 10**6}"
    )
    leaders = placed.mark_rule(**dotted).encode(y=alt.Y("row:Q", scale=None), y2=alt.Y2Value(0))
    names = [
        placed.transform_filter(f"datum.right == {str(side == 'right').lower()}")
        .mark_text(align=side, dx=-3 if side == "right" else 3, fontSize=11, color="#444")
        .encode(y=alt.Y("row:Q", scale=None), text=alt.Text("label:N"))
        for side in ("left", "right")
    ]
    return alt.layer(rules, leaders, *names)

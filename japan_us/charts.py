"""The report's chart theme and the chart recipes the chapters share (Altair).

Every chart leaves here with a takeaway title, a subtitle stating unit, geography and
period, a source line underneath, a description for screen readers, and tooltips.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections import Counter
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.mimebundle import spec_to_mimebundle

from japan_us import chart_data

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; grey and wine extend
# it for charts with more than eight series (lines are also labelled by name).
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
]
JAPAN_COLOR = "#D55E00"
WIDTH = 500  # with axes and labels, fits the book's content column
HEIGHT = 300
EMBED_OPTIONS = {"actions": {"export": True, "source": True, "compiled": False, "editor": False}}


@alt.theme.register("japan_us", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "#ffffff",
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": OKABE_ITO},
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "subtitleFontSize": 12,
                "subtitleColor": "#444",
                "offset": 10,
            },
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "columns": 4,
                "labelLimit": 220,
            },
            "line": {"strokeWidth": 2},
        }
    }


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON that can sit inside an HTML ``<script>`` block.

    ``<``, ``>`` and ``&`` only ever occur inside JSON strings, so writing them as ``\\u``
    escapes keeps the data identical while text such as ``</script>`` in a table can no
    longer end the block and run as script. A missing value (NaN) becomes ``null``, so a
    tooltip shows nothing rather than the word "NaN" (bare NaN is not JSON either).
    """

    def encode(self, o: Any) -> str:
        text = super().encode(_nan_to_none(o))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nan_to_none(v) for v in value]
    return value


class StableHTMLRenderer:
    """Altair's HTML output with a chart id derived from the spec, not a random UUID, so
    that two builds from the same inputs give identical pages; the spec is encoded with
    :class:`ScriptSafeJSONEncoder`. The same spec drawn twice gets ``-1``, ``-2``...
    Under each chart go the links to the data it draws (:mod:`japan_us.chart_data`).
    """

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.options = {
            "mode": "vega-lite",
            "template": "universal",
            "vega_version": alt.VEGA_VERSION,
            "vegaembed_version": alt.VEGAEMBED_VERSION,
            "vegalite_version": alt.VEGALITE_VERSION,
            "json_kwds": {"cls": ScriptSafeJSONEncoder},
        }

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        digest = hashlib.sha256(json.dumps(spec, sort_keys=True, cls=ScriptSafeJSONEncoder).encode()).hexdigest()
        self.seen[digest[:16]] += 1
        div = f"altair-viz-{digest[:16]}-{self.seen[digest[:16]]}"
        bundle = spec_to_mimebundle(spec, format="html", **(self.options | metadata), output_div=div)
        bundle["text/html"] += chart_data.links(spec, div)  # the rows it draws, as CSV
        return bundle


alt.renderers.register("japan_us", StableHTMLRenderer())
alt.renderers.enable("japan_us", embed_options=EMBED_OPTIONS)


def long_date(day) -> str:
    """A date written out, "2 April 2025": the one format for prose, titles and tables."""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%B %Y}"


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    note: str | None = None,
) -> alt.VConcatChart:
    """Attach the takeaway title, subtitle, source line (and note) and screen-reader text."""
    footer = _wrap(f"Source: {source}", 105) + (_wrap(f"Note: {note}", 105) if note else [])
    titled = chart.properties(title=alt.TitleParams(_wrap(title, 62), subtitle=_wrap(subtitle, 90)))
    return alt.vconcat(
        titled,
        title=alt.TitleParams(
            footer,
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color="#555",
            offset=12,
        ),
        description=description,
    )


def _wrap(text: str, width: int) -> list[str]:
    """Vega titles do not wrap by themselves; a list of strings is drawn as lines."""
    return textwrap.wrap(text, width) or [""]


def legend_selection(field: str) -> alt.Parameter:
    """Click a legend entry (shift-click for several) to pick series; hover highlights too.

    ``on`` is left to Vega-Lite: with ``on="click"`` a legend-bound selection ignores the
    first click (vega-lite issue 8267)."""
    return alt.selection_point(fields=[field], bind="legend")


def multi_line(
    df: pd.DataFrame,
    *,
    x: alt.X,
    y: alt.Y,
    series: str,
    tooltip: list,
    emphasis: str | None = None,
    sort: list[str] | None = None,
) -> alt.LayerChart:
    """Lines per series, with legend selection, hover highlight and a tooltip on every point.

    ``emphasis`` (a series value, e.g. "Japan") is drawn thicker and in a fixed colour.
    """
    # Embed only the columns the chart uses: each page carries its charts' data.
    df = df[list(dict.fromkeys([_field(x), _field(y), series] + [_field(t) for t in tooltip]))]
    pick = legend_selection(series)
    hover = alt.selection_point(fields=[series], on="pointerover", clear="pointerout")
    domain = sort or sorted(df[series].unique())
    colour = alt.Color(f"{series}:N", sort=domain, title=None, scale=_emphasis_scale(domain, emphasis))
    base = alt.Chart(df).encode(x=x, y=y, color=colour)
    lines = (
        base.mark_line()
        .encode(
            opacity=alt.condition(pick, alt.value(1), alt.value(0.12)),
            strokeWidth=_width(series, emphasis, hover),
        )
        .add_params(pick, hover)
    )
    points = base.mark_circle(size=28).encode(
        opacity=alt.condition(pick, alt.value(0.9), alt.value(0.05)), tooltip=tooltip
    )
    # A name at the end of each line, so that no series is told apart by colour alone.
    labels = (
        base.mark_text(align="left", dx=5, fontSize=11)
        .encode(
            text=f"{series}:N",
            opacity=alt.condition(pick, alt.value(1), alt.value(0.1)),
        )
        .transform_window(last="rank()", sort=[alt.SortField(_field(x), order="descending")], groupby=[series])
        .transform_filter(alt.datum.last == 1)
    )
    return alt.layer(lines, points, labels)


def _field(channel) -> str:
    """The data column behind an encoding channel or tooltip."""
    return channel.to_dict()["field"]


def _emphasis_scale(domain: list[str], emphasis: str | None) -> alt.Scale:
    others = [c for c in OKABE_ITO if c != JAPAN_COLOR]
    colours, i = [], 0
    for name in domain:
        if name == emphasis:
            colours.append(JAPAN_COLOR)
        else:
            colours.append(others[i % len(others)])
            i += 1
    return alt.Scale(domain=domain, range=colours)


def _width(series: str, emphasis: str | None, hover: alt.Parameter):
    """Hovered line widest, the emphasised series next, the rest thin."""
    rule = alt.when(hover, empty=False).then(alt.value(4.5))
    if emphasis is not None:
        rule = rule.when(alt.datum[series] == emphasis).then(alt.value(3.5))
    return rule.otherwise(alt.value(1.8))


def reference_lines(values: list[float], labels: list[str]) -> alt.LayerChart:
    """Dashed horizontal reference rules (e.g. 2%, 3.5%, 5% of GDP), labelled, with a tooltip."""
    frame = pd.DataFrame({"value": values, "label": labels})
    rules = (
        alt.Chart(frame)
        .mark_rule(strokeDash=[5, 4], color="#555")
        .encode(y="value:Q", tooltip=[alt.Tooltip("label:N", title="Reference")])
    )
    text = (
        alt.Chart(frame)
        .mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11)
        .encode(y="value:Q", x=alt.value(4), text="label:N")
    )
    return alt.layer(rules, text)


def event_rules(events: pd.DataFrame) -> alt.Chart:
    """Vertical rules for dated events (rows of events.csv), with the event, its date and its
    source in the tooltip."""
    return (
        alt.Chart(events[["date", "title", "source_publisher"]])
        .mark_rule(color="#777", strokeDash=[2, 3])
        .encode(
            x=alt.X("date:T"),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("source_publisher:N", title="Source"),
            ],
            size=alt.value(2),
        )
    )

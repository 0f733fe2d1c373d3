"""How the report's charts leave Python: the theme every chart is drawn in, the HTML renderer
(stable chart ids, script-safe JSON, the source line and data links under each chart), and the
build's display of charts, which leaves their schema check to :func:`schema_error`.

Importing this module (:mod:`japan_us.charts` does) registers and enables the theme and the renderer.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from collections import Counter
from typing import Any

import altair as alt
from altair.utils.mimebundle import spec_to_mimebundle

from japan_us import chart_data, i18n, jupyter
from japan_us.i18n import _, pgettext
from japan_us.palette import OKABE_ITO

WIDTH = 500  # with axes and labels, fits the book's content column
HEIGHT = 300
EMBED_OPTIONS = {"actions": {"export": True, "source": True, "compiled": False, "editor": False}}


# One face for a chart's letters, digits and kana: the Japanese edition names the Japanese
# faces first (the same stack as its pages' CSS), so that no title mixes two fonts.
FONTS = {
    "en": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "ja": "'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', YuGothic, 'Noto Sans CJK JP', 'Noto Sans JP', "
    "sans-serif",
}


@alt.theme.register("japan_us", enable=True)
def theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "background": "#ffffff",
            "font": FONTS[i18n.language()],
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
            # numbers and dates on an axis never collide: Vega drops every other one until they
            # fit (names on a nominal axis are all kept: each has its own row)
            "axisQuantitative": {"labelOverlap": True, "labelSeparation": 6},
            "axisTemporal": {"labelOverlap": True, "labelSeparation": 6},
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
            # Text as UTF-8, not \u escapes: a Japanese page's specs are a quarter lighter (gzip)
            "json_kwds": {"cls": ScriptSafeJSONEncoder, "ensure_ascii": False},
        }

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        spec = _yes_no(spec)
        digest = hashlib.sha256(json.dumps(spec, sort_keys=True, cls=ScriptSafeJSONEncoder).encode()).hexdigest()
        self.seen[digest[:16]] += 1
        div = f"altair-viz-{digest[:16]}-{self.seen[digest[:16]]}"
        bundle = spec_to_mimebundle(spec, format="html", **(self.options | metadata), output_div=div)
        bundle["text/html"] = _without_style(bundle["text/html"]) + notes(spec, div)
        return bundle


def _without_style(chart_html: str) -> str:
    """Altair's chart HTML less the ``<style>`` it opens with: HTML allows a style element
    only in the page's head, and the book's stylesheet has the same rules for every chart."""
    return re.sub(r"\A\s*<style>.*?</style>\s*", "", chart_html, count=1, flags=re.S)


def notes(spec: dict[str, Any], chart_id: str) -> str:
    """What goes under a chart: its source and note (from :func:`finish`) and the links to
    the rows it draws, as CSV (:mod:`japan_us.chart_data`)."""
    meta = spec.get("usermeta", {}).get("japan_us", {})
    source = _("Source: {source}").format(source=html.escape(meta["source"])) if meta else ""
    lines = [f"<p class='japan-us-chart-source'>{source}</p>"] if meta else []
    if meta.get("note"):
        note = _("Note: {note}").format(note=html.escape(meta["note"]))
        lines.append(f"<p class='japan-us-chart-note'>{note}</p>")
    lines.append(chart_data.links(spec, chart_id))
    return f"<div class='japan-us-chart-notes'>{''.join(lines)}</div>"


def _yes_no(spec: dict[str, Any]) -> dict[str, Any]:
    """True and false in a chart's data read "yes" and "no" in its tooltips and CSV."""
    words = {True: pgettext("cell", "yes"), False: pgettext("cell", "no")}
    datasets = {
        name: [{k: words[v] if isinstance(v, bool) else v for k, v in row.items()} for row in rows]
        for name, rows in (spec.get("datasets") or {}).items()
    }
    return spec | ({"datasets": datasets} if datasets else {})


# The book's pages announce the offline Vega bundle to Altair's template (japan_us.sphinx_ext);
# in a Jupyter kernel (JupyterLab, nbconvert, VS Code) a notebook's first chart brings it.
# One renderer for both: a chart's id counts the same spec drawn before, whichever drew it.
_BOOK = StableHTMLRenderer()
alt.renderers.register("japan_us", _BOOK)
alt.renderers.register("japan_us_jupyter", jupyter.OfflineRenderer(_BOOK))
alt.renderers.enable("japan_us_jupyter" if jupyter.in_kernel() else "japan_us", embed_options=EMBED_OPTIONS)


def book_renderer():
    """Charts drawn as the book's pages draw them, inside a ``with`` block: for a chart glued
    for another page, which in a kernel must not take the offline bundle that the first chart
    the notebook shows brings (the page that pastes it loads its own)."""
    return alt.renderers.enable("japan_us", embed_options=EMBED_OPTIONS)


class UncheckedDisplay:
    """Displays charts as Altair does, less its check of each spec against the Vega-Lite
    schema (a quarter of a chapter's run), keeping the specs so that the build checks them
    while Sphinx builds the pages (:func:`schema_error`). The project's runner installs it
    as the shell's display of Altair charts; under Jupyter or plain papermill, Altair's own
    display, check included, applies."""

    def __init__(self) -> None:
        self.specs: list[dict[str, Any]] = []

    def __call__(self, chart: alt.TopLevelMixin) -> dict[str, str]:
        spec = chart.to_dict(validate=False, context={"pre_transform": False})
        self.specs.append(spec)
        return alt.renderers.get()(spec)

    def take(self) -> list[dict[str, Any]]:
        """The specs displayed since the last call."""
        specs, self.specs = self.specs, []
        return specs


@functools.cache
def _schema_words() -> frozenset[str]:
    """Every string the Vega-Lite schema itself names (its enums and constants: mark and
    encoding types, orientations, alignments...)."""
    from altair.vegalite.v6.schema.core import TopLevelSpec

    words: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "enum":
                    words.update(v for v in value if isinstance(v, str))
                elif key == "const" and isinstance(value, str):
                    words.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(TopLevelSpec._rootschema)
    return frozenset(words)


def same_but_text(spec: Any, valid: Any) -> bool:
    """Whether ``spec`` is a spec found valid with only its free text changed: the same
    structure, and every string that differs none of the schema's own words. Then it is
    valid too, so a translated edition's charts (the same charts in other words) need no
    schema check of their own. (Datasets are named by a hash of their rows: compared in
    order; ``usermeta`` may hold anything.)"""
    if isinstance(spec, dict):
        if not isinstance(valid, dict):
            return False
        # ``usermeta`` is anything to the schema (the Japanese edition keeps its titles' phrases there)
        spec, valid = ({k: v for k, v in d.items() if k != "usermeta"} for d in (spec, valid))
        if spec.keys() != valid.keys():
            return False
        return all(
            same_but_text(list(spec[k].values()), list(valid[k].values()))
            if k == "datasets" and isinstance(spec[k], dict) and isinstance(valid[k], dict)
            else same_but_text(spec[k], valid[k])
            for k in spec
        )
    if isinstance(spec, list):
        if not isinstance(valid, list):
            return False
        if _free_text(spec) and _free_text(valid):  # lines of a title: as many as its words need
            return True
        return len(spec) == len(valid) and all(map(same_but_text, spec, valid))
    if isinstance(spec, str) and isinstance(valid, str):
        return spec == valid or not ({spec, valid} & _schema_words())
    return type(spec) is type(valid) and spec == valid


def _free_text(items: list) -> bool:
    return bool(items) and all(isinstance(item, str) and item not in _schema_words() for item in items)


def _one_row_of_each_type(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each of its datasets cut to one row of each type found in it: the same
    verdict, as Vega-Lite takes an inline dataset that is an array of numbers, of strings,
    of booleans or of objects, whatever the objects hold; a third less time to check (jsonschema
    tries each of the four against every row)."""
    datasets = {
        name: list({type(row): row for row in reversed(rows)}.values()) if isinstance(rows, list) else rows
        for name, rows in (spec.get("datasets") or {}).items()
    }
    return spec | ({"datasets": datasets} if datasets else {})


def schema_error(spec: dict[str, Any]) -> str | None:
    """Why a chart's spec is not valid Vega-Lite (the check Altair makes on display), or None."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import TopLevelSpec

    def error_in(spec: dict[str, Any]):
        return validate_jsonschema(spec, TopLevelSpec._schema, TopLevelSpec._rootschema, raise_error=False)

    if error_in(_one_row_of_each_type(spec)) is None:
        return None
    error = error_in(spec)  # (where, in the whole spec)
    title = spec.get("title", {})
    title = title.get("text", "") if isinstance(title, dict) else title
    found = json.dumps(error.instance, cls=ScriptSafeJSONEncoder)[:80]
    return f"the chart {str(title)[:60]!r} is not valid Vega-Lite: {error.json_path} is {found}: {error.message[:300]}"

"""Sphinx extension: serve Vega, Vega-Lite and Vega-Embed from the book's own ``_static``.

Altair's HTML output loads the three libraries from a CDN unless ``window.VEGA_DEBUG``
says the versions it wants are already loaded. This extension writes the offline bundle
from vl-convert into ``_static``, loads it in every page's ``<head>`` before the chart
scripts run, and announces the versions Altair expects, so no request leaves the machine.
"""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import vl_convert
from sphinx.application import Sphinx

BUNDLE_NAME = "vega-bundle.js"


def bundle_source() -> str:
    """The vl-convert bundle wrapped in a function scope (it defines a top-level ``_`` that
    would shadow Sphinx's translation helper), then the version announcement for Altair."""
    vl_version = "v" + ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    versions = {"vega_version": alt.VEGA_VERSION, "vegalite_version": alt.VEGALITE_VERSION,
                "vegaembed_version": alt.VEGAEMBED_VERSION}
    return ("(function () {\n" + vl_convert.javascript_bundle(vl_version=vl_version) + "\n})();\n"
            f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n")


def _write_bundle(app: Sphinx) -> None:
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / BUNDLE_NAME
    source = bundle_source()
    if not target.exists() or target.read_text() != source:
        target.write_text(source)


def _drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Inline scripts arrive twice in jupyter-book 1.0.4 (once with filename None, once with
    ''), and the second ``const THEBE_JS_URL`` is a console error on every page; keep each
    script once."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or None, repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    app.add_js_file(BUNDLE_NAME, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Charts that draw offline in a Jupyter kernel: JupyterLab, ``jupyter nbconvert --to html
--execute``, VS Code.

Altair's chart HTML (the book's, from :class:`japan_us.charts.StableHTMLRenderer`) loads Vega,
Vega-Lite and vega-embed from a CDN unless the page has announced them in ``VEGA_DEBUG``; the
book's pages do (:mod:`japan_us.sphinx_ext` loads the offline bundle once per page). A
notebook has no page head of its own, so in a kernel the first chart a notebook displays is
preceded by the same offline bundle, inline, and the announcement; every chart's HTML is the
book's, byte for byte, so a kernel's outputs are the project executor's plus one block
(:func:`without_bundle` takes it out).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any

# The rules the book's stylesheet gives every chart (japan_us/static/japan-us.css): a chart
# takes the width of its output area, which a chart ``width: "container"`` needs.
STYLE = (
    ".vega-embed { width: 100%; display: flex; } "
    ".vega-embed details, .vega-embed details summary { position: relative; }"
)
BLOCK = re.compile(r'<div class="japan-us-vega-bundle" hidden>.*?</script></div>\n', re.S)


def bundle_html() -> str:
    """The offline bundle as an inline script, then the versions it holds announced to
    Altair's chart HTML (as the book's pages announce them), with the charts' style rules."""
    from japan_us.vega_bundle import VERSIONS, bundle_source

    # An HTML parser ends a script at "</script" wherever it stands; "<\/" means the same in JS.
    source = bundle_source().replace("</script", "<\\/script")
    announce = f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(VERSIONS)});"
    return (
        f'<div class="japan-us-vega-bundle" hidden><style>{STYLE}</style>'
        f'<script type="text/javascript">\n{source}{announce}\n</script></div>\n'
    )


def without_bundle(chart_html: str) -> str:
    """A kernel's chart HTML as the book's executor writes it: the bundle block taken out."""
    return BLOCK.sub("", chart_html, count=1)


class OfflineRenderer:
    """Altair renderer for a kernel: ``chart_renderer``'s output, the first chart of the
    process preceded by :func:`bundle_html`. A kernel serves one notebook; a restarted kernel
    sends the bundle again."""

    def __init__(self, chart_renderer: Callable[..., dict[str, str]]) -> None:
        self.chart_renderer = chart_renderer
        self.sent = False

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        bundle = self.chart_renderer(spec, **metadata)
        if not self.sent:
            bundle["text/html"] = bundle_html() + bundle["text/html"]
            self.sent = True
        return bundle


def in_kernel() -> bool:
    """Whether this process is a Jupyter kernel. The book's executor runs chapters in a bare
    IPython shell, with no kernel: its pages load the bundle themselves."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None

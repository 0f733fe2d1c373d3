"""Charts that draw offline in a Jupyter kernel: JupyterLab, ``jupyter nbconvert --to html
--execute``, VS Code.

Altair's HTML loads Vega, Vega-Lite and vega-embed from a CDN unless the page announces them;
the book's pages do (:mod:`japan_us.sphinx_ext` loads the offline bundle once per page). A
notebook has no page head of its own, so in a kernel the first chart a notebook displays
carries the same offline bundle inline (about 900 KB, once), and every chart draws with the
copy the page holds; a chart whose output is shown before the bundle's (a saved notebook
whose outputs render out of order) waits for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import jinja2

# What a chart says when no bundle reached the page (outputs cleared, then one cell rerun in
# the same kernel): the next kernel's first chart brings it again.
NO_BUNDLE = (
    "Vega has not loaded in this page: it comes with the first chart a kernel draws. "
    "Restart the kernel and run the notebook from the top."
)

# One chart, drawn by the page's vegaEmbed, or queued until the bundle has run. The inline
# style stands for Altair's <style> block (StableHTMLRenderer drops it): the chart keeps the
# width of the output area, which a chart ``width: "container"`` needs.
CHART_TEMPLATE = jinja2.Template(
    """
<div id="{{ output_div }}" style="width: 100%; display: flex"></div>
<script type="text/javascript">
  (function (spec, embedOpt) {
    const id = "{{ output_div }}";
    let el = document.currentScript && document.currentScript.previousElementSibling;
    if (!el || el.id !== id) el = document.getElementById(id);
    const draw = () => vegaEmbed(el, spec, embedOpt).catch(err => {
      el.innerHTML = "<div class='error'></div>";
      el.firstChild.textContent = `Vega could not draw this chart: ${err.message}`;
    });
    if (typeof window.vegaEmbed === "function") return draw();
    (window.japanUsWaiting = window.japanUsWaiting || []).push(draw);
    setTimeout(() => { if (typeof window.vegaEmbed !== "function") el.textContent = NO_BUNDLE; }, 10000);
  })({{ spec }}, {{ embed_options }});
</script>
""".replace("NO_BUNDLE", json.dumps(NO_BUNDLE))
)


def bundle_script() -> str:
    """The offline bundle as an inline script that then draws the charts waiting for it."""
    from japan_us.vega_bundle import bundle_source

    # An HTML parser ends a script at "</script" wherever it stands; "<\/" means the same in JS.
    source = bundle_source().replace("</script", "<\\/script")
    return (
        '<script type="text/javascript" data-japan-us-vega-bundle>\n'
        f"{source}(window.japanUsWaiting || []).splice(0).forEach(draw => draw());\n</script>\n"
    )


class OfflineRenderer:
    """Altair renderer for a kernel: the chart HTML of ``chart_renderer`` (made with
    :data:`CHART_TEMPLATE`), the first one of the process preceded by :func:`bundle_script`.
    A kernel serves one notebook; a restarted kernel sends the bundle again."""

    def __init__(self, chart_renderer: Callable[..., dict[str, str]]) -> None:
        self.chart_renderer = chart_renderer
        self.sent = False

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        bundle = self.chart_renderer(spec, **metadata)
        if not self.sent:
            bundle["text/html"] = bundle_script() + bundle["text/html"]
            self.sent = True
        return bundle


def in_kernel() -> bool:
    """Whether this process is a Jupyter kernel. The book's executor runs chapters in a bare
    IPython shell, with no kernel: its pages load the bundle themselves."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None

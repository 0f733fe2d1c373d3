"""The PDF edition: the whole book as one A4 document, printed offline by Chromium.

Jupyter Book's own ``pdfhtml`` builder downloads a browser of its own and cannot run here,
and Sphinx's LaTeX route prints every chart as a Python repr. So the book is built once more
with the ``singlehtml`` builder and printed by Debian's Chromium (through playwright) when
every chart has drawn, with every request that would leave the machine refused. A title
page (edition, data-as-of date, scenario) goes before the theme's print table of contents;
print CSS removes the Vega menus and sliders, starts each chapter on a new page and fits
tables to the page; the footer numbers the pages.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from japan_us import BOOK_TITLE, BUILD_DIR, EDITION_TEXT, ROOT
from japan_us.build import BuildError
from japan_us.scenario import BASELINE, Scenario, scenario_output

# Debian's chromium, or the browser JAPAN_US_CHROMIUM names (a CI runner's Chrome).
CHROMIUM = os.environ.get("JAPAN_US_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SUBTITLE = "A data companion to Koji Tomita's essay (November 2024), two years on"

# Every chart container holds a drawn scene (or Vega's error box): what a reader sees. Pages
# are never awaited for network idle, which intermittently never fires here.
CHARTS_DRAWN = """() => [...document.querySelectorAll('div[id^="altair-viz-"]')].every(
  s => s.querySelector('.error') || s.querySelector('svg.marks g, canvas.marks'))"""

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html { font-size: 10.5pt; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .prev-next-area,
.bd-footer, .bd-footer-content, .bd-footer-article, .skip-link, .search-button-field,
.vega-embed details, .vega-bindings, .japan-us-chart-data, .headerlink, .toggle-secondary-sidebar,
.sidebar-primary-items__start { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-container,
.bd-container__inner, .bd-page-width { max-width: none !important; width: 100% !important;
  padding: 0 !important; margin: 0 !important; }
.toctree-wrapper > section { break-before: page; }
.japan-us-title-page { break-after: page; padding-top: 70mm; }
.japan-us-title-page h1 { font-size: 26pt; }
#jb-print-docs-body > h1 { display: none; }
#jb-print-docs-body { break-after: page; }
.vega-embed, figure, .cell_output { break-inside: avoid; }
.vega-embed svg { max-width: 100% !important; height: auto !important; }
table { font-size: 7.5pt; width: 100% !important; table-layout: auto; overflow-wrap: break-word; hyphens: auto; }
table td, table th { padding: 2px 4px !important; }
a { color: inherit; text-decoration: none; }
"""

# A title page before the theme's own print table of contents (text is set with textContent:
# nothing here is read as markup). Each chapter is a section the single page inlines in a
# toctree wrapper; each starts a new page.
TITLE_PAGE = """(meta) => {
  const contents = document.querySelector('#jb-print-docs-body');
  const title = document.createElement('section');
  title.className = 'japan-us-title-page';
  for (const [tag, text] of [['h1', meta.title], ['p', meta.subtitle], ['p', meta.edition], ['p', meta.scenario]]) {
    const el = document.createElement(tag); el.textContent = text; title.appendChild(el);
  }
  contents.before(title);
}"""


# Links as a PDF can hold them: a link to a page of the book goes to that chapter (or the
# anchor in it) inside the PDF; a link to a file the PDF cannot carry (the data package, the
# search page) keeps its text and loses its address; links out of the book are left alone.
# Vega draws links in its charts as SVG anchors, resolved the same way. Without this, every
# link between pages pointed at the temporary print server.
LOCAL_LINKS = """() => {
  const documents = new Map([...document.querySelectorAll('[id^="document-"]')]
    .map(el => [el.id.split('/').pop(), el.id]));
  for (const a of document.querySelectorAll('a[href], a[*|href]')) {
    const href = a.getAttribute('href') ?? a.getAttribute('xlink:href');
    const url = new URL(href, document.baseURI);
    if (url.origin !== location.origin) continue;
    const page = url.pathname.split('/').pop().replace(/\\.html$/, '');
    const anchor = url.hash.slice(1);
    const target = anchor && document.getElementById(decodeURIComponent(anchor)) ? anchor : documents.get(page);
    a.removeAttribute('xlink:href');
    if (target) a.setAttribute('href', '#' + target); else a.removeAttribute('href');
  }
}"""


def pdf_path(scenario: str) -> Path:
    return scenario_output(scenario).parent / "pdf" / "japan-us-relations.pdf"


def make_pdf(scenario: Scenario) -> Path:
    """Print the scenario's built book (its executed chapters must exist) to its PDF."""
    src = BUILD_DIR / "work" / scenario.name / "src"
    if not (src / "_toc.yml").exists():
        raise BuildError(f"scenario {scenario.name!r} has not been built: run `python -m japan_us build` first")
    single = build_single_page(src, BUILD_DIR / "work" / scenario.name / "singlehtml")
    target = pdf_path(scenario.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    print_page(single, partial, scenario.name)
    partial.replace(target)  # the last good PDF stays until the new one is complete
    return target


def build_single_page(src: Path, out: Path) -> Path:
    """The book as one HTML page, placed beside ``_static`` so that its relative links resolve."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    cmd = [jupyter_book, "build", str(src), "--builder", "singlehtml", "--path-output", str(out), "-W", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        problems = [line for line in (proc.stdout + proc.stderr).splitlines() if "WARNING" in line or "rror" in line]
        raise BuildError("jupyter-book singlehtml failed:\n    " + "\n    ".join(problems[-15:]))
    folder = out / "_build" / "singlehtml"
    page = folder / "print.html"
    shutil.copyfile(folder / "book" / "intro.html", page)
    return page


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a loopback port, for as long as the block runs."""
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def _launch(playwright):
    """Debian's Chromium, or one line saying why it cannot be used."""
    from playwright.sync_api import Error

    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    except Error as exc:
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        raise BuildError(
            f"cannot start Chromium ({CHROMIUM}) to print the PDF: {first.strip()}; install Debian's chromium "
            "(`make pdf` does) or name another browser in JAPAN_US_CHROMIUM"
        ) from None


def print_page(page: Path, target: Path, scenario: str) -> None:
    from playwright.sync_api import sync_playwright

    meta = {
        "title": BOOK_TITLE,
        "subtitle": SUBTITLE,
        "edition": EDITION_TEXT,
        "scenario": "Baseline: every parameter at its default"
        if scenario == BASELINE
        else f"Scenario: {scenario} (parameters differ from the baseline; see the Parameters chapter)",
    }
    footer = (
        f'<div style="font-size:7pt;width:100%;padding:0 14mm;color:#555;display:flex;'
        f'justify-content:space-between"><span>{html.escape(BOOK_TITLE)}. {html.escape(EDITION_TEXT)}</span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )
    with serve(page.parent) as base, sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            tab = browser.new_page(viewport={"width": 900, "height": 1200})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            tab.goto(f"{base}/{page.name}", wait_until="load")
            tab.wait_for_function(CHARTS_DRAWN, timeout=60_000)
            tab.add_style_tag(content=PRINT_CSS)
            tab.evaluate(TITLE_PAGE, meta)
            tab.evaluate(LOCAL_LINKS)
            tab.emulate_media(media="print")
            tab.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()

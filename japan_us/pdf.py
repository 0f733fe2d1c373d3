"""The PDF edition: the whole book as one A4 document, printed offline by Chromium.

Jupyter Book's own ``pdfhtml`` builder downloads a browser of its own and cannot run here,
and Sphinx's LaTeX route prints every chart as a Python repr. So the book is built once more
with the ``singlehtml`` builder and printed by Debian's Chromium (through playwright) when
every chart has drawn, with every request that would leave the machine refused. A title
page (edition, data-as-of date, scenario) goes before a contents page that gives each
chapter and section its page (read from a first printing); the PDF carries the same entries
as bookmarks. Print CSS removes the Vega menus and sliders (a line under the chart says at
which values it is drawn), starts each chapter on a new page and fits tables to the page;
folded passages print open, the claim board once; the footer numbers the pages. The PDF is
then published in the book it was printed from, with a link on its front page.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf

from japan_us import BUILD_DIR, EDITION_DATE, ROOT, edition_text, editions, files, i18n
from japan_us.build import BuildError, record_published
from japan_us.editions import short_title
from japan_us.i18n import SOURCE_LANGUAGE, _
from japan_us.scenario import BASELINE, Scenario, scenario_output

# Debian's chromium, or the browser JAPAN_US_CHROMIUM names (a CI runner's Chrome).
CHROMIUM = os.environ.get("JAPAN_US_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

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
.vega-embed, figure, .cell_output, .japan-us-claim { break-inside: avoid; }  /* a claim card prints whole */
h1, h2, h3, h4, summary { break-inside: avoid; break-after: avoid; }  /* a heading stays with its text */
.vega-embed svg { max-width: 100% !important; height: auto !important; }
table { font-size: 7.5pt; width: 100% !important; table-layout: auto; overflow-wrap: break-word; hyphens: auto; }
table td, table th { padding: 2px 4px !important; }
a { color: inherit; text-decoration: none; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }  /* a command line wraps: paper cannot scroll */
.japan-us-contents { list-style: none; padding: 0; margin: 0; }
.japan-us-contents li { display: flex; align-items: baseline; margin: 0.15em 0; }
.japan-us-contents .caption { font-weight: bold; margin-top: 0.8em; }
.japan-us-contents .level-1 { margin-top: 0.5em; }
.japan-us-contents .level-2 { padding-left: 1.5em; font-size: 0.92em; }
.japan-us-contents .leader { flex: 1; border-bottom: 1px dotted #888; margin: 0 0.4em; }
.japan-us-contents .page { min-width: 2em; text-align: right; }
.japan-us-print-omit { display: none !important; }
.japan-us-print-note { font-style: italic; }
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

# Folded passages print open (a reader of paper cannot unfold them); Vega's actions menu is
# a <details> too, and stays hidden.
OPEN_DETAILS = """() => {
  for (const d of document.querySelectorAll('details')) if (!d.closest('.vega-embed')) d.open = true;
}"""

# The contents with a page number per chapter and section. Chromium cannot count pages
# itself (no target-counter()), so every entry links to an anchor of its own, which Chromium
# writes as a named destination; the page each lands on is read from a first printing and
# written into the elements marked data-print-page-of (see print_numbered). Returns the
# entries, for the PDF's outline. The front page and the chapters list their sections.
CONTENTS = """() => {
  const nav = document.querySelector('#jb-print-toc nav');
  const list = document.createElement('ul');
  list.className = 'japan-us-contents';
  const entries = [];
  const line = (cls, text, target) => {
    const li = document.createElement('li');
    li.className = cls;
    const label = document.createElement(target ? 'a' : 'span');
    label.textContent = text;
    li.appendChild(label);
    if (target) {
      label.href = '#' + target;
      const leader = document.createElement('span'), page = document.createElement('span');
      leader.className = 'leader'; page.className = 'page'; page.dataset.printPageOf = target;
      li.append(leader, page);
    }
    list.appendChild(li);
  };
  const entry = (section, level, withSections) => {
    const heading = section.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
    const title = heading.cloneNode(true);
    title.querySelectorAll('.headerlink').forEach(a => a.remove());
    // (a heading print hides, as the front page's, which the title page stands for: its section)
    const anchor = heading.getClientRects().length ? heading : section;
    const target = anchor.id || (anchor.id = 'print-contents-' + entries.length);
    entries.push({title: title.textContent.trim(), target, level});
    line('level-' + level, entries.at(-1).title, target);
    if (withSections) for (const sub of section.querySelectorAll(':scope > section')) entry(sub, 2, false);
  };
  entry(document.querySelector('article.bd-article > section'), 1, true);
  for (const item of nav.querySelectorAll('.caption, a[href^="#document-"]')) {
    if (item.matches('.caption')) { line('caption', item.textContent.trim()); continue; }
    const href = item.getAttribute('href');  // each page follows the (empty) marker of its start
    entry(document.getElementById(href.slice(1)).nextElementSibling, 1, href.startsWith('#document-book/chapters/'));
  }
  nav.replaceChildren(list);
  return entries;
}"""

# The claim board prints once, in the chapter that argues it: on the front page only its
# counts stay, with a line saying where the board is (its page is filled in like the contents').
BOARD_ONCE = """(words) => {
  const boards = document.querySelectorAll('.japan-us-board');
  if (boards.length < 2) return;
  const [front, kept] = [boards[0], boards[boards.length - 1]];
  const heading = kept.closest('section').querySelector(':scope > h2, :scope > h3, :scope > h4');
  const title = heading.cloneNode(true);
  title.querySelectorAll('.headerlink').forEach(a => a.remove());
  const target = heading.id || (heading.id = 'print-board');
  for (const child of front.children)
    if (!child.matches('.japan-us-board-counts')) child.classList.add('japan-us-print-omit');
  const note = document.createElement('p');
  note.className = 'japan-us-print-note';
  const link = document.createElement('a');
  link.href = '#' + target;
  const [before, after] = words.pageOf.split('{page}');
  link.textContent = before.replace('{title}', title.textContent.trim());
  const page = document.createElement('span');
  page.dataset.printPageOf = target;
  link.append(page, after);
  const chapter = kept.closest('.toctree-wrapper > section')?.querySelector('.section-number');
  const sentence = chapter
    ? words.boardInChapter.replace('{chapter}', chapter.textContent.trim().replace(/\\.$/, ''))
    : words.board;
  const [start, end] = sentence.split('{link}');
  note.append(start, link, end);
  front.appendChild(note);
}"""

# A chart's sliders do not print: a line under each such chart says at which values it is
# drawn (the chart script names each slider and its value in the chart's own terms).
SLIDER_NOTES = """(words) => {
  for (const embed of document.querySelectorAll('.vega-embed')) {
    const sliders = [...embed.querySelectorAll('.vega-bindings input[type=range]')];
    if (!sliders.length) continue;
    const values = sliders.map(s => `${(s.getAttribute('aria-label') || s.name).trim()}: ` +
      (s.getAttribute('aria-valuetext') || s.value));
    const note = document.createElement('p');
    note.className = 'japan-us-print-note';
    const sentence = sliders.length > 1 ? words.sliders : words.slider;
    note.textContent = sentence.replace('{values}', values.join(words.comma));
    const notes = embed.parentElement.querySelector('.japan-us-chart-notes');
    if (notes) notes.appendChild(note); else embed.after(note);
  }
}"""

NUMBERED = "() => [...document.querySelectorAll('[data-print-page-of]')].map(el => el.dataset.printPageOf)"
FILL_PAGES = """(pages) => {
  for (const el of document.querySelectorAll('[data-print-page-of]'))
    el.textContent = pages[el.dataset.printPageOf] ?? '';
}"""


def pdf_path(scenario: str, lang: str = SOURCE_LANGUAGE) -> Path:
    suffix = "" if lang == SOURCE_LANGUAGE else f"-{lang}"
    return scenario_output(scenario).parent / "pdf" / f"japan-us-relations{suffix}.pdf"


def make_pdf(scenario: Scenario) -> list[Path]:
    """Print each edition of the scenario's built book (its executed chapters must exist) to
    its PDF."""
    return [make_edition_pdf(scenario, lang) for lang in scenario.languages]


def make_edition_pdf(scenario: Scenario, lang: str) -> Path:
    work = BUILD_DIR / "work" / scenario.name
    src = editions.src_folder(work, lang)
    if not (src / "_toc.yml").exists():
        raise BuildError(
            f"scenario {scenario.name!r} has not been built in {lang}: run `python -m japan_us build` first"
        )
    single = build_single_page(src, work / f"singlehtml-{lang}")
    target = pdf_path(scenario.name, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with i18n.use(lang):
        print_page(single, partial, scenario.name, scenario.as_of)
        partial.replace(target)  # the last good PDF stays until the new one is complete
        publish(scenario.name, target, editions.place(scenario.languages, lang))
    return target


PUBLISHED_NAME = "japan-us-relations.pdf"  # its address in the published book, the same for every edition
FRONT_PAGE = "book/intro.html"
PDF_EDITION_MARK = "<!-- japan-us: the PDF edition -->"  # where japan_us.sphinx_ext leaves room for the link
PDF_EDITION_LINK = re.compile(re.escape(PDF_EDITION_MARK) + r'(?:<p class="japan-us-pdf-edition">.*?</p>)?')


def publish(scenario: str, pdf: Path, place: str = "") -> None:
    """Put the PDF into the scenario's published book, with a link on its front page, and
    record both in the book's manifest, so that the next build finds the tree as it left it.
    A build that makes new HTML publishes neither: no page links to a PDF of other sources."""
    book = scenario_output(scenario) / place
    front = book / FRONT_PAGE
    page = front.read_text(encoding="utf-8")
    if PDF_EDITION_MARK not in page:
        raise BuildError(f"{front} has no place for the link to the PDF edition: build the book again")
    pages, size = len(pypdf.PdfReader(pdf).pages), pdf.stat().st_size / 1e6
    same = (
        _("({pages} A4 pages, {size:.1f} MB): the same edition as these pages.")
        if scenario == BASELINE
        else _("({pages} A4 pages, {size:.1f} MB): the same scenario and edition as these pages.")
    ).format(pages=pages, size=size)
    whole = html.escape(_("The whole book as one PDF"))
    link = f'<p class="japan-us-pdf-edition"><a href="../{PUBLISHED_NAME}">{whole}</a> {html.escape(same)}</p>'
    files.write_atomically(book / PUBLISHED_NAME, pdf.read_bytes())
    files.write_atomically(front, PDF_EDITION_LINK.sub(PDF_EDITION_MARK + link, page, count=1).encode())
    record_published(scenario)


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


def print_words() -> dict[str, str]:
    """The words the print scripts add, in the edition's language."""
    return {
        "pageOf": _("“{title}”, page {page}"),
        "board": _("Every claim, with its verdict and the evidence, is printed once: see {link}."),
        "boardInChapter": _(
            "Every claim, with its verdict and the evidence, is printed once in chapter {chapter}: see {link}."
        ),
        "slider": _("In print the chart shows {values}; in the web edition a slider sets it."),
        "sliders": _("In print the chart shows {values}; in the web edition sliders set them."),
        "comma": _(", "),
    }


def print_page(page: Path, target: Path, scenario: str, as_of: str = EDITION_DATE) -> None:
    from playwright.sync_api import sync_playwright

    meta = {
        "title": short_title(),
        "subtitle": _("A data companion to Koji Tomita's essay (November 2024), two years on"),
        "edition": edition_text(as_of),
        "scenario": _("Baseline: every parameter at its default")
        if scenario == BASELINE
        else _("Scenario: {name} (parameters differ from the baseline; see the Parameters chapter)").format(
            name=scenario
        ),
    }
    footer = (
        f'<div style="font-size:7pt;width:100%;padding:0 14mm;color:#555;display:flex;'
        f'justify-content:space-between"><span>{html.escape(short_title())}. {html.escape(edition_text(as_of))}</span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )
    with serve(page.parent) as base, sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            tab = browser.new_page(viewport={"width": 900, "height": 1200})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            tab.goto(f"{base}/{page.name}", wait_until="load")
            tab.evaluate(OPEN_DETAILS)  # before the charts draw, so that folded ones draw at full width
            tab.wait_for_function(CHARTS_DRAWN, timeout=60_000)
            tab.add_style_tag(content=PRINT_CSS)
            tab.emulate_media(media="print")
            tab.evaluate(TITLE_PAGE, meta)
            entries = tab.evaluate(CONTENTS)
            tab.evaluate(BOARD_ONCE, print_words())
            tab.evaluate(SLIDER_NOTES, print_words())
            tab.evaluate(LOCAL_LINKS)
            document, pages = print_numbered(
                tab,
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
    target.write_bytes(with_outline(document, entries, pages))


def print_numbered(tab, **options) -> tuple[bytes, dict[str, int]]:
    """Print until every page number written in the contents is the page its heading
    prints on (two printings: the numbers take room kept for them in the first)."""
    wanted = set(tab.evaluate(NUMBERED))
    pages: dict[str, int] = {}
    for _attempt in range(3):
        document = tab.pdf(**options)
        found = anchor_pages(document)
        if wanted - found.keys():
            raise BuildError(f"the PDF has no destination for {sorted(wanted - found.keys())}: a heading did not print")
        found = {name: found[name] for name in wanted}
        if found == pages:
            return document, pages
        pages = found
        tab.evaluate(FILL_PAGES, pages)
    raise BuildError("the page numbers of the PDF's contents did not settle after three printings")


def anchor_pages(document: bytes) -> dict[str, int]:
    """The page (from 1) of every named destination Chromium wrote: one per linked anchor."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    return {
        name.removeprefix("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def with_outline(document: bytes, entries: list[dict], pages: dict[str, int]) -> bytes:
    """The PDF with bookmarks: each entry of the contents, sections under their chapter."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(document)))
    parent = None
    for entry in entries:
        item = writer.add_outline_item(
            entry["title"], pages[entry["target"]] - 1, parent=parent if entry["level"] == 2 else None
        )
        if entry["level"] == 1:
            parent = item
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

"""Sphinx extension: serve Vega, Vega-Lite and Vega-Embed from the book's own ``_static``.

Altair's HTML output loads the three libraries from a CDN unless ``window.VEGA_DEBUG``
says the versions it wants are already loaded. This extension writes the offline bundle
from vl-convert into ``_static``, loads it in every page's ``<head>`` before the chart
scripts run, and announces the versions Altair expects, so no request leaves the machine.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ext import add_global_html_resources
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from japan_us import AS_OF_FILE, EDITION_DATE, dated, edition_text, icons
from japan_us.editions import book_description, book_title
from japan_us.i18n import _
from japan_us.sphinx_editions import translate_theme_words
from japan_us.vega_bundle import VERSIONS, bundle_source

BUNDLE_NAME = "vega-bundle.js"


STATIC = Path(__file__).parent / "static"  # the book's stylesheet and chart script


def _refuse_a_book_without_chapters(app: Sphinx, env, docnames) -> None:
    """`jupyter-book build .` at the repository root finds no chapters (they exist only in the
    source the project assembles) and would write a book of three pages over the published
    one: it stops before reading a page, so before writing one, and says which command builds
    the book. (Not earlier: the project's worker sets Sphinx up before the chapters exist.)"""
    if not (Path(app.srcdir) / "book" / "chapters").is_dir():
        raise ExtensionError(
            f"{app.srcdir} holds no chapters: build the book with `make book` "
            "(or `python -m japan_us build`), which executes and assembles them; "
            "`jupyter-book build .` at the repository root would publish a book without them"
        )


def _add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def embed_stub(versions: dict[str, str]) -> str:
    """Inline script for the page head: Altair's chart scripts find the Vega versions they
    need announced (so they load nothing from a CDN) and a ``vegaEmbed`` that queues their
    calls until the deferred libraries and the book's chart script have loaded."""
    return (
        f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n"
        "window.japanUsQueuedCharts = [];\n"
        "window.vegaEmbed = (el, spec, options) => new Promise((resolve, reject) =>\n"
        "  window.japanUsQueuedCharts.push({el, spec, options, resolve, reject}));\n"
    )


def _add_favicon(app: Sphinx, config) -> None:
    """The book's icon in browser tabs and bookmarks (an SVG of a few hundred bytes)."""
    config.html_favicon = config.html_favicon or str(STATIC / "favicon.svg")


DESCRIPTION_LENGTH = 155  # what search results show under a page's title


def _describe_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A meta description for search results and link previews: the page's first paragraph
    of prose (a line such as "Essay section 1." is too short to describe it), else the book's
    title, cut at a word."""
    if 'name="description"' in context.get("metatags", ""):
        return
    prose = (p.astext() for p in doctree.findall(nodes.paragraph)) if doctree else ()
    text = " ".join(next((t for t in prose if len(t) >= 100), book_description()).split())
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(text)}">'


def _drop_print_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The theme's ".pdf" download button prints only the page on screen, as the browser
    would: not the book's PDF edition, which the front page links to once it is printed."""
    for group in context.get("header_buttons", []):
        if group.get("type") == "group":
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]


def _write_bundle(app: Sphinx) -> None:
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / BUNDLE_NAME
    source = bundle_source()
    if not target.exists() or target.read_text() != source:
        target.write_text(source)


def _write_mystnb_css_early(app: Sphinx) -> None:
    """myst-nb copies its stylesheet only when the build finishes, so a clean build writes
    pages before it exists (no ``?v=`` checksum in their links) and an incremental one after
    (with a checksum). Copying it first makes both give the same bytes."""
    add_global_html_resources(app, None)


def _drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Inline scripts arrive twice in jupyter-book 1.0.4 (once with filename None, once with
    ''), and the second ``const THEBE_JS_URL`` is a console error on every page; keep each
    script once."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (
            getattr(script, "filename", script) or None,
            repr(sorted(getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


# ``{glue:text}`chapters/03_frictions.ipynb::key:.1f``` and ``{glue}`path::key``` on other
# pages, and the ``:doc: path`` option of a ``{glue}`` directive.
GLUE_FROM = re.compile(r"\{glue(?::\w+)?\}`([^`:]+?)::|^:doc:\s*(\S+)\s*$", re.M)


def _note_glue_sources(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page that glues values from a notebook depends on that notebook: an incremental
    build re-reads the page whenever the notebook changes, so no glued value goes stale.
    (Sphinx rewrites a toctree parent such as the front page anyway, and myst-nb resolves
    its glue when writing; any other page would keep stale values without this.)"""
    here = Path(app.env.doc2path(docname)).parent
    for target in sorted({role or option for role, option in GLUE_FROM.findall(source[0])}):
        app.env.note_dependency(str((here / target).resolve()))


def _note_book_date(app: Sphinx, docname: str, source: list[str]) -> None:
    """Every page depends on the book's date (its footer and citation give it): a book rebuilt
    as of another day rewrites every page, not only those whose text changed."""
    if (Path(app.srcdir) / AS_OF_FILE).exists():
        app.env.note_dependency(str(Path(app.srcdir) / AS_OF_FILE))


def book_as_of(app: Sphinx) -> str:
    """The day the book describes, as the project's build wrote it into the sources (the
    edition's date for a book built by Jupyter Book alone)."""
    path = Path(app.srcdir) / AS_OF_FILE
    return path.read_text(encoding="utf-8").strip() if path.exists() else EDITION_DATE


def _stamp_edition(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The edition and the book's date in every page's footer. Every page depends on the date
    (``_note_book_date``), so a book rebuilt as of another day rewrites every footer."""
    context["theme_extra_footer"] = (
        context.get("theme_extra_footer") or ""
    ) + f"<p>{edition_text(book_as_of(app))}.</p>"


def _cite_this_chapter(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A "Cite this chapter" line at the end of each chapter page."""
    if not docname.startswith("book/chapters/"):
        return
    section = doctree.next_node(nodes.section)
    title = app.env.titles[docname].astext()
    line = nodes.paragraph(classes=["japan-us-cite"])
    line += nodes.strong(text=_("Cite this chapter: "))
    line += nodes.Text(
        _("“{title}”. In {book}. {edition}. Chapter page {page}.html.").format(
            title=title, book=book_title(), edition=edition_text(book_as_of(app)), page=docname
        )
    )
    (section or doctree).append(line)


PDF_EDITION_MARK = "<!-- japan-us: the PDF edition -->"


def _mark_pdf_edition(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The place on the front page, before its first section, where the link to the PDF
    edition goes once `python -m japan_us pdf` has printed the book and published the PDF
    beside it (japan_us.pdf.publish): a page never links to a PDF the book lacks."""
    if docname != app.config.root_doc:
        return
    front = doctree.next_node(nodes.section)
    if front is None:
        return
    mark = nodes.raw("", PDF_EDITION_MARK, format="html")
    first = next((child for child in front.children if isinstance(child, nodes.section)), None)
    front.insert(front.index(first) if first else len(front.children), mark)


def _reduce_icons(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        icons.write_reduced_script(Path(app.outdir))


def _skip_vega_without_charts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A page that draws no chart loads neither Vega (300 KB gzip) nor the chart script."""
    if "altair-viz-" in context.get("body", ""):
        return
    charts = {f"_static/{BUNDLE_NAME}", "_static/japan-us-charts.js"}
    context["script_files"][:] = [
        script
        for script in context.get("script_files", [])
        if getattr(script, "filename", script) not in charts
        and getattr(script, "attributes", {}).get("body") != embed_stub(VERSIONS)
    ]


# The theme's markup, made valid HTML (Nu checker) and accessible (axe-core): a pattern in
# the pages it writes, and what replaces it.
THEME_FIXES = [
    # ``autocorrect`` is not an attribute of HTML
    (re.compile(r'\s+autocorrect="off"'), ""),
    # the search button's name is its visible text ("Search Ctrl+K"), not a shorter label
    (re.compile(r'(<button class="btn search-button-field [^>]*?) aria-label="[^"]*"'), r"\1"),
    # the side bar with the book's title and search is a landmark: no content outside one
    (re.compile(r'(<div id="pst-primary-sidebar" class="[^"]*")>'), r'\1 role="region" aria-label="Book">'),
]


# The theme loads Sphinx's search scripts and the whole search index on every page (23 KB
# gzip, 57 KB in Japanese), for a search-as-you-type the book leaves off (the theme's
# default): the search page, which loads them itself, is the only one that uses them.
SEARCH_SCRIPTS = re.compile(
    r'\n\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)


def _fix_theme_markup(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = fixed = page.read_text(encoding="utf-8")
        for pattern, replacement in THEME_FIXES:
            fixed = pattern.sub(replacement, fixed)
        if page != Path(app.outdir) / "search.html":
            fixed = SEARCH_SCRIPTS.sub("", fixed)
        fixed = translate_theme_words(fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _write_redirect(app: Sphinx, exception: Exception | None) -> None:
    """``index.html`` at the book's root sends a reader to the front page, as a valid HTML
    page with a link (sphinx-external-toc, which runs after this, writes a bare ``<meta>``
    where no index exists)."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    front = f"{app.config.root_doc}.html"
    title = html.escape(book_title())
    page = (
        f'<!DOCTYPE html>\n<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={front}">\n<link rel="canonical" href="{front}">\n'
        f'</head>\n<body>\n<p><a href="{front}">{title}</a></p>\n</body>\n</html>\n'
    )
    target = Path(app.outdir) / "index.html"
    if not target.exists() or target.read_text(encoding="utf-8") != page:
        target.write_text(page, encoding="utf-8")


class DatedPassage(SphinxDirective):
    """``:::{known-from} B1.15`` (or ``known-until``) in a source the project's build did not
    resolve (Jupyter Book run on the notebooks themselves): the passage as of the edition."""

    required_arguments = 1
    has_content = True

    def run(self) -> list:
        kind = self.name.removeprefix("known-")
        return self.parse_content_to_nodes() if dated.shown({f"known_{kind}": self.arguments[0]}, EDITION_DATE) else []


def setup(app: Sphinx) -> dict:
    app.add_directive("known-from", DatedPassage)
    app.add_directive("known-until", DatedPassage)
    app.setup_extension("japan_us.sphinx_editions")
    app.connect("env-before-read-docs", _refuse_a_book_without_chapters)
    app.connect("config-inited", _add_static_path)
    app.connect("config-inited", _add_favicon)
    app.connect("html-page-context", _describe_page)
    app.connect("html-page-context", _drop_print_button, priority=600)  # after the theme adds it (501)
    app.connect("build-finished", _reduce_icons)
    app.connect("build-finished", _fix_theme_markup)
    app.connect("build-finished", _write_redirect, priority=400)
    app.connect("html-page-context", _skip_vega_without_charts)
    app.connect("builder-inited", _write_bundle)
    app.add_css_file("japan-us.css")
    app.connect("html-page-context", _stamp_edition)
    app.connect("doctree-resolved", _cite_this_chapter)
    app.connect("doctree-resolved", _mark_pdf_edition)
    app.connect("builder-inited", _write_mystnb_css_early)
    app.connect("source-read", _note_glue_sources)
    app.connect("source-read", _note_book_date)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=100)
    # Nothing but the page's HTML and CSS blocks its text: the stub is a few lines, the Vega
    # libraries and the chart script are deferred (and run in this order).
    app.add_js_file(None, body=embed_stub(VERSIONS), priority=100)
    app.add_js_file(BUNDLE_NAME, priority=101, defer="defer")
    app.add_js_file("japan-us-charts.js", priority=102, defer="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

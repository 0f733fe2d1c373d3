"""The whole book: built with warnings as errors, reused when nothing changed, and a failure
of any kind leaves the last good HTML untouched."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import urllib.parse
import zipfile
from html import unescape

import nbformat
import pandas as pd
import pypdf
import pytest
from conftest import ROOT, glued, notebooks_with_cell, run_cli

from japan_us import DATA_DIR, EDITION_TEXT, build, cache, chart_data, charts, files, long_date, palette
from japan_us.chapters import CHAPTERS

pytestmark = pytest.mark.book
PAGES = (
    ["book/intro.html", "book/parameters.html", "book/data.html"]
    + [f"book/chapters/{c.notebook}.html" for c in CHAPTERS]
    + ["book/how_numbers_move.html"]
)


def snapshot(html_dir):
    return {p.relative_to(html_dir): p.read_bytes() for p in html_dir.rglob("*.html")}


def test_book_has_every_page_with_glued_text_and_no_cdn(built_book):
    for page in PAGES:
        text = (built_book / page).read_text()
        assert "{glue" not in text, f"unresolved glue role in {page}"
        assert 'class="math' not in text, f"dollar signs parsed as LaTeX in {page}"
        assert not re.search(r'<script[^>]+src="https?://', text), f"remote script in {page}"
        # Vega is served by the book itself, and only to pages that draw a chart: the chapters,
        # the front page (the essay's story in one chart) and the tornado charts of the ranges
        charted = "chapters" in page or page in ("book/intro.html", "book/how_numbers_move.html")
        assert ("vega-bundle.js" in text) == ("altair-viz-" in text) == charted, page
    assert (built_book / "_static" / "vega-bundle.js").stat().st_size > 500_000


def test_prose_carries_the_glued_values(built_book, build_dir):
    executed = build_dir / "work" / "baseline" / "src" / "book" / "chapters" / "03_frictions.ipynb"
    values = glued(executed)
    page = (built_book / "book/chapters/03_frictions.html").read_text()
    assert f"{values['japan_share_latest']:.2f}%" in page
    assert f"US${values['scenario_duty_bn']:,.1f} billion" in page
    assert "March 2027" in page


def test_generated_pages_list_parameters_and_sources(built_book):
    params = (built_book / "book/parameters.html").read_text()
    for chapter in CHAPTERS:
        for p in chapter.params:
            assert p.name in params
    sources = (built_book / "book/data.html").read_text()
    for name in (
        "SIPRI Military Expenditure Database",
        "U.S. Census Bureau",
        "The Budget Lab at Yale",
        "International Monetary Fund",
    ):
        assert name in sources


def test_rebuild_with_nothing_changed_executes_nothing(built_book, build_dir):
    # PYTHONPROFILEIMPORTTIME lists every module imported: a no-op build never needs pandas
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir), "PYTHONPROFILEIMPORTTIME": "1"})
    assert proc.returncode == 0, proc.stderr
    assert not re.search(r"\|\s+pandas$", proc.stderr, re.M), "a build that reuses everything imported pandas"
    assert "executed" not in proc.stdout and "built" not in proc.stdout
    for chapter in CHAPTERS:
        assert re.search(rf"reused +{chapter.notebook}", proc.stdout)
    assert re.search(r"reused +jupyter-book", proc.stdout)


def test_failing_cell_names_chapter_and_cell_and_keeps_last_good_html(built_book, build_dir, tmp_path):
    before = snapshot(built_book)
    notebooks = notebooks_with_cell(
        tmp_path, "03_frictions", 5, "raise RuntimeError('deliberate failure for the test')"
    )
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir), "JAPAN_US_NOTEBOOK_DIR": str(notebooks)})
    assert proc.returncode == 1
    # Papermill's injected-parameters cell shifts the index by one in the executed notebook.
    for lang in ("en", "ja"):  # each edition's run of the chapter is named
        assert re.search(
            rf"chapter 03_frictions \({lang}\) failed: cell 6 \(execution count \d+, `raise RuntimeError\(.*\)`\) "
            r"raised RuntimeError: deliberate failure for the test",
            proc.stderr,
        ), proc.stderr
        failed = build_dir / "work" / "baseline" / "failed" / f"03_frictions-{lang}.ipynb"
        assert failed.exists() and str(failed) in proc.stderr
    assert snapshot(built_book) == before


def test_invalid_chart_fails_the_build_names_it_and_is_not_cached(built_book, build_dir, tmp_path):
    """Charts are displayed unchecked and checked while Sphinx builds (Altair's own display
    would print a traceback into the page and carry on)."""
    before, cached = snapshot(built_book), sorted((build_dir / "cache").iterdir())
    source = "import altair as alt\nwide = alt.Chart(title='Too wide').mark_point()\nwide.width = 'wide'\nwide"
    notebooks = notebooks_with_cell(tmp_path, "03_frictions", 5, source)
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir), "JAPAN_US_NOTEBOOK_DIR": str(notebooks)})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (
        "chapter 03_frictions failed: cell 6 displays the chart 'Too wide' is not valid Vega-Lite: "
        '$.width is "wide"' in proc.stderr
    ), proc.stderr
    assert snapshot(built_book) == before
    assert sorted((build_dir / "cache").iterdir()) == cached
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir)})  # the notebooks as they were
    assert proc.returncode == 0 and re.search(r"reused +03_frictions", proc.stdout), proc.stdout + proc.stderr


def test_a_display_that_raises_fails_the_chapter(tmp_path):
    source = "class Shown:\n    def _repr_html_(self):\n        raise ValueError('cannot show')\n\nShown()"
    notebooks = notebooks_with_cell(tmp_path, "06_scorecard", 5, source)
    output = tmp_path / "out.ipynb"
    proc = run_cli("run", "scorecard", "--output", str(output), env={"JAPAN_US_NOTEBOOK_DIR": str(notebooks)})
    assert proc.returncode == 1
    assert re.search(r"chapter 06_scorecard failed: cell 6 .* raised ValueError: cannot show", proc.stderr), proc.stderr


def test_malformed_table_is_refused_before_execution_and_keeps_html(built_book, build_dir, tmp_path):
    before = snapshot(built_book)
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    table = data_dir / "us_goods_trade_annual.csv"
    df = pd.read_csv(table, dtype=str)
    df.loc[3, "imports_musd"] = "n/a"
    df.to_csv(table, index=False)
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir), "JAPAN_US_DATA_DIR": str(data_dir)})
    assert proc.returncode == 2
    assert "us_goods_trade_annual.csv, line 5, column 'imports_musd': 'n/a' is not a valid number" in proc.stderr
    assert "executed" not in proc.stdout
    assert snapshot(built_book) == before


@pytest.mark.parametrize(
    "scenario,message",
    [
        (
            "chapters:\n  frictions:\n    tariff_rate: high\n",
            "tariff_rate must be float, got str 'high'",
        ),
        ("chapters:\n  friction:\n    tariff_rate: 0.2\n", "unknown chapter 'friction'"),
        ("chapter:\n  frictions: {}\n", "unknown key(s) ['chapter']"),
    ],
)
def test_bad_scenario_is_refused_and_keeps_html(built_book, build_dir, tmp_path, scenario, message):
    before = snapshot(built_book)
    path = tmp_path / "bad.yaml"
    path.write_text(scenario)
    proc = run_cli("build", "--scenario", str(path), env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 2 and message in proc.stderr
    assert snapshot(built_book) == before


def test_bad_command_line_parameter_is_refused(build_dir):
    proc = run_cli("build", "-p", "frictions.tariff_rate", "abc", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 2 and "tariff_rate must be float" in proc.stderr


def test_scenario_builds_into_its_own_folder(built_book, build_dir):
    before = snapshot(built_book)
    proc = run_cli(
        "build",
        "--scenario",
        "scenarios/tariff_escalation.yaml",
        env={"JAPAN_US_BUILD_DIR": str(build_dir)},
    )
    assert proc.returncode == 0, proc.stderr
    html = build_dir / "scenarios" / "tariff_escalation" / "html"
    assert (html / "book/chapters/03_frictions.html").exists()
    values = glued(build_dir / "work" / "tariff_escalation" / "src" / "book" / "chapters" / "03_frictions.ipynb")
    assert values["scenario_rate_pct"] == pytest.approx(25) and values["target_pct"] == pytest.approx(5)
    assert "tariff_escalation" in (html / "book/parameters.html").read_text()
    assert snapshot(built_book) == before
    # the comparison page (tests/test_comparison.py): each parameter that differs, each number that moved
    comparison = (html / "book/comparison.html").read_text()
    assert "tariff_rate" in comparison and "<strong>25%</strong> here" in comparison
    assert "<strong>25.0%</strong> (baseline 15.0%)" in comparison


def test_sphinx_warning_fails_the_book_build(build_dir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(build_dir / "work" / "baseline" / "src", src)
    intro = src / "book" / "intro.md"
    intro.write_text(intro.read_text() + "\n\nSee {doc}`a-page-that-does-not-exist`.\n")
    monkeypatch.setattr(files, "BUILD_DIR", tmp_path)
    with pytest.raises(build.BuildError, match="a-page-that-does-not-exist"):
        build.build_html(src, tmp_path / "site", tmp_path / "html")


def test_every_chart_has_tooltips_title_source_and_description(build_dir):
    executed = build_dir / "work" / "baseline" / "src" / "book" / "chapters"
    for notebook in executed.glob("*.ipynb"):
        charts = [
            out["data"]["text/html"]
            for cell in nbformat.read(notebook, as_version=4).cells
            for out in cell.get("outputs", [])
            if "vega-embed" in out.get("data", {}).get("text/html", "")
        ]
        assert charts, f"{notebook.name} has no charts"
        for html in charts:
            assert '"tooltip"' in html and '"description"' in html and '"subtitle"' in html
            assert "Source: " in html


def test_internal_links_resolve(built_book):
    """Every relative link in the book points to a page that exists, and to an anchor in it."""
    pages = {p: p.read_text() for p in built_book.rglob("*.html") if "_static" not in p.parts}
    for page, text in pages.items():
        for href in re.findall(r"""href=['"]([^'"#]*)(?:#([^'"]*))?['"]""", text):
            target, anchor = href
            target = target.split("?")[0]  # cache-busting query strings on static files
            if target.startswith(("http:", "https:", "mailto:", "javascript:", "data:")) or target.endswith(
                (".css", ".js", ".ico", ".png", ".svg")
            ):
                continue
            path = (page.parent / target).resolve() if target else page
            assert path.exists(), f"{page.relative_to(built_book)} links to missing {target}"
            if anchor and path.suffix == ".html":
                assert f'id="{anchor}"' in path.read_text(), (
                    f"{page.relative_to(built_book)} links to missing #{anchor} in {target}"
                )


def test_two_clean_builds_are_byte_identical(built_book, tmp_path):
    """Same inputs, same bytes: stable chart ids, no timings, process ids or machine paths."""
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(tmp_path / "again")})
    assert proc.returncode == 0, proc.stderr
    again = tmp_path / "again" / "html"
    differ = [
        str(p.relative_to(again))
        for p in sorted(again.rglob("*"))
        if p.is_file() and (built_book / p.relative_to(again)).read_bytes() != p.read_bytes()
    ]
    assert differ == []
    assert snapshot(again).keys() == snapshot(built_book).keys()


def test_no_page_carries_a_warning_or_a_machine_path(built_book):
    for page in built_book.rglob("*"):
        if page.suffix in {".html", ".ipynb", ".js"} and page.name != "vega-bundle.js":
            text = page.read_text()
            for leak in ("Warning:", "ipykernel_", str(ROOT), "/tmp/"):
                assert leak not in text, f"{page.relative_to(built_book)} shows {leak!r}"


def _scorecard_sentence(html_dir) -> str:
    text = re.sub(r"<[^>]+>", "", (html_dir / "book" / "intro.html").read_text())
    return re.search(r"Two years on, the record bears out\s.*?\sThe board below", text, re.S).group(0)


def test_one_parameter_change_rebuilds_only_what_depends_on_it(built_book, build_dir):
    """Changing the scorecard's as_of date re-executes that chapter and rewrites only its page,
    the front page that glues from it, the parameters and comparison pages; every other page
    keeps its bytes and is not even rewritten. The front page's glued counts follow the chapter."""
    site = build_dir / "sphinx" / "out" / "_build" / "html"
    sentences, notebooks, books = [], [], []
    for as_of in ("2025-03-01", "2025-09-01"):
        name = f"custom-scorecard.as_of-{as_of}"  # each ad-hoc book in a folder named by what it sets
        custom = build_dir / "scenarios" / name / "html"
        before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
        proc = run_cli("build", "-p", "scorecard.as_of", as_of, env={"JAPAN_US_BUILD_DIR": str(build_dir)})
        assert proc.returncode == 0, proc.stderr
        executed = re.findall(r"executed +(\S+) +(\w+)", proc.stdout)
        assert sorted(executed) == [("06_scorecard", "en"), ("06_scorecard", "ja")], proc.stdout
        values = glued(build_dir / "work" / name / "src" / "book" / "chapters" / "06_scorecard.ipynb")
        sentence = _scorecard_sentence(custom)
        words = " ".join(sentence.replace("’", "'").split())
        assert f"bears out {values['claims_borne_out']} of the essay's {values['claims_total']} checkable" in words
        assert f"and {values['claims_partly']} in part" in words
        sentences.append(sentence)
        notebooks.append(values)
        books.append(snapshot(custom))
    assert sentences[0] != sentences[1] and notebooks[0]["claims_early"] != notebooks[1]["claims_early"]
    rewritten = {str(p.relative_to(site)) for p in site.rglob("*.html") if p.stat().st_mtime_ns != before.get(p)}
    assert rewritten == {
        "book/chapters/06_scorecard.html",
        "book/chapters/03_frictions.html",  # glues the host-nation verdicts from the ledger
        "book/intro.html",
        "book/parameters.html",
        "book/comparison.html",  # lists the values that changed
        "genindex.html",
        "search.html",
    }, rewritten
    pages_before, after = books
    unchanged = {str(k) for k in after if after[k] == pages_before.get(k)}
    assert {f"book/chapters/{c.notebook}.html" for c in CHAPTERS if c.slug != "scorecard"} <= unchanged


def test_a_page_that_glues_from_a_notebook_depends_on_it(tmp_path):
    from japan_us import sphinx_ext

    class Env:
        def __init__(self):
            self.noted = []

        def doc2path(self, docname):
            return str(tmp_path / "book" / f"{docname}.md")

        def note_dependency(self, path):
            self.noted.append(path)

    class App:
        env = Env()

    source = [
        "Text {glue:text}`chapters/03_frictions.ipynb::japan_duty_2024:.2f` and "
        "{glue}`chapters/03_frictions.ipynb::other` and {glue:text}`../x/01_transition.ipynb::k`."
    ]
    sphinx_ext._note_glue_sources(App, "intro", source)
    assert App.env.noted == [
        str((tmp_path / "book" / "../x/01_transition.ipynb").resolve()),
        str(tmp_path / "book" / "chapters" / "03_frictions.ipynb"),
    ]


def test_no_amount_is_printed_with_a_double_sign(built_book):
    """A deficit is "US$64.4 billion" in a sentence that says deficit, never "US$-64.4"."""
    for page in PAGES:
        text = re.sub(r"<[^>]+>", "", (built_book / page).read_text())
        assert not re.search(r"US\$\s*[-−]\s*\d", text), page


def _plain(text: str) -> str:
    """PDF text and HTML text compared alike: ligatures undone, quotes straight, spaces single."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def _chart_title_lines(html_dir) -> list[str]:
    """Every chart's title lines and the source and note lines written under it."""
    lines = []
    for chapter in CHAPTERS:
        page = (html_dir / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for match in re.finditer(r'"title": \{"text": (\[[^\]]*\])', page):
            lines += json.loads(match.group(1))
        notes = re.findall(r"<p class='japan-us-chart-(?:source|note)'>(.*?)</p>", page)
        assert notes, chapter.notebook
        lines += [unescape(note) for note in notes]
    return lines


def test_pdf_edition_holds_every_chapter_and_chart(built_book, build_dir):
    proc = run_cli("pdf", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    reader = pypdf.PdfReader(build_dir / "pdf" / "japan-us-relations.pdf")
    assert 40 <= len(reader.pages) <= 300
    assert reader.pages[0].mediabox.width == pytest.approx(595.92, abs=1)  # A4
    text = _plain(" ".join(page.extract_text() for page in reader.pages))
    assert EDITION_TEXT in text
    for chapter in CHAPTERS:
        assert _plain(chapter.title) in text, chapter.title
    titles = _chart_title_lines(built_book)
    assert len(titles) > 60
    missing = [line for line in titles if _plain(line) not in text]
    assert missing == [], f"chart titles or source lines not in the PDF's text: {missing[:5]}"
    for leak in ("NaN", "alt.", "IPython", "VConcatChart", "Error loading"):
        assert leak not in text, leak
    # glued numbers are printed as on the page: the front page's scorecard sentence, for one
    assert _plain(_scorecard_sentence(built_book)) in text
    # links between pages stay inside the PDF; none points at the print server
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    addresses = [str(a["/A"].get_object().get("/URI", "")) for a in links if "/A" in a]
    assert [a for a in addresses if not a.startswith("https://") and not a.startswith("http://")] == []
    assert [a for a in addresses if "127.0.0.1" in a or "localhost" in a] == []
    assert sum("/Dest" in a for a in links) > 100


def _charts(page_html: str):
    """(chart id, spec) for every chart on a page: the spec Altair's script passes to vegaEmbed."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r'<div id="(altair-viz-[^"]+)"></div>', page_html):
        spec, _ = decoder.raw_decode(page_html, page_html.index("})({", match.end()) + 3)
        yield match.group(1), spec


def test_every_chart_offers_the_rows_it_draws_as_csv(built_book):
    seen = 0
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for chart_id, spec in _charts(page):
            seen += 1
            hrefs = re.findall(
                rf'<a href="(data:text/csv;charset=utf-8,[^"]+)" download="[^"]+\.csv" '
                rf'data-chart="{chart_id}">',
                page,
            )
            datasets = {n: rows for n, rows in spec["datasets"].items() if not chart_data.is_layout(rows)}
            titles = chart_data.field_titles(spec)
            assert len(hrefs) == len(datasets) >= 1, f"{chapter.notebook} {chart_id}"
            for href, (name, rows) in zip(hrefs, datasets.items(), strict=True):
                text = urllib.parse.unquote(href.split(",", 1)[1])
                assert text.startswith("# Chart: ") and "# Cite as: " in text and f"# {EDITION_TEXT}\n" in text
                table = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
                fields = list(dict.fromkeys(key for row in rows for key in row))
                assert list(table.columns) == chart_data.column_names(fields, titles.get(name, {}))
                drawn = [["" if pd.isna(row.get(f)) else str(row.get(f)) for f in fields] for row in rows]
                # as drawn, but a day without its midnight and formula-like text behind an apostrophe
                for written_row, drawn_row in zip(table.to_numpy().tolist(), drawn, strict=True):
                    for written, value in zip(written_row, drawn_row, strict=True):
                        assert written in (value, value.removesuffix("T00:00:00"), "'" + value), (written, value)
    assert seen >= 32


def test_data_page_offers_the_whole_data_package(built_book):
    page = (built_book / "book" / "data.html").read_text()
    href = re.search(r'class="reference download internal" download="" href="\.\./([^"]+\.zip)"', page).group(1)
    with zipfile.ZipFile(built_book / href) as archive:
        names = set(archive.namelist())
        assert "data/datapackage.json" in names
        assert {f"data/{p.name}" for p in DATA_DIR.glob("*.csv")} <= names
        assert archive.read("data/events.csv") == (DATA_DIR / "events.csv").read_bytes()


def test_new_code_starts_a_clean_sphinx_site(built_book, build_dir):
    """Pages Sphinx would not read again must not keep what older code wrote into them."""
    site = build_dir / "sphinx"
    marker = site / "out" / "_build" / "html" / "written-by-older-code.html"
    marker.write_text("stale")
    (site / "code.sha256").write_text("older code")
    proc = run_cli("build", "-p", "scorecard.as_of", "2025-05-01", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists() and (site / "code.sha256").read_text() == cache.code_hash()


def test_chapters_carry_a_citation_and_every_page_the_edition(built_book):
    edition = EDITION_TEXT
    for page in PAGES:
        text = (built_book / page).read_text()
        assert edition in text, page
        assert ("Cite this chapter:" in text) == ("chapters/" in page), page


def _walk(node):
    """Every dict inside a chart spec."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _entity(name):
    return palette.ENTITY_ALIASES.get(name, name) if isinstance(name, str) else None


def test_every_entity_has_one_colour_and_text_is_readable(built_book):
    """Japan, the United States, China... keep their colour in every chart (lines and marks in
    the entity's colour, labels in its darker text shade); coloured text reaches 4.5:1 on white."""
    seen = 0
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for chart_id, spec in _charts(page):
            rows = [row for dataset in spec.get("datasets", {}).values() for row in dataset]
            for node in _walk(spec):
                colour = node.get("color") if isinstance(node.get("color"), dict) else None
                if colour and "field" in colour:
                    scale = colour.get("scale") or {}
                    values = {row.get(colour["field"]) for row in rows}
                    named = {v for v in values if _entity(v) in palette.ENTITY_HUES}
                    assert not named or "range" in scale, f"{chart_id}: {named} coloured by the default palette"
                    for name, hex_colour in zip(scale.get("domain", []), scale.get("range", []), strict=False):
                        if _entity(name) in palette.ENTITY_HUES:
                            seen += 1
                            allowed = {palette.entity_colour(name), palette.entity_colour(name, text=True)}
                            assert hex_colour in allowed, f"{chart_id}: {name} drawn in {hex_colour}"
                mark = node.get("mark")
                if isinstance(mark, dict) and mark.get("type") == "text" and str(mark.get("color", "")).startswith("#"):
                    assert palette.contrast_on_white(mark["color"]) >= 4.5, f"{chart_id}: text in {mark['color']}"
    assert seen > 20


def test_a_chapter_page_first_visit_stays_within_600_kb_gzip(built_book):
    """The page with the CSS and scripts it loads, gzip-compressed, as the benchmark measures
    it; nothing but the stub and the page's own CSS blocks the text (Vega is deferred)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import PAGE_LIMIT_GZIP_KB, first_visit_gzip

    for page, weight in first_visit_gzip(built_book).items():
        assert weight["first_visit_gzip_kb"] <= PAGE_LIMIT_GZIP_KB, page
    for chapter in CHAPTERS:
        head = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text().split("</head>")[0]
        for script in re.findall(r"<script [^>]*src=[^>]*>", head):
            if "vega-bundle" in script or "japan-us-charts" in script or "fontawesome" in script:
                assert "defer" in script, script


EARLY = "2025-07-15"  # the book as of this day: nothing dated later may reach a page


def test_the_whole_book_as_of_an_earlier_day_shows_nothing_dated_later(built_book, build_dir):
    """`build -p as_of DAY` dates every chapter and page: no later event (by title, id or date),
    no later fact id and no later verdict appears anywhere on a page, charts included; no
    later day is written in the text outside the edition stamp and the folded parameters and
    data lists (which name the data files' own dates)."""
    proc = run_cli("build", "-p", "as_of", EARLY, env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    html_dir = build_dir / "scenarios" / f"custom-as_of-{EARLY}" / "html"
    events = pd.read_csv(DATA_DIR / "events.csv", parse_dates=["date"])
    later = events[events.date > EARLY]
    verdicts = pd.read_csv(DATA_DIR / "claim_verdicts.csv", parse_dates=["from_date"])
    later_outcomes = verdicts[verdicts.from_date > EARLY].outcome
    later_days = {long_date(d) for d in later.date} | {f"{d:%Y-%m-%d}" for d in later.date}
    pages = ["book/intro.html", "book/methodology.html", "book/reproduce.html"] + PAGES[3:]
    for page in pages:
        raw = unescape((html_dir / page).read_text())
        found = [t for t in later.title if t in raw] + [o for o in later_outcomes if o in raw]
        found += [e for e in later.event_id if re.search(rf"(?<![\w.]){re.escape(e)}(?![\d])", raw)]
        found += [d for d in later_days if d in raw]
        assert not found, f"{page} shows what came after {EARLY}: {found[:5]}"
        text = _visible_text(raw).replace(EDITION_TEXT, "")
        for day in re.findall(r"\b(\d{1,2} [A-Z][a-z]+ 20\d\d|20\d\d-\d\d-\d\d)\b", text):
            assert pd.Timestamp(day) <= pd.Timestamp(EARLY), f"{page} names a later day: {day}"
    intro = " ".join(re.sub(r"<[^>]+>", "", (html_dir / "book/intro.html").read_text()).split())
    assert f"As of {long_date(EARLY)}, the record bore out" in intro and "Two years on," not in intro


def _visible_text(page: str) -> str:
    """A page's main text as a reader sees it, without scripts and the folded parameters and
    data-used lists."""
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    main = re.sub(r"<script.*?</script>|<details class='japan-us-reference'>.*?</details>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_sphinx_extension_announces_altairs_versions_without_importing_it():
    """The book's Vega bundle announces the versions Altair's chart HTML asks for; the Sphinx
    worker reads them from Altair's source instead of spending a quarter second importing it."""
    code = "import sys, japan_us.sphinx_ext as e; print(e.VERSIONS); print('altair' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    versions, imported = proc.stdout.splitlines()
    expected = {
        "vega_version": charts.alt.VEGA_VERSION,
        "vegalite_version": charts.alt.VEGALITE_VERSION,
        "vegaembed_version": charts.alt.VEGAEMBED_VERSION,
    }
    assert versions == str(expected) and imported == "False"


def test_the_front_page_tells_the_essays_story_in_one_chart(built_book, build_dir):
    """The tariff story (10% -> 15% -> 10%) drawn on the front page, as in chapter 6."""
    front = (built_book / "book" / "intro.html").read_text()
    story = glued(build_dir / "work" / "baseline" / "src" / "book" / "chapters" / "06_scorecard.ipynb")
    (chart,) = [spec for _, spec in _charts(front)]
    title = " ".join(chart["title"]["text"])
    assert f"went {story['story_in_force']}" in title.replace("\\u2192", "→")
    assert front.index("japan-us-part") < front.index("altair-viz-")  # after the claim board

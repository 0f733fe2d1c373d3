"""The page that sets a scenario against the baseline, written for people: numbers named by
their sentences, formatted as the chapters format them, linked to their paragraphs in both
books; parameters as readers know them; a chart of the largest changes."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import nbformat
import pytest
from conftest import run_cli

from japan_us import chart_render, pages
from japan_us.chapters import AS_OF, CHAPTERS, FRICTIONS
from japan_us.notebooks import GLUE_ROLE, TARGET, Glued, glued_prose, paragraphs
from japan_us.pdf import CHARTS_DRAWN, CHROMIUM, serve
from japan_us.scenario import defaults

DEAL = (
    "(frictions-deal-year)=\n"
    "Priced on the {glue:text}`deal_year` value of US imports from Japan\n"
    "(US${glue:text}`deal_imports_bn:,.1f` billion), the deal saved about\n"
    "US${glue:text}`deal_saving_bn:,.1f` billion a year. Set `tariff_base_year` to change it."
)


def notebook(*markdown: str) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(m) for m in markdown])
    return nbformat.writes(nb).encode()


def scenario(**frictions):
    values = defaults()
    values["frictions"] = values["frictions"] | frictions
    return SimpleNamespace(name="test", description="A *test* {doc}`x`", values=values)


def page(before: dict, after: dict, **frictions) -> str:
    prose = glued_prose(notebook("## What the deal was worth", DEAL))
    moved = {"frictions": (Glued(before, prose), Glued(after, prose))}
    return pages.comparison_page(scenario(**frictions), defaults(), moved)


BEFORE = {"deal_year": 2024, "deal_imports_bn": 147.1, "deal_saving_bn": 14.71}
AFTER = {"deal_year": 2025, "deal_imports_bn": 145.84, "deal_saving_bn": 14.58}


def test_prose_is_read_by_paragraph_sentence_and_target():
    mentions = glued_prose(notebook("## A heading with no value", DEAL))
    deal = mentions["deal_saving_bn"]
    assert deal.label == "frictions-deal-year" and deal.spec == ",.1f"
    assert deal.sentence.startswith("Priced on the") and deal.sentence.endswith("billion a year.")
    assert "`tariff_base_year`" in deal.paragraph and "deal_year" in mentions


def test_a_changed_number_reads_in_its_sentence_with_its_unit_beside_the_baselines():
    text = page(BEFORE, AFTER, tariff_base_year=2025)
    assert r"**US\$145\.8 billion** (baseline US\$147\.1 billion)" in text
    assert "**2025** (baseline 2024)" in text
    assert "deal_imports_bn" not in text and "deal_saving_bn" not in text  # no code identifiers
    # linked to its paragraph in this book and in the baseline's, with the parameter it names
    assert "{ref}`In this book <frictions-deal-year>`" in text
    assert 'href="../../../../html/book/chapters/03_frictions.html#frictions-deal-year"' in text
    assert "set by ` tariff_base_year `" in text
    assert 'href="../../../../html/book/comparison.html"' in text  # the same page of the baseline


def test_parameters_read_as_readers_know_them():
    text = page(BEFORE, AFTER, tariff_rate=0.25, defense_target=0.05, import_elasticity=1.0)
    assert r"15\% in the baseline, **25\%** here" in text
    assert r"3\.5\% in the baseline, **5\%** here" in text
    assert "0 in the baseline, **1** here" in text
    assert "0.25" not in text and "0\\.25" not in text
    assert AS_OF.shown("2025-07-15") == "15 July 2025"


def test_a_negative_number_takes_a_true_minus_and_scenario_text_stays_text():
    text = page({"deal_saving_bn": 1.0}, {"deal_saving_bn": -2.5})
    assert "US\\$−2\\.5 billion" in text
    assert "{doc}" not in text.replace("\\{doc\\}", "") and "A \\*test\\*" in text


def test_the_largest_changes_are_charted_as_the_book_charts():
    prose = glued_prose(notebook(DEAL))
    changes = pages._changes("frictions", Glued(BEFORE, prose), Glued(AFTER, prose), set())
    spec = pages._largest_changes_chart(changes).to_dict(validate=False)
    assert chart_render.schema_error(spec) is None
    assert spec["usermeta"]["japan_us"]["source"] and spec["description"] and spec["title"]["subtitle"]
    title = " ".join(spec["title"]["text"])
    assert title.startswith("The largest change, down 1%") and "US$14.6 billion" in title
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 2  # the year has no relative change: a measure has a format
    text = page(BEFORE, AFTER)
    assert "altair-viz-" in text and "\n\n" not in text.split("<div id=")[1].split("\n")[0]


def test_nothing_changed_says_so():
    assert "No number in the text changed." in page(BEFORE, BEFORE)


def test_the_baseline_explains_how_to_make_a_scenario_in_four_lines():
    text = pages.comparison_page(SimpleNamespace(name="baseline"), defaults(), {})
    body = text.split("\n\n", 1)[1].strip()
    assert len(body.splitlines()) <= 6 and "make book SCENARIO=" in body and "-p frictions.tariff_rate" in body


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.slug)
def test_every_paragraph_that_prints_a_value_has_a_target(chapter):
    """The comparison page links to the paragraph itself: every paragraph with a glued value
    carries a target, named for its chapter, once in the book."""
    nb = nbformat.read(chapter.path, as_version=4)
    labels = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in re.split(r"\n\s*\n", cell.source):
                if GLUE_ROLE.search(block):
                    first = block.strip().splitlines()[0]
                    assert TARGET.fullmatch(first), f"{chapter.notebook}: no target before {block[:80]!r}"
                    labels.append(TARGET.fullmatch(first)["label"])
    prefix = chapter.slug.replace("_", "-") + "-"
    assert all(label.startswith(prefix) for label in labels) and len(labels) == len(set(labels))
    assert paragraphs("(x-y)=\nText.") == [("x-y", "Text.")]


@pytest.fixture(scope="module")
def scenario_book(built_book, build_dir):
    """The tariff_escalation book, built beside the baseline book; returns its book/ folder."""
    proc = run_cli(
        "build", "--scenario", "scenarios/tariff_escalation.yaml", env={"JAPAN_US_BUILD_DIR": str(build_dir)}
    )
    assert proc.returncode == 0, proc.stderr
    return build_dir / "scenarios" / "tariff_escalation" / "html" / "book"


@pytest.mark.book
def test_the_scenario_page_in_a_built_book(built_book, scenario_book):
    book = scenario_book
    html = (book / "comparison.html").read_text()
    text = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<script\b.*?</script>", "", html, flags=re.S)))
    assert "15% in the baseline, 25% here" in text and "deal_bn" not in text
    assert "altair-viz-" in html and "vega-bundle.js" in html  # the chart draws offline
    links = re.findall(r'href="([^"#]+\.html)#([a-z0-9-]+)"', html)
    assert links
    for target, anchor in links:  # in this book and in the baseline's
        assert f'id="{anchor}"' in (book / target).resolve().read_text(), f"{target}#{anchor}"
    assert "every parameter of every chapter has its default" in (built_book / "book/comparison.html").read_text()
    assert FRICTIONS.notebook in html


# Text of a chart drawn outside its chart's box: cut off by the SVG.
CUT_TEXT = """() => [...document.querySelectorAll('.vega-embed svg.marks')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).filter((t) => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }).map((t) => t.textContent);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900)])
def test_the_scenario_page_reads_on_a_phone_and_a_desktop(scenario_book, build_dir, width, height):
    """Nothing wider than the screen, the chart drawn with no text cut off, and the link to a
    paragraph of the baseline book lands on it (both books served from one build folder)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with serve(build_dir) as base, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{base}/scenarios/tariff_escalation/html/book/comparison.html")
        page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
        assert page.evaluate("document.documentElement.scrollWidth") == width
        assert page.evaluate(CUT_TEXT) == []
        link = page.get_by_role("link", name="in the baseline book", exact=True).first
        anchor = link.get_attribute("href").split("#")[1]
        link.click()
        page.wait_for_url(f"**/html/book/chapters/*#{anchor}")
        assert page.locator(f"[id='{anchor}']").is_visible()
        browser.close()

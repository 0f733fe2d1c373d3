"""Screen readers and keyboards: axe-core finds nothing to fix on any page at either width,
every chart control works from the keyboard with a visible focus, and the pages are valid
HTML where the book writes them."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import axe_playwright_python
import pytest
import test_browser
from test_browser import DESKTOP, PHONE, _page, open_page

# The book over HTTP and a desktop page, as the other browser tests have them (Chromium is
# conftest's).
server, page = test_browser.server, test_browser.page

# axe-core 4, as the pinned wheel axe-playwright-python ships it (or another copy named by
# JAPAN_US_AXE): installed with the other requirements, nothing fetched when the tests run.
AXE = Path(os.environ.get("JAPAN_US_AXE") or Path(axe_playwright_python.__file__).with_name("axe.min.js"))
FIXABLE = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter((v) => v.impact !== 'minor')
  .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)"""


def book_pages(html_root: Path) -> list[str]:
    """Every page of the book but the root's redirect (its own test checks it)."""
    pages = html_root.rglob("*.html")
    return sorted(str(p.relative_to(html_root)) for p in pages if "_static" not in p.parts and p.name != "index.html")


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_axe_finds_nothing_to_fix_on_any_page(browser, server, built_book, screen):
    """Serious, critical and moderate findings of axe-core 4 (names, keyboard access to
    scrolling frames, heading order, landmarks), on every page once its charts are drawn."""
    if not AXE.exists():
        pytest.fail(f"axe-core is required for this test: requirements.lock installs it ({AXE} is missing)")
    found = {}
    for pg in _page(browser, server, screen):
        for path in book_pages(built_book):
            open_page(pg, server, path)
            pg.evaluate(AXE.read_text())
            found[path] = pg.evaluate(FIXABLE)
    assert not {path: problems for path, problems in found.items() if problems}


LEGEND_ENTRIES = "g[class*='_legend_entries'] > g"
FADED = """(index) => [...document.querySelectorAll('.vega-embed')[index].querySelectorAll('g.mark-line path')]
  .filter(p => parseFloat(p.getAttribute('opacity') ?? '1') < 0.5).length"""
FOCUS_SHOWN = "() => getComputedStyle(document.activeElement).outlineStyle !== 'none'"


def chart_with(pg, selector: str) -> int:
    charts = pg.locator(".vega-embed")
    return next(i for i in range(charts.count()) if charts.nth(i).locator(selector).count())


@pytest.mark.browser
def test_a_legend_isolates_a_series_from_the_keyboard(page, server):
    """Tab reaches each legend entry (ringed); Enter picks its series as a click does, Shift+
    Enter adds one, and each entry says whether it is picked; Escape shows every series."""
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    index = chart_with(page, LEGEND_ENTRIES)
    entries = charts.nth(index).locator(LEGEND_ENTRIES)
    entries.first.focus()
    page.keyboard.press("Tab")
    assert entries.nth(1).evaluate("e => e === document.activeElement"), "Tab does not reach the legend"
    assert page.evaluate(FOCUS_SHOWN)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({FADED})({index}) > 0", timeout=5_000)
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-pressed') === 'true'", timeout=5_000)
    assert [entries.nth(i).get_attribute("aria-pressed") for i in range(3)] == ["false", "true", "true"]
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => ({FADED})({index}) === 0", timeout=5_000)


@pytest.mark.browser
def test_a_chart_reads_out_its_values_from_the_keyboard(page, server):
    """A chart takes focus (ringed); the arrow keys step through its values, each shown in the
    tooltip and read out by a status line; Escape hides them."""
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    chart = charts.nth(2).locator(".chart-wrapper")
    chart.focus()
    assert chart.evaluate("e => e === document.activeElement"), "the chart takes no focus"
    page.keyboard.press("ArrowRight")
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "¥ trillion" in tooltip.inner_text()
    said = charts.nth(2).locator("[role=status]")
    assert "¥ trillion" in said.inner_text() and "(1 of " in said.inner_text()
    page.keyboard.press("End")
    total = said.inner_text().rsplit(" of ", 1)[1].rstrip(")")
    assert said.inner_text().endswith(f"({total} of {total})") and int(total) > 1
    assert page.evaluate(FOCUS_SHOWN)
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=5_000)


@pytest.mark.browser
def test_a_slider_moves_from_the_keyboard_and_keeps_its_words(page, server):
    """A slider takes focus (ringed) and moves with the arrow keys; its value still reads as
    the chart's terms ("16%", not "0.16") once the key is let go."""
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    slider = charts.nth(chart_with(page, "input[type=range]")).locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUS_SHOWN)
    assert slider.evaluate("e => e.nextElementSibling.textContent") == slider.get_attribute("aria-valuetext") == "16%"


class PageStructure(HTMLParser):
    """What the Nu checker refuses in the book's pages: a ``<style>`` in the body, an
    attribute HTML does not have."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_head = tag == "head" or (self.in_head and tag != "body")
        if tag == "style" and not self.in_head:
            self.problems.append("<style> outside the head")
        self.problems += [f"<{tag} {name}>" for name, _ in attrs if name == "autocorrect"]

    def handle_endtag(self, tag: str) -> None:
        self.in_head = self.in_head and tag != "head"


@pytest.mark.book
def test_pages_keep_styles_in_the_head_and_only_html_attributes(built_book):
    problems = {}
    for path in book_pages(built_book):
        parser = PageStructure()
        parser.feed((built_book / path).read_text(encoding="utf-8"))
        if parser.problems:
            problems[path] = sorted(set(parser.problems))
    assert not problems


@pytest.mark.book
def test_the_root_redirect_is_a_valid_page_with_a_link(built_book):
    redirect = (built_book / "index.html").read_text(encoding="utf-8")
    assert redirect.startswith("<!DOCTYPE html>\n<html lang=")
    for part in ['<meta charset="utf-8">', "<title>Japan–US relations", 'content="0; url=book/intro.html"']:
        assert part in redirect
    assert '<a href="book/intro.html">' in redirect.split("<body>")[1]

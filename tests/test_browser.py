"""The built book in headless Chromium with every non-loopback request blocked: pages load
without errors, every chart renders, tooltips appear, and the scenario slider moves its chart."""

from __future__ import annotations

import shutil

import pytest

from japan_us.chapters import CHAPTERS
from japan_us.pdf import CHARTS_DRAWN, CHROMIUM, serve

pytestmark = pytest.mark.browser
PAGES = ["book/intro.html", "book/parameters.html", "book/data.html"] + [
    f"book/chapters/{c.notebook}.html" for c in CHAPTERS
]


@pytest.fixture(scope="module")
def server(built_book):
    with serve(built_book) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install -y chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A page that aborts and records every request leaving the loopback server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.offsite, pg.errors = [], []

    def route(r):
        if r.request.url.startswith(server):
            r.continue_()
        else:
            pg.offsite.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def open_page(page, server, path):
    page.goto(f"{server}/{path}", wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    return page.locator(".vega-embed")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_with_every_chart_rendered(page, server, path):
    charts = open_page(page, server, path)
    assert page.offsite == [], f"requests left the machine: {page.offsite}"
    assert page.errors == [], f"console errors: {page.errors}"
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator(".error").count() == 0, chart.inner_text()
        assert chart.locator("svg.marks, canvas.marks").count() == 1
    if "chapters" in path:
        assert charts.count() >= 2, "every chapter has charts"


def test_every_chart_has_a_description_for_screen_readers(page, server):
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    for i in range(charts.count()):
        # Vega puts the spec's description on the chart's wrapper as its aria-label.
        label = charts.nth(i).locator(".chart-wrapper").get_attribute("aria-label") or ""
        assert len(label) > 40, f"chart {i} lacks a description: {label!r}"


def test_tooltip_appears_on_hover(page, server):
    open_page(page, server, "book/chapters/03_frictions.html")
    bar = page.locator(".vega-embed").nth(2).locator("g.mark-rect path").first
    bar.scroll_into_view_if_needed()
    bar.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "US$ billion" in tooltip.inner_text() and "¥ trillion" in tooltip.inner_text()


@pytest.mark.parametrize(
    "chapter,before,value,after",
    [
        ("03_frictions", "at 15%", 0.4, "at 40%"),  # the default tariff_rate, then a new rate
        (
            "04_cooperation",
            "at 20%",
            0.5,
            "at 50%",
        ),  # the default lng_target_share, then a new share
    ],
)
def test_slider_changes_its_chart(page, server, chapter, before, value, after):
    charts = open_page(page, server, f"book/chapters/{chapter}.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("input[type=range]").count())
    labels = (
        f"() => [...document.querySelectorAll('.vega-embed')[{index}].querySelectorAll('g.mark-text text')]"
        ".map(t => t.textContent).join('|')"
    )
    initial = page.evaluate(labels)
    assert before in initial
    charts.nth(index).locator("input[type=range]").first.evaluate(
        f"el => {{ el.value = {value}; el.dispatchEvent(new Event('input', {{bubbles: true}})); }}"
    )
    page.wait_for_function(f"() => ({labels})().includes('{after}')", timeout=5_000)
    assert page.evaluate(labels) != initial


FADED = """(index) => [...document.querySelectorAll('.vega-embed')[index].querySelectorAll('g.mark-line path')]
  .filter(p => parseFloat(p.getAttribute('opacity') ?? p.style.opacity ?? '1') < 0.5).length"""


def test_legend_isolates_a_series_on_the_first_click(page, server):
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("g.role-legend-symbol path").count())
    assert page.evaluate(FADED, index) == 0
    entry = charts.nth(index).locator("g.role-legend-symbol path").first
    entry.scroll_into_view_if_needed()
    entry.click(force=True)
    page.wait_for_function(f"() => ({FADED})({index}) > 0", timeout=5_000)


def test_shift_click_on_a_legend_selects_no_text(page, server):
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("g.role-legend-symbol path").count())
    symbols = charts.nth(index).locator("g.role-legend-symbol path")
    symbols.first.scroll_into_view_if_needed()
    symbols.first.click(force=True)
    symbols.nth(1).click(force=True, modifiers=["Shift"])
    assert page.evaluate("() => String(window.getSelection())") == ""

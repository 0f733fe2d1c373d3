"""The built book in headless Chromium with every non-loopback request blocked: pages load
without errors, every chart renders, tooltips appear, and the scenario slider moves its chart."""

from __future__ import annotations

import gzip
import re
import sys

import pytest
import yaml
from conftest import ROOT, keep_on

from japan_us import metrics
from japan_us.chapters import CHAPTERS
from japan_us.pdf import CHARTS_DRAWN, PRINT_CSS, serve

pytestmark = pytest.mark.browser
# Every page of the table of contents: a page added there is tested here
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [f"{TOC['root']}.html"] + [f"{entry['file']}.html" for part in TOC["parts"] for entry in part["chapters"]]
# ... and in the Japanese edition, whose words (longer titles, no spaces) must fit as well
EDITION_PAGES = PAGES + [f"ja/{path}" for path in PAGES]


@pytest.fixture(scope="module")
def server(built_book):
    with serve(built_book) as base:
        yield base


DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def page(browser, server):
    yield from _page(browser, server, DESKTOP)


@pytest.fixture
def phone(browser, server):
    yield from _page(browser, server, PHONE)


def _page(browser, server, screen):
    """A page that aborts and records every request leaving the loopback server."""
    context = browser.new_context(**screen)
    pg = keep_on(context.new_page(), server)
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def open_page(page, server, path):
    page.goto(f"{server}/{path}", wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)
    return page.locator(".vega-embed")


def found_on_pages(browser, server, screen, script: str, paths=EDITION_PAGES) -> dict:
    """What ``script`` finds on each page once its charts are drawn, for the pages where it
    finds anything (a check that lists the faults it sees: cut text, cells off the screen)."""
    found = {}
    for pg in _page(browser, server, screen):
        for path in paths:
            open_page(pg, server, path)
            found[path] = pg.evaluate(script)
    return {path: faults for path, faults in found.items() if faults}


@pytest.mark.parametrize("path", EDITION_PAGES)
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
    # the target chart, found by its description (a chart added above it once moved its index)
    target = page.locator(".vega-embed").filter(has=page.locator(".chart-wrapper[aria-label*='spending today and at']"))
    bar = target.locator("g.mark-rect path").first
    bar.scroll_into_view_if_needed()
    bar.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "¥ trillion" in tooltip.inner_text() and "Times today's amount" in tooltip.inner_text()


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


@pytest.mark.parametrize("path", EDITION_PAGES)
def test_a_first_visit_stays_within_600_kb_gzip(page, server, built_book, path):
    """Everything the browser fetches to show a page (HTML, CSS, scripts, fonts), gzip-
    compressed as the benchmark measures it; no icon font: the book draws its icons as SVG."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import PAGE_LIMIT_GZIP_KB

    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request.url.split("?")[0][len(server) + 1 :]))
    open_page(page, server, path)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    files = [built_book / name for name in dict.fromkeys(fetched)]
    weight = sum(len(gzip.compress(file.read_bytes(), 6)) for file in files if file.is_file()) / 1024
    fonts = [file.name for file in files if file.suffix in {".woff2", ".woff", ".ttf"}]
    assert weight <= PAGE_LIMIT_GZIP_KB and not fonts, f"{weight:.0f} KB gzip, fonts {fonts}"


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


OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth,
  // a chart wider than its column, or one whose actions button ("...") it pushes past it
  charts: [...document.querySelectorAll('.vega-embed')].filter((chart) => {
    const column = chart.parentElement.getBoundingClientRect(), actions = chart.querySelector('details');
    return chart.querySelector('svg.marks').getBoundingClientRect().width > column.width + 1
      || (actions && actions.getBoundingClientRect().right > column.right + 1);
  }).length,
})"""


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_no_page_or_chart_is_wider_than_the_screen(browser, server, screen):
    for pg in _page(browser, server, screen):
        for path in EDITION_PAGES:
            open_page(pg, server, path)
            width = pg.evaluate(OVERFLOW)
            assert width == {"page": screen["viewport"]["width"], "charts": 0}, path


CUT_TEXT = """() => [...document.querySelectorAll('.vega-embed svg.marks')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  const shown = (t) => t.textContent.trim() && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0';
  return [...svg.querySelectorAll('text')].filter(shown).filter((t) => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }).map((t) => t.textContent);
})"""


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_no_chart_text_is_cut_off_at_the_chart_edge(browser, server, screen):
    """Titles, axis titles, legends and labels stay inside their chart: Vega neither wraps an
    axis title nor moves a legend that runs past the edge, and the SVG cuts them off (a phone
    once read 'Days from inauguration (negative' and 'Meeting before inaugur')."""
    assert not found_on_pages(browser, server, screen, CUT_TEXT)


CROSSED_WORDS = """() => {
  // Words in a chart whose box a drawn line passes through or a marker overlaps.
  const inside = (r, x, y) => x > r.left + 1 && x < r.right - 1 && y > r.top + 1 && y < r.bottom - 1;
  const overlap = (a, b) =>
    a.left < b.right - 1 && a.right > b.left + 1 && a.top < b.bottom - 1 && a.bottom > b.top + 1;
  const drawn = (el) => el.getAttribute('opacity') !== '0' && el.getAttribute('stroke-opacity') !== '0';
  const crosses = (r, path) => {
    const m = path.getScreenCTM(), length = path.getTotalLength();
    for (let s = 0; s <= length; s += 2) {
      const q = path.getPointAtLength(s);
      if (inside(r, m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('.vega-embed svg.marks')].flatMap((svg, chart) => {
    const lines = [...svg.querySelectorAll('g.mark-line path')].filter(drawn);
    const markers = [...svg.querySelectorAll('g.mark-symbol path')].filter(drawn).map((m) => m.getBoundingClientRect());
    const words = [...svg.querySelectorAll('g.mark-text text')].filter((t) => t.textContent.trim() && drawn(t));
    return words.flatMap((t) => {
      const r = t.getBoundingClientRect();
      if (lines.some((path) => crosses(r, path))) return [`chart ${chart}: "${t.textContent}" crosses a line`];
      if (markers.some((m) => m.width && overlap(r, m))) return [`chart ${chart}: "${t.textContent}" touches a marker`];
      return [];
    });
  });
}"""


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_no_words_in_a_chart_cross_a_line_or_a_marker(browser, server, screen):
    """Names of reference rules, events and slider points sit clear of the data ('2% (NATO
    guideline)' was once drawn across six lines, 'Court ruling' over a marker)."""
    assert not found_on_pages(browser, server, screen, CROSSED_WORDS)


BROKEN_WORDS = """() => [...document.querySelectorAll('.prev-next-title')].flatMap((title) => {
  // Words of the links to the previous and next page that wrap across two lines (words as the
  // page's language has them: Japanese writes no spaces between them).
  const words = new Intl.Segmenter(document.documentElement.lang, { granularity: 'word' });
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of words.segment(node.textContent)) {
      if (!word.isWordLike) continue;
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word.segment.length);
      if (range.getClientRects().length > 1) broken.push(word.segment);
    }
  }
  return broken;
})"""


def test_no_word_of_a_page_link_is_broken_on_a_phone(browser, server):
    """The theme gives the previous and next page links 45% of the width each, which on a
    phone broke 'Methodolog-y' and 'administrat-ion' across lines."""
    assert not found_on_pages(browser, server, PHONE, BROKEN_WORDS)


WRAPPED_PANEL_LABELS = """() => [...document.querySelectorAll('.vega-embed g.cell g.role-title text')]
  .filter((t) => t.querySelectorAll('tspan').length > 1)
  .map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' / '))"""


def test_panel_labels_take_one_line_where_the_panel_is_wide_enough(browser, server):
    """A small multiple's label breaks into lines only where its panel is narrow (a phone):
    at 1440 px 'Feel affinity toward the US (Cabinet Office)' once broke after 'Cabinet'."""
    pages = ["book/chapters/01_transition.html", "book/chapters/02_goals.html"]
    assert not found_on_pages(browser, server, DESKTOP, WRAPPED_PANEL_LABELS, paths=pages)
    assert found_on_pages(browser, server, PHONE, WRAPPED_PANEL_LABELS, paths=pages)  # the test sees wrapping


SLIDER_TEXT = """(index) => {
  const chart = document.querySelectorAll('.vega-embed')[index];
  const line = (t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || t.textContent;
  const texts = (role) => [...chart.querySelectorAll(role + ' text')].map(line);
  return {title: texts('.role-title-text').join(' '), marks: texts('g.mark-text').join('|')};
}"""


@pytest.mark.parametrize(
    "chapter,values,title,annotation",
    [
        (
            "03_frictions",
            [0.1, 0.3, 0.45],
            r"A (\d+)% tariff on imports from Japan would raise about US\$([\d,]+) billion a year",
            r"US\$([\d,.]+) bn at (\d+)%",
        ),
        (
            "04_cooperation",
            [0.1, 0.35, 0.8],
            r"A (\d+)% US share of Japan's LNG would mean ([\d.]+) bcm a year",
            r"([\d.]+) bcm at (\d+)%",
        ),
    ],
)
def test_slider_title_and_annotation_agree(page, server, chapter, values, title, annotation):
    charts = open_page(page, server, f"book/chapters/{chapter}.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("input[type=range]").count())
    slider = charts.nth(index).locator("input[type=range]").first
    for value in values:
        slider.evaluate(f"el => {{ el.value = {value}; el.dispatchEvent(new Event('input', {{bubbles: true}})); }}")
        percent = f"{round(value * 100)}%"
        page.wait_for_function(f"() => ({SLIDER_TEXT})({index}).title.includes('A {percent} ')", timeout=5_000)
        text = page.evaluate(SLIDER_TEXT, index)
        said = re.search(title, text["title"])
        drawn = re.search(annotation, text["marks"])
        assert said and drawn, text
        if chapter == "03_frictions":  # title in whole billions, annotation to a tenth
            assert said.group(1) == drawn.group(2) and float(said.group(2).replace(",", "")) == pytest.approx(
                float(drawn.group(1).replace(",", "")), abs=0.5
            )
        else:
            assert drawn.group(2) == said.group(1) and drawn.group(1) == said.group(2)
        assert slider.get_attribute("aria-valuetext") == percent


@pytest.mark.parametrize(
    "chapter,values", [("03_frictions", [0, 0.05, 0.4, 0.5]), ("04_cooperation", [0, 0.4, 0.9, 1])]
)
def test_a_slider_point_keeps_its_words_whole_and_off_its_line_on_a_phone(phone, server, chapter, values):
    """Wherever the reader moves a slider, the words at its point are neither cut by the chart's
    edge ('US$58.8 bn' once was, at 40% on a phone) nor crossed by the line they name."""
    charts = open_page(phone, server, f"book/chapters/{chapter}.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("input[type=range]").count())
    slider = charts.nth(index).locator("input[type=range]").first
    for value in values:
        slider.evaluate(f"el => {{ el.value = {value}; el.dispatchEvent(new Event('input', {{bubbles: true}})); }}")
        phone.wait_for_function(f"() => ({SLIDER_TEXT})({index}).title.includes('A {round(value * 100)}% ')")
        assert not phone.evaluate(CUT_TEXT) and not phone.evaluate(CROSSED_WORDS), value


def test_a_tap_opens_a_tooltip(phone, server):
    charts = open_page(phone, server, "book/chapters/03_frictions.html")
    described = [
        charts.nth(i).locator(".chart-wrapper").get_attribute("aria-label") or "" for i in range(charts.count())
    ]
    index = next(i for i, text in enumerate(described) if "direct-investment position" in text)
    point = charts.nth(index).locator("g.mark-symbol path").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = phone.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "US$ billion" in tooltip.inner_text()


def test_front_page_shows_the_finding_and_the_board_above_the_fold(page, server):
    page.goto(f"{server}/book/intro.html", wait_until="load")
    finding = page.locator("p", has_text="Two years on, the record bears out").first
    board = page.locator(".japan-us-claim").first
    assert finding.bounding_box()["y"] < 900 and board.bounding_box()["y"] < 900
    cards = page.locator(".japan-us-claim")
    assert cards.count() >= 18
    for i in range(cards.count()):  # every claim in words, each answer's verdict in words and colour
        badges = cards.nth(i).locator(".japan-us-verdict")
        assert badges.count() in (1, 2)  # a recommendation: taken up? and achieved its aim?
        for j in range(badges.count()):
            assert badges.nth(j).inner_text().strip() in metrics.VERDICTS
            assert badges.nth(j).evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert len(cards.nth(i).locator(".japan-us-claim-text").inner_text()) > 30


# ---- After a resize, and on a phone

DRAWN_FOR_WIDTH = """() => [...document.querySelectorAll('.vega-embed')].every(
  (chart) => chart.dataset.fittedWidth == chart.parentElement.clientWidth && chart.querySelector('svg.marks g'))"""
CHART_LAYOUT = """() => [...document.querySelectorAll('.vega-embed svg.marks')].map((svg) => ({
  width: svg.getBoundingClientRect().width,
  height: svg.getBoundingClientRect().height,
  viewBox: svg.getAttribute('viewBox'),
  axisLabels: svg.querySelectorAll('.role-axis-label text').length,
  titleLines: svg.querySelectorAll('.role-title-text tspan').length,
}))"""


def viewport(size):
    return {"viewport": {"width": size[0], "height": size[1]}}


def chart_layout(page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_function(DRAWN_FOR_WIDTH, timeout=20_000)
    return page.evaluate(CHART_LAYOUT)


@pytest.mark.parametrize("chapter", ["01_transition", "03_frictions"])
@pytest.mark.parametrize(
    "sizes",
    [[(390, 844), (1440, 900)], [(1440, 900), (1000, 900), (1440, 900)], [(1440, 900), (390, 844), (820, 1180)]],
    ids=["phone-to-desktop", "narrower-and-back", "desktop-phone-tablet"],
)
def test_charts_after_a_resize_draw_as_a_fresh_load_would(browser, server, chapter, sizes):
    """Single, layered and compound charts, after a walk through window sizes, against a page
    opened at the last size: same size (to a pixel or two), same axis labels, same title lines."""
    path = f"book/chapters/{chapter}.html"
    for walked in _page(browser, server, viewport(sizes[0])):
        open_page(walked, server, path)
        for size in sizes[1:]:
            after = chart_layout(walked, size)
    for fresh in _page(browser, server, viewport(sizes[-1])):
        open_page(fresh, server, path)
        expected = chart_layout(fresh, sizes[-1])
    for i, (got, want) in enumerate(zip(after, expected, strict=True)):
        assert got["width"] == pytest.approx(want["width"], abs=2), (i, got, want)
        assert got["height"] == pytest.approx(want["height"], abs=2), (i, got, want)
        assert (got["axisLabels"], got["titleLines"]) == (want["axisLabels"], want["titleLines"]), (i, got, want)


def test_a_resized_chart_keeps_the_series_the_reader_picked(page, server):
    charts = open_page(page, server, "book/chapters/03_frictions.html")
    index = next(i for i in range(charts.count()) if charts.nth(i).locator("g.role-legend-symbol path").count())
    entry = charts.nth(index).locator("g.role-legend-symbol path").first
    entry.scroll_into_view_if_needed()
    entry.click(force=True)
    page.wait_for_function(f"() => ({FADED})({index}) > 0", timeout=5_000)
    chart_layout(page, (1000, 900))
    assert page.evaluate(FADED, index) > 0
    assert charts.nth(index).locator("g[role=button][aria-pressed=true]").count() == 1


CUT_LEGEND_LABELS = """() => [...document.querySelectorAll('.vega-embed .role-legend-label text')].flatMap((text) => {
  const lines = [...text.querySelectorAll('tspan')].map((line) => line.textContent);
  const joined = lines.join('');  // (Japanese lines join with nothing: it writes no spaces)
  const drawn = lines.length ? (/[\u3040-\u9fff]/.test(joined) ? joined : lines.join(' ')) : text.textContent;
  return drawn === String(text.__data__.datum.label) ? [] : [drawn];
})"""


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_no_legend_label_is_cut(browser, server, screen):
    """A legend is a chart's key: its names are drawn in full (on two lines where the room is
    short), never cut with an ellipsis (a phone once read "First leaders' meet…")."""
    assert not found_on_pages(browser, server, screen, CUT_LEGEND_LABELS)


def tap(page, x, y):
    page.touchscreen.tap(x, y)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip


def chart_described(page, charts, words):
    """The chart whose description (its aria-label) has ``words``."""
    return next(
        charts.nth(i)
        for i in range(charts.count())
        if words in (charts.nth(i).locator(".chart-wrapper").get_attribute("aria-label") or "")
    )


def test_a_tap_on_a_line_shows_the_value_there(phone, server):
    """A finger on a line lands on the line, between its points: the nearest point's value shows
    (a tap there once isolated the series and showed nothing)."""
    charts = open_page(phone, server, "book/chapters/02_goals.html")
    points = chart_described(phone, charts, "US active-duty personnel").locator("g.mark-symbol path")
    points.first.scroll_into_view_if_needed()
    first, second = (points.nth(i).bounding_box() for i in (0, 1))  # two years of one line
    tooltip = tap(
        phone,
        (first["x"] + second["x"] + first["width"]) / 2,
        (first["y"] + second["y"] + first["height"]) / 2,
    )
    assert re.search(r"Active-duty personnel\s+[\d,]+", tooltip.inner_text())


def test_a_tapped_tooltip_stays_on_the_screen_and_off_the_title(phone, server):
    charts = open_page(phone, server, "book/chapters/01_transition.html")
    chart = chart_described(phone, charts, "first in-person leaders' meeting")
    bars = chart.locator("g.mark-rect path")
    bars.first.scroll_into_view_if_needed()
    title = chart.locator(".role-title").first.bounding_box()
    for i in range(bars.count()):
        bar = bars.nth(i).bounding_box()
        box = tap(phone, bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0 and box["y"] + box["height"] <= 844, (
            box
        )
        assert box["y"] >= title["y"] + title["height"] or box["y"] + box["height"] <= title["y"], (box, title)


BEYOND_THE_SCREEN = """() => [...document.querySelectorAll('.bd-article table td')]
  .filter((cell) => cell.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((cell) => cell.textContent)"""
TABLE_HEIGHT = "() => document.querySelector('.bd-article table.japan-us-table').getBoundingClientRect().height"


PAST_THE_COLUMN = """() => {
  const column = document.querySelector('.bd-article').getBoundingClientRect().right;
  return [...document.querySelectorAll('.bd-article table td')]
    .filter((cell) => cell.getBoundingClientRect().right > column + 1)
    .map((cell) => cell.textContent.slice(0, 40));
}"""


def test_no_table_on_a_desktop_runs_past_its_column(browser, server):
    """At 1440 px a table fits the text column: a long notes column once pushed the host-nation
    table 60 px past it, its last column cut to a word a line behind a scroll bar."""
    assert not found_on_pages(browser, server, DESKTOP, PAST_THE_COLUMN)


def test_tables_on_a_phone_show_every_cell_within_the_screen(browser, server):
    """On a phone the book's tables are cards: nothing lies off to the right, and the milestone
    table is not much taller than on a desktop (it was a 960 px wide table in a 356 px frame)."""
    for pg in _page(browser, server, PHONE):
        beyond = {}
        for path in PAGES:
            pg.goto(f"{server}/{path}", wait_until="load")
            beyond[path] = pg.evaluate(BEYOND_THE_SCREEN)
        assert not {path: cells for path, cells in beyond.items() if cells}
        pg.goto(f"{server}/book/chapters/01_transition.html", wait_until="load")
        on_a_phone = pg.evaluate(TABLE_HEIGHT)
    for pg in _page(browser, server, DESKTOP):
        pg.goto(f"{server}/book/chapters/01_transition.html", wait_until="load")
        assert on_a_phone <= 1.5 * pg.evaluate(TABLE_HEIGHT)


def test_the_front_page_board_is_folded_by_part_on_a_phone(phone, server):
    """Each part of the board shows its counts and folds its cards on a phone, so that the
    chapter list comes within three screens, after the board and the essay's story in one
    chart (it came after sixteen)."""
    phone.goto(f"{server}/book/intro.html", wait_until="load")
    parts = phone.locator(".japan-us-part")
    assert parts.count() == 4
    for i in range(parts.count()):
        assert not parts.nth(i).evaluate("part => part.open")
        counts = parts.nth(i).locator("summary .japan-us-verdict").all_inner_texts()
        assert counts and all(
            re.fullmatch(r"\d+ .+", count) and count.split(" ", 1)[1] in metrics.VERDICTS for count in counts
        )
    chapters = phone.get_by_role("heading", name="The chapters")
    phone.wait_for_function(DRAWN_FOR_WIDTH, timeout=20_000)  # the story chart above it, as drawn
    assert chapters.evaluate("h => h.getBoundingClientRect().top + scrollY") < 3 * 844
    parts.first.locator("summary").tap()
    assert parts.first.locator(".japan-us-claim").first.is_visible()


CUT_AXIS_LABELS = """() => [...document.querySelectorAll('.vega-embed svg .role-axis-label text')]
  .map((label) => label.textContent).filter((text) => text.endsWith('…'))"""


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_no_axis_label_is_cut(browser, server, screen):
    """Names down an axis are drawn whole, on two lines where long ("Assembly, testing, and
    pac…" was cut at 1440 px with room to spare)."""
    chapters = [f"book/chapters/{chapter.notebook}.html" for chapter in CHAPTERS]
    assert not found_on_pages(browser, server, screen, CUT_AXIS_LABELS, chapters)


OVERLAPPING_STEPS = """() => {
  const story = [...document.querySelectorAll('.vega-embed')].find((chart) =>
    chart.querySelector('.role-title-text').textContent.includes('tariff in force'));
  const boxes = [...story.querySelectorAll('.mark-symbol path')]
    .map((mark) => mark.getBoundingClientRect()).filter((box) => box.width >= 9);
  return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) =>
    a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)).length;
}"""


def test_the_tariff_story_draws_each_step_apart(page, server):
    """The 24% announced on 2 April 2025 and suspended a week later were drawn on top of
    each other (chapter 6 and the front page draw the story)."""
    for path in ("book/intro.html", "book/chapters/06_scorecard.html"):
        open_page(page, server, path)
        assert page.evaluate(OVERLAPPING_STEPS) == 0, path


def test_no_line_of_code_is_cut_in_print(browser, server):
    """Paper cannot scroll: printed as the PDF prints it (A4's text column, about 690 px),
    every code block of the reproduce page wraps inside the column."""
    context = browser.new_context(viewport={"width": 690, "height": 900})
    pg = context.new_page()
    pg.goto(f"{server}/book/reproduce.html")
    pg.emulate_media(media="print")
    pg.add_style_tag(content=PRINT_CSS)
    wide = "[...document.querySelectorAll('pre')].filter(p => p.scrollWidth > p.clientWidth + 1)"
    assert pg.evaluate(f"{wide}.length") == 0, pg.evaluate(f"{wide}.map(p => p.textContent.slice(0, 80))")
    assert pg.evaluate("document.querySelectorAll('pre').length") >= 1
    context.close()


@pytest.mark.parametrize("query", ["相互関税", "防衛費"])
def test_japanese_search_finds_japanese_words(page, server, query):
    """The reader's query is cut as the index is (sphinx_editions): a Japanese word finds its pages."""
    page.goto(f"{server}/ja/search.html?q={query}", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    assert page.locator("#search-results ul.search li").count() >= 1


CHAPTER_QUERIES = [("book/chapters/03_frictions.html", "tariff"), ("ja/book/chapters/03_frictions.html", "相互関税")]


@pytest.mark.parametrize(("path", "query"), CHAPTER_QUERIES)
def test_a_query_typed_on_a_chapter_finds_its_pages(page, server, path, query):
    """A chapter loads no search index (the theme's search-as-you-type is off: sphinx_ext),
    and its search field takes the reader to the search page, which finds the word."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, server, path)
    assert not [url for url in requested if "searchindex" in url or "searchtools" in url], requested
    page.locator("button.search-button-field").click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill(query)
    field.press("Enter")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    assert page.url.split("?")[0].endswith("search.html") and page.errors == [], page.errors

"""The text the shared modules make, in both languages: chart titles wrapped for Japanese,
lists, ranks and changes in words, the lines under a chart and its CSV header, the source
kinds and the generated pages."""

from __future__ import annotations

import json
import re
import urllib.parse

import altair as alt
import pandas as pd
import pytest

from japan_us import chart_data, chart_render, charts, i18n, report, sources
from japan_us.chapters.base import SIPRI, change_in_words

NUMBER_CHARACTER = re.compile(r"[0-9.,%]")

JAPANESE_TITLES = [
    "日本の防衛費は2025年度に8.7兆円となり、GDP比1.8%に達したが、NATOの新たな目標である3.5%には遠く及ばない",
    "米国の対日関税は2025年4月2日の相互関税で平均15.0%に上がり、対日輸入額は1,234.5億ドル減少した",
    "SIPRI Military Expenditure Databaseによれば、日本の軍事支出は2024年に553億ドルで世界第10位である",
    "在日米軍駐留経費負担は2022年度から2026年度の5年間で総額2,110億円、年平均422億円である",
]


def broken_inside_a_number(lines: list[str]) -> bool:
    return any(
        NUMBER_CHARACTER.match(before[-1:]) and NUMBER_CHARACTER.match(after[:1])
        for before, after in zip(lines, lines[1:], strict=False)
    )


@pytest.mark.parametrize("title", JAPANESE_TITLES)
@pytest.mark.parametrize("width", [16, 24, 30, 40, 62, 90])
def test_japanese_wrapping_keeps_numbers_whole_and_lines_within_the_width(title, width):
    lines = i18n.wrap(title, width)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")  # nothing lost
    assert not broken_inside_a_number(lines), lines
    assert all(i18n.display_width(line) <= width for line in lines), lines


@pytest.mark.parametrize("title", JAPANESE_TITLES)
def test_a_japanese_chart_title_breaks_between_phrases(title):
    with i18n.use("ja"):
        chart = charts.finish(
            alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"),
            title=title,
            subtitle="単位：%、2024年",
            source="出典",
            description="説明",
        )
    lines = chart.title.text
    assert len(lines) > 1
    assert not broken_inside_a_number(lines), lines
    assert all(i18n.display_width(line) <= 62 for line in lines), lines


def test_panel_labels_and_two_line_labels_break_japanese_between_phrases():
    with i18n.use("ja"):
        label = charts.panel_label(JAPANESE_TITLES[3], 30)
        expression = charts.two_line_labels(["半導体製造装置と関連部品の輸出"], width=10)
    assert not broken_inside_a_number(label.split("|"))
    assert all(i18n.display_width(line) <= 30 for line in label.split("|"))
    assert json.dumps(["半導体製造装置と", "関連部品の輸出"]) in expression  # two lines, between phrases


def test_join_and_in_both_languages():
    assert report.join_and([]) == ""
    assert report.join_and(["Japan"]) == "Japan"
    assert report.join_and(["Japan", "Germany"]) == "Japan and Germany"
    assert report.join_and(["Japan", "Germany", "France"]) == "Japan, Germany and France"
    with i18n.use("ja"):
        assert report.join_and(["日本"]) == "日本"
        assert report.join_and(["日本", "ドイツ"]) == "日本、ドイツ"
        assert report.join_and(["日本", "ドイツ", "フランス"]) == "日本、ドイツ、フランス"
        names = [report.in_a_sentence(c) for c in ["United States", "Japan", "Philippines"]]
        assert report.join_and(names) == "米国、日本、フィリピン"
    assert report.in_a_sentence("United States") == "the United States"


def test_rank_text_in_both_languages():
    values = pd.Series([1.0, 2.0, 3.0, 3.0, 5.0, 6.0])
    assert report.rank_text(values, 2.0) == "2nd"
    assert report.rank_text(values, 3.0) == "joint 3rd"
    assert report.rank_text(values, 6.0) == "6th"
    with i18n.use("ja"):
        assert report.rank_text(values, 2.0) == "2位"
        assert report.rank_text(values, 3.0) == "同率3位"
        assert report.rank_text(values, 6.0) == "6位"


def test_change_in_words_in_both_languages():
    assert change_in_words(-57.2, "{:.0f}%") == "fell by 57%"
    assert change_in_words(3.1, "{:.0f}%") == "rose by 3%"
    assert change_in_words(-0.25, "{:.0%}", "up", "down") == "down 25%"
    with i18n.use("ja"):
        assert change_in_words(-57.2, "{:.0f}%") == "57%減少"
        assert change_in_words(3.1, "{:.0f}%") == "3%増加"
        assert change_in_words(-0.25, "{:.0%}", "up", "down") == "25%減"
        assert change_in_words(0.25, "{:.0%}", "up", "down") == "25%増"


def test_a_source_constant_is_written_in_the_language_where_it_is_used():
    assert f"{SIPRI}." == "SIPRI Military Expenditure Database, 2025 release."
    with i18n.use("ja"):
        assert f"{SIPRI}; NATO" == "SIPRI軍事支出データベース（2025年版）; NATO"
        assert str(SIPRI).startswith("SIPRI軍事支出データベース")


def japanese_chart_html() -> str:
    frame = pd.DataFrame({"year": [2023, 2024], "share_gdp_pct": [1.2, 1.4], "estimate": [False, True]})
    with i18n.use("ja"):
        chart = charts.finish(
            alt.Chart(frame)
            .mark_line()
            .encode(
                x=charts.year_axis(title="年"),
                y=alt.Y("share_gdp_pct:Q", title="GDP比（%）"),
                tooltip=charts.tooltip(("estimate:N", "推計値")),
            ),
            title="日本の防衛費は2024年にGDP比1.4%となった",
            subtitle="GDP比（%）、日本、2023～2024年",
            source=SIPRI,
            note="暦年",
            description="折れ線グラフ",
        )
        return chart_render.StableHTMLRenderer()(chart.to_dict())["text/html"]


def test_the_lines_under_a_japanese_chart():
    shown = japanese_chart_html()
    assert "<p class='japan-us-chart-source'>出典：SIPRI軍事支出データベース（2025年版）</p>" in shown
    assert "<p class='japan-us-chart-note'>注：暦年</p>" in shown
    assert ">データ（CSV）</a>" in shown
    assert "Source:" not in shown and "Data (CSV)" not in shown


def test_a_japanese_csv_header():
    shown = japanese_chart_html()
    csv_text = urllib.parse.unquote(re.search(r'href="data:text/csv;charset=utf-8,([^"]*)"', shown)[1])
    header = [line for line in csv_text.splitlines() if line.startswith("#")]
    assert header[0] == "# 図：日本の防衛費は2024年にGDP比1.4%となった"
    assert header[1] == "# 単位・期間：GDP比（%）、日本、2023～2024年"
    assert "# 出典：SIPRI軍事支出データベース（2025年版）" in header
    assert "# 注：暦年" in header
    assert any(line.startswith("# 利用条件：編集物はCC BY 4.0") for line in header)
    assert any(
        line.startswith("# 引用表記：") and "図「日本の防衛費は2024年にGDP比1.4%となった」" in line for line in header
    )
    # the column names stay the fields' own, for programs; a line says so, and what each is
    assert any("列名" in line and "英語" in line for line in header)
    assert "# 各列の内容：year＝年、share_gdp_pct＝GDP比（%）、estimate＝推計値" in header
    rows = [line for line in csv_text.splitlines() if not line.startswith("#")]
    assert rows[0] == "year,share_gdp_pct,estimate"
    assert rows[2].endswith(",はい")
    assert not any(re.search(r"[A-Za-z]{3,}:", line) for line in header if "CC BY" not in line)  # no "Chart:" etc.


def test_the_english_csv_header_is_unchanged_in_english():
    frame = pd.DataFrame({"year": [2024], "share_gdp_pct": [1.4]})
    chart = charts.finish(
        alt.Chart(frame).mark_point().encode(x="year:Q", y=alt.Y("share_gdp_pct:Q", title="% of GDP")),
        title="Japan spent 1.4% of GDP",
        subtitle="% of GDP, 2024",
        source=SIPRI,
        description="A chart",
    )
    spec = chart.to_dict()
    header = chart_data._header(spec)
    assert header.startswith("# Chart: Japan spent 1.4% of GDP\n# Units and period: % of GDP, 2024\n")
    assert "# Source: SIPRI Military Expenditure Database, 2025 release\n" in header


def test_source_kinds_and_yes_no_in_japanese():
    assert sources.kind_words("primary") == "(primary)"
    assert report.cell_text(True) == "yes"
    with i18n.use("ja"):
        assert sources.kind_words("primary") == "（一次資料）"
        assert sources.kind_words("wire_or_major_outlet") == "（通信社・主要報道）"
        assert report.cell_text(True) == "はい"
        assert report.heading("this_run") == "今回の値"


def test_an_events_table_in_japanese_has_japanese_dates_caption_and_headings():
    events = pd.DataFrame(
        {
            "event_id": ["X1"],
            "date": pd.to_datetime(["2025-04-02"]),
            "category": ["tariffs_trade"],
            "title": [""],
            "confidence": ["V"],
            "caveat": [None],
            "source_publisher": ["Federal Register"],
            "source_url": ["https://www.federalregister.gov/"],
            "source_kind": ["primary"],
        }
    )
    with i18n.use("ja"):
        shown = report.events_table(events, caption="関税の出来事", with_category=True).data
    assert "<caption>関税の出来事（2025年4月～2025年4月）</caption>" in shown
    assert "2025年4月2日" in shown and "関税・通商" in shown
    assert "<th scope='col'>日付</th>" in shown and "<th scope='col'>出典</th>" in shown
    assert "（一次資料）" in shown


def test_the_generated_pages_in_japanese():
    from japan_us import pages
    from japan_us.chapters import CHAPTERS

    values = {c.slug: {p.name: p.default for p in c.params} for c in CHAPTERS}
    with i18n.use("ja"):
        page = pages.parameters_page(values, "baseline")
        baseline = pages.comparison_page(type("Scenario", (), {"name": "baseline"})(), values, {})
    assert page.startswith("# パラメータ\n")
    assert "本ビルドはシナリオ **baseline** を用いた。" in page
    assert "既定値：" in page and "Default:" not in page
    assert baseline.startswith("# 基準ケースとの比較")
    english = pages.parameters_page(values, "baseline")
    assert english.startswith("# Parameters\n") and "Default: " in english

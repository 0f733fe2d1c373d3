"""The CSV under each chart, as a spreadsheet reads it: no formulas from text, numbers as
numbers, dates as dates, and columns named in words with their units."""

from __future__ import annotations

import csv
import html
import io
import re
import urllib.parse

import altair as alt
import pandas as pd

from japan_us import chart_data


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _downloads(chart: alt.TopLevelMixin) -> list[list[list[str]]]:
    """The tables a chart's "Data (CSV)" links download (comment lines left out)."""
    links = chart_data.links(chart.to_dict(), "chart")
    hrefs = re.findall(r'href="data:text/csv;charset=utf-8,([^"]+)"', links)
    texts = [urllib.parse.unquote(html.unescape(href)) for href in hrefs]
    return [_rows("".join(line for line in t.splitlines(keepends=True) if not line.startswith("#"))) for t in texts]


def test_text_that_a_spreadsheet_would_run_is_neutralised_and_numbers_stay_numbers():
    rows = [
        {"title": "=cmd|' /C calc'!A0", "value": -5.25},
        {"title": "+1+1", "value": -3},
        {"title": "-2+3", "value": 0},
        {"title": "@SUM(A1:A2)", "value": 1e-7},
        {"title": "\tindented", "value": None},
        {"title": "\rreturn", "value": 2},
        {"title": "-5", "value": 3},  # a plain number written as text reads as that number
        {"title": "Tariffs -> 15%", "value": 4},
    ]
    header, *cells = _rows(chart_data.to_csv(rows))
    assert [row[0] for row in cells] == [
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3",
        "'@SUM(A1:A2)",
        "'\tindented",
        "'\nreturn",  # a lone carriage return would end the row in a reader
        "-5",
        "Tariffs -> 15%",
    ]
    assert [row[1] for row in cells] == ["-5.25", "-3", "0", "1e-07", "", "2", "3", "4"]


def test_a_header_that_a_spreadsheet_would_run_is_neutralised():
    header = _rows(chart_data.to_csv([{"x": 1}], {"x": "=HYPERLINK(1)"}))[0]
    assert header == ["'=HYPERLINK(1)"]


def test_dates_are_written_as_days_and_times_only_where_they_exist():
    rows = [
        {"date": "2025-04-02T00:00:00", "at": "2025-04-02T00:00:00", "note": "2025-04-02T00:00:00 in text"},
        {"date": "2025-08-07T00:00:00", "at": "2025-08-07T13:30:00", "note": ""},
    ]
    _, *cells = _rows(chart_data.to_csv(rows))
    assert [row[0] for row in cells] == ["2025-04-02", "2025-08-07"]
    assert [row[1] for row in cells] == ["2025-04-02T00:00:00", "2025-08-07T13:30:00"]  # a column with times
    assert cells[0][2] == "2025-04-02T00:00:00 in text"


def test_columns_are_named_as_the_chart_names_them_with_units():
    frame = pd.DataFrame(
        {
            "year": [2023, 2024],
            "usd_bn": [1.5, -2.0],
            "share_gdp_pct": [1.2, 1.4],
            "source_url": ["https://a.example", "https://b.example"],
            "day": pd.to_datetime(["2024-01-31", "2024-12-31"]),
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("usd_bn:Q", title="US$ bn"),
            tooltip=[alt.Tooltip("usd_bn:Q", title="US$ billion, current prices"), "day:T"],
        )
    )
    [table] = _downloads(chart)
    assert table[0] == ["Year", "US$ billion, current prices", "Share GDP (%)", "Source URL", "Day"]
    assert table[1] == ["2023", "1.5", "1.2", "https://a.example", "2024-01-31"]


def test_fields_that_share_a_name_keep_apart_and_each_layer_names_its_own_data():
    events = pd.DataFrame({"date": pd.to_datetime(["2025-04-02"]), "title": ["Liberation Day"]})
    rates = pd.DataFrame({"date": pd.to_datetime(["2025-04-05"]), "label": ["10%"], "status": ["in force"]})
    chart = alt.layer(
        alt.Chart(events)
        .mark_rule()
        .encode(x=alt.X("date:T", title="Date"), tooltip=alt.Tooltip("title:N", title="Event")),
        alt.Chart(rates)
        .mark_point()
        .encode(
            x=alt.X("date:T", title="From"),
            tooltip=[alt.Tooltip("label:N", title="Headline rate"), alt.Tooltip("status:N", title="Headline rate")],
        ),
    )
    first, second = _downloads(chart)
    assert first[0] == ["Date", "Event"]
    assert second[0] == ["From", "Headline rate", "Headline rate (status)"]

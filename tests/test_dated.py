"""What a page may show as of a day: gates by event, date or edition; passages kept or left out."""

from __future__ import annotations

import math
import re
import urllib.parse
from html import unescape
from pathlib import Path

import pandas as pd
import pypdf
import pytest
from conftest import run_cli

from japan_us import EDITION_DATE, data, dated, edition_text, long_date
from japan_us.chapters import CHAPTERS
from japan_us.pdf import CHROMIUM

TEXT = """Before.
:::{known-from} B1.9
The deal took force.
:::
  :::{known-until} 2025-08-01
  Still open.
  :::
After.
"""


def test_a_gate_opens_on_its_event_day_and_a_passage_joins_its_paragraph():
    assert dated.gate_day("B1.9").isoformat() == "2025-08-07"  # the events table's date
    assert dated.gate_day("edition").isoformat() == EDITION_DATE
    assert dated.known_text(TEXT, "2025-07-15") == "Before.\n  Still open.\nAfter.\n"
    assert dated.known_text(TEXT, "2025-08-07") == "Before.\nThe deal took force.\nAfter.\n"
    # a notebook cell ends without a newline
    assert dated.known_text("Before.\n:::{known-from} B1.9\nThe deal.\n:::", "2025-07-15") == "Before.\n"


def test_a_gate_naming_nothing_is_refused():
    with pytest.raises(ValueError, match="'B9.99' is not an event id of the events table"):
        dated.shown({"known_from": "B9.99"}, "2025-07-15")


# ---------------------------------------------------------------- the whole book, as of a day

EARLY = "2025-07-15"
BOOK_PAGES = [f"book/{name}.html" for name in ("intro", "methodology", "reproduce", "comparison", "parameters")] + [
    f"book/chapters/{c.notebook}.html" for c in CHAPTERS
]
# What the issue found on pages of a book as of 15 July 2025, published later: the September
# 2025 troop count, the Cabinet Office's 28 November 2025 survey, the BEA ranking of 28 July
# 2025, the OECD's preliminary 2025 aid (April 2026).
LATER_FIGURES = ["53,490", "77.0%", "US$819.2", "fell by 57%"]


def _distinctive(value) -> bool:
    """A number unlikely to appear by chance: four significant digits or more, not a year."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        return False
    digits = len(f"{abs(value):.10g}".replace(".", "").strip("0"))
    return digits >= 4 and not (value == int(value) and 1900 <= value <= 2100)


def _published_after(as_of: str) -> dict[str, set[float]]:
    """Each dated table's distinctive values published after ``as_of`` (and in no row of any
    dated table known by then, so that a shared number is not counted)."""
    later, known = {}, set()
    for res in data.descriptor()["resources"]:
        table = data.load(res["name"])
        days = data.published(res["name"], table)
        if days is None or "knownFrom" not in res:
            continue
        numbers = table.select_dtypes("number")
        cells = lambda rows: {float(v) for v in rows.to_numpy().ravel() if _distinctive(v)}  # noqa: E731
        later[res["name"]] = cells(numbers[days > pd.Timestamp(as_of)])
        known |= cells(numbers[days <= pd.Timestamp(as_of)])
    return {name: values - known for name, values in later.items()}


def _number_pattern(value: float) -> re.Pattern:
    """The number as a chart's data or a CSV writes it (53490, 53490.0, 819.2)."""
    text = repr(value).removesuffix(".0")
    return re.compile(rf"(?<![\d.]){re.escape(text)}(?:\.0)?(?![\d])")


def _csv_downloads(page: str) -> str:
    return "\n".join(urllib.parse.unquote(m) for m in re.findall(r"data:text/csv;charset=utf-8,([^\"']*)", page))


def test_no_value_published_after_the_books_date_reaches_a_page_a_chart_a_csv_or_the_pdf(tmp_path):
    """For every dated table: no value made public after as_of is drawn, downloadable, printed
    or written, and every page, CSV and the PDF give the book's date, not the edition's (the
    comparison page sets no number beside the baseline's: those include later figures)."""
    env = {"JAPAN_US_BUILD_DIR": str(tmp_path)}
    printable = Path(CHROMIUM).exists()
    proc = run_cli("pdf" if printable else "build", "-p", "as_of", EARLY, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html_dir = tmp_path / "scenarios" / f"custom-as_of-{EARLY}" / "html"
    later = _published_after(EARLY)
    assert later["us_troops_by_host"] and later["us_duties_by_partner_monthly"]  # the test can see them
    for page in BOOK_PAGES:
        raw = unescape((html_dir / page).read_text())
        specs, downloads = raw, _csv_downloads(raw)  # (a page's charts carry their rows as JSON)
        for table, values in later.items():
            drawn = [v for v in values if _number_pattern(v).search(specs)]
            assert not drawn, f"{page}: {table} values published after {EARLY} in a chart or the page: {drawn[:5]}"
            offered = [v for v in values if _number_pattern(v).search(downloads)]
            assert not offered, f"{page}: {table} values published after {EARLY} in a CSV: {offered[:5]}"
        text = " ".join(re.sub(r"<[^>]+>", " ", raw).split())
        assert [f for f in LATER_FIGURES if f in text] == [], page
        assert " n/a" not in text, f"{page} prints n/a"
        assert edition_text(EARLY) in text and edition_text() not in text, f"{page}: footer not dated {EARLY}"
        if downloads:
            assert f"# {edition_text(EARLY)}\n" in downloads and edition_text() not in downloads, page
    # the data page describes the edition's tables, and says what of them this book uses
    data_page = " ".join(re.sub(r"<[^>]+>", " ", unescape((html_dir / "book" / "data.html").read_text())).split())
    assert f"This book is the record as of {long_date(EARLY)}" in data_page
    if not printable:
        pytest.skip(f"no Chromium at {CHROMIUM}: the PDF part was not checked")
    reader = pypdf.PdfReader(tmp_path / "scenarios" / f"custom-as_of-{EARLY}" / "pdf" / "japan-us-relations.pdf")
    pdf = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert edition_text(EARLY) in pdf and edition_text() not in pdf
    assert [f for f in LATER_FIGURES if f in pdf] == []


def test_every_page_depends_on_the_books_date(tmp_path):
    """A book rebuilt as of another day rewrites every page's footer, not only the pages whose
    text changed: each page depends on the file that holds the book's date."""
    from japan_us import AS_OF_FILE, sphinx_ext

    noted = []
    app = type("App", (), {"srcdir": str(tmp_path), "env": type("Env", (), {"note_dependency": noted.append})})
    sphinx_ext._note_book_date(app, "book/reproduce", ["text"])
    assert noted == []  # a book built by Jupyter Book alone: the edition's date, no file
    (tmp_path / AS_OF_FILE).write_text("2025-07-15")
    sphinx_ext._note_book_date(app, "book/reproduce", ["text"])
    assert noted == [str(tmp_path / AS_OF_FILE)]
    assert sphinx_ext.book_as_of(app) == "2025-07-15"


def test_a_translated_edition_keeps_each_dated_passage_a_paragraph_of_its_own():
    """Translations are made per paragraph: apart, a passage is translated once for every date."""
    assert dated.known_text(TEXT, "2025-08-07", apart=True) == "Before.\n\nThe deal took force.\n\nAfter.\n"
    assert dated.known_text(TEXT, None, apart=True) == "Before.\n\nThe deal took force.\n\n\n  Still open.\n\nAfter.\n"
    # a passage left out still parts the text around it: two paragraphs, each translated
    assert dated.known_text(TEXT, "2025-08-03", apart=True) == "Before.\n\nAfter.\n"
    assert dated.known_text(TEXT, "2025-08-03") == "Before.\nAfter.\n"  # one paragraph in English

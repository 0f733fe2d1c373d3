"""The PDF edition as a reader of paper gets it: a contents page with page numbers and
bookmarks, the claim board once, folded passages open, charts with sliders saying what they
show; and the web book that links to its PDF, with a description and an icon on every page."""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape

import pypdf
import pytest
from conftest import run_cli

from japan_us import files, pdf
from japan_us.chapters import CHAPTERS

pytestmark = pytest.mark.book


def _plain(text: str) -> str:
    """PDF text and HTML text compared alike: ligatures undone, quotes straight, spaces single."""
    text = unicodedata.normalize("NFKC", unescape(text)).replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(built_book, build_dir):
    """The baseline book printed: (its PDF, the text of each page, 1-based)."""
    proc = run_cli("pdf", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    reader = pypdf.PdfReader(build_dir / "pdf" / "japan-us-relations.pdf")
    return reader, [None] + [_plain(page.extract_text()) for page in reader.pages]


def _contents(reader) -> list[tuple[str, int]]:
    """(title, page) for each numbered line of the contents, a wrapped title joined again. The
    contents start on page 2 and end before the page of their first entry, the front page."""
    entries, pending = [], ""
    for index in range(1, len(reader.pages)):
        numbered = 0
        for line in reader.pages[index].extract_text().splitlines():
            entry = re.fullmatch(r"(.*\S) (\d+)", line.strip())
            if re.search(r"\d+ / \d+$", line):  # the footer
                continue
            if entry:
                entries.append((_plain(pending + " " + entry.group(1)), int(entry.group(2))))
                pending, numbered = "", numbered + 1
            elif line.strip() not in ("Contents", "Chapters", "Reference"):
                pending += " " + line
        if not numbered or index + 2 >= entries[0][1]:
            return entries
    return entries


def test_the_contents_give_each_chapter_and_section_its_page(printed):
    reader, text = printed
    entries = _contents(reader)
    assert entries, "the contents give no page numbers"
    titles = [title for title, _ in entries]
    for chapter in CHAPTERS:
        assert any(_plain(chapter.title) in title for title in titles), chapter.title
    assert titles.count("Parameters you can change") == len(CHAPTERS)  # each chapter's sections
    for title, page in entries:
        assert title in text[page], f"contents: {title!r} on page {page}, not printed there"
    # each chapter's page is the first that prints its title
    for chapter in CHAPTERS:
        title, page = next((t, p) for t, p in entries if _plain(chapter.title) in t)
        assert page == next(n for n in range(page, len(text)) if _plain(chapter.title) in text[n][:300])


def test_the_pdf_has_a_bookmark_per_chapter_with_its_sections(printed):
    reader, text = printed
    assert reader.outline, "the PDF has no bookmarks"
    chapters = {}
    for item, sections in zip(reader.outline[::2], reader.outline[1::2], strict=False):
        if isinstance(sections, list):
            chapters[_plain(item.title)] = (reader.get_destination_page_number(item) + 1, sections)
    for chapter in CHAPTERS:
        title = next(t for t in chapters if _plain(chapter.title) in t)
        page, sections = chapters[title]
        assert _plain(chapter.title) in text[page]
        assert all(_plain(s.title) in text[reader.get_destination_page_number(s) + 1] for s in sections)


def test_the_claim_board_prints_once_and_the_front_page_says_where(printed, built_book):
    reader, text = printed
    board = (built_book / "book" / "chapters" / "06_scorecard.html").read_text()
    cards = re.findall(r"<span class='japan-us-claim-kind'>([^<]+)</span>", board)  # "expectation, essay 1, C01"
    claims = [_plain(c) for c in re.findall(r"<p class='japan-us-claim-text'>([^<]+)</p>", board)]
    assert len(cards) >= 20
    whole = " ".join(text[1:])
    assert [card for card in cards if whole.count(_plain(card)) != 1] == []
    pointer = re.search(
        r"Every claim, with its verdict and the evidence, is printed once in chapter 6: see (.+?), page (\d+)\.", whole
    )
    assert pointer, "the front page does not say where the board is printed"
    assert claims[0] in text[int(pointer.group(2))] or claims[0] in text[int(pointer.group(2)) + 1]
    assert _plain(pointer.group(1)).strip('“”"') in text[int(pointer.group(2))]


def test_folded_passages_print_open(printed, built_book):
    _, text = printed
    whole = " ".join(text[1:])
    folded = []
    for page in sorted((built_book / "book").rglob("*.html")):
        for body in re.findall(r"<details[^>]*>\s*<summary>.*?</summary>(.*?)</details>", page.read_text(), re.S):
            folded.append(_plain(re.sub(r"<[^>]+>", " ", body))[:60])
    assert len(folded) >= len(CHAPTERS)
    assert [start for start in folded if start not in whole] == []


def test_a_chart_with_sliders_says_in_print_at_which_values_it_is_drawn(printed, built_book):
    _, text = printed
    whole = " ".join(text[1:])
    expected = []
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        for spec in re.findall(r"\}\)\((\{.*?\}), \{\"actions\"", page):
            spec = json.loads(spec)
            kinds = spec.get("usermeta", {}).get("japan_us", {}).get("sliders")
            if not kinds:
                continue
            shown = []
            for param in spec["params"]:
                if "bind" in param:
                    value = param["value"]
                    shown.append(
                        f"{param['bind']['name'].strip()}: "
                        + (f"{value * 100:.0f}%" if kinds[param["name"]] == "percent" else f"{value:g}")
                    )
            expected.append("In print the chart shows " + ", ".join(shown))
    assert len(expected) >= 2
    assert [line for line in expected if _plain(line) not in whole] == []
    assert whole.count("In print the chart shows") == len(expected)


def test_words_for_one_edition_appear_only_in_that_edition(printed, built_book):
    """Telling a reader of paper to drag a slider or hover over a line is a dead end: such
    words are marked for the web edition, and print has its own in their place."""
    _, text = printed
    whole = " ".join(text[1:])
    for word in ("Drag the slider", "Hover over", "click a name in a legend"):
        assert word not in whole
    english = [page for page in built_book.rglob("*.html") if page.relative_to(built_book).parts[0] != "ja"]
    pages = "".join(page.read_text() for page in english)  # (the English PDF)
    marked = {
        edition: [
            _plain(re.sub(r"<[^>]+>", "", words))
            for words in re.findall(rf'"japan-us-{edition}-only">(.*?)</span>', pages, re.S)
        ]
        for edition in ("web", "print")
    }
    assert len(marked["web"]) >= 3 and marked["print"]
    assert all(words not in whole for words in marked["web"])
    assert all(words in whole for words in marked["print"])


def test_the_published_book_carries_its_pdf_and_links_to_it(printed, built_book, build_dir):
    reader, _ = printed
    published = built_book / pdf.PUBLISHED_NAME
    assert published.read_bytes() == (build_dir / "pdf" / "japan-us-relations.pdf").read_bytes()
    front = (built_book / "book" / "intro.html").read_text()
    link = re.search(r'<p class="japan-us-pdf-edition"><a href="\.\./([^"]+)">(.*?)</p>', front)
    assert link and link.group(1) == pdf.PUBLISHED_NAME
    assert f"{len(reader.pages)} A4 pages" in link.group(2)
    # the book as published is the book as recorded: the next build reuses it, PDF and all
    assert (build_dir / "work" / "baseline" / "stamps" / "html.manifest").read_text() == files.manifest(built_book)
    # a book built again from other sources (here: a stamp that no longer matches) drops both
    (build_dir / "work" / "baseline" / "stamps" / "book.sha256").write_text("other sources")
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    assert not published.exists()
    front = (built_book / "book" / "intro.html").read_text()
    assert pdf.PDF_EDITION_MARK in front and "japan-us-pdf-edition" not in front


def test_every_page_has_a_description_and_an_icon(built_book):
    # (each edition's index.html only sends a reader to its front page; _static holds the
    # theme's templates)
    redirects = {built_book / "index.html", built_book / "ja" / "index.html"}
    pages = [p for p in built_book.rglob("*.html") if "_static" not in p.parts and p not in redirects]
    descriptions = {}
    for page in pages:
        head = page.read_text().split("</head>")[0]
        description = re.search(r'<meta name="description" content="([^"]+)">', head)
        assert description and 40 <= len(unescape(description.group(1))) <= 160, page
        descriptions[page.name] = description.group(1)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', head)
        assert icon and (page.parent / icon.group(1)).resolve().is_file(), page
    # each chapter is described by its own words, not the book's title
    chapters = [descriptions[f"{c.notebook}.html"] for c in CHAPTERS]
    assert len(set(chapters)) == len(CHAPTERS)


def test_no_page_offers_the_themes_print_of_one_page_as_the_pdf(built_book):
    for page in built_book.rglob("*.html"):
        assert "window.print()" not in page.read_text(), page

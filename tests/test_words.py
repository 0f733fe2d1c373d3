"""Words: glued counts agree with their verbs and nouns, a minus is a minus, and the
scorecard's prose names the verdicts its board uses."""

from __future__ import annotations

import json
import re
from html import unescape

import nbformat
import pytest
from conftest import ROOT

from japan_us import metrics
from japan_us.chapters import CHAPTERS, SCORECARD

# A glued count (a year or a date governs nothing) followed by a verb whose number it would
# have to govern: "{n} are" reads "1 are".
NUMBERED_VERB = re.compile(r"\{glue:text\}`(?![^`]*(?:year|date|_text))[^`]*`\s+(?:are|were|is|was|has|have)\b")
# Words ending in s that are not plurals.
NOT_PLURAL = {"is", "was", "has", "its", "this", "thus", "as", "us", "plus", "across", "less", "yes", "s"}


def markdown_sources() -> dict[str, str]:
    sources = {p.name: p.read_text() for p in (ROOT / "book").glob("*.md")}
    for chapter in CHAPTERS:
        nb = nbformat.read(chapter.path, as_version=4)
        sources[chapter.notebook] = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return sources


@pytest.mark.parametrize("name", sorted(markdown_sources()))
def test_no_glued_count_governs_a_verb(name):
    """A count changes with the data and the parameters: the sentence around it must read for
    1 as for 30 ("borne out for 1", never "1 are")."""
    found = NUMBERED_VERB.findall(markdown_sources()[name])
    assert not found, f"{name}: {found}"


def test_the_scorecard_names_every_verdict_its_board_uses():
    """The opening names the vocabulary as the data descriptor holds it (glued, not typed),
    and the glued words are every verdict the board can show."""
    from japan_us.chapters import scorecard

    prose = markdown_sources()[SCORECARD.notebook]
    intro = "\n".join(prose.split("\n\n")[0:3])
    assert "{glue:text}`verdict_vocabulary`" in intro and "{glue:text}`taken_up_vocabulary`" in intro
    from japan_us import EDITION_DATE

    v = scorecard.ledger(SCORECARD.load_tables(None), {"as_of": EDITION_DATE, "categories": []}).values
    named = f"{v['verdict_vocabulary']}, {v['taken_up_vocabulary']}"
    for verdict in metrics.VERDICTS:
        assert verdict in named, verdict


# ------------------------------------------------------------------ the rendered book


def visible_text(page: str) -> str:
    """A page's text as a reader sees it: no scripts, styles or code (commands keep their
    hyphens), no tags."""
    page = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))  # (a cell is its own text: "2016" "-64")


def chart_words(page: str) -> list[str]:
    """Every chart's title and subtitle lines, and its description."""
    lines = []
    for spec in re.findall(r'"title": (\{"text": .*?"subtitle": \[[^\]]*\]\})', page):
        title = json.loads(spec)
        lines += [t for t in title["text"] if isinstance(title["text"], list)] + title["subtitle"]
    lines += [json.loads(f'"{d}"') for d in re.findall(r'"description": "((?:[^"\\]|\\.)*)"', page)]
    return lines


@pytest.fixture(scope="module")
def pages(built_book) -> dict[str, str]:
    return {
        str(p.relative_to(built_book)): p.read_text()
        for p in sorted(built_book.rglob("*.html"))
        if "_static" not in p.parts
    }


@pytest.mark.book
def test_a_minus_is_never_a_hyphen(pages):
    """ "-57%" reads as a dash: a negative number takes a true minus, or is said in words."""
    for name, page in pages.items():
        for text in [visible_text(page), *chart_words(page)]:
            found = re.findall(r"(?<![\w.\-–])-\s?(?:US\$|¥)?\d[\d,.]*%?", text)
            assert not found, f"{name}: {found}"


@pytest.mark.book
def test_a_glued_one_takes_the_singular(pages):
    for name, page in pages.items():
        after_one = re.findall(r'class="pasted-text">1</span>\s+([A-Za-z]+)', page)
        wrong = [w for w in after_one if w in {"are", "were", "have"} or (w.endswith("s") and w not in NOT_PLURAL)]
        assert not wrong, f"{name}: '1 {wrong[0]}'"


@pytest.mark.book
def test_chart_words_have_no_stray_spaces(pages):
    """ "all US imports, % , Jan 2025": no space before a comma or a full stop, no two spaces."""
    for name, page in pages.items():
        for line in chart_words(page):
            assert not re.search(r"\s[,.;:]|\s{2}", line), f"{name}: {line!r}"

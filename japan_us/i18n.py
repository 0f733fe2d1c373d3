"""The book's two languages: which one a chapter writes in, the translations of the text the
package makes (chart text, generated sentences, tables, verdicts), and the ways a Japanese
reader expects dates, amounts and names to be written.

The prose of the pages is translated by Sphinx from the catalogues in ``book/locale``; the
text Python makes is translated here, from the catalogues in ``japan_us/locale``, one per
module of the package (``chapters/frictions_trade.po``), kept in step by
``python -m japan_us i18n update``. Both are gettext catalogues; :mod:`japan_us.glossary`
holds the names and terms both must render one way.

The language is a book-level parameter (``lang``), not the system locale: a chapter sets it
from its parameters (:func:`use`) before any of its text is made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from japan_us import BUILD_DIR, files

LANGUAGES = ("en", "ja")
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = SOURCE_LANGUAGE


class UnknownLanguage(ValueError):
    pass


def language() -> str:
    """The language the package writes in now."""
    return _current


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {lang!r}; the book is written in {', '.join(LANGUAGES)}")
    _current = lang


@contextlib.contextmanager
def use(lang: str) -> Iterator[None]:
    """Write in ``lang`` inside the block (the pages generated for each edition)."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def is_japanese() -> bool:
    return _current == "ja"


# ---------------------------------------------------------------- translations


def _(message: str) -> str:
    """``message`` in the current language (the English source text is the key)."""
    return pgettext("", message)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where the same English words need a different
    translation in another place (``pgettext("verdict", "Partly")``)."""
    if _current == SOURCE_LANGUAGE:
        return message
    translated = catalogue(_current).get((context, message))
    if translated is None:
        MISSING.add((context, message))
        return message
    return translated


def data_text(table: str, text: str) -> str:
    """A text cell of a data table (an event's title, a claim) in the current language: the
    table's name is the message context (catalogues ``data/<table>.po``)."""
    return pgettext(table, text) if text else text


# Messages asked for in another language and not found: the build refuses a Japanese
# edition with any (tests name them), rather than print English on a Japanese page.
MISSING: set[tuple[str, str]] = set()


@functools.cache
def catalogue(lang: str) -> dict[tuple[str, str], str]:
    """Every translated message of the package's catalogues for ``lang``, by (context, English).
    Fuzzy and empty entries are left out, as gettext leaves them out.

    Parsed once for each state of the catalogues, and kept in the build cache under their
    hash: Babel's parser took half of a build that had nothing else to do."""
    if lang == SOURCE_LANGUAGE:  # the messages are the English
        return {}
    kept = BUILD_DIR / "cache" / f"catalogue-{lang}-{translations_hash(lang)[:16]}.json"
    with contextlib.suppress(OSError, ValueError):
        return {(context, english): words for context, english, words in json.loads(kept.read_bytes())}
    messages = _read_catalogues(lang)
    with contextlib.suppress(OSError):
        for older in kept.parent.glob(f"catalogue-{lang}-*.json"):
            files.remove(older)
        triples = [[context, english, words] for (context, english), words in messages.items()]
        files.write_atomically(kept, json.dumps(triples, ensure_ascii=False).encode())
    return messages


def translations_hash(lang: str) -> str:
    """The package's translations into ``lang`` (its catalogues and glossary), which a
    chapter's text in that language depends on besides the code ("" for English: none)."""
    if lang == SOURCE_LANGUAGE:
        return ""
    found = sorted(path for path in (LOCALE_DIR / lang).rglob("*") if path.is_file())
    return _hash_of(tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in found))


@functools.lru_cache(maxsize=8)
def _hash_of(found: tuple[tuple[Path, int, int], ...]) -> str:
    """The files' names and bytes, read again only when one of them is new, gone or changed
    in time or size (a build asks for it once per chapter)."""
    digest = hashlib.sha256()
    for path, *_changed in found:
        digest.update(str(path.relative_to(LOCALE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_catalogues(lang: str) -> dict[tuple[str, str], str]:
    from babel.messages.pofile import read_po

    messages: dict[tuple[str, str], str] = {}
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").rglob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    messages[(message.context or "", message.id)] = message.string
    return messages


# ---------------------------------------------------------------- dates and numbers


def long_date(day) -> str:
    """A date written out as the language writes it: "2 April 2025", 2025年4月2日 (takes a
    date, a timestamp or an ISO string)."""
    day = dt.date.fromisoformat(str(day)[:10])
    if _current == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B %Y}"


def month_year(day) -> str:
    """ "April 2025", 2025年4月."""
    day = dt.date.fromisoformat(str(day)[:10])
    return f"{day.year}年{day.month}月" if _current == "ja" else f"{day:%B %Y}"


CURRENCY_WORDS = {"JPY": "円", "USD": "ドル"}


def japanese_amount(amount: float, currency: str, digits: int = 1) -> str:
    """An amount as Japanese writing gives it: 2,110億円, 8.7兆円, 553億ドル. 兆 from a
    trillion, or where 億 would round to 10,000 (9,999.96億 is 1兆); 億 amounts are whole and
    grouped (9,800億円, not 1兆円), 兆 amounts keep ``digits`` decimals (trailing zeros dropped);
    a negative amount takes a minus sign."""
    sign, size, unit = ("−" if amount < 0 else ""), abs(amount), CURRENCY_WORDS[currency]
    oku = round(size / 1e8)
    if size >= 1e12 or oku >= 10_000:
        text = f"{round(size / 1e12, digits):,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{size / 1e12:,.0f}"
        return f"{sign}{text}兆{unit}"
    if oku >= 1:
        return f"{sign}{oku:,}億{unit}"
    return f"{sign}{size:,.0f}{unit}"


def amounts(values: dict, currencies: dict[str, tuple[str, float]]) -> dict[str, str]:
    """Japanese twins of glued amounts: for each ``key: (currency, scale)`` (``"USD", 1e9`` for
    a value in billions of dollars), ``key_ja`` holds the amount as Japanese writing gives it,
    for the Japanese prose to glue in place of ``key`` (English keeps its own units). Empty in
    English."""
    if _current != "ja":
        return {}
    return {
        f"{key}_ja": japanese_amount(values[key] * scale, currency) for key, (currency, scale) in currencies.items()
    }


def space() -> str:
    """What separates words and sentences: a space in English, nothing in Japanese."""
    return "" if _current == "ja" else " "


def list_separator() -> str:
    """What separates the items of a list: ", " in English, 、 in Japanese."""
    return "、" if _current == "ja" else ", "


# ---------------------------------------------------------------- wrapping


def display_width(text: str) -> float:
    """Width in Latin characters: a kanji or kana is about two."""
    return sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.0 for c in text)


_NUMBER_INSIDE = re.compile(r"[0-9.,]$"), re.compile(r"^[0-9.,%]")


@functools.cache
def _phrase_parser():
    import budoux

    return budoux.load_default_japanese_parser()


def phrases(text: str) -> list[str]:
    """Japanese text cut where a line may break (BudouX's phrases), never inside a number:
    BudouX sometimes splits "2025" into "202" and "5年"."""
    out: list[str] = []
    for part in _phrase_parser().parse(text):
        if out and _NUMBER_INSIDE[0].search(out[-1]) and _NUMBER_INSIDE[1].match(part):
            out[-1] += part
        else:
            out.append(part)
    return out


# What a line may not break inside: a number with its separators and sign (−1,234.5%), a
# word in Latin letters with its trailing space; anything else is one character.
_UNBREAKABLE = re.compile(r"[−\-+]?[0-9][0-9.,]*%?|[A-Za-z][A-Za-z'’\-]* ?|.", re.S)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` Latin characters: at spaces for English, between phrases for
    Japanese (which has no spaces), never inside a word or a number."""
    if not any(unicodedata.east_asian_width(c) in "WF" for c in text):
        return textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    lines, line = [], ""
    for phrase in line_units(text, width):
        if line and display_width(line + phrase) > width:
            lines.append(line.rstrip())
            line = phrase.lstrip()
        else:
            line += phrase
    return [*lines, line] if line else lines or [""]


def line_units(text: str, width: int) -> list[str]:
    """Japanese text in the pieces a line may break between, each at most ``width`` wide where
    it can be: its phrases; a phrase too wide (a publisher's name in Latin letters) cut at its
    spaces, and a part still too wide between characters, never inside a number or a word in
    Latin letters. Joined, they are the text."""
    return [
        unit
        for phrase in phrases(text)
        for piece in (re.split(r"(?<= )", phrase) if display_width(phrase) > width else [phrase])
        for unit in (_UNBREAKABLE.findall(piece) if display_width(piece) > width else [piece])
        if unit
    ]


# ---------------------------------------------------------------- names and terms


GLOSSARY = LOCALE_DIR / "ja" / "glossary.csv"


@functools.cache
def glossary() -> dict[str, str]:
    """The one Japanese rendering of each name and term (countries, people, offices, laws,
    the book's own terms), by its English form: what code and prose alike must use
    (tests/test_i18n.py holds the catalogues to it)."""
    import csv

    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return {row["english"]: row["japanese"] for row in csv.DictReader(handle)}


def term(english: str) -> str:
    """A name or term as the current language writes it: ``term("Germany")`` is ドイツ in
    Japanese (from the glossary)."""
    if _current == SOURCE_LANGUAGE:
        return english
    translated = glossary().get(english)
    if translated is None:
        MISSING.add(("glossary", english))
        return english
    return translated

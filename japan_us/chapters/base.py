"""What the chapter modules share: the :class:`Chapter` declaration, :class:`Findings`, the
parameters two chapters declare once, source lines several cite, and small prose helpers.

It imports no chapter, so every chapter module can import it (the package's ``__init__``
imports the chapters to list them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from japan_us import EDITION_DATE, ESSAY_DATE, NOTEBOOK_DIR, data, i18n
from japan_us.params import Param, ParameterError, ParamSet, short


@dataclass(frozen=True)
class Chapter:
    slug: str
    notebook: str
    title: str
    essay_section: str
    tables: tuple[str, ...]
    params: tuple[Param, ...]

    @property
    def path(self) -> Path:
        return NOTEBOOK_DIR / f"{self.notebook}.ipynb"

    @property
    def param_set(self) -> ParamSet:
        return ParamSet(self.slug, self.params)

    def load_tables(self, as_of: str | None = None) -> dict[str, Any]:
        """Every table the chapter declares, loaded and checked, with only the dated records
        known on ``as_of``: what its section functions read (tests pass altered copies)."""
        return {name: data.known_on(name, data.load(name), as_of) for name in self.tables}


class Findings(SimpleNamespace):
    """What one section of a chapter computes.

    ``values`` are the numbers and phrases its prose glues; its charts take their titles from
    the same values, so a number is computed once. Other attributes hold what the charts
    draw (frames, orderings)."""

    values: dict[str, Any]

    def __init__(self, values: dict[str, Any], **drawn: Any) -> None:
        super().__init__(values=values, **drawn)

    def glued(self) -> Findings:
        """Glue the values for the chapter's prose (``{glue:text}`key```); returns the findings."""
        from japan_us.report import glue_values  # needs myst-nb: only in a running chapter

        glue_values(**self.values)
        return self


def named(frame, *columns: str):
    """The frame with the names in ``columns`` (countries, groups, donors) as the reader's
    language writes them, the glossary's; in English the frame itself."""
    if not i18n.is_japanese():
        return frame
    return frame.assign(**{column: frame[column].map(i18n.term) for column in columns})


def change_in_words(change: float, size: str, up: str = "rose by", down: str = "fell by") -> str:
    """A change told in words, "fell by 57%" or "rose by 3%" (``size`` formats its size,
    "{:.0f}%"): a sign is never printed, so no hyphen ever stands for a minus. The words are
    given in English and told in the reader's language: Japanese puts the size first,
    57%減少, 3%増加."""
    word = down if change < 0 else up
    if i18n.is_japanese():
        word = _change_words().get(word) or i18n.pgettext("change", word)
    return i18n.pgettext("change", "{word} {size}").format(word=word, size=size.format(abs(change)))


def _change_words() -> dict[str, str]:
    """The words of a change the chapters use, translated."""
    return {
        "rose by": i18n.pgettext("change", "rose by"),
        "fell by": i18n.pgettext("change", "fell by"),
        "up": i18n.pgettext("change", "up"),
        "down": i18n.pgettext("change", "down"),
    }


def codes(table: str, column: str) -> Callable[[], tuple[str, ...]]:
    """Allowed items for a list parameter: the codes present in a data table."""
    return lambda: data.column_values(table, column)


# Every chapter's: the day the book describes. Events, facts, verdicts and dated series after
# it are left out; a scenario's top-level ``as_of`` sets it for all chapters at once.
AS_OF = Param(
    "as_of",
    dt.date,
    EDITION_DATE,
    "Date of the record: events, facts and verdicts after it are left out",
    bounds=(ESSAY_DATE, "2026-12-31"),
)

# Every chapter's: the language its text is written in. A book builds one edition per
# language; a scenario's top-level ``lang`` or ``-p lang ja`` picks them.
LANG = Param(
    "lang",
    str,
    i18n.SOURCE_LANGUAGE,
    "Language of the chapter's text (en or ja)",
    choices=lambda: i18n.LANGUAGES,
)


class Translated(str):
    """Text made at import time (a module constant) that is written in the reader's language
    where it is used: formatted (``f"{SIPRI}; NATO"``, ``"{source}".format(source=SIPRI)``)
    or made a ``str``, it is ``words()`` in the language of that moment. Compared or
    concatenated as a string, it is its English."""

    def __new__(cls, english: str, words: Callable[[], str]) -> Translated:
        made = super().__new__(cls, english)
        made.words = words
        return made

    def __str__(self) -> str:
        return self.words()

    def __format__(self, spec: str) -> str:
        return format(self.words(), spec)


# Chart source lines several chapters cite.
SIPRI = Translated(
    "SIPRI Military Expenditure Database, 2025 release",
    lambda: i18n._("SIPRI Military Expenditure Database, 2025 release"),
)
OECD_DAC = Translated(
    "OECD Development Assistance Committee (DAC1), processed by the ONE Campaign",
    lambda: i18n._("OECD Development Assistance Committee (DAC1), processed by the ONE Campaign"),
)

# Used by two chapters (Goals, Third countries): one declaration.
DONORS = Param(
    "donors",
    list,
    ["Japan", "United States", "Germany", "United Kingdom", "France"],
    "Aid donors compared (names in the OECD DAC table)",
    choices=codes("oda_by_donor", "donor"),
)

# Used by two chapters (Goals, Third countries), which must tell one story: one set of
# countries, and one function that reads their views (``views_of_us_and_china``).
OPINION_COUNTRIES = Param(
    "opinion_countries",
    list,
    ["JPN", "KOR", "AUS", "IND", "IDN", "PHL", "DEU", "GBR", "BRA", "NGA", "KEN", "MEX"],
    "Countries whose views of the US and China are compared (ISO3 codes in the Pew table)",
    choices=codes("pew_favorability", "iso3"),
)


def views_of_us_and_china(pew, countries: list[str]) -> tuple[Any, dict[str, Any]]:
    """Each country's latest Pew wave that asked about both the US and China (one row per
    country: country, year, USA, CHN), and the values both chapters glue about them."""
    from japan_us.report import in_a_sentence, join_and

    both = (
        pew[pew.iso3.isin(countries)]
        .pivot_table(index=["country", "year"], columns="opinion_of", values="pct_favorable")
        .reindex(columns=["USA", "CHN"])
        .dropna()
        .reset_index()
    )
    latest = both.sort_values("year").groupby("country").tail(1).sort_values("country").reset_index(drop=True)
    if latest.empty:
        raise ParameterError(f"opinion_countries: no Pew wave asked about both the US and China in {short(countries)}")
    values = {
        "opinion_count": len(latest),
        "opinion_us_ahead": int((latest.USA > latest.CHN).sum()),
        "opinion_names": join_and([in_a_sentence(c) for c in latest.country]),
        "opinion_first_wave": int(latest.year.min()),
        "opinion_latest_wave": int(latest.year.max()),
    }
    return latest, values

"""The chapters of the report: one module each (declaration, section functions, charts).

Each chapter module declares its notebook, essay section, the tables it reads and its
parameters: the single declaration of every chapter parameter. The notebooks'
``parameters`` cells are generated from it (``python -m japan_us sync-notebooks``), and a
test fails if a notebook drifts from it. What two chapters share lives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from japan_us import EDITION_DATE, ESSAY_DATE, NOTEBOOK_DIR, data
from japan_us.params import PARAMETERS_HEADER, Param, ParameterError, ParamSet, short


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


def change_in_words(change: float, size: str, up: str = "rose by", down: str = "fell by") -> str:
    """A change told in words, "fell by 57%" or "rose by 3%" (``size`` formats its size,
    "{:.0f}%"): a sign is never printed, so no hyphen ever stands for a minus."""
    return f"{down if change < 0 else up} {size.format(abs(change))}"


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

# Chart source lines several chapters cite.
SIPRI = "SIPRI Military Expenditure Database, 2025 release"
OECD_DAC = "OECD Development Assistance Committee (DAC1), processed by the ONE Campaign"

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


# The chapter modules use the definitions above, so they are imported after them.
from japan_us.chapters.cooperation import COOPERATION  # noqa: E402
from japan_us.chapters.frictions import FRICTIONS  # noqa: E402
from japan_us.chapters.goals import GOALS  # noqa: E402
from japan_us.chapters.scorecard import SCORECARD  # noqa: E402
from japan_us.chapters.third_countries import THIRD_COUNTRIES  # noqa: E402
from japan_us.chapters.transition import TRANSITION  # noqa: E402

CHAPTERS: tuple[Chapter, ...] = (TRANSITION, GOALS, FRICTIONS, COOPERATION, THIRD_COUNTRIES, SCORECARD)

__all__ = [
    "AS_OF",
    "CHAPTERS",
    "COOPERATION",
    "DONORS",
    "FRICTIONS",
    "GOALS",
    "OECD_DAC",
    "OPINION_COUNTRIES",
    "SCORECARD",
    "SIPRI",
    "THIRD_COUNTRIES",
    "TRANSITION",
    "Chapter",
    "Findings",
    "change_in_words",
    "codes",
    "get",
    "guard_parameters",
    "setup_notebook",
    "views_of_us_and_china",
]


def get(name: str) -> Chapter:
    """A chapter by slug (``frictions``) or notebook name (``03_frictions``)."""
    for chapter in CHAPTERS:
        if name in (chapter.slug, chapter.notebook):
            return chapter
    known = ", ".join(c.slug for c in CHAPTERS)
    raise ParameterError(f"unknown chapter {name!r}; chapters: {known}")


# The first line of the cell papermill injects after the ``parameters`` cell, and of the
# ``parameters`` cell itself (see ParamSet.cell_source), with what a refusal says of each.
INJECTED_HEADER = "# Parameters"
CHECKED_CELLS = {
    INJECTED_HEADER: "the injected parameters were not run",
    PARAMETERS_HEADER: "the parameters cell was not run",
}


def guard_parameters(name: str, shell=None) -> None:
    """First code a chapter runs, before its parameters cell: check papermill's injected cell
    before it executes, and leave out the code cells dated after the chapter's ``as_of``.

    Papermill writes each ``-p NAME VALUE`` as a line of code, so a crafted name runs as
    code, and it only warns about unknown names. This registers an IPython input transformer
    that lets the injected cell run only if it assigns plain values to declared parameters;
    otherwise the cell is replaced by a ParameterError naming the problem, and nothing of
    it runs. The ``parameters`` cell, as an analyst edits it in Jupyter, is held to the same
    rule (a misspelt name would otherwise be a new variable, and the default would run).
    The project's runner leaves dated cells out of the notebook before running it
    (:mod:`japan_us.dated`); under plain papermill the same transformer skips them, so an
    earlier ``as_of`` never runs code that needs a later event.
    """
    from japan_us import dated

    chapter = get(name)
    shell = shell or get_ipython()  # noqa: F821 (defined in a kernel)
    gates = dated.code_gates(chapter.path)

    def japan_us_parameter_guard(lines: list[str]) -> list[str]:
        gate = gates.get("".join(lines).strip())
        if gate and not dated.shown(gate, shell.user_ns.get("as_of", EDITION_DATE)):
            return [f"# Left out: dated after as_of ({gate}).\n"]
        refused = CHECKED_CELLS.get(lines[0].rstrip()) if lines else None
        if refused is None:
            return lines
        problem = chapter.param_set.check_injected_source("".join(lines))
        if problem is None:
            return lines
        message = f"chapter {chapter.slug!r}: {problem} ({refused})"
        return [f"raise __import__('japan_us.params').params.ParameterError({message!r})\n"]

    transformers = shell.input_transformers_cleanup
    transformers[:] = [t for t in transformers if getattr(t, "__name__", "") != japan_us_parameter_guard.__name__]
    transformers.append(japan_us_parameter_guard)


def setup_notebook(name: str, namespace: dict) -> dict:
    """First code a chapter runs after its parameters: validate them and scope data reads."""
    chapter = get(name)
    checked = chapter.param_set.validate_namespace(namespace)
    data.restrict_to(chapter.slug, chapter.tables)
    if "as_of" in checked:  # the CSV downloads under its charts name this date
        from japan_us.chart_data import BookDate

        BookDate.as_of = str(checked["as_of"])
    return checked

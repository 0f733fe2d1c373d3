"""The chapters of the report: a module each (declaration, section functions, charts), the
longer ones with their sections in modules of their own (``goals_alliance``...).

Each chapter module declares its notebook, essay section, the tables it reads and its
parameters: the single declaration of every chapter parameter. The notebooks'
``parameters`` cells are generated from it (``python -m japan_us sync-notebooks``), and a
test fails if a notebook drifts from it. What the chapters share is in :mod:`.base`; this
package lists them and holds what a running chapter notebook calls first.
"""

from __future__ import annotations

from japan_us import EDITION_DATE, data, i18n
from japan_us.chapters.base import (
    AS_OF,
    DONORS,
    LANG,
    OECD_DAC,
    OPINION_COUNTRIES,
    SIPRI,
    Chapter,
    Findings,
    change_in_words,
    codes,
    views_of_us_and_china,
)
from japan_us.chapters.cooperation import COOPERATION
from japan_us.chapters.frictions import FRICTIONS
from japan_us.chapters.goals import GOALS
from japan_us.chapters.scorecard import SCORECARD
from japan_us.chapters.third_countries import THIRD_COUNTRIES
from japan_us.chapters.transition import TRANSITION
from japan_us.params import PARAMETERS_HEADER, ParameterError

CHAPTERS: tuple[Chapter, ...] = (TRANSITION, GOALS, FRICTIONS, COOPERATION, THIRD_COUNTRIES, SCORECARD)

__all__ = [
    "AS_OF",
    "LANG",
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
    i18n.set_language(checked.get("lang", i18n.SOURCE_LANGUAGE))  # before any text is made
    if "as_of" in checked:  # the CSV downloads under its charts name this date
        from japan_us.chart_data import BookDate

        BookDate.as_of = str(checked["as_of"])
    return checked

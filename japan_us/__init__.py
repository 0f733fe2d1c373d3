"""Japan-US relations under the second Trump administration: a reproducible data companion.

The package holds everything the chapter notebooks share: validated data tables
(:mod:`japan_us.data`), declared chapter parameters (:mod:`japan_us.chapters`,
:mod:`japan_us.params`), the chart recipes (:mod:`japan_us.charts`) and theme (:mod:`japan_us.chart_render`),
the build pipeline (:mod:`japan_us.build`) and the Sphinx extension that serves the
Vega libraries from the book itself (:mod:`japan_us.sphinx_ext`).
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each can be pointed elsewhere (the tests do): another copy of the tables, of the chapter
# sources, another build folder. Chapter kernels inherit the environment, so they read the
# same tables as the process that started them.
# An empty variable counts as unset: `JAPAN_US_BUILD_DIR= make book` must not build into the
# working directory.
DATA_DIR = Path(os.environ.get("JAPAN_US_DATA_DIR") or ROOT / "data")
BUILD_DIR = Path(os.environ.get("JAPAN_US_BUILD_DIR") or ROOT / "_build")
NOTEBOOK_DIR = Path(os.environ.get("JAPAN_US_NOTEBOOK_DIR") or ROOT / "notebooks")


# The edition: the package version and the date of the record it describes. The date is the
# default "as of" of every chapter that reads dated facts, and is stamped on every page and
# on the PDF. A new edition changes both.
def _version() -> str:
    """The package's version: the checkout's pyproject.toml, else the installed metadata (a
    package installed without its checkout still imports, and says what it needs)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        return re.search(r'^version = "([^"]+)"', pyproject.read_text(), re.M).group(1)
    from importlib.metadata import version

    return version("japan-us-report")


EDITION = _version()
EDITION_DATE = "2026-11-29"
ESSAY_DATE = "2024-11-05"  # the US election, which the essay's opening dates it after

BOOK_TITLE = "Japan–US relations under the second Trump administration"
BOOK = f"{BOOK_TITLE}: a data companion"


def long_date(day) -> str:
    """A date written out, "2 April 2025" (2025年4月2日 in Japanese): the one format for
    prose, titles and tables (takes a date, a timestamp or an ISO string)."""
    from japan_us.i18n import long_date as written

    return written(day)


def edition_text(as_of: str = EDITION_DATE) -> str:
    """The edition and the date of the record a book describes: its ``as_of``, which a rebuild
    as of an earlier day changes (the footer, the PDF and every CSV download say it)."""
    from japan_us.i18n import _

    return _("Edition {edition}, data as of {date}").format(edition=EDITION, date=long_date(as_of))


EDITION_TEXT = edition_text()
AS_OF_FILE = "as_of.txt"  # in the book's source folder: the date the hand-written pages follow


def results(*notebooks):
    """The values executed chapter notebooks glued, as one tidy table (a row per notebook and
    value, with the run's parameters): :func:`japan_us.notebooks.results`."""
    from japan_us.notebooks import results as read  # here: reading notebooks imports nbformat

    return read(*notebooks)

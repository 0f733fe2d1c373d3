"""`make coverage` measures the code that runs in forked chapter processes: they end with
os._exit, which skips coverage's own saving unless its configuration (pyproject.toml) patches it."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

from conftest import ROOT
from coverage import CoverageData

from japan_us import executor
from japan_us.chapters import transition


def lines_of(function, text: str) -> int:
    """The line number of the first line of ``function`` containing ``text``."""
    source, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(source) if text in line)


def test_a_chapter_run_in_a_forked_process_is_measured(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}  # not the outer run's, if any
    env |= {"COVERAGE_FILE": str(tmp_path / ".coverage"), "JAPAN_US_BUILD_DIR": str(tmp_path / "build")}
    command = [sys.executable, "-m", "coverage", "run", "-m", "japan_us", "run", "transition"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-m", "coverage", "combine", "-q"], cwd=ROOT, env=env, check=True)
    data = CoverageData(str(tmp_path / ".coverage"))
    data.read()
    # Run only in the chapter's process: the cell loop, and the chapter's own section functions.
    assert lines_of(executor.run_cells, "shell.run_cell(") in data.lines(executor.__file__)
    assert lines_of(transition.leaders_meetings_chart, "return") in data.lines(transition.__file__)

"""papermill's engine for the project (``papermill --engine japan_us``), and output parity: on
every chapter, the project's executor, that engine and papermill's own engine (a Jupyter
kernel) give the same executed notebook.

What may differ, and nothing else: timings (papermill's and nbclient's cell metadata), the
notebook's metadata (paths, timings, the kernel's language_info, which the executor leaves
as the source has it), the injected cell's id (papermill draws it at random), and the names
Altair derives for a chart's views from the ``str()`` of its data (a DataFrame prints to the
width of the process's display), with the chart ids and download links hashed from them.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import ROOT, glued, notebooks_with_cell
from papermill.engines import papermill_engines
from papermill.exceptions import PapermillExecutionError

from japan_us import executor, jupyter
from japan_us.chapters import CHAPTERS, FRICTIONS
from japan_us.papermill_engine import JapanUsEngine

ENGINE = "japan_us"
# Altair's view names and the chart ids and links derived from them (see the docstring).
VOLATILE = (
    (re.compile(r"view_[0-9a-f]{16}_\d+"), "view_"),
    (re.compile(r"altair-viz-[0-9a-f]{16}-\d+"), "altair-viz-"),
)


def comparable(path: Path) -> list:
    """An executed notebook as far as the engines must agree: each cell's type, source,
    execution count and outputs (their types, data, texts and metadata)."""
    return [
        (cell.cell_type, cell.source, cell.get("execution_count"), steady(cell.get("outputs", [])))
        for cell in nbformat.read(path, as_version=4).cells
    ]


def steady(value):
    """Outputs with the volatile names replaced (in links too, where they are URL-encoded), and
    without the bundle a kernel's first chart brings."""
    if isinstance(value, dict):
        return {key: steady(item) for key, item in value.items()}
    if isinstance(value, list):
        return [steady(item) for item in value]
    if isinstance(value, str):
        # (a kernel's first chart brings the offline Vega bundle: japan_us.jupyter)
        value = urllib.parse.unquote(jupyter.without_bundle(value))
        for pattern, replacement in VOLATILE:
            value = pattern.sub(replacement, value)
    return value


def parameters(chapter) -> dict:
    """Every declared parameter at its default, but the book's date (the executor leaves a
    dated cell out of the notebook, a kernel skips it in place: the cells would not align)."""
    return {name: value for name, value in chapter.param_set.defaults().items() if name != "as_of"}


@pytest.fixture(scope="module")
def engine():
    papermill_engines.register(ENGINE, JapanUsEngine)  # the entry point itself: test_the_entry_point...
    return ENGINE


@pytest.fixture(scope="module")
def executed(tmp_path_factory, engine) -> dict[str, dict[str, Path]]:
    """Every chapter executed by each runner: {runner: {chapter notebook: executed file}}."""
    folder = tmp_path_factory.mktemp("engines")
    runs = {runner: {c.notebook: folder / runner / f"{c.notebook}.ipynb" for c in CHAPTERS} for runner in
            ("executor", "engine", "kernel")}  # fmt: skip
    for runner in ("engine", "kernel"):
        (folder / runner).mkdir()
    executor.preload()
    jobs = [executor.Job(c, c.path, parameters(c), runs["executor"][c.notebook]) for c in CHAPTERS]
    for _job, outcome, _ in executor.run_all(jobs, 2):
        assert outcome.failure is None, outcome.failure.describe()
    for chapter in CHAPTERS:
        for runner, name in (("engine", engine), ("kernel", None)):
            papermill.execute_notebook(
                chapter.path, runs[runner][chapter.notebook], parameters(chapter), engine_name=name,
                progress_bar=False, cwd=ROOT,
            )  # fmt: skip
    return runs


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.slug)
def test_every_runner_gives_the_same_notebook(executed, chapter):
    kernel = comparable(executed["kernel"][chapter.notebook])
    outputs = [out for *_, cell_outputs in kernel for out in cell_outputs]
    charts = [out for out in outputs if "altair-viz-" in json.dumps(out.get("data", {}))]
    assert charts and glued(executed["kernel"][chapter.notebook])  # something to compare
    assert {out["output_type"] for out in outputs} >= {"display_data"}
    assert not any(out["output_type"] == "error" for out in outputs)
    for runner in ("executor", "engine"):
        assert glued(executed[runner][chapter.notebook]) == glued(executed["kernel"][chapter.notebook]), runner
        assert comparable(executed[runner][chapter.notebook]) == kernel, runner


def test_the_engine_records_what_papermill_records(executed):
    """Each cell's start, end and status, and the kernel's language, as papermill's engine does."""
    for notebook, path in executed["engine"].items():
        nb, kernel = (nbformat.read(p, as_version=4) for p in (path, executed["kernel"][notebook]))
        assert nb.metadata.language_info == kernel.metadata.language_info
        assert nb.metadata.papermill.exception == kernel.metadata.papermill.exception
        assert {cell.metadata.papermill["status"] for cell in nb.cells} == {"completed"}
        assert all(cell.metadata.papermill["end_time"] >= cell.metadata.papermill["start_time"] for cell in nb.cells)


def test_a_failing_cell_is_named_as_papermill_names_it(tmp_path, engine):
    folder = notebooks_with_cell(tmp_path, FRICTIONS.notebook, 6, "x = 1\nraise ValueError('no such rate')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(folder / f"{FRICTIONS.notebook}.ipynb", out, engine_name=engine, progress_bar=False)
    error = raised.value
    assert (error.ename, error.evalue, error.source) == (
        "ValueError",
        "no such rate",
        "x = 1\nraise ValueError('no such rate')",
    )
    nb = nbformat.read(out, as_version=4)
    # papermill's marker cells: a heading, and an anchor before the failing cell.
    assert "An Exception was encountered" in nb.cells[0].source
    assert "encountered an exception here" in nb.cells[error.cell_index + 1].source
    failed = nb.cells[error.cell_index + 2]
    assert failed.metadata.papermill["status"] == "failed" and failed.execution_count == error.exec_count
    assert failed.outputs[-1].output_type == "error"
    assert {c.metadata.papermill["status"] for c in nb.cells[error.cell_index + 3 :]} == {"pending"}


def test_a_bad_parameter_fails_as_under_a_kernel(tmp_path, engine):
    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(
            FRICTIONS.path, tmp_path / "out.ipynb", {"tariff_rate": "abc"}, engine_name=engine, progress_bar=False
        )
    assert raised.value.ename == "ParameterError"
    assert "tariff_rate must be float, got str 'abc'" in raised.value.evalue


def test_printed_output_goes_where_papermill_sends_it(tmp_path, engine):
    """``--stdout-file`` and ``--stderr-file`` (papermill's own routing, once the chapter has run)."""
    source = "import sys\nprint('to stdout')\nprint('to stderr', file=sys.stderr)"
    folder = notebooks_with_cell(tmp_path, FRICTIONS.notebook, 6, source)
    stdout, stderr = io.StringIO(), io.StringIO()
    papermill.execute_notebook(
        folder / f"{FRICTIONS.notebook}.ipynb", tmp_path / "out.ipynb", engine_name=engine, progress_bar=False,
        stdout_file=stdout, stderr_file=stderr,
    )  # fmt: skip
    assert (stdout.getvalue(), stderr.getvalue()) == ("to stdout\n", "to stderr\n")


def test_a_cell_past_the_execution_timeout_is_stopped(tmp_path, engine):
    folder = notebooks_with_cell(tmp_path, FRICTIONS.notebook, 6, "import time\ntime.sleep(60)")
    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(
            folder / f"{FRICTIONS.notebook}.ipynb", tmp_path / "out.ipynb", engine_name=engine,
            progress_bar=False, execution_timeout=1,
        )  # fmt: skip
    assert (raised.value.ename, raised.value.evalue) == ("TimeoutError", "cell did not finish within 1 s")


def test_a_cell_that_will_not_stop_is_killed_and_named(tmp_path, engine):
    """A cell that catches the alarm: its process is killed (GRACE seconds after its time), and
    papermill names it, though the process wrote no outputs."""
    source = "import time\nwhile True:\n    try:\n        time.sleep(60)\n    except TimeoutError:\n        pass"
    folder = notebooks_with_cell(tmp_path, FRICTIONS.notebook, 6, source)
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(
            folder / f"{FRICTIONS.notebook}.ipynb", out, engine_name=engine, progress_bar=False, execution_timeout=1
        )
    assert (raised.value.ename, raised.value.cell_index, raised.value.source) == ("Timeout", 6, source)
    assert "still running after 1 s" in raised.value.evalue
    assert nbformat.read(out, as_version=4).cells[6 + 2].metadata.papermill["status"] == "failed"


def test_the_entry_point_runs_a_chapter_without_a_kernel(tmp_path):
    """The package's metadata, made by its build backend from pyproject.toml as pip makes it,
    registers the engine: papermill's command runs a chapter with it, and needs no kernel (a
    kernel name that does not exist is not looked up)."""
    metadata = tmp_path / "metadata"
    metadata.mkdir()
    backend = "import sys, setuptools.build_meta as b; b.prepare_metadata_for_build_wheel(sys.argv[1])"
    subprocess.run([sys.executable, "-c", backend, metadata], cwd=ROOT, check=True, capture_output=True)
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", "--engine", ENGINE, "--kernel", "no-such-kernel", "--no-progress-bar",
         FRICTIONS.path, out, "-p", "tariff_rate", "0.25"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env=os.environ | {"PYTHONPATH": f"{metadata}:{ROOT}"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert glued(out)["scenario_rate_pct"] == 25

"""The project's executor as a papermill engine: ``papermill --engine japan_us in.ipynb out.ipynb -p ...``.

Papermill does what it always does (reads the notebook, injects the parameters cell, records
each cell's start, end and status, writes the output, raises ``PapermillExecutionError``
naming the failing cell); only the cells run differently. Instead of starting a Jupyter
kernel, this process imports pandas, Altair and the package once and forks one process
that runs the cells in an IPython shell (:mod:`japan_us.executor`, the build's own runner),
with the build's limits: a cell may run ``--execution-timeout`` seconds (600 if not given),
the notebook 1800, and a process past either is killed and the cell named. The notebook's
own first cells check the injected parameters, as under any kernel, and Altair checks each
chart as it displays it.

Registered through the ``papermill.engine`` entry point in ``pyproject.toml``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, NotebookExecutionManager
from papermill.exceptions import PapermillException
from papermill.log import logger

from japan_us import executor


class JapanUsEngine(Engine):
    """Runs a papermill-prepared notebook in a process forked from this one."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: NotebookExecutionManager,
        kernel_name: str,
        log_output: bool = False,
        stdout_file=None,
        stderr_file=None,
        execution_timeout: int | None = None,
        **kwargs,
    ) -> nbformat.NotebookNode:
        from ipykernel.ipkernel import IPythonKernel

        limits = executor.Limits(cell=execution_timeout) if execution_timeout else executor.Limits()
        cells = _Cells(nb_man)
        with tempfile.TemporaryDirectory(prefix="japan-us-papermill-") as folder:
            job = executor.Job(
                "papermill", Path(kwargs.get("input_path") or ""), {}, Path(folder) / "out.ipynb", limits
            )
            executor.preload()
            runs = executor.run_all(
                [job],
                1,
                runner=lambda job, starting: executor.run_cells(nb_man.nb, job, starting, check_charts=True),
                started=cells.start,
            )
            [(_, outcome, _)] = list(runs)
            if job.output.exists():  # a process killed past its limit wrote nothing
                _take_outputs(nb_man.nb, nbformat.read(job.output, as_version=4))
        # What a kernel tells nbclient about itself (papermill's engine records it).
        nb_man.nb.metadata["language_info"] = IPythonKernel.language_info
        failed = _failed_cell(nb_man.nb, outcome, cells.running)
        cells.finish(len(nb_man.nb.cells) if failed is None else failed)
        if failed is not None:
            nb_man.cell_exception(nb_man.nb.cells[failed], cell_index=failed)
            nb_man.cell_complete(nb_man.nb.cells[failed], cell_index=failed)
        if log_output or stdout_file or stderr_file:
            _log(nb_man.nb, log_output, stdout_file, stderr_file)
        return nb_man.nb


class _Cells:
    """papermill's record of each cell (start and end times, status, its progress bar), kept
    in this process as the chapter's process says each code cell starts."""

    def __init__(self, nb_man: NotebookExecutionManager) -> None:
        self.nb_man = nb_man
        self.running: int | None = None  # the code cell started last
        self.next = 0  # the first cell not started

    def start(self, job: executor.Job, index: int) -> None:
        self.finish(index)
        self.nb_man.cell_start(self.nb_man.nb.cells[index], index)
        self.running, self.next = index, index + 1

    def finish(self, upto: int) -> None:
        """The running cell has ended; so have the cells before ``upto`` (Markdown), which
        papermill starts and completes like any other."""
        cells = self.nb_man.nb.cells
        if self.running is not None and self.running < upto:
            self.nb_man.cell_complete(cells[self.running], cell_index=self.running)
        for index in range(self.next, upto):
            self.nb_man.cell_start(cells[index], index)
            self.nb_man.cell_complete(cells[index], cell_index=index)
        self.running, self.next = None, max(self.next, upto)


def _take_outputs(nb: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> None:
    """The outputs and execution counts of the executed copy, into papermill's notebook (whose
    metadata papermill keeps)."""
    for cell, done in zip(nb.cells, executed.cells, strict=True):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = done.outputs, done.execution_count


def _failed_cell(nb: nbformat.NotebookNode, outcome: executor.Outcome, running: int | None) -> int | None:
    """The cell that failed (the one running when a process was stopped or died), holding an
    error output as a kernel's would: papermill raises from it."""
    failure = outcome.failure
    if failure is None:
        return None
    index = failure.cell_index if failure.cell_index is not None else running
    if index is None:
        raise PapermillException(f"the notebook did not run: {failure.describe()}")
    cell = nb.cells[index]
    if not any(out.output_type == "error" for out in cell.outputs):
        cell.outputs.append(nbformat.v4.new_output("error", ename=failure.ename, evalue=failure.evalue, traceback=[]))
    return index


def _log(nb: nbformat.NotebookNode, log_output: bool, stdout_file, stderr_file) -> None:
    """``--log-output``, ``--stdout-file``, ``--stderr-file``: each output as papermill's own
    client passes it on (its method, given the settings it reads), once the run has ended."""
    settings = SimpleNamespace(log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            PapermillNotebookClient.log_output_message(settings, output)

"""Execute chapter notebooks in processes forked from a warm parent.

A Jupyter kernel per chapter costs about 1.2 s to start and 1.1 s to import pandas, Altair
and this package before any work: most of a chapter's time. Here the parent imports them
once, then forks one process per chapter: each starts in milliseconds with everything
loaded, and is still its own process, so nothing one chapter does reaches another.

The executed notebook is the one papermill writes, less its timings and machine paths:
papermill's own function inserts the injected-parameters cell, each code cell runs in an
IPython shell (the same shell, display formatters and input transformers a kernel uses),
and every output is recorded in order: streams, displays, results, and the error that
stops the run. Charts are drawn without Altair's schema check, which would take a quarter
of a chapter's run: their specs come back with the outcome, and the build checks them while
Sphinx builds the pages.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import nbformat


@dataclass(frozen=True)
class Job:
    key: Any  # whatever the caller uses to recognise the result
    notebook: Path
    parameters: dict[str, Any]
    output: Path
    timeout: int  # seconds a cell may run


@dataclass(frozen=True)
class Outcome:
    """How a chapter's run ended, and the charts it displayed, for the build to check: each as
    (cell index, Vega-Lite spec), unchecked (see :class:`japan_us.charts.UncheckedDisplay`)."""

    failure: Failure | None = None
    charts: tuple[tuple[int, dict], ...] = ()


@dataclass(frozen=True)
class Failure:
    """Where and how a chapter failed, in terms a reader can find in the executed notebook."""

    cell_index: int | None = None  # in the executed notebook (after the injected cell)
    execution_count: int | None = None
    first_line: str = ""
    ename: str = ""
    evalue: str = ""

    def describe(self) -> str:
        if self.cell_index is None:
            return f"{self.ename}: {self.evalue}"
        return (
            f"cell {self.cell_index} (execution count {self.execution_count}, `{self.first_line[:70]}`) "
            f"raised {self.ename}: {self.evalue}"
        )


def preload() -> None:
    """Import what every chapter imports, once, in the parent (the children inherit it)."""
    import altair  # noqa: F401
    import IPython.core.interactiveshell  # noqa: F401
    import pandas  # noqa: F401
    import papermill.parameterize  # noqa: F401

    import japan_us.charts  # noqa: F401
    import japan_us.metrics  # noqa: F401
    import japan_us.report  # noqa: F401

    settle_imports()


def settle_imports() -> None:
    """After a process's burst of imports: keep what they loaded out of every later garbage
    collection, and turn collection back on (the command line turns it off at start:
    collecting while 1,300 modules load took 0.25 s and freed nothing). Collections scanning
    a heap of this size took a third of an incremental Sphinx build."""
    gc.freeze()
    gc.enable()


def run_all(jobs: list[Job], workers: int) -> Iterator[tuple[Job, Outcome, float]]:
    """Run the jobs, at most ``workers`` at once; yields (job, Outcome, seconds) as each ends."""
    context = multiprocessing.get_context("fork")
    queue, running = list(jobs), {}
    while queue or running:
        while queue and len(running) < workers:
            job = queue.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(job, send), daemon=True)
            process.start()
            send.close()
            running[receive] = (job, process, time.perf_counter())
        for ready in wait(list(running)):
            job, process, started = running.pop(ready)
            yield job, _result(ready, process), time.perf_counter() - started


def _result(conn: Connection, process: multiprocessing.Process) -> Outcome:
    try:
        outcome = conn.recv()
    except EOFError:  # the process died without a word (os._exit, a crash, the OOM killer)
        process.join()
        return Outcome(
            Failure(ename="ProcessDied", evalue=f"the chapter's process ended with exit status {process.exitcode}")
        )
    finally:
        conn.close()
    process.join()
    return outcome


def die_with_parent() -> None:
    """In a forked child: end on Ctrl-C at once, and be killed when the build process dies,
    even by SIGKILL, so that nothing orphaned keeps running or writing (Linux prctl)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the line above
        os._exit(1)


def _child(job: Job, conn: Connection) -> None:
    die_with_parent()
    try:
        outcome = execute(job)
    except BaseException as exc:  # report anything, never hang the parent
        outcome = Outcome(Failure(ename=type(exc).__name__, evalue=str(exc)))
    conn.send(outcome)
    conn.close()
    os._exit(0)  # skip the parent's exit handlers, inherited by the fork


def execute(job: Job) -> Outcome:
    """Execute one notebook in this process; write it to ``job.output`` even when a cell fails."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from japan_us.dated import known_cells

    nb = load_notebook_node(str(job.notebook))
    if "as_of" in job.parameters:  # cells about later events are left out, unrun
        nb = known_cells(nb, job.parameters["as_of"])
    nb = parameterize_notebook(nb, job.parameters)
    for cell in nb.cells:  # papermill gives its cell a random id: equal inputs, equal bytes
        if "injected-parameters" in cell.metadata.tags:
            cell.id = "injected-parameters"
    shell, charts = _shell()
    recorder = _Recorder(shell)
    failure, shown = None, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        with recorder.recording(cell), _alarm(job.timeout):
            result = shell.run_cell(cell.source, store_history=True)
        cell.execution_count = result.execution_count
        shown += [(index, spec) for spec in charts.take()]
        failure = _failure(index, cell, result)
        if failure is not None:
            break
    nb.metadata.setdefault("papermill", {})["exception"] = failure is not None
    job.output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, job.output)
    return Outcome(failure, tuple(shown))


def _shell():
    """An IPython shell as a kernel has it, less the command history (kept in the user's home
    and shared by every process: nothing a build needs), showing Altair charts unchecked."""
    import altair as alt
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from japan_us.charts import UncheckedDisplay

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    charts = UncheckedDisplay()
    shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, charts)
    return shell, charts


def _failure(index: int, cell, result) -> Failure | None:
    """The cell's error, or the first error a display of its results raised (IPython reports
    those without failing the cell)."""
    error = result.error_before_exec or result.error_in_exec
    if error is not None:
        ename, evalue = type(error).__name__, str(error)
    else:
        shown = next((out for out in cell.outputs if out.output_type == "error"), None)
        if shown is None:
            return None
        ename, evalue = shown.ename, shown.evalue
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    return Failure(index, result.execution_count, first, ename, evalue)


class _alarm:
    """A cell running longer than ``seconds`` raises TimeoutError inside the cell."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        def expire(signum, frame):
            raise TimeoutError(f"cell did not finish within {self.seconds} s")

        signal.signal(signal.SIGALRM, expire)
        signal.alarm(self.seconds)

    def __exit__(self, *exc) -> None:
        signal.alarm(0)


class _Recorder:
    """Route a shell's output into the current cell's ``outputs``, as a kernel would send it."""

    def __init__(self, shell) -> None:
        from IPython.core.displayhook import DisplayHook
        from IPython.core.displaypub import DisplayPublisher

        recorder = self
        self.outputs: list = []

        class Publisher(DisplayPublisher):
            def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
                recorder.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

            def clear_output(self, wait=False):
                recorder.outputs.clear()

        class Hook(DisplayHook):
            def write_output_prompt(self):
                pass

            def write_format_data(self, format_dict, md_dict=None):
                recorder.outputs.append(
                    nbformat.v4.new_output(
                        "execute_result",
                        data=format_dict,
                        metadata=md_dict or {},
                        execution_count=self.shell.execution_count,
                    )
                )

            def finish_displayhook(self):
                pass

        shell.display_pub = Publisher(shell=shell)
        shell.displayhook = Hook(shell=shell, cache_size=0)
        shell.display_trap.hook = shell.displayhook
        # A failing cell's traceback becomes its error output, as a kernel sends it.
        shell._showtraceback = lambda etype, evalue, stb: self.outputs.append(
            nbformat.v4.new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb)
        )

    def recording(self, cell):
        return _Streams(self, cell)


class _Streams:
    """stdout and stderr as stream outputs of the cell, in order with its other outputs."""

    def __init__(self, recorder: _Recorder, cell) -> None:
        self.recorder, self.cell = recorder, cell

    def __enter__(self) -> None:
        self.recorder.outputs = []
        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(self.recorder, "stdout"), _Stream(self.recorder, "stderr")

    def __exit__(self, *exc) -> None:
        sys.stdout, sys.stderr = self.saved
        self.cell.outputs = self.recorder.outputs


class _Stream:
    def __init__(self, recorder: _Recorder, name: str) -> None:
        self.recorder, self.name = recorder, name

    def write(self, text: str) -> int:
        outputs = self.recorder.outputs
        if outputs and outputs[-1].output_type == "stream" and outputs[-1].name == self.name:
            outputs[-1].text += text
        elif text:
            outputs.append(nbformat.v4.new_output("stream", name=self.name, text=text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

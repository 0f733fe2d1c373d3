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

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Seconds a cell may run (an alarm in the chapter's process), and seconds the whole
    chapter may run (its process killed by the parent, whatever the cells do)."""

    cell: int = 600
    chapter: int = 1800


@dataclass(frozen=True)
class Job:
    key: Any  # whatever the caller uses to recognise the result
    notebook: Path
    parameters: dict[str, Any]
    output: Path
    limits: Limits = Limits()


@dataclass(frozen=True)
class Outcome:
    """How a chapter's run ended, and the charts it displayed, for the build to check: each as
    (cell index, Vega-Lite spec), unchecked (see :class:`japan_us.chart_render.UncheckedDisplay`)."""

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
        count = "" if self.execution_count is None else f"execution count {self.execution_count}, "
        cell = f"cell {self.cell_index} ({count}`{self.first_line[:70]}`)"
        return f"{cell} {self.evalue}" if self.ename == "Timeout" else f"{cell} raised {self.ename}: {self.evalue}"


def preload() -> None:
    """Import what every chapter imports, once, in the parent (the children inherit it)."""
    import altair  # noqa: F401
    import IPython.core.interactiveshell  # noqa: F401
    import pandas  # noqa: F401
    import papermill.parameterize  # noqa: F401

    import japan_us.charts  # noqa: F401
    import japan_us.metrics  # noqa: F401
    import japan_us.report  # noqa: F401

    validate_notebooks()
    settle_imports()


def validate_notebooks() -> None:
    """Compile nbformat's notebook validator, which every notebook read or written is checked
    with: once in the parent, not in each forked chapter (0.02 s of CPU each)."""
    import nbformat

    nbformat.validate(nbformat.v4.new_notebook())


def settle_imports() -> None:
    """After a process's burst of imports: keep what they loaded out of every later garbage
    collection, and turn collection back on (the command line turns it off at start:
    collecting while 1,300 modules load took 0.25 s and freed nothing). Collections scanning
    a heap of this size took a third of an incremental Sphinx build."""
    gc.freeze()
    gc.enable()


# A cell that catches the alarm's TimeoutError, or blocks in C code where the alarm cannot
# interrupt it, would run for ever: the parent stops it this long after the cell's time is up.
GRACE = 5


@dataclass
class _Running:
    """A chapter's process, and the cell it said it started last."""

    job: Job
    process: multiprocessing.Process
    started: float
    cell: Failure = Failure()  # where it is, should it have to be stopped
    cell_started: float = 0.0

    def deadline(self) -> float:
        return min(self.started + self.job.limits.chapter, self.cell_started + self.job.limits.cell + GRACE)

    def stopped(self) -> Outcome:
        """Kill the process; the outcome names the cell it was running."""
        self.process.kill()
        self.process.join()
        over_chapter = time.perf_counter() >= self.started + self.job.limits.chapter
        limit = f"the chapter's limit of {self.job.limits.chapter} s" if over_chapter else f"{self.job.limits.cell} s"
        evalue = f"still running after {limit}: the chapter was stopped"
        return Outcome(Failure(self.cell.cell_index, None, self.cell.first_line, "Timeout", evalue))


# How a child runs its job: given the job and a function to call as each cell starts
# (index, first line), it writes the executed notebook to ``job.output`` and says how it ended.
Run = Callable[[Job, Callable[[int, str], None]], Outcome]
CellStarted = Callable[[Job, int], None]


def run_all(
    jobs: list[Job], workers: int, runner: Run | None = None, started: CellStarted | None = None
) -> Iterator[tuple[Job, Outcome, float]]:
    """Run the jobs, at most ``workers`` at once; yields (job, Outcome, seconds) as each ends.
    A chapter past its limit, or a cell past its time, is killed and reported as such.
    ``runner`` is what each child does (default :func:`execute`); ``started(job, cell index)``
    is told in this process as each cell starts (papermill's engine keeps its timings)."""
    context = multiprocessing.get_context("fork")
    queue, running = list(jobs), {}
    while queue or running:
        while queue and len(running) < workers:
            job = queue.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(job, send, runner or execute), daemon=True)
            with ctrl_c_held():
                process.start()
            send.close()
            now = time.perf_counter()
            running[receive] = _Running(job, process, now, cell_started=now)
        soonest = min(run.deadline() for run in running.values())
        ready = wait(list(running), timeout=max(0.0, soonest - time.perf_counter()))
        for conn in ready:
            outcome = _message(conn, running[conn], started)
            if outcome is not None:
                run = running.pop(conn)
                conn.close()
                yield run.job, outcome, time.perf_counter() - run.started
        for conn, run in list(running.items()):
            if conn not in ready and time.perf_counter() >= run.deadline():
                del running[conn]
                conn.close()
                yield run.job, run.stopped(), time.perf_counter() - run.started


def _message(conn: Connection, run: _Running, started: CellStarted | None) -> Outcome | None:
    """Read what the chapter sent: a cell it starts (None) or how it ended."""
    try:
        message = conn.recv()
    except EOFError:  # the process died without a word (os._exit, a crash, the OOM killer)
        run.process.join()
        return Outcome(
            Failure(ename="ProcessDied", evalue=f"the chapter's process ended with exit status {run.process.exitcode}")
        )
    if isinstance(message, Failure):
        run.cell, run.cell_started = message, time.perf_counter()
        if started is not None:
            started(run.job, message.cell_index)
        return None
    run.process.join()
    return message


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while a child is forked, and delivered after: Python ignores an
    exception raised in its fork handlers (logging's among them), so a Ctrl-C that landed
    there was lost and the build or sweep ran on. The child lets it through again
    (:func:`die_with_parent`)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def die_with_parent(parent: int | None = None) -> None:
    """In a forked child: end on Ctrl-C at once, and be killed when the build process (or
    ``parent``, the process that forked it) dies, even by SIGKILL, so that nothing orphaned
    keeps running or writing (Linux prctl)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # (held while it was forked)
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent is None and multiprocessing.parent_process() is not None:
        parent = multiprocessing.parent_process().pid
    if parent is not None and os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _child(job: Job, conn: Connection, runner: Run) -> None:
    die_with_parent()
    try:
        outcome = runner(job, lambda index, first: conn.send(Failure(index, first_line=first)))
    except BaseException as exc:  # report anything, never hang the parent
        outcome = Outcome(Failure(ename=type(exc).__name__, evalue=str(exc)))
    conn.send(outcome)
    conn.close()
    os._exit(0)  # skip the parent's exit handlers, inherited by the fork


def execute(job: Job, starting: Callable[[int, str], None] = lambda index, first: None) -> Outcome:
    """Execute one notebook in this process with the job's parameters; write it to
    ``job.output`` even when a cell fails. ``starting(index, first line)`` is told of each
    cell before it runs."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from japan_us.dated import known_cells
    from japan_us.i18n import SOURCE_LANGUAGE

    nb = load_notebook_node(str(job.notebook))
    if "as_of" in job.parameters:  # cells about later events are left out, unrun
        translated = job.parameters.get("lang", SOURCE_LANGUAGE) != SOURCE_LANGUAGE
        nb = known_cells(nb, job.parameters["as_of"], apart=translated)
    nb = parameterize_notebook(nb, job.parameters)
    for cell in nb.cells:  # papermill gives its cell a random id: equal inputs, equal bytes
        if "injected-parameters" in cell.metadata.tags:
            cell.id = "injected-parameters"
    return run_cells(nb, job, starting)


def run_cells(nb, job: Job, starting: Callable[[int, str], None], check_charts: bool = False) -> Outcome:
    """Run a notebook's code cells as they are (parameters already injected) in this process,
    recording their outputs into ``nb``; write it to ``job.output`` even when a cell fails.
    Charts are displayed unchecked (their specs returned for the build to check) unless
    ``check_charts``: then Altair checks each as it displays it, as in a kernel."""
    import nbformat

    shell, charts = _shell(check_charts)
    recorder = _Recorder(shell)
    failure, shown = None, []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        starting(index, _first_line(cell))
        with recorder.recording(cell), _alarm(job.limits.cell):
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


def _shell(check_charts: bool = False):
    """An IPython shell as a kernel has it, less the command history (kept in the user's home
    and shared by every process: nothing a build needs), showing Altair charts unchecked
    (unless ``check_charts``)."""
    import altair as alt
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from japan_us.chart_render import UncheckedDisplay

    # Altair checks each object against the schema as it is built (its debug mode); the build
    # checks each whole spec while Sphinx builds (chart_render.schema_error), so the first check
    # only repeats it, at a twentieth of a chapter's run.
    alt.utils.schemapi.disable_debug_mode()
    config = Config()
    config.HistoryManager.enabled = False
    # A process forked from a Jupyter kernel (papermill's engine called from a notebook) has
    # that kernel's shell, and its namespace, as the instance: the chapter gets its own.
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(config=config)
    charts = UncheckedDisplay()
    if not check_charts:
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
    return Failure(index, result.execution_count, _first_line(cell), ename, evalue)


def _first_line(cell) -> str:
    return next((line for line in cell.source.splitlines() if line.strip()), "")


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
        self.printed = 0  # characters printed by the chapter so far
        self.left_out: dict[int, int] = {}  # characters left out, by the id of the cell's stream output

        class Publisher(DisplayPublisher):
            def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
                recorder.outputs.append(_output("display_data", data=data, metadata=metadata or {}))

            def clear_output(self, wait=False):
                recorder.outputs.clear()

        class Hook(DisplayHook):
            def write_output_prompt(self):
                pass

            def write_format_data(self, format_dict, md_dict=None):
                recorder.outputs.append(
                    _output(
                        "execute_result",
                        data=format_dict,
                        metadata=md_dict or {},
                        execution_count=self.prompt_count,  # the cell's, as a kernel sends it
                    )
                )

            def finish_displayhook(self):
                pass

        shell.display_pub = Publisher(shell=shell)
        shell.displayhook = Hook(shell=shell, cache_size=0)
        shell.display_trap.hook = shell.displayhook
        # A failing cell's traceback becomes its error output, as a kernel sends it.
        shell._showtraceback = lambda etype, evalue, stb: self.outputs.append(
            _output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb)
        )

    def recording(self, cell):
        return _Streams(self, cell)


def _output(output_type: str, **fields: Any):
    """A cell output, as ``nbformat.v4.new_output`` makes it, less its check of each output
    against the notebook schema: a tenth of a chapter's run, spent on outputs that IPython's
    own formatters made. ``nbformat.write`` checks the whole notebook once (and logs an
    invalid one)."""
    from nbformat import NotebookNode

    return NotebookNode(output_type=output_type, **fields)


class _Streams:
    """stdout and stderr as stream outputs of the cell, in order with its other outputs."""

    def __init__(self, recorder: _Recorder, cell) -> None:
        self.recorder, self.cell = recorder, cell

    def __enter__(self) -> None:
        self.recorder.outputs, self.recorder.left_out = [], {}
        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(self.recorder, "stdout"), _Stream(self.recorder, "stderr")

    def __exit__(self, *exc) -> None:
        sys.stdout, sys.stderr = self.saved
        for output in self.recorder.outputs:
            if output.output_type == "stream":
                output.text = "".join(output.text) + _left_out(self.recorder.left_out.get(id(output), 0))
        self.cell.outputs = self.recorder.outputs


# What a chapter's cells may print in all; beyond it, text is counted and left out, with a
# note where it would have been (a page is no place for megabytes of log).
PRINTED_LIMIT = 1_000_000


class _Stream:
    """A cell's printed text, gathered as pieces and joined when the cell ends: appending to
    one string copies it on every write (20 MB of output took minutes)."""

    def __init__(self, recorder: _Recorder, name: str) -> None:
        self.recorder, self.name = recorder, name

    def write(self, text: str) -> int:
        recorder, outputs = self.recorder, self.recorder.outputs
        if not text:
            return 0
        if not (outputs and outputs[-1].output_type == "stream" and outputs[-1].name == self.name):
            outputs.append(_output("stream", name=self.name, text=[]))
        room = max(PRINTED_LIMIT - recorder.printed, 0)
        outputs[-1].text.append(text[:room])
        if len(text) > room:
            recorder.left_out[id(outputs[-1])] = recorder.left_out.get(id(outputs[-1]), 0) + len(text) - room
        recorder.printed += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _left_out(characters: int) -> str:
    if not characters:
        return ""
    return (
        f"\n[{characters:,} characters of output left out here: a chapter's page keeps the first "
        f"{PRINTED_LIMIT:,} characters it prints]\n"
    )

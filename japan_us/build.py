"""Build the book: validate parameters, execute the chapters with papermill (in parallel,
reusing any chapter whose inputs did not change), then run Jupyter Book with warnings as
errors into a staging folder and swap it in only on success.

Layout of one scenario's build (``baseline`` unless a scenario file names another)::

    _build/work/<scenario>/src/      the assembled book: config, pages, executed chapters
    _build/work/<scenario>/stamps/   the hash of the book sources last built
    _build/cache/                    executed chapters keyed by their input hash, shared by scenarios
    _build/work/<scenario>/failed/   the executed notebook of a chapter that failed
    _build/sphinx/                   the incremental Sphinx site all scenarios build in, in turn
    _build/locks/<scenario>.lock     held while that scenario builds: one build per scenario at a time
    _build/html/                     the baseline book (other scenarios: _build/scenarios/<name>/html)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from japan_us import BUILD_DIR, EDITION_DATE, ROOT, data, executor, pages
from japan_us.chapters import AS_OF, CHAPTERS, Chapter, get
from japan_us.dated import known_text
from japan_us.notebooks import glued_values
from japan_us.params import ParameterError, read_yaml, short

BASELINE = "baseline"
PACKAGE_DIR = Path(__file__).resolve().parent


class BuildError(RuntimeError):
    """A chapter or the book failed; the message says which and why."""


class BuildBusy(RuntimeError):
    """Another build of the same scenario is running."""


# ---------------------------------------------------------------- scenarios and parameters


@dataclass(frozen=True)
class Scenario:
    name: str
    values: dict[str, dict[str, Any]]  # chapter slug -> complete, validated parameters
    description: str = ""
    as_of: str = EDITION_DATE  # the book's date: the hand-written pages follow it


# A scenario's name becomes a folder name: letters, digits, '-' and '_' only.
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
ADHOC = "custom"


def load_scenario(path: Path | None, overrides: dict[str, dict[str, Any]] | None = None, as_of: Any = None) -> Scenario:
    """A scenario file (or the defaults) plus command-line overrides, fully validated.

    ``as_of`` (or the file's top-level ``as_of``) is the book's date: every chapter's ``as_of``
    unless the chapter sets its own, and the date the hand-written pages follow."""
    chapters_spec: dict[str, Any] = {}
    name, description, book_as_of = BASELINE, "", None
    if path is not None:
        name, chapters_spec, description, book_as_of = _read_scenario_file(Path(path))
    if overrides or as_of is not None:  # never overwrite a named scenario's book with ad-hoc values
        name = ADHOC if path is None else f"{name}-{ADHOC}"
    book_as_of = as_of if as_of is not None else book_as_of
    book_as_of = EDITION_DATE if book_as_of is None else AS_OF.check(book_as_of, "the book")
    chosen: dict[str, dict[str, Any]] = {c.slug: {"as_of": book_as_of} for c in CHAPTERS if AS_OF in c.params}
    for slug, values in chapters_spec.items():
        if not isinstance(values, dict):
            raise ParameterError(f"scenario {path}: chapter {short(slug)} must map parameter names to values")
        chosen.setdefault(get(slug).slug, {}).update(values)
    for slug, values in (overrides or {}).items():
        chosen.setdefault(get(slug).slug, {}).update(values)
    values = {c.slug: c.param_set.validate(chosen.get(c.slug, {})) for c in CHAPTERS}
    if name == BASELINE and path is not None and values != _defaults():
        raise ParameterError(
            f"scenario {path}: only the declared defaults may be called {BASELINE!r} "
            "(it publishes to _build/html); give the file another name"
        )
    return Scenario(name, values, description, book_as_of)


def _defaults() -> dict[str, dict[str, Any]]:
    return {c.slug: c.param_set.validate({}) for c in CHAPTERS}


def _read_scenario_file(path: Path) -> tuple[str, dict[str, Any], str, Any]:
    """The scenario's name (its file name), its ``chapters`` mapping, its description and its
    ``as_of`` (None if not set), or a ParameterError."""
    where = f"scenario {path}"
    name = path.stem
    if not SCENARIO_NAME.fullmatch(name) or name == ADHOC or name.endswith(f"-{ADHOC}"):
        raise ParameterError(
            f"{where}: the file name {short(name)} cannot name a scenario: use letters, "
            f"digits, '-' and '_' (starting with a letter or digit), not {ADHOC!r} or "
            f"'*-{ADHOC}', which are kept for command-line overrides"
        )
    try:
        spec = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{where}: cannot be read as text: {exc}") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ParameterError(f"{where}: invalid YAML: {exc}") from None
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise ParameterError(
            f"{where}: expected a mapping with 'description', 'as_of' and 'chapters', "
            f"got {type(spec).__name__} {short(spec)}"
        )
    unknown = set(spec) - {"description", "as_of", "chapters"}
    if unknown:
        raise ParameterError(
            f"{where}: unknown key(s) {short(sorted(map(str, unknown)))}; "
            "expected 'description', 'as_of' and 'chapters'"
        )
    chapters_spec = spec.get("chapters") or {}
    if not isinstance(chapters_spec, dict):
        raise ParameterError(
            f"{where}: 'chapters' must map chapter names to parameter values, got {type(chapters_spec).__name__}"
        )
    as_of = AS_OF.check(spec["as_of"], where) if "as_of" in spec else None
    return name, chapters_spec, str(spec.get("description") or "").strip(), as_of


def scenario_output(name: str) -> Path:
    return BUILD_DIR / "html" if name == BASELINE else BUILD_DIR / "scenarios" / name / "html"


# ---------------------------------------------------------------- executing chapters


def input_hash(chapter: Chapter, values: dict[str, Any]) -> str:
    """Everything a chapter's output depends on: its notebook, its parameters, the tables it
    declares (and their descriptor), the package code and the pinned requirements."""
    digest = hashlib.sha256(code_hash().encode())
    for path in [chapter.path, *data.table_files(chapter.tables)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(values, sort_keys=True).encode())
    return digest.hexdigest()


def code_hash() -> str:
    """The package's code (the Sphinx extension and the book's static files included) and
    the locked environment."""
    digest = hashlib.sha256()
    code = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in {".py", ".js", ".css"})
    for path in [*code, ROOT / "requirements.lock"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


CACHE_KEEP = 8  # executed notebooks kept per chapter in the shared cache


def reuse_cached(scenario: Scenario, work: Path, timeout: int) -> list[executor.Job]:
    """Put every chapter executed before with the same inputs into the scenario's book; the
    others come back as jobs to execute.

    Executed notebooks are kept in a cache shared by all scenarios and keyed by the input
    hash, so a scenario that changes one chapter's parameters executes only that chapter,
    and switching back to earlier values costs nothing.
    """
    pending = []
    for chapter in CHAPTERS:
        start = time.perf_counter()
        values = scenario.values[chapter.slug]
        output = chapter_output(work, chapter)
        cached = read_cache(cache_entry(chapter, values))
        if cached is None:
            pending.append(executor.Job(chapter, chapter.path, values, work / "running" / output.name, timeout))
            continue
        if not output.exists() or output.read_bytes() != cached:
            write_atomically(output, cached)
        cache_entry(chapter, values).touch()
        _report("reused", chapter, time.perf_counter() - start)
    return pending


@dataclass(frozen=True)
class AtDefaults:
    """A chapter executed at its defaults for a scenario's comparison page: cached, not put in
    the scenario's book."""

    chapter: Chapter


def baseline_for_comparison(scenario: Scenario, work: Path, timeout: int) -> list[executor.Job]:
    """Jobs for the baseline executions the comparison page needs and the cache lacks. The
    entries it finds are marked as used, so that pruning the cache during this build keeps them."""
    if scenario.name == BASELINE:
        return []
    defaults, jobs = _defaults(), []
    for chapter in CHAPTERS:
        if scenario.values[chapter.slug] == defaults[chapter.slug]:
            continue
        entry = cache_entry(chapter, defaults[chapter.slug])
        if read_cache(entry) is not None:
            entry.touch()
            continue
        running = work / "running" / f"{chapter.notebook}-baseline.ipynb"
        jobs.append(executor.Job(AtDefaults(chapter), chapter.path, defaults[chapter.slug], running, timeout))
    return jobs


def chapter_of(job: executor.Job) -> Chapter:
    return job.key.chapter if isinstance(job.key, AtDefaults) else job.key


@dataclass(frozen=True)
class Executed:
    """A chapter executed by this build: cached only once its charts pass the schema check."""

    job: executor.Job
    notebook: bytes
    charts: tuple[tuple[int, dict], ...]  # (cell index, Vega-Lite spec), unchecked


def execute(pending: list[executor.Job], work: Path, jobs: int) -> list[Executed]:
    """Execute the chapters into the scenario's book; raise BuildError naming every chapter
    that failed (each is reported as it ends)."""
    executed, errors = [], []
    for job, outcome, seconds in run_jobs(pending, jobs):
        chapter = chapter_of(job)
        if outcome.failure is not None:
            kept = _keep_failed(job.output, work / "failed" / job.output.name)
            errors.append(
                f"chapter {chapter.notebook} failed: {outcome.failure.describe()}\n    executed notebook kept at {kept}"
            )
            _report("failed", chapter, seconds)
            continue
        executed.append(Executed(job, job.output.read_bytes(), outcome.charts))
        if not isinstance(job.key, AtDefaults):
            write_atomically(chapter_output(work, chapter), executed[-1].notebook)
        job.output.unlink()
        _report("executed", chapter, seconds)
    if errors:
        raise BuildError("\n".join(errors))
    return executed


def chart_errors(executed: list[Executed]) -> list[str]:
    """Every chart the chapters displayed, checked against the Vega-Lite schema."""
    if not executed:  # a build that executes nothing need not import Altair
        return []
    from japan_us.charts import schema_error

    return [
        f"chapter {chapter_of(run.job).notebook} failed: cell {index} displays {problem}"
        for run in executed
        for index, spec in run.charts
        if (problem := schema_error(spec)) is not None
    ]


def keep(executed: list[Executed]) -> None:
    """Cache the executed chapters (their charts checked)."""
    for run in executed:
        chapter = chapter_of(run.job)
        write_cache(cache_entry(chapter, run.job.parameters), run.notebook)
        _prune_cache(chapter)


def _report(status: str, chapter: Chapter, seconds: float) -> None:
    """One line per chapter as it ends: executed, reused or failed, and its seconds."""
    print(f"  {status:<9} {chapter.notebook:<22} {seconds:6.1f} s", flush=True)


def chapter_output(work: Path, chapter: Chapter) -> Path:
    return work / "src" / "book" / "chapters" / f"{chapter.notebook}.ipynb"


def cache_entry(chapter: Chapter, values: dict[str, Any]) -> Path:
    return BUILD_DIR / "cache" / f"{chapter.notebook}-{input_hash(chapter, values)[:20]}.ipynb"


def run_jobs(jobs: list[executor.Job], workers: int):
    """Execute chapter notebooks (the one runner of the project: build, run and the tests);
    yields (job, executor.Outcome, seconds)."""
    if not jobs:
        return
    executor.preload()
    yield from executor.run_all(jobs, workers)


def run_notebook(chapter: Chapter, values: dict[str, Any], output: Path, timeout: int) -> None:
    """Execute one chapter into ``output`` and check its charts; raise BuildError naming the
    chapter, the cell and the error if either fails (the executed notebook stays at ``output``)."""
    for job, outcome, _ in run_jobs([executor.Job(chapter, chapter.path, values, output, timeout)], 1):
        if outcome.failure is not None:
            errors = [f"chapter {chapter.notebook} failed: {outcome.failure.describe()}"]
        else:
            errors = chart_errors([Executed(job, b"", outcome.charts)])
        if errors:
            raise BuildError("\n".join(errors) + f"\n    executed notebook kept at {output}")


def _keep_failed(running: Path, failed: Path) -> Path:
    failed.parent.mkdir(parents=True, exist_ok=True)
    if running.exists():
        running.replace(failed)
    return failed


def read_cache(entry: Path) -> bytes | None:
    """A cache entry's bytes if its checksum verifies; a damaged entry is discarded and named."""
    checksum = entry.with_suffix(".sha256")
    if not entry.exists():
        return None
    content = entry.read_bytes()
    if checksum.exists() and checksum.read_text() == hashlib.sha256(content).hexdigest():
        return content
    print(f"  discarded damaged cache entry {entry}", flush=True)
    entry.unlink(missing_ok=True)
    checksum.unlink(missing_ok=True)
    return None


def write_cache(entry: Path, content: bytes) -> None:
    """Entry first, checksum last, each written atomically: a half-written entry never verifies.
    A cache that cannot be written (a full disk) costs a re-execution later, not the build."""
    try:
        write_atomically(entry, content)
        write_atomically(entry.with_suffix(".sha256"), hashlib.sha256(content).hexdigest().encode())
    except OSError as exc:
        print(f"  warning: could not cache {entry.name}: {exc}", flush=True)
        entry.unlink(missing_ok=True)


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one writer per process
    try:
        temporary.write_bytes(content)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _prune_cache(chapter: Chapter) -> None:
    entries = sorted((BUILD_DIR / "cache").glob(f"{chapter.notebook}-*.ipynb"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-CACHE_KEEP]:
        old.unlink(missing_ok=True)
        old.with_suffix(".sha256").unlink(missing_ok=True)


# ---------------------------------------------------------------- the book


def assemble(scenario: Scenario, src: Path, fresh: list[Executed] = ()) -> None:
    """Config, hand-written pages and generated pages into the book's source folder.
    ``fresh``: the chapters this build executed, not cached until their charts are checked."""
    for name, content in book_config().items():
        write_if_changed(src / name, content)
    shutil.copytree(ROOT / "book", src / "book", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    for page in (ROOT / "book").glob("*.md"):  # passages dated after the book's date left out
        text = known_text(page.read_text(encoding="utf-8"), scenario.as_of)
        write_if_changed(src / "book" / page.name, text.encode())
    write_if_changed(
        src / "book" / "parameters.md",
        pages.parameters_page(scenario.values, scenario.name).encode(),
    )
    write_if_changed(src / "book" / "data.md", pages.data_page().encode())
    write_if_changed(src / "book" / pages.DATA_PACKAGE_ZIP, pages.data_package_zip())
    write_if_changed(src / "book" / "comparison.md", comparison(scenario, src, fresh).encode())


def book_config() -> dict[str, bytes]:
    """The book's configuration files, the same for every scenario: a scenario's first build
    then reuses the shared site's pages (a different table of contents would make Sphinx read
    every page again)."""
    return {name: (ROOT / name).read_bytes() for name in ("_config.yml", "_toc.yml")}


def comparison(scenario: Scenario, src: Path, fresh: list[Executed] = ()) -> str:
    """The comparison page: parameters that differ, glued values that changed."""
    defaults = _defaults()
    executed = {chapter_of(run.job).slug: run.notebook for run in fresh if isinstance(run.job.key, AtDefaults)}
    moved = {}
    for chapter in CHAPTERS:
        if scenario.values[chapter.slug] != defaults[chapter.slug]:
            baseline = executed.get(chapter.slug) or read_cache(cache_entry(chapter, defaults[chapter.slug]))
            if baseline is None:  # pruned by a concurrent build of another scenario since this one began
                raise BuildError(f"the baseline of {chapter.notebook} left the cache during the build: build again")
            moved[chapter.slug] = (glued_values(baseline), glued_values(chapter_output(src.parent, chapter)))
    return pages.comparison_page(scenario, defaults, moved)


def build_html(src: Path, site: Path, staging: Path, worker: SphinxWorker | None = None, meanwhile=lambda: []) -> None:
    """Build the book incrementally in ``site`` with warnings as errors; copy the HTML to
    ``staging``, or raise BuildError with the warnings. ``meanwhile()`` runs while Sphinx
    builds and returns the problems that fail the build too (the chart check).

    ``site/src`` mirrors ``src``: only files whose bytes changed are rewritten, so Sphinx
    (which compares modification times) re-reads only those pages, plus the pages that glue
    values from them (see :mod:`japan_us.sphinx_ext`). After a failure the site's output is
    wiped, so the next build reads every page again and reports every warning.
    """
    config = {name: (src / name).read_bytes() for name in ("_config.yml", "_toc.yml")}
    worker = worker or SphinxWorker(site, config)
    worker.start(src, staging)
    problems = meanwhile()
    if worker.wait() != 0:
        log = site / "jupyter-book.log"
        text = log.read_text() if log.exists() else ""
        warnings = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
        problems.append("jupyter-book build failed:\n    " + "\n    ".join(warnings[-15:] or ["see " + str(log)]))
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError("\n".join(problems))


class SphinxWorker:
    """Jupyter Book's own ``build`` command in a process forked at the start of a build.

    While the chapters execute on the other core, it takes the site's lock, imports Sphinx,
    myst-nb and the theme, and lets Jupyter Book set up the Sphinx application (about 2 s in
    all); Sphinx's ``build`` then waits until the parent sends the assembled sources.
    """

    def __init__(self, site: Path, config: dict[str, bytes]) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_sphinx_worker, args=(child, site, config), daemon=True)
        self.process.start()
        child.close()

    def start(self, src: Path, staging: Path) -> None:
        """Send the assembled sources: Sphinx builds them while the caller goes on."""
        with contextlib.suppress(BrokenPipeError):  # the worker died: wait() reports it
            self.conn.send((str(src), str(staging)))

    def wait(self) -> int:
        """Jupyter Book's exit status (its output is in the site's jupyter-book.log)."""
        try:
            return self.conn.recv()
        except EOFError:
            return -1
        finally:
            self.close()

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _sphinx_worker(conn, site: Path, config: dict[str, bytes]) -> None:
    executor.die_with_parent()
    site.mkdir(parents=True, exist_ok=True)
    with open(site / "jupyter-book.log", "w") as log, site_lock():
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        sys.stdout = sys.stderr = log
        status = _run_jupyter_book(conn, site, config)
        log.flush()
    conn.send(status)
    os._exit(0)


def _run_jupyter_book(conn, site: Path, config: dict[str, bytes]) -> int:
    from jupyter_book.cli import main as jupyter_book
    from sphinx.application import Sphinx

    for name, content in config.items():  # what Jupyter Book reads before Sphinx builds
        write_if_changed(site / "src" / name, content)
    # Pages Sphinx does not read again would keep what older code wrote (the extension adds
    # to every page): new code, so a clean site.
    stamp, code = site / "code.sha256", code_hash()
    if not stamp.exists() or stamp.read_text() != code:
        shutil.rmtree(site / "out", ignore_errors=True)
    sphinx_build = Sphinx.build
    staging: list[Path] = []  # where the parent wants the HTML

    def build_when_the_sources_are_ready(app, *args, **kwargs):
        _warm_up(app)
        try:
            src, target = conn.recv()
        except EOFError:  # the parent gave up (a chapter failed)
            os._exit(0)
        staging.append(Path(target))
        mirror(Path(src), site / "src")
        return sphinx_build(app, *args, **kwargs)

    Sphinx.build = build_when_the_sources_are_ready
    try:
        jupyter_book.main(
            [
                "build",
                str(site / "src"),
                "--path-output",
                str(site / "out"),
                "-W",
                "--keep-going",
                "-q",
            ],
            standalone_mode=False,
        )
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # Jupyter Book raises RuntimeError on a Sphinx exception
        print(f"ERROR: {type(exc).__name__}: {exc}", flush=True)
        status = 1
    if status != 0 or not staging:
        shutil.rmtree(site / "out", ignore_errors=True)
        return status or 1
    shutil.rmtree(staging[0], ignore_errors=True)
    shutil.copytree(site / "out" / "_build" / "html", staging[0])
    stamp.write_text(code)
    return 0


def _warm_up(app) -> None:
    """Work every build pays on first use, done while the chapters still execute: compiling
    the page template, soupsieve's CSS-selector patterns (the theme post-processes each page
    with BeautifulSoup), nbformat's notebook validator (myst-nb validates each notebook it
    reads), and loading every Pygments style (the theme lists them all to write its
    stylesheet). Compiled templates are kept beside the site (Jinja's bytecode cache, checked
    against each template's source), so a later build loads the dozens of theme templates
    instead of compiling them again."""
    import jinja2
    import nbformat
    import soupsieve
    from pygments.styles import get_all_styles

    templates = app.builder.templates.environment
    cache = Path(app.outdir).parent / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    templates.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    templates.get_template("page.html")
    soupsieve.compile("div.bd-content > p a[href]")
    nbformat.validate(nbformat.v4.new_notebook())
    list(get_all_styles())
    executor.settle_imports()


def mirror(src: Path, dst: Path) -> None:
    """Make ``dst`` hold exactly the files of ``src``, touching only files that differ."""
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        write_if_changed(dst / rel, (src / rel).read_bytes())
    for path in sorted(dst.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(dst) not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


@contextlib.contextmanager
def site_lock() -> Iterator[None]:
    """The Sphinx site is shared by all scenarios (so that a scenario's first build reuses
    everything it has in common with the last one); builds of different scenarios take turns."""
    path = BUILD_DIR / "locks" / "sphinx-site.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        write_atomically(path, content)


def tree_hash(src: Path) -> str:
    """The book's sources and the package code (the Sphinx extension renders them): if both
    are unchanged, so is the HTML, and Jupyter Book need not run."""
    digest = hashlib.sha256(code_hash().encode())
    for path in sorted(src.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(src)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def swap_in(new_html: Path, final: Path) -> None:
    """Replace the published HTML with the new build in two renames."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new_html.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def html_manifest(html: Path) -> str:
    """Every file of a published book with its checksum: the tree is checked, not trusted."""
    files = sorted(p for p in html.rglob("*") if p.is_file())
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(html)}\n" for p in files)


@contextlib.contextmanager
def scenario_lock(name: str) -> Iterator[None]:
    """Hold the scenario's lock for the whole build; a second build of it is refused at once."""
    path = BUILD_DIR / "locks" / f"{name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusy(
                f"another build of scenario {name!r} is running (it holds {path}); "
                "wait for it to finish, then build again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(scenario: Scenario, jobs: int | None = None, timeout: int = 600) -> Path:
    """Execute and build one scenario's book; returns the HTML folder or raises BuildError."""
    with scenario_lock(scenario.name):
        return _build_locked(scenario, jobs, timeout)


def _build_locked(scenario: Scenario, jobs: int | None, timeout: int) -> Path:
    work = BUILD_DIR / "work" / scenario.name
    (work / "src").mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    print(
        f"Scenario {scenario.name}: executing {len(CHAPTERS)} chapter(s) on {jobs} worker(s)",
        flush=True,
    )
    pending = reuse_cached(scenario, work, timeout)
    pending += baseline_for_comparison(scenario, work, timeout)
    # A malformed table stops the build here, before any chapter runs. A reused chapter's
    # tables are the ones it validated when it ran; the forked chapters inherit these loads.
    for table in sorted({t for job in pending for t in chapter_of(job).tables}):
        data.load(table)
    # Sphinx starts importing now, on the other core, while the chapters execute.
    worker = SphinxWorker(BUILD_DIR / "sphinx", book_config()) if pending else None
    try:
        return _execute_and_publish(scenario, work, pending, jobs, worker, started)
    finally:
        if worker is not None:
            worker.close()


def _execute_and_publish(
    scenario: Scenario,
    work: Path,
    pending: list[executor.Job],
    jobs: int,
    worker: SphinxWorker | None,
    started: float,
) -> Path:
    executed = execute(pending, work, jobs)
    assemble(scenario, work / "src", executed)
    final = scenario_output(scenario.name)
    book_start = time.perf_counter()
    source_hash = tree_hash(work / "src")
    book_stamp, manifest = work / "stamps" / "book.sha256", work / "stamps" / "html.manifest"
    if (
        final.exists()
        and book_stamp.exists()
        and book_stamp.read_text() == source_hash
        and manifest.exists()
        and manifest.read_text() == html_manifest(final)
    ):
        print(f"  reused    jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
        problems = chart_errors(executed)
        if problems:
            raise BuildError("\n".join(problems))
    else:
        staging = final.with_name(final.name + ".new")
        build_html(work / "src", BUILD_DIR / "sphinx", staging, worker, lambda: chart_errors(executed))
        book_stamp.unlink(missing_ok=True)
        swap_in(staging, final)
        book_stamp.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(html_manifest(final))
        book_stamp.write_text(source_hash)
        print(f"  built     jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
    keep(executed)
    print(f"Done in {time.perf_counter() - started:.1f} s: {final / 'index.html'}", flush=True)
    return final

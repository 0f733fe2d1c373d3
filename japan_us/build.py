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
import ctypes
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import nbformat
import yaml

from japan_us import BUILD_DIR, ROOT, data, executor, pages
from japan_us.chapters import CHAPTERS, Chapter, get
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


# A scenario's name becomes a folder name: letters, digits, '-' and '_' only.
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
ADHOC = "custom"


def load_scenario(path: Path | None, overrides: dict[str, dict[str, Any]] | None = None) -> Scenario:
    """A scenario file (or the defaults) plus command-line overrides, fully validated."""
    chapters_spec: dict[str, Any] = {}
    name = BASELINE
    if path is not None:
        name, chapters_spec = _read_scenario_file(Path(path))
    if overrides:  # never overwrite a named scenario's book with ad-hoc values
        name = ADHOC if path is None else f"{name}-{ADHOC}"
    chosen: dict[str, dict[str, Any]] = {}
    for slug, values in chapters_spec.items():
        if not isinstance(values, dict):
            raise ParameterError(f"scenario {path}: chapter {short(slug)} must map parameter names to values")
        chosen[get(slug).slug] = dict(values)
    for slug, values in (overrides or {}).items():
        chosen.setdefault(get(slug).slug, {}).update(values)
    values = {c.slug: c.param_set.validate(chosen.get(c.slug, {})) for c in CHAPTERS}
    if name == BASELINE and path is not None and values != _defaults():
        raise ParameterError(f"scenario {path}: only the declared defaults may be called {BASELINE!r} "
                             "(it publishes to _build/html); give the file another name")
    return Scenario(name, values)


def _defaults() -> dict[str, dict[str, Any]]:
    return {c.slug: c.param_set.validate({}) for c in CHAPTERS}


def _read_scenario_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The scenario's name (its file name) and its ``chapters`` mapping, or a ParameterError."""
    where = f"scenario {path}"
    name = path.stem
    if not SCENARIO_NAME.fullmatch(name) or name == ADHOC or name.endswith(f"-{ADHOC}"):
        raise ParameterError(f"{where}: the file name {short(name)} cannot name a scenario: use letters, "
                             f"digits, '-' and '_' (starting with a letter or digit), not {ADHOC!r} or "
                             f"'*-{ADHOC}', which are kept for command-line overrides")
    try:
        spec = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{where}: cannot be read as text: {exc}") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ParameterError(f"{where}: invalid YAML: {exc}") from None
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise ParameterError(f"{where}: expected a mapping with 'description' and 'chapters', "
                             f"got {type(spec).__name__} {short(spec)}")
    unknown = set(spec) - {"description", "chapters"}
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {short(sorted(map(str, unknown)))}; "
                             "expected 'description' and 'chapters'")
    chapters_spec = spec.get("chapters") or {}
    if not isinstance(chapters_spec, dict):
        raise ParameterError(f"{where}: 'chapters' must map chapter names to parameter values, "
                             f"got {type(chapters_spec).__name__}")
    return name, chapters_spec


def scenario_output(name: str) -> Path:
    return BUILD_DIR / "html" if name == BASELINE else BUILD_DIR / "scenarios" / name / "html"


# ---------------------------------------------------------------- executing chapters

def input_hash(chapter: Chapter, values: dict[str, Any]) -> str:
    """Everything a chapter's output depends on: its notebook, its parameters, the tables it
    declares (and their descriptor), the package code and the pinned requirements."""
    digest = hashlib.sha256()
    files = [chapter.path, *data.table_files(chapter.tables), *sorted(PACKAGE_DIR.glob("*.py")),
             ROOT / "requirements.txt"]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(values, sort_keys=True).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class ChapterResult:
    chapter: Chapter
    status: str  # "executed", "reused" or "failed"
    seconds: float
    error: str = ""


CACHE_KEEP = 8  # executed notebooks kept per chapter in the shared cache


def execute_all(scenario: Scenario, work: Path, jobs: int, timeout: int) -> list[ChapterResult]:
    """Execute the scenario's chapters into its book, reusing earlier executions.

    Executed notebooks are kept in a cache shared by all scenarios and keyed by the input
    hash, so a scenario that changes one chapter's parameters executes only that chapter,
    and switching back to earlier values costs nothing.
    """
    results, pending = [], []
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
        results.append(_report(ChapterResult(chapter, "reused", time.perf_counter() - start)))
    for job, failure, seconds in run_jobs(pending, jobs):
        chapter = job.key
        if failure is not None:
            kept = _keep_failed(job.output, work / "failed" / job.output.name)
            error = f"chapter {chapter.notebook} failed: {failure.describe()}\n    executed notebook kept at {kept}"
            results.append(_report(ChapterResult(chapter, "failed", seconds, error)))
            continue
        executed = job.output.read_bytes()
        write_cache(cache_entry(chapter, job.parameters), executed)
        write_atomically(chapter_output(work, chapter), executed)
        job.output.unlink()
        _prune_cache(chapter)
        results.append(_report(ChapterResult(chapter, "executed", seconds)))
    return results


def _report(result: ChapterResult) -> ChapterResult:
    print(f"  {result.status:<9} {result.chapter.notebook:<22} {result.seconds:6.1f} s", flush=True)
    return result


def chapter_output(work: Path, chapter: Chapter) -> Path:
    return work / "src" / "book" / "chapters" / f"{chapter.notebook}.ipynb"


def cache_entry(chapter: Chapter, values: dict[str, Any]) -> Path:
    return BUILD_DIR / "cache" / f"{chapter.notebook}-{input_hash(chapter, values)[:20]}.ipynb"


def run_jobs(jobs: list[executor.Job], workers: int):
    """Execute chapter notebooks (the one runner of the project: build, run and the tests);
    yields (job, Failure or None, seconds), each executed notebook stripped of run metadata."""
    if not jobs:
        return
    executor.preload()
    for job, failure, seconds in executor.run_all(jobs, workers):
        if job.output.exists():
            strip_run_metadata(job.output)
        yield job, failure, seconds


def run_notebook(chapter: Chapter, values: dict[str, Any], output: Path, timeout: int) -> None:
    """Execute one chapter into ``output``; raise BuildError naming the chapter, the cell and
    the error if it fails (the executed notebook stays at ``output``)."""
    for _, failure, _ in run_jobs([executor.Job(chapter, chapter.path, values, output, timeout)], 1):
        if failure is not None:
            raise BuildError(f"chapter {chapter.notebook} failed: {failure.describe()}\n"
                             f"    executed notebook kept at {output}")


def _keep_failed(running: Path, failed: Path) -> Path:
    failed.parent.mkdir(parents=True, exist_ok=True)
    if running.exists():
        running.replace(failed)
    return failed


# Papermill's per-run metadata: timings, and the paths of the machine that ran it.
_RUN_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")


def strip_run_metadata(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for key in _RUN_KEYS:
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("execution", None)
        for key in _RUN_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
    nbformat.write(nb, path)


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
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
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

def assemble(scenario: Scenario, src: Path) -> None:
    """Config, hand-written pages and generated pages into the book's source folder."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "book", src / "book", dirs_exist_ok=True)
    _write_if_changed(src / "book" / "parameters.md", pages.parameters_page(scenario.values, scenario.name))
    _write_if_changed(src / "book" / "data.md", pages.data_page())


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def build_html(src: Path, site: Path) -> Path:
    """Build the book incrementally in ``site`` with warnings as errors; returns its HTML folder.

    ``site/src`` mirrors ``src``: only files whose bytes changed are rewritten, so Sphinx
    (which compares modification times) re-reads only those pages, plus the pages that glue
    values from them (see :mod:`japan_us.sphinx_ext`). After a failure the site is wiped, so
    the next build reads every page again and reports every warning.
    """
    mirror(src, site / "src")
    out = site / "out"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(site / "src"), "--path-output", str(out),
           "-W", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, preexec_fn=_die_with_parent)
    log = site / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        problems = [line for line in (proc.stdout + proc.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("jupyter-book build failed:\n    " + "\n    ".join(problems[-15:] or ["see " + str(log)]))
    return out / "_build" / "html"


def mirror(src: Path, dst: Path) -> None:
    """Make ``dst`` hold exactly the files of ``src``, touching only files that differ."""
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        target = dst / rel
        content = (src / rel).read_bytes()
        if not target.exists() or target.read_bytes() != content:
            write_atomically(target, content)
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


def publish(html: Path, final: Path) -> None:
    """Copy the built HTML beside ``final``, then swap it in with two renames."""
    staging = final.with_name(final.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(html, staging)
    swap_in(staging, final)


def _die_with_parent() -> None:
    """In the child, before exec: be killed when the build process dies, even by SIGKILL, so
    that no orphaned jupyter-book keeps writing into the staging folder (Linux prctl)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def tree_hash(src: Path) -> str:
    """The book's sources and the package code (the Sphinx extension renders them): if both
    are unchanged, so is the HTML, and Jupyter Book need not run."""
    digest = hashlib.sha256()
    for path in sorted([*src.rglob("*"), *PACKAGE_DIR.glob("*.py")]):
        if path.is_file():
            digest.update(str(path.relative_to(path.anchor)).encode())
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
            raise BuildBusy(f"another build of scenario {name!r} is running (it holds {path}); "
                            "wait for it to finish, then build again") from None
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
    print(f"Scenario {scenario.name}: executing {len(CHAPTERS)} chapter(s) on {jobs} worker(s)", flush=True)
    for table in sorted({t for c in CHAPTERS for t in c.tables}):
        data.load(table)  # a malformed table stops the build here, before any kernel starts
    failures = [r for r in execute_all(scenario, work, jobs, timeout) if r.status == "failed"]
    if failures:
        raise BuildError("\n".join(r.error for r in failures))
    assemble(scenario, work / "src")
    final = scenario_output(scenario.name)
    book_start = time.perf_counter()
    source_hash = tree_hash(work / "src")
    book_stamp, manifest = work / "stamps" / "book.sha256", work / "stamps" / "html.manifest"
    if (final.exists() and book_stamp.exists() and book_stamp.read_text() == source_hash
            and manifest.exists() and manifest.read_text() == html_manifest(final)):
        print(f"  reused    jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
    else:
        with site_lock():
            html = build_html(work / "src", BUILD_DIR / "sphinx")
            book_stamp.unlink(missing_ok=True)
            publish(html, final)
        book_stamp.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(html_manifest(final))
        book_stamp.write_text(source_hash)
        print(f"  built     jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
    print(f"Done in {time.perf_counter() - started:.1f} s: {final / 'index.html'}", flush=True)
    return final

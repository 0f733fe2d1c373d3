"""Build the book: validate parameters, execute the chapters with papermill (in parallel,
reusing any chapter whose inputs did not change), then run Jupyter Book with warnings as
errors into a staging folder and swap it in only on success.

Layout of one scenario's build (``baseline`` unless a scenario file names another)::

    _build/work/<scenario>/src/      the assembled book: config, pages, executed chapters
    _build/work/<scenario>/stamps/   the hash of the book sources last built
    _build/cache/                    executed chapters keyed by their input hash, shared by scenarios
    _build/work/<scenario>/failed/   the executed notebook of a chapter that failed
    _build/html/                     the baseline book (other scenarios: _build/scenarios/<name>/html)
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import papermill
import yaml
from papermill.exceptions import PapermillExecutionError

from japan_us import BUILD_DIR, ROOT, data, pages
from japan_us.chapters import CHAPTERS, Chapter, get
from japan_us.params import ParameterError

BASELINE = "baseline"
PACKAGE_DIR = Path(__file__).resolve().parent


class BuildError(RuntimeError):
    """A chapter or the book failed; the message says which and why."""


# ---------------------------------------------------------------- scenarios and parameters

@dataclass(frozen=True)
class Scenario:
    name: str
    values: dict[str, dict[str, Any]]  # chapter slug -> complete, validated parameters


def load_scenario(path: Path | None, overrides: dict[str, dict[str, Any]] | None = None) -> Scenario:
    """A scenario file (or the defaults) plus command-line overrides, fully validated."""
    spec: dict[str, Any] = {}
    name = BASELINE
    if path is not None:
        try:
            spec = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ParameterError(f"scenario {path}: cannot be read: {exc}") from exc
        unknown = set(spec) - {"description", "chapters"}
        if unknown:
            raise ParameterError(f"scenario {path}: unknown key(s) {sorted(unknown)}; expected 'description' and 'chapters'")
        name = Path(path).stem
    if overrides:  # never overwrite a named scenario's book with ad-hoc values
        name = "custom" if path is None else f"{name}-custom"
    chosen: dict[str, dict[str, Any]] = {}
    for slug, values in (spec.get("chapters") or {}).items():
        if not isinstance(values, dict):
            raise ParameterError(f"scenario {path}: chapter {slug!r} must map parameter names to values")
        chosen[get(slug).slug] = dict(values)
    for slug, values in (overrides or {}).items():
        chosen.setdefault(get(slug).slug, {}).update(values)
    return Scenario(name, {c.slug: c.param_set.validate(chosen.get(c.slug, {})) for c in CHAPTERS})


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


def execute_chapter(chapter: Chapter, values: dict[str, Any], work: Path, timeout: int) -> ChapterResult:
    """Execute one chapter into the scenario's book, or reuse an earlier execution.

    Executed notebooks are also kept in a cache shared by all scenarios and keyed by the
    input hash, so a scenario that changes one chapter's parameters executes only that
    chapter, and switching back to earlier values costs nothing.
    """
    start = time.perf_counter()
    output = work / "src" / "book" / "chapters" / f"{chapter.notebook}.ipynb"
    wanted = input_hash(chapter, values)
    cached = BUILD_DIR / "cache" / f"{chapter.notebook}-{wanted[:20]}.ipynb"
    output.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        if not output.exists() or output.read_bytes() != cached.read_bytes():
            shutil.copyfile(cached, output)
        cached.touch()
        return ChapterResult(chapter, "reused", time.perf_counter() - start)
    running = work / "running" / output.name
    running.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(chapter.path, running, parameters=values, kernel_name="python3",
                                   progress_bar=False, log_output=False, execution_timeout=timeout)
    except PapermillExecutionError as exc:
        kept = _keep_failed(running, work)
        return ChapterResult(chapter, "failed", time.perf_counter() - start,
                             f"{describe_cell(exc)} raised {exc.ename}: {exc.evalue}\n"
                             f"    executed notebook kept at {kept}")
    except Exception as exc:  # a timeout or a dead kernel: still name the chapter
        kept = _keep_failed(running, work)
        return ChapterResult(chapter, "failed", time.perf_counter() - start,
                             f"{type(exc).__name__}: {exc}\n    executed notebook kept at {kept}")
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(running, cached)
    running.replace(output)
    _prune_cache(chapter)
    return ChapterResult(chapter, "executed", time.perf_counter() - start)


def _prune_cache(chapter: Chapter) -> None:
    entries = sorted((BUILD_DIR / "cache").glob(f"{chapter.notebook}-*.ipynb"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-CACHE_KEEP]:
        old.unlink(missing_ok=True)


def describe_cell(exc: PapermillExecutionError) -> str:
    """Where a cell failed, in terms a reader can find: its index in the executed notebook
    (papermill inserts one cell of injected parameters), its execution count, its first line."""
    first = next((line for line in exc.source.splitlines() if line.strip()), "")
    return f"cell {exc.cell_index} (execution count {exc.exec_count}, `{first[:70]}`)"


def _keep_failed(running: Path, work: Path) -> Path:
    failed = work / "failed" / running.name
    failed.parent.mkdir(parents=True, exist_ok=True)
    if running.exists():
        running.replace(failed)
    return failed


def execute_all(scenario: Scenario, work: Path, jobs: int, timeout: int) -> list[ChapterResult]:
    results = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(execute_chapter, c, scenario.values[c.slug], work, timeout) for c in CHAPTERS]
        for future in as_completed(futures):
            result = future.result()
            print(f"  {result.status:<9} {result.chapter.notebook:<22} {result.seconds:6.1f} s", flush=True)
            results.append(result)
    return results


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


def build_html(src: Path, staging: Path) -> Path:
    """Run Jupyter Book with warnings as errors; the HTML lands in ``staging``."""
    shutil.rmtree(staging, ignore_errors=True)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src), "--path-output", str(staging),
           "--all", "-W", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    log = staging.parent / "jupyter-book.log"
    log.write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        problems = [line for line in (proc.stdout + proc.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("jupyter-book build failed:\n    " + "\n    ".join(problems[-15:] or ["see " + str(log)]))
    return staging / "_build" / "html"


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


def build(scenario: Scenario, jobs: int | None = None, timeout: int = 600) -> Path:
    """Execute and build one scenario's book; returns the HTML folder or raises BuildError."""
    work = BUILD_DIR / "work" / scenario.name
    (work / "src").mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    print(f"Scenario {scenario.name}: executing {len(CHAPTERS)} chapter(s) on {jobs} worker(s)", flush=True)
    for table in sorted({t for c in CHAPTERS for t in c.tables}):
        data.load(table)  # a malformed table stops the build here, before any kernel starts
    failures = [r for r in execute_all(scenario, work, jobs, timeout) if r.status == "failed"]
    if failures:
        raise BuildError("\n".join(f"chapter {r.chapter.notebook} failed: {r.error}" for r in failures))
    assemble(scenario, work / "src")
    final = scenario_output(scenario.name)
    book_start = time.perf_counter()
    source_hash = tree_hash(work / "src")
    book_stamp = work / "stamps" / "book.sha256"
    if final.exists() and book_stamp.exists() and book_stamp.read_text() == source_hash:
        print(f"  reused    jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
    else:
        html = build_html(work / "src", work / "staging")
        swap_in(html, final)
        book_stamp.parent.mkdir(parents=True, exist_ok=True)
        book_stamp.write_text(source_hash)
        print(f"  built     jupyter-book {time.perf_counter() - book_start:16.1f} s", flush=True)
    print(f"Done in {time.perf_counter() - started:.1f} s: {final / 'index.html'}", flush=True)
    return final

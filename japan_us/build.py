"""Build the book: validate parameters, execute the chapters with papermill (in parallel,
reusing any chapter whose inputs did not change), then run Jupyter Book with warnings as
errors into a staging folder and swap it in only on success.

Layout of one scenario's build (``baseline`` unless a scenario file names another)::

    _build/work/<scenario>/src/      the assembled book: config, pages, executed chapters
    _build/work/<scenario>/src-ja/   the same in Japanese (see japan_us.editions)
    _build/work/<scenario>/stamps/   the hash of the book sources last built
    _build/cache/                    executed chapters keyed by their input hash, shared by scenarios
    _build/work/<scenario>/failed/   the executed notebook of a chapter that failed
    _build/sphinx/                   the incremental Sphinx site all scenarios build in, in turn
    _build/sphinx-ja/                the Japanese edition's
    _build/locks/<scenario>.lock     held while that scenario builds: one build per scenario at a time
    _build/html/                     the baseline book (other scenarios: _build/scenarios/<name>/html),
                                     the Japanese edition in its ja/ folder
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from japan_us import AS_OF_FILE, BUILD_DIR, ROOT, cache, catalogues, data, editions, executor, files, i18n, pages
from japan_us.cache import Entry, code_hash
from japan_us.chapters import CHAPTERS, Chapter
from japan_us.dated import known_text
from japan_us.notebooks import glued
from japan_us.scenario import BASELINE, Scenario, defaults, scenario_output
from japan_us.sphinx_worker import Workers


class BuildError(RuntimeError):
    """A chapter or the book failed; the message says which and why."""


class BuildBusy(RuntimeError):
    """Another build of the same scenario is running."""


# ---------------------------------------------------------------- executing chapters


def reuse_cached(scenario: Scenario, work: Path, limits: executor.Limits, lang: str) -> list[executor.Job]:
    """Put every chapter executed before with the same inputs into the scenario's edition in
    ``lang``; the others come back as jobs to execute.

    Executed notebooks are kept in a cache shared by all scenarios and keyed by the input
    hash, so a scenario that changes one chapter's parameters executes only that chapter,
    and switching back to earlier values costs nothing.
    """
    pending = []
    for chapter in CHAPTERS:
        start = time.perf_counter()
        values = scenario.edition_values(lang)[chapter.slug]
        output = chapter_output(work, chapter, lang)
        entry = Entry(chapter, values)
        cached = entry.read()
        if cached is None:
            running = work / "running" / f"{chapter.notebook}-{lang}.ipynb"
            pending.append(executor.Job(chapter, chapter.path, values, running, limits))
            continue
        files.write_if_changed(output, cached)
        entry.mark_used()
        _report("reused", chapter, time.perf_counter() - start, lang)
    return pending


@dataclass(frozen=True)
class AtDefaults:
    """A chapter executed at its defaults for a scenario's comparison page: cached, not put in
    the scenario's book."""

    chapter: Chapter


def baseline_for_comparison(
    scenario: Scenario, work: Path, limits: executor.Limits, lang: str = i18n.SOURCE_LANGUAGE
) -> list[executor.Job]:
    """Jobs for the baseline executions (in ``lang``) the comparison page needs and the cache
    lacks. The entries it finds are marked as used, so that pruning the cache during this
    build keeps them."""
    if scenario.name == BASELINE:
        return []
    at_defaults, jobs = in_language(defaults(), lang), []
    for chapter in CHAPTERS:
        if scenario.values[chapter.slug] == defaults()[chapter.slug]:
            continue
        entry = Entry(chapter, at_defaults[chapter.slug])
        if entry.read() is not None:
            entry.mark_used()
            continue
        running = work / "running" / f"{chapter.notebook}-baseline-{lang}.ipynb"
        jobs.append(executor.Job(AtDefaults(chapter), chapter.path, at_defaults[chapter.slug], running, limits))
    return jobs


def in_language(values: dict[str, dict[str, Any]], lang: str) -> dict[str, dict[str, Any]]:
    return {slug: {**chapter_values, "lang": lang} for slug, chapter_values in values.items()}


def lang_of(job: executor.Job) -> str:
    """The language a job writes in (a run given a chapter's values without one: English)."""
    return job.parameters.get("lang", i18n.SOURCE_LANGUAGE)


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
        chapter, lang = chapter_of(job), lang_of(job)
        if outcome.failure is not None:
            errors.append(
                f"chapter {chapter.notebook} ({lang}) failed: {outcome.failure.describe()}{_keep_failed(job, work)}"
            )
            _report("failed", chapter, seconds, lang)
            continue
        executed.append(Executed(job, job.output.read_bytes(), outcome.charts))
        if not isinstance(job.key, AtDefaults):
            files.write_atomically(chapter_output(work, chapter, lang), executed[-1].notebook)
        files.remove(job.output)
        _report("executed", chapter, seconds, lang)
    if errors:
        raise BuildError("\n".join(errors))
    return executed


def chart_errors(executed: list[Executed]) -> list[str]:
    """Every chart the chapters displayed, checked against the Vega-Lite schema (a chart
    checked valid before, by the same code, is not checked again: most of a chapter's charts
    do not change with one parameter; nor is a translated chart that differs from a valid
    one only in its words, see :func:`japan_us.chart_render.same_but_text`)."""
    if not executed:  # a build that executes nothing need not import Altair
        return []
    from japan_us.chart_render import same_but_text, schema_error

    problems, checked = [], cache.ValidCharts()
    valid = {}  # this build's valid charts by chapter run and cell, whatever the language
    for run in sorted(executed, key=lambda run: lang_of(run.job) != i18n.SOURCE_LANGUAGE):
        for index, spec in run.charts:
            at = (isinstance(run.job.key, AtDefaults), str(run.job.notebook), index)
            if spec in checked or (at in valid and same_but_text(spec, valid[at])):
                checked.add(spec)
                continue
            problem = schema_error(spec)
            if problem is None:
                checked.add(spec)
                valid[at] = spec
            else:
                problems.append(f"chapter {chapter_of(run.job).notebook} failed: cell {index} displays {problem}")
    checked.save()
    return problems


def keep(executed: list[Executed]) -> None:
    """Cache the executed chapters (their charts checked)."""
    for run in executed:
        entry = Entry(chapter_of(run.job), run.job.parameters)
        entry.write(run.notebook)
        entry.prune_others()


def _report(status: str, chapter: Chapter, seconds: float, lang: str = i18n.SOURCE_LANGUAGE) -> None:
    """One line per chapter and edition as it ends: executed, reused or failed, and its seconds."""
    print(f"  {status:<9} {chapter.notebook:<22} {lang:<3}{seconds:6.1f} s", flush=True)


def chapter_output(work: Path, chapter: Chapter, lang: str = i18n.SOURCE_LANGUAGE) -> Path:
    return editions.src_folder(work, lang) / "book" / "chapters" / f"{chapter.notebook}.ipynb"


def run_jobs(jobs: list[executor.Job], workers: int):
    """Execute chapter notebooks (the one runner of the project: build, run and the tests);
    yields (job, executor.Outcome, seconds)."""
    if not jobs:
        return
    executor.preload()
    yield from executor.run_all(jobs, workers)


def run_notebook(chapter: Chapter, values: dict[str, Any], output: Path, limits: executor.Limits) -> None:
    """Execute one chapter into ``output`` and check its charts; raise BuildError naming the
    chapter, the cell and the error if either fails (the executed notebook stays at ``output``)."""
    for job, outcome, _ in run_jobs([executor.Job(chapter, chapter.path, values, output, limits)], 1):
        if outcome.failure is not None:
            errors = [f"chapter {chapter.notebook} failed: {outcome.failure.describe()}"]
        else:
            errors = chart_errors([Executed(job, b"", outcome.charts)])
        if errors:
            raise BuildError("\n".join(errors) + f"\n    executed notebook kept at {output}")


def _keep_failed(job: executor.Job, work: Path) -> str:
    """Keep the failed chapter's executed notebook (a chapter stopped by its limit wrote none)."""
    if not job.output.exists():
        return ""
    failed = work / "failed" / job.output.name
    files.inside(failed.parent).mkdir(parents=True, exist_ok=True)
    job.output.replace(files.inside(failed))
    return f"\n    executed notebook kept at {failed}"


# ---------------------------------------------------------------- the book


def assemble(scenario: Scenario, src: Path, lang: str, fresh: list[Executed], package: bytes) -> None:
    """Config, hand-written pages and generated pages of the edition in ``lang`` into its
    source folder. ``fresh``: the chapters this build executed, not cached until their charts
    are checked; ``package``: the data package's zip, the same in every edition."""
    for name, content in editions.book_config(lang).items():
        files.write_if_changed(src / name, content)
    for page in (ROOT / "book").iterdir():  # passages dated after the book's date left out
        if page.is_dir():  # the translations (locale/): compiled below for their edition
            continue
        content = page.read_bytes()
        if page.suffix == ".md":
            content = known_text(content.decode("utf-8"), scenario.as_of, apart=lang != i18n.SOURCE_LANGUAGE).encode()
        files.write_if_changed(src / "book" / page.name, content)
    if lang != i18n.SOURCE_LANGUAGE:
        catalogues.compile_book(lang, src / "locale")
    files.write_if_changed(src / AS_OF_FILE, scenario.as_of.encode())  # footer and citations (sphinx_ext)
    files.write_if_changed(src / EDITIONS_FILE, " ".join(scenario.languages).encode())  # the language switch
    with i18n.use(lang):
        files.write_if_changed(
            src / "book" / "parameters.md",
            pages.parameters_page(scenario.edition_values(lang), scenario.name).encode(),
        )
        files.write_if_changed(src / "book" / "data.md", pages.data_page(scenario.as_of).encode())
        files.write_if_changed(src / "book" / "comparison.md", comparison(scenario, src, lang, fresh).encode())
    files.write_if_changed(src / "book" / pages.DATA_PACKAGE_ZIP, package)


EDITIONS_FILE = "editions.txt"  # in the book's source folder: the languages, the root's first


def comparison(scenario: Scenario, src: Path, lang: str = i18n.SOURCE_LANGUAGE, fresh: list[Executed] = ()) -> str:
    """The comparison page: parameters that differ, glued values that changed (with the prose
    that prints them)."""
    at_defaults = in_language(defaults(), lang)
    executed = {
        chapter_of(run.job).slug: run.notebook
        for run in fresh
        if isinstance(run.job.key, AtDefaults) and lang_of(run.job) == lang
    }
    moved = {}
    for chapter in CHAPTERS:
        if scenario.values[chapter.slug] != defaults()[chapter.slug]:
            baseline = executed.get(chapter.slug) or Entry(chapter, at_defaults[chapter.slug]).read()
            if baseline is None:  # pruned by a concurrent build of another scenario since this one began
                raise BuildError(f"the baseline of {chapter.notebook} left the cache during the build: build again")
            moved[chapter.slug] = tuple(
                catalogues.translated_prose(glued(notebook), chapter.notebook, lang)
                for notebook in (baseline, chapter_output(src.parent, chapter, lang))
            )
    return pages.comparison_page(scenario, defaults(), moved)


def build_html(src: Path, site: Path, staging: Path) -> None:
    """Build one edition's book incrementally in ``site`` with warnings as errors into
    ``staging`` (:func:`build_editions`)."""
    build_editions({site: (src, staging)})


def build_editions(sites: dict[Path, tuple[Path, Path]], workers: Workers | None = None, meanwhile=lambda: []) -> None:
    """Build each edition's book incrementally in its site (``{site: (src, staging)}``), at
    once, with warnings as errors; copy the HTML to its staging folder, or raise BuildError
    with the warnings of every edition that failed. ``meanwhile()`` runs while Sphinx builds
    and returns the problems that fail the build too (the chart check).

    ``site/src`` mirrors ``src``: only files whose bytes changed are rewritten, so Sphinx
    (which compares modification times) re-reads only those pages, plus the pages that glue
    values from them (see :mod:`japan_us.sphinx_ext`). After a failure the site's output is
    wiped, so the next build reads every page again and reports every warning.
    """
    if workers is None:  # none started while the chapters executed: start them now
        workers = Workers({site: (_jupyter_book_config(src), lang_of_site(site)) for site, (src, _) in sites.items()})
        with contextlib.closing(workers):
            return build_editions(sites, workers, meanwhile)
    for site, (src, staging) in sites.items():
        workers[site].start(src, staging)
    problems = meanwhile()
    for site in sites:
        failure = workers[site].wait()
        if failure is not None:
            problems.append(f"jupyter-book build failed ({site.name}):\n    {failure}")
    if problems:
        for _, staging in sites.values():
            files.remove_tree(staging)
        raise BuildError("\n".join(problems))


def _jupyter_book_config(src: Path) -> dict[str, bytes]:
    """What Jupyter Book reads before Sphinx builds."""
    return {name: (src / name).read_bytes() for name in ("_config.yml", "_toc.yml")}


def lang_of_site(site: Path) -> str:
    return next((lang for lang in i18n.LANGUAGES if editions.site_folder(lang) == site), i18n.SOURCE_LANGUAGE)


def tree_hash(*srcs: Path) -> str:
    """The editions' sources, the package code and its translations (the Sphinx extension
    renders them): if all are unchanged, so is the HTML, and Jupyter Book need not run."""
    digest = hashlib.sha256(code_hash().encode())
    for lang in i18n.LANGUAGES:
        digest.update(i18n.translations_hash(lang).encode())
    for src in srcs:
        digest.update(src.name.encode())
        for path in sorted(src.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(src)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@contextlib.contextmanager
def scenario_lock(name: str) -> Iterator[None]:
    """Hold the scenario's lock for the whole build; a second build of it is refused at once."""
    path = BUILD_DIR / "locks" / f"{name}.lock"
    files.inside(path.parent).mkdir(parents=True, exist_ok=True)
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


def manifest_path(name: str) -> Path:
    return BUILD_DIR / "work" / name / "stamps" / "html.manifest"


def record_published(name: str) -> None:
    """Record a scenario's published tree as it is now: a build reuses only a tree that
    matches its record (a page deleted by hand is rebuilt; the PDF edition added by
    japan_us.pdf is recorded with it)."""
    files.write_atomically(manifest_path(name), files.manifest(scenario_output(name)).encode())


def build(scenario: Scenario, jobs: int | None = None, limits: executor.Limits | None = None) -> Path:
    """Execute and build one scenario's book; returns the HTML folder or raises BuildError
    (or files.UnsafePath for a build folder holding a link)."""
    final = scenario_output(scenario.name)
    files.refuse_links(*(BUILD_DIR / folder for folder in ("locks", "cache", f"work/{scenario.name}")))
    published = [final.with_name(final.name + suffix) for suffix in ("", ".new", ".old")]
    files.refuse_links(*published, final.parent / "pdf", walk=False)  # (the Sphinx site: when it builds)
    try:
        with scenario_lock(scenario.name):
            return _build_locked(scenario, jobs, limits or executor.Limits())
    except (OSError, BuildError) as exc:
        problem = files.out_of_space(exc)
        if problem is None:
            raise
        published = scenario_output(scenario.name)
        untouched = f"the last good book, {published}, is untouched" if published.exists() else "nothing was published"
        raise BuildError(f"{problem}; {untouched}") from None


def _build_locked(scenario: Scenario, jobs: int | None, limits: executor.Limits) -> Path:
    work = BUILD_DIR / "work" / scenario.name
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    print(
        f"Scenario {scenario.name}: executing {len(CHAPTERS)} chapter(s) in {', '.join(scenario.languages)} "
        f"on {jobs} worker(s)",
        flush=True,
    )
    pending = []
    for lang in scenario.languages:
        (editions.src_folder(work, lang)).mkdir(parents=True, exist_ok=True)
        pending += reuse_cached(scenario, work, limits, lang)
        pending += baseline_for_comparison(scenario, work, limits, lang)
    # A malformed table stops the build here, before any chapter runs. A reused chapter's
    # tables are the ones it validated when it ran; the forked chapters inherit these loads.
    for table in sorted({t for job in pending for t in chapter_of(job).tables}):
        data.load(table)
    if any(lang != i18n.SOURCE_LANGUAGE for lang in scenario.languages):
        i18n.catalogue.cache_clear()  # read once here, before the chapters fork
        for lang in scenario.languages:
            i18n.catalogue(lang)
    if not pending:
        return _execute_and_publish(scenario, work, pending, jobs, None, started)
    # Sphinx starts importing now, on the other core, while the chapters execute.
    workers = Workers({editions.site_folder(lang): (editions.book_config(lang), lang) for lang in scenario.languages})
    with contextlib.closing(workers):
        return _execute_and_publish(scenario, work, pending, jobs, workers, started)


def _execute_and_publish(
    scenario: Scenario,
    work: Path,
    pending: list[executor.Job],
    jobs: int,
    workers: Workers | None,
    started: float,
) -> Path:
    executed = execute(pending, work, jobs)
    srcs = [editions.src_folder(work, lang) for lang in scenario.languages]
    package = pages.data_package_zip()
    for lang, src in zip(scenario.languages, srcs, strict=True):
        assemble(scenario, src, lang, executed, package)
    final = scenario_output(scenario.name)
    book_start = time.perf_counter()
    source_hash = tree_hash(*srcs)
    book_stamp, manifest = work / "stamps" / "book.sha256", manifest_path(scenario.name)
    if (
        final.exists()
        and book_stamp.exists()
        and book_stamp.read_text() == source_hash
        and manifest.exists()
        and manifest.read_text() == files.manifest(final)
    ):
        print(f"  reused    jupyter-book {time.perf_counter() - book_start:19.1f} s", flush=True)
        problems = chart_errors(executed)
        if problems:
            raise BuildError("\n".join(problems))
    else:
        staging = final.with_name(final.name + ".new")
        sites = {
            editions.site_folder(lang): (src, staging.with_name(f"{staging.name}-{lang}"))
            for lang, src in zip(scenario.languages, srcs, strict=True)
        }
        build_editions(sites, workers, lambda: chart_errors(executed))
        files.remove(book_stamp)
        _nest_editions(scenario.languages, staging)
        files.swap_in(staging, final)
        record_published(scenario.name)
        files.write_atomically(book_stamp, source_hash.encode())
        print(f"  built     jupyter-book {time.perf_counter() - book_start:19.1f} s", flush=True)
    keep(executed)
    print(f"Done in {time.perf_counter() - started:.1f} s: {final / 'index.html'}", flush=True)
    return final


def _nest_editions(languages: tuple[str, ...], staging: Path) -> None:
    """The first edition's HTML becomes the book, each other one a folder of it."""
    files.remove_tree(staging)
    first, *others = languages
    files.inside(staging.with_name(f"{staging.name}-{first}")).rename(staging)
    for lang in others:
        files.inside(staging.with_name(f"{staging.name}-{lang}")).rename(files.inside(staging / lang))

"""Sweeps: one chapter run at many parameter points, collected into one tidy table.

``python -m japan_us sweep frictions --grid tariff_rate=0.05:0.50:0.05 --grid
import_elasticity=0.5,1,1.5,2`` runs every combination (or ``--sample N --seed S``: N points
drawn inside the declared ranges) and writes one row per point: the point's parameters, its
status, and every value the chapter glued.

- The points are planned and checked with the parameters' own rules before anything runs:
  an unknown name, a value out of range, a step of 0 or one that walks away from the end, a
  malformed grid, or more than CONFIRM points without ``yes`` is a ParameterError.
- Each point is a chapter run through the project's executor, checked as the build checks
  it (charts against the Vega-Lite schema), and kept in a content-addressed cache of its own
  in the format of :mod:`japan_us.cache` (``_build/cache/sweeps``): the build keeps only a few
  entries per chapter and would evict a sweep's points, and a sweep must not evict the
  book's. A point already run (by a sweep or by a build) is reused, not executed.
- A failing point is a row with its status and error; the sweep goes on. Interrupted, the
  table holds the points finished; the same command again reuses them and runs the rest.
- The table is deterministic: the same points give the same bytes, whether they were
  executed, reused, or run on a Dask cluster (:mod:`japan_us.sweep_dask`).
"""

from __future__ import annotations

import decimal
import hashlib
import itertools
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from japan_us import BUILD_DIR, files
from japan_us.cache import Entry
from japan_us.chapters import Chapter
from japan_us.params import Param, ParameterError, read_yaml, short
from japan_us.sweep_table import TABLE, write_table

if TYPE_CHECKING:
    from japan_us.executor import Limits

CONFIRM = 1_000  # points a sweep runs without --yes
MOST = 1_000_000  # points a sweep plans at all (each is a chapter run and a cache entry)
SAMPLE_DECIMALS = 6  # a drawn float is rounded: it is a cache key and a cell of the table
SWEEPS_DIR = "sweeps"  # under the build folder: one folder per sweep


# ---------------------------------------------------------------- planning


@dataclass(frozen=True)
class Plan:
    """The points of a sweep: each a complete, validated parameter set of the chapter."""

    chapter: Chapter
    varied: tuple[str, ...]
    points: tuple[dict[str, Any], ...]

    def digest(self) -> str:
        """Names the sweep's folder: the same points, the same folder (a rerun finds its table)."""
        text = json.dumps([self.chapter.slug, list(self.points)], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def parse_grid(chapter: Chapter, spec: str) -> tuple[str, list[Any]]:
    """``NAME=START:STOP:STEP`` (STOP included when the steps reach it) or ``NAME=V1,V2,...``:
    the parameter's name and its values, each checked by the parameter's own rules."""
    where = f"--grid {short(spec)}"
    name, equals, text = spec.partition("=")
    name, text = name.strip(), text.strip()
    if not equals or not name or not text:
        raise ParameterError(f"{where}: write NAME=START:STOP:STEP or NAME=V1,V2,... (e.g. tariff_rate=0.05:0.5:0.05)")
    param = chapter.param_set.param(name, where)
    if param.type is list:
        raise ParameterError(f"{where}: {name} is a list; a grid steps through single values (set it with -p)")
    values = _steps(param, text, where) if ":" in text else _listed(param, text, where)
    repeated = sorted({short(v) for v in values if values.count(v) > 1})
    if repeated:
        raise ParameterError(f"{where}: {name} takes {', '.join(repeated)} more than once")
    return name, [param.check(value, where) for value in values]


def _listed(param: Param, text: str, where: str) -> list[Any]:
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise ParameterError(f"{where}: an empty value between commas")
    try:
        return [read_yaml(item) for item in items]
    except (yaml.YAMLError, ValueError):
        raise ParameterError(f"{where}: {param.name} must be {param.type_name} values, got {short(text)}") from None


def _steps(param: Param, text: str, where: str) -> list[Any]:
    """START:STOP:STEP in exact decimals (0.05 + 9 × 0.05 is 0.5, not 0.5000000000000001)."""
    parts = text.split(":")
    if param.type not in (int, float):
        raise ParameterError(f"{where}: {param.name} is {param.type_name}; only numbers step (list its values)")
    try:
        start, stop, step = (decimal.Decimal(part.strip()) for part in parts) if len(parts) == 3 else (None,) * 3
    except decimal.InvalidOperation:
        start = None
    if start is None or not all(d.is_finite() for d in (start, stop, step)):
        raise ParameterError(f"{where}: a range is START:STOP:STEP, three numbers (e.g. 0.05:0.5:0.05)")
    if step == 0:
        raise ParameterError(f"{where}: the step is 0: it never reaches {stop}")
    if (stop - start) * step < 0:
        raise ParameterError(f"{where}: the step {step} walks away from {stop} (from {start}): give it the other sign")
    if param.type is int and any(d != d.to_integral_value() for d in (start, stop, step)):
        raise ParameterError(f"{where}: {param.name} is int: START, STOP and STEP must be whole numbers")
    count = int((stop - start) / step) + 1
    if count > MOST:
        raise ParameterError(f"{where}: {count:,} values, more than a sweep plans ({MOST:,})")
    number = int if param.type is int else float
    return [number(start + i * step) for i in range(count)]


def sample(chapter: Chapter, names: list[str], n: int, seed: int) -> dict[str, list[Any]]:
    """``n`` values of each named parameter (every bounded number when none is named) drawn
    uniformly inside its declared range with a seeded generator: column by column, so point
    i is the i-th draw of each."""
    import numpy as np

    where = "--sample"
    params = [chapter.param_set.param(name, f"--vary {short(name)}") for name in names] or [
        p for p in chapter.params if p.bounds and p.type in (int, float)
    ]
    for param in params:
        if not (param.bounds and param.type in (int, float)):
            raise ParameterError(f"--vary {param.name}: only numbers with a declared range are drawn")
    if len({p.name for p in params}) != len(params):
        raise ParameterError(f"{where}: a parameter is named twice with --vary")
    if n > MOST:
        raise ParameterError(f"{where}: {n:,} points, more than a sweep plans ({MOST:,})")
    rng = np.random.default_rng(seed)
    drawn = {}
    for param in params:
        low, high = param.bounds
        if param.type is int:
            drawn[param.name] = [int(v) for v in rng.integers(low, high, size=n, endpoint=True)]
        else:
            drawn[param.name] = [round(float(v), SAMPLE_DECIMALS) for v in rng.uniform(low, high, size=n)]
    return drawn


def plan(
    chapter: Chapter,
    grids: list[str] = (),
    fixed: dict[str, Any] | None = None,
    *,
    sample_size: int | None = None,
    vary: list[str] = (),
    seed: int = 0,
    yes: bool = False,
) -> Plan:
    """Every point of the sweep, validated (the fixed values included) before anything runs."""
    fixed = fixed or {}
    if sample_size is not None and grids:
        raise ParameterError("--sample draws points, --grid lists them: give one or the other")
    if sample_size is None and vary:
        raise ParameterError("--vary names the parameters --sample draws: add --sample N")
    if sample_size is None and not grids:
        raise ParameterError("nothing to sweep: give --grid NAME=VALUES (or --sample N)")
    if sample_size is not None:
        if sample_size > CONFIRM and not yes:
            raise ParameterError(f"--sample: {sample_size:,} points, more than {CONFIRM:,}: add --yes to run them all")
        columns = sample(chapter, list(vary), sample_size, seed)
        rows = zip(*columns.values(), strict=True)
    else:
        columns = {}
        for spec in grids:
            name, values = parse_grid(chapter, spec)
            if name in columns:
                raise ParameterError(f"--grid {short(spec)}: {name} has a grid already; give all its values in one")
            columns[name] = values
        sizes = [len(values) for values in columns.values()]
        total = math.prod(sizes)
        if total > CONFIRM and not yes:
            product = f"{' × '.join(map(str, sizes))} = " if len(sizes) > 1 else ""
            raise ParameterError(f"--grid: {product}{total:,} points, more than {CONFIRM:,}: add --yes to run them all")
        if total > MOST:
            raise ParameterError(f"--grid: {total:,} points, more than a sweep plans ({MOST:,})")
        rows = itertools.product(*columns.values())
    both = sorted(set(columns) & set(fixed))
    if both:
        raise ParameterError(f"-p {both[0]}: the sweep varies it; it cannot also be fixed")
    points, seen = [], set()
    for row in rows:
        values = chapter.param_set.validate(fixed | dict(zip(columns, row, strict=True)))
        key = json.dumps(values, sort_keys=True)
        if key not in seen:  # drawn points can repeat (whole numbers, rounded floats): one run each
            seen.add(key)
            points.append(values)
    return Plan(chapter, tuple(columns), tuple(points))


def folder(plan: Plan, out: Path | None = None) -> Path:
    """Where the sweep writes: ``--out`` (inside the build folder) or ``sweeps/<chapter>-<hash>``."""
    target = Path(out) if out is not None else BUILD_DIR / SWEEPS_DIR / f"{plan.chapter.slug}-{plan.digest()}"
    if not target.resolve().is_relative_to(files.root()):
        raise ParameterError(
            f"--out {short(str(out))}: outside the build folder {files.root()}; a sweep writes only inside it "
            "(JAPAN_US_BUILD_DIR names another build folder)"
        )
    files.refuse_links(BUILD_DIR / target.resolve().relative_to(files.root()))
    return target


# ---------------------------------------------------------------- running


class SweepEntry(Entry):
    """A point's executed notebook in the sweeps' own cache: the build's format and seal, in
    a folder the build does not prune (it keeps a few entries per chapter)."""

    def __init__(self, chapter: Chapter, values: dict[str, Any]) -> None:
        super().__init__(chapter, values)
        self.path = BUILD_DIR / "cache" / SWEEPS_DIR / self.path.name
        self.seal = self.path.with_suffix(".sha256")


def cached(chapter: Chapter, values: dict[str, Any]) -> bytes | None:
    """The point's executed notebook if a sweep or a build ran it before (same inputs)."""
    own = SweepEntry(chapter, values)
    content = own.read()
    if content is None and (BUILD_DIR / "cache" / own.path.name).exists():  # (an input hash costs 6 ms)
        content = Entry(chapter, values).read()
    return content


@dataclass(frozen=True)
class Ran:
    """How one point ended: its executed notebook, or why it has none."""

    index: int
    notebook: bytes | None
    error: str = ""
    reused: bool = False


def execute(chapter: Chapter, points: list[tuple[int, dict[str, Any]]], workers: int, limits: Limits) -> Iterator[Ran]:
    """Run points through the project's executor, ``workers`` at once; each good run has its
    charts checked as the build checks them and is cached. Yields each point as it ends."""
    from japan_us import build, executor

    work = BUILD_DIR / "work" / SWEEPS_DIR / chapter.slug
    # (named by process and point: two sweeps of the chapter may run at once)
    jobs = [
        executor.Job(index, chapter.path, values, work / f"{chapter.notebook}-{os.getpid()}-{index}.ipynb", limits)
        for index, values in points
    ]
    for job, outcome, _ in build.run_jobs(jobs, workers):
        if outcome.failure is not None:
            files.remove(job.output)
            yield Ran(job.key, None, f"{chapter.notebook} failed: {outcome.failure.describe()}")
            continue
        notebook = job.output.read_bytes()
        files.remove(job.output)
        problems = build.chart_errors([build.Executed(job, notebook, outcome.charts)])
        if problems:
            yield Ran(job.key, None, "; ".join(problems))
            continue
        SweepEntry(chapter, job.parameters).write(notebook)
        yield Ran(job.key, notebook)


def run_local(plan: Plan, pending: list[tuple[int, dict[str, Any]]], workers: int, limits: Limits) -> Iterator[Ran]:
    """The default engine: a pool of forked chapter processes on this machine."""
    return execute(plan.chapter, pending, workers, limits)


Engine = Callable[[Plan, list[tuple[int, dict[str, Any]]], int, "Limits"], Iterable[Ran]]


class Progress:
    """Points done, reused and failed, shown as a bar on a terminal (tqdm) unless quiet; the
    time left counts only points that execute (a reused point costs nothing)."""

    def __init__(self, total: int, quiet: bool = False) -> None:
        self.total, self.quiet = total, quiet
        self.executed = self.reused = self.failed = 0
        self.started = time.perf_counter()
        self.bar = None

    def count(self, ran: Ran) -> None:
        if ran.notebook is None:
            self.failed += 1
        elif ran.reused:
            self.reused += 1
        else:
            self.executed += 1
        if self.bar is not None:
            self.bar.update()
            self.bar.set_postfix(reused=self.reused, failed=self.failed, refresh=False)

    def start(self) -> None:
        """The bar, once the cached points are counted (they start it, not its rate)."""
        from tqdm import tqdm

        self.bar = tqdm(
            total=self.total,
            initial=self.done,
            unit="point",
            disable=self.quiet or not sys.stderr.isatty(),
            file=sys.stderr,
            dynamic_ncols=True,
            postfix={"reused": self.reused, "failed": self.failed},
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    @property
    def done(self) -> int:
        return self.executed + self.reused + self.failed

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        return (
            f"{self.done} of {self.total} point(s): {self.executed} executed, {self.reused} reused, "
            f"{self.failed} failed in {seconds:.1f} s ({self.done / max(seconds, 1e-9):.2f} points/s)"
        )


def run(
    plan: Plan,
    out: Path | None = None,
    *,
    workers: int = 1,
    limits: Limits | None = None,
    engine: Engine = run_local,
    quiet: bool = False,
) -> Done:
    """Run the sweep's points (reusing those cached) and write its table. Interrupted
    (KeyboardInterrupt), the table holds the points finished, then it re-raises."""
    from japan_us import executor

    target = folder(plan, out)
    files.refuse_links(BUILD_DIR / "cache")
    limits = limits or executor.Limits()
    progress = Progress(len(plan.points), quiet)
    ran: dict[int, Ran] = {}
    try:
        pending = []
        for index, values in enumerate(plan.points):
            notebook = cached(plan.chapter, values)
            if notebook is None:
                pending.append((index, values))
            else:
                ran[index] = Ran(index, notebook, reused=True)
                progress.count(ran[index])
        progress.start()
        if pending:
            for result in engine(plan, pending, workers, limits):
                ran[result.index] = result
                progress.count(result)
    except KeyboardInterrupt:
        progress.close()
        write_table(plan, ran, target)
        print(
            f"interrupted: {progress.summary()}; table of the points finished: {target}\n"
            "    the same command again reuses them and runs the rest",
            file=sys.stderr,
            flush=True,
        )
        raise
    progress.close()
    write_table(plan, ran, target)
    if not quiet:
        print(f"Sweep {plan.chapter.slug}: {progress.summary()}: {target / TABLE}.csv", flush=True)
    return Done(target, progress.executed, progress.reused, progress.failed)


@dataclass(frozen=True)
class Done:
    """A finished sweep: its folder and how its points went."""

    folder: Path
    executed: int
    reused: int
    failed: int

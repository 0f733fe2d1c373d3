"""Command line: ``python -m japan_us {build,pdf,run,sweep,params,sync-notebooks,check-data}``.

Exit status: 0 success; 1 a chapter or the book failed; 2 bad input (parameters, scenario
or data, reported before any kernel starts), a build of the same scenario already running,
or a folder that cannot be written; 130 interrupted (Ctrl-C), with every child process stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from pathlib import Path

import yaml

from japan_us import BUILD_DIR, ROOT, data
from japan_us.data import DataError
from japan_us.i18n import LANGUAGES, SOURCE_LANGUAGE
from japan_us.params import ParameterError, read_yaml

# The chapters (and the modules that import them) are imported by the commands that use
# them: their declarations read the data descriptor, and a broken one must not stop --help.


def _overrides(pairs: list[list[str]], default_chapter: str | None = None) -> dict[str, dict]:
    """``-p name value`` (or ``-p chapter.name value`` for build) into {chapter: {name: value}}.

    Values are read as YAML, as papermill's ``-y`` does: 0.25 is a float, 2027 an int,
    JPN,USA a string (split into a list for list parameters), [JPN, USA] a list.
    """
    out: dict[str, dict] = {}
    for name, raw in pairs:
        chapter, _, param = name.rpartition(".")
        chapter = chapter or default_chapter
        if not chapter:
            raise ParameterError(
                f"-p {name}: name the chapter, e.g. -p frictions.{name} {raw} (only as_of, the book's date, "
                "and lang, its editions, go without one)"
            )
        out.setdefault(chapter, {})[param] = _value(raw)
    return out


def _value(raw: str):
    if raw != raw.strip():  # ' 1950 ' is text, not the year 1950 (YAML would strip the spaces)
        return raw
    try:
        return read_yaml(raw)
    except (yaml.YAMLError, ValueError):  # not YAML (or an impossible date): keep the text
        return raw


def _scenario(args):
    """The scenario a build names: its file, ``-p chapter.name value`` overrides and the book's
    date, ``-p as_of DATE`` (no chapter: every chapter and page)."""
    book = {name: _value(raw) for name, raw in args.param if name in BOOK_PARAMS}
    chapter_pairs = [pair for pair in args.param if pair[0] not in BOOK_PARAMS]
    from japan_us import scenario

    return scenario.load_scenario(args.scenario, _overrides(chapter_pairs), book.get("as_of"), book.get("lang"))


BOOK_PARAMS = ("as_of", "lang")  # the whole book's: given without a chapter


def cmd_build(args) -> int:
    from japan_us import build

    scenario = _scenario(args)
    build.build(scenario, jobs=args.jobs, limits=_limits(args))
    return 0


def cmd_pdf(args) -> int:
    from japan_us import build, pdf  # playwright and the print route only when a PDF is asked for

    scenario = _scenario(args)
    build.build(scenario, jobs=args.jobs, limits=_limits(args))
    with build.scenario_lock(scenario.name):
        paths = pdf.make_pdf(scenario)
    for path in paths:
        print(f"PDF: {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)
    return 0


def cmd_run(args) -> int:
    from japan_us import build, chapters

    chapter = chapters.get(args.chapter)
    values = chapter.param_set.validate(_overrides(args.param, chapter.slug).get(chapter.slug, {}))
    output = Path(args.output or BUILD_DIR / "runs" / f"{chapter.notebook}.ipynb")
    print(f"Running {chapter.notebook} with {values}", flush=True)
    build.run_notebook(chapter, values, output, _limits(args))
    print(f"Executed notebook: {output}")
    return 0


def cmd_sweep(args) -> int:
    from japan_us import chapters, sweep

    chapter = chapters.get(args.chapter)
    plan = sweep.plan(
        chapter,
        args.grid,
        _overrides(args.param, chapter.slug).get(chapter.slug, {}),
        sample_size=args.sample,
        vary=args.vary,
        seed=args.seed,
        yes=args.yes,
    )
    engine = sweep.run_local
    if args.cluster or args.engine == "dask":
        from japan_us import sweep_dask

        engine = sweep_dask.engine(args.cluster)
    workers = args.jobs or os.cpu_count() or 1
    done = sweep.run(plan, args.out, workers=workers, limits=_limits(args), engine=engine, quiet=args.quiet)
    if done.failed:
        print(
            f"error: {done.failed} point(s) failed: see the status and error columns of {done.folder / 'sweep.csv'}",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_params(args) -> int:
    from japan_us import chapters

    for chapter in chapters.CHAPTERS:
        print(f"{chapter.slug} (notebooks/{chapter.notebook}.ipynb)")
        for p in chapter.params:
            rng = p.describe_range()
            print(f"  {p.name}: {p.type_name} = {p.default!r}" + (f"  [{rng}]" if rng else ""))
            print(f"      {p.help}")
    return 0


def cmd_sync(args) -> int:
    from japan_us import notebooks

    changed = notebooks.sync_all()
    print("updated: " + ", ".join(changed) if changed else "all parameters cells match japan_us/chapters/")
    return 0


def cmd_i18n(args) -> int:
    """Keep the translation catalogues in step with the English (``update``), or count what
    is translated and list what stops an edition (``stat``)."""
    from japan_us import catalogues

    if args.action == "update":
        src = BUILD_DIR / "work" / "baseline" / f"src-{args.lang}"  # English prose, passages apart
        if not (src / "book" / "chapters").is_dir():
            print(f"error: no {args.lang} edition at {src}: run `make book` first", file=sys.stderr)
            return 2
        for line in catalogues.update(args.lang, src) or ["catalogues already in step"]:
            print(line)
        return 0
    total = catalogues.Statistics(0, 0, 0)
    for path in catalogues.book_catalogues(args.lang) + catalogues.package_catalogues(args.lang):
        stats = catalogues.statistics(path)
        total = catalogues.Statistics(*(a + b for a, b in zip(total, stats, strict=True)))
        print(f"{path.relative_to(ROOT)}: {catalogues.describe(stats)}")
    print(f"in all: {catalogues.describe(total)}")
    problems = catalogues.problems(args.lang)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def cmd_check_data(args) -> int:
    for res in data.descriptor()["resources"]:
        table = data.load(res["name"])
        print(f"  ok  {res['path']:<45} {len(table):>6} rows")
    undescribed = data.undescribed_files()
    if undescribed:
        raise DataError(f"{data.DATA_DIR / 'datapackage.json'}: no resource describes {', '.join(undescribed)}")
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _limit_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--timeout", type=_positive_int, default=600, help="seconds a cell may run (default 600)")
    command.add_argument(
        "--chapter-timeout",
        type=_positive_int,
        default=1800,
        help="seconds a whole chapter may run before it is stopped (default 1800)",
    )


def _limits(args):
    from japan_us import executor

    return executor.Limits(cell=args.timeout, chapter=args.chapter_timeout)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m japan_us",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True)
    for name, help_text, func in [
        ("build", "execute every chapter and build the book", cmd_build),
        ("pdf", "build the book, then print it to an A4 PDF", cmd_pdf),
    ]:
        b = sub.add_parser(name, help=help_text)
        b.add_argument("--scenario", type=Path, help="YAML parameter set (default: the declared defaults)")
        b.add_argument(
            "-p",
            "--param",
            nargs=2,
            action="append",
            default=[],
            metavar=("CHAPTER.NAME", "VALUE"),
            help="a chapter's parameter (frictions.tariff_rate 0.25); as_of DATE: the whole book as of that day; "
            "lang ja or en,ja: the editions built (default en,ja)",
        )
        b.add_argument("--jobs", type=_positive_int, help="chapters executed at once (default: number of cores)")
        _limit_options(b)
        b.set_defaults(func=func)
    r = sub.add_parser("run", help="execute one chapter with new parameters")
    r.add_argument("chapter", help="e.g. frictions or 03_frictions")
    r.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    r.add_argument("-o", "--output", help="executed notebook (default: <build folder>/runs/<chapter>.ipynb)")
    _limit_options(r)
    r.set_defaults(func=cmd_run)
    _sweep_parser(sub)
    sub.add_parser("params", help="list every chapter's parameters").set_defaults(func=cmd_params)
    sub.add_parser("sync-notebooks", help="rewrite parameters cells from japan_us/chapters/").set_defaults(
        func=cmd_sync
    )
    sub.add_parser("check-data", help="validate every table in data/").set_defaults(func=cmd_check_data)
    t = sub.add_parser("i18n", help="translation catalogues: update them from the English, or their statistics")
    t.add_argument("action", choices=["update", "stat"])
    t.add_argument("--lang", default="ja", choices=[lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
    t.set_defaults(func=cmd_i18n)
    return top


def _sweep_parser(sub) -> None:
    s = sub.add_parser("sweep", help="run one chapter at many parameter points into one table")
    s.add_argument("chapter", help="e.g. frictions or 03_frictions")
    s.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=VALUES",
        help="a parameter's values, START:STOP:STEP (stop included) or V1,V2,...; every combination runs",
    )
    s.add_argument("--sample", type=_positive_int, metavar="N", help="N points drawn inside the declared ranges")
    s.add_argument(
        "--vary", action="append", default=[], metavar="NAME", help="a parameter --sample draws (default: every number)"
    )
    s.add_argument("--seed", type=int, default=0, help="seed of --sample's draw (default 0)")
    s.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="held fixed")
    s.add_argument("--yes", action="store_true", help="run more than 1,000 points")
    s.add_argument(
        "--out", type=Path, help="the table's folder, inside the build folder (default: sweeps/<chapter>-<hash>)"
    )
    s.add_argument("--jobs", type=_positive_int, help="points executed at once (default: number of cores)")
    s.add_argument(
        "--engine", choices=["local", "dask"], default="local", help="dask: a LocalCluster of --jobs workers"
    )
    s.add_argument("--cluster", metavar="ADDRESS", help="run the points on this Dask scheduler (tcp://host:8786)")
    s.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    _limit_options(s)
    s.set_defaults(func=cmd_sweep)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not (ROOT / "_config.yml").is_file():
        print(
            f"error: japan_us runs from a checkout of its repository, which holds the book's data, "
            f"notebooks and configuration beside the package; none at {ROOT} (clone it and run `make book` there)",
            file=sys.stderr,
        )
        return 2
    try:
        return _run(args)
    except (ParameterError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped reading (`params | head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # e.g. an unwritable build folder
        print(f"error: cannot use {exc.filename or 'a file'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        _stop_now()


def _run(args) -> int:
    """The command, with the build's own errors reported."""
    from japan_us import build

    try:
        return args.func(args)
    except build.BuildBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except build.BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _stop_now() -> None:
    """Ctrl-C: kill the kernels and jupyter-book, then leave at once rather than wait for the
    worker threads (the published book is only ever replaced by a rename, so it is intact)."""
    import psutil  # here: 0.03 s that every other command would pay at start

    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):  # a chapter may end between the list and the kill
            child.kill()
    print("interrupted: stopped every chapter and the book build", file=sys.stderr, flush=True)
    os._exit(130)


if __name__ == "__main__":
    gc.disable()  # while pandas, Altair and Sphinx load: see japan_us.executor.settle_imports
    status = main()
    with contextlib.suppress(BrokenPipeError):  # the reader stopped reading: nothing to report
        sys.stdout.flush()
        sys.stderr.flush()
    # Every file and lock is closed by now; tearing down the 1,300 imported modules would
    # add 0.2 s to every command (measured on a one-chapter rebuild of 2.6 s).
    os._exit(status or 0)

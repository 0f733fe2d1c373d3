"""Command line: ``python -m japan_us {build,run,params,sync-notebooks,check-data}``.

Exit status: 0 success; 1 a chapter or the book failed; 2 bad input (parameters, scenario
or data), reported before any kernel starts.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import papermill
import yaml

from japan_us import ROOT, build, chapters, data, notebooks
from japan_us.data import DataError
from japan_us.params import ParameterError


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
            raise ParameterError(f"-p {name}: name the chapter, e.g. -p frictions.{name} {raw}")
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            value = raw
        out.setdefault(chapter, {})[param] = value
    return out


def cmd_build(args) -> int:
    scenario = build.load_scenario(args.scenario, _overrides(args.param))
    build.build(scenario, jobs=args.jobs, timeout=args.timeout)
    return 0


def cmd_run(args) -> int:
    chapter = chapters.get(args.chapter)
    values = chapter.param_set.validate(_overrides(args.param, chapter.slug).get(chapter.slug, {}))
    output = Path(args.output or ROOT / "_build" / "runs" / f"{chapter.notebook}.ipynb")
    output.parent.mkdir(parents=True, exist_ok=True)
    print(f"Running {chapter.notebook} with {values}", flush=True)
    try:
        papermill.execute_notebook(chapter.path, output, parameters=values, kernel_name="python3",
                                   progress_bar=False, execution_timeout=args.timeout)
    except papermill.PapermillExecutionError as exc:
        raise build.BuildError(f"chapter {chapter.notebook} failed: {build.describe_cell(exc)} raised "
                               f"{exc.ename}: {exc.evalue}\n    executed notebook kept at {output}") from exc
    print(f"Executed notebook: {output}")
    return 0


def cmd_params(args) -> int:
    for chapter in chapters.CHAPTERS:
        print(f"{chapter.slug} (notebooks/{chapter.notebook}.ipynb)")
        for p in chapter.params:
            rng = p.describe_range()
            print(f"  {p.name}: {p.type_name} = {p.default!r}" + (f"  [{rng}]" if rng else ""))
            print(f"      {p.help}")
    return 0


def cmd_sync(args) -> int:
    changed = notebooks.sync_all()
    print("updated: " + ", ".join(changed) if changed else "all parameters cells match japan_us/chapters.py")
    return 0


def cmd_check_data(args) -> int:
    for res in data.descriptor()["resources"]:
        table = data.load(res["name"])
        print(f"  ok  {res['path']:<45} {len(table):>6} rows")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m japan_us", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute every chapter and build the book")
    b.add_argument("--scenario", type=Path, help="YAML parameter set (default: the declared defaults)")
    b.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("CHAPTER.NAME", "VALUE"))
    b.add_argument("--jobs", type=int, help="chapters executed at once (default: number of cores)")
    b.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    b.set_defaults(func=cmd_build)
    r = sub.add_parser("run", help="execute one chapter with new parameters")
    r.add_argument("chapter", help="e.g. frictions or 03_frictions")
    r.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    r.add_argument("-o", "--output", help="executed notebook (default: _build/runs/<chapter>.ipynb)")
    r.add_argument("--timeout", type=int, default=600)
    r.set_defaults(func=cmd_run)
    sub.add_parser("params", help="list every chapter's parameters").set_defaults(func=cmd_params)
    sub.add_parser("sync-notebooks", help="rewrite parameters cells from japan_us/chapters.py").set_defaults(func=cmd_sync)
    sub.add_parser("check-data", help="validate every table in data/").set_defaults(func=cmd_check_data)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (ParameterError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except build.BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

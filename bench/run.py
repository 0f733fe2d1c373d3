"""Benchmark: this project's build against plain Jupyter Book on the same notebooks, side by
side in one run, as medians and ratios; plus each page's first-visit weight (gzip).

    python bench/run.py [--runs 3]

Each run, in fresh temporary folders, times whole processes:

- clean build: ``python -m japan_us build`` against ``jupyter-book build`` with
  ``execute_notebooks: force`` (every notebook executed by Jupyter Book itself);
- nothing changed: the same commands again (Jupyter Book in ``cache`` mode);
- one chapter with a new parameter: ``build -p frictions.tariff_rate R`` against editing
  that value in the notebook's parameters cell and ``jupyter-book build`` in cache mode.

It prints where this project's seconds go (execution per chapter, the Sphinx step) and
writes everything to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from japan_us import build, scenario  # noqa: E402
from japan_us.chapters import CHAPTERS, FRICTIONS  # noqa: E402
from japan_us.notebooks import parameters_cell  # noqa: E402

CASES = ("clean build", "nothing changed", "one chapter, new parameter")
TARGET_RATIOS = {"clean build": 0.6, "nothing changed": 0.3, "one chapter, new parameter": 0.5}
PAGE_LIMIT_GZIP_KB = 600
ENV = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout


# ---------------------------------------------------------------- this project


def project_build(build_dir: Path, *args: str) -> tuple[float, str]:
    return timed(
        [sys.executable, "-m", "japan_us", "build", *args],
        ROOT,
        ENV | {"JAPAN_US_BUILD_DIR": str(build_dir)},
    )


def breakdown(stdout: str) -> dict[str, float]:
    """Seconds per step from the build's own report ("executed 03_frictions 3.5 s")."""
    return {name: float(sec) for name, sec in re.findall(r"^\s+\w+\s+(\S+)\s+([\d.]+) s$", stdout, re.M)}


# ---------------------------------------------------------------- plain Jupyter Book


def plain_book(folder: Path, mode: str) -> Path:
    """The same book for Jupyter Book alone: the source notebooks (unexecuted, default
    parameters), the same pages, and the same configuration with Jupyter Book executing."""
    src = folder / "src"
    (src / "book" / "chapters").mkdir(parents=True)
    build.assemble(scenario.load_scenario(None), src)  # the project's own pages and configuration
    for chapter in CHAPTERS:
        shutil.copy(chapter.path, src / "book" / "chapters" / chapter.path.name)
    config = (ROOT / "_config.yml").read_text()
    (src / "_config.yml").write_text(re.sub(r'execute_notebooks: "off"', f'execute_notebooks: "{mode}"', config))
    return src


def plain_build(src: Path) -> tuple[float, str]:
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    return timed([jb, "build", str(src), "-q"], src, ENV)


def set_tariff_rate(src: Path, rate: str) -> None:
    """Edit the parameter in the notebook, as a plain Jupyter Book user would."""
    path = src / "book" / "chapters" / FRICTIONS.path.name
    nb = nbformat.read(path, as_version=4)
    cell = parameters_cell(nb)
    cell.source, count = re.subn(r"(tariff_rate: float = \(?\s*)[0-9.]+", rf"\g<1>{rate}", cell.source)
    assert count == 1, "the Frictions parameters cell has no tariff_rate line"
    nbformat.write(nb, path)


# ---------------------------------------------------------------- page weight


def first_visit_gzip(html_root: Path) -> dict[str, dict[str, float]]:
    """Per chapter page: its HTML and every local file it loads (CSS, JS), gzip-compressed."""
    out = {}
    for chapter in CHAPTERS:
        page = html_root / "book" / "chapters" / f"{chapter.notebook}.html"
        text = page.read_text()
        assets = {
            (page.parent / ref.split("?")[0]).resolve()
            for ref in re.findall(r'(?:href|src)="([^"#]+\.(?:css|js)[^"]*)"', text)
            if "://" not in ref
        }
        html_kb = len(gzip.compress(page.read_bytes(), 6)) / 1024
        assets_kb = sum(len(gzip.compress(a.read_bytes(), 6)) for a in assets if a.exists()) / 1024
        out[page.name] = {"html_gzip_kb": html_kb, "first_visit_gzip_kb": html_kb + assets_kb}
    return out


# ---------------------------------------------------------------- runs


def one_run(run: int, samples: dict, steps: list) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="japan-us-bench-"))
    rate = f"{0.20 + 0.01 * run:.2f}"  # a value no earlier run has built
    ours, out = project_build(tmp / "ours")
    steps.append(breakdown(out))
    samples["ours"]["clean build"].append(ours)
    samples["ours"]["nothing changed"].append(project_build(tmp / "ours")[0])
    samples["ours"]["one chapter, new parameter"].append(
        project_build(tmp / "ours", "-p", "frictions.tariff_rate", rate)[0]
    )
    src = plain_book(tmp / "plain-force", "force")
    samples["jupyter-book"]["clean build"].append(plain_build(src)[0])
    src = plain_book(tmp / "plain-cache", "cache")
    plain_build(src)  # fill Jupyter Book's cache first
    samples["jupyter-book"]["nothing changed"].append(plain_build(src)[0])
    set_tariff_rate(src, rate)
    samples["jupyter-book"]["one chapter, new parameter"].append(plain_build(src)[0])
    return tmp


def measure(runs: int) -> dict:
    samples = {tool: {case: [] for case in CASES} for tool in ("ours", "jupyter-book")}
    steps: list[dict[str, float]] = []
    weights = {}
    for run in range(runs):
        tmp = one_run(run, samples, steps)
        weights = first_visit_gzip(tmp / "ours" / "html")
        shutil.rmtree(tmp, ignore_errors=True)
        print(
            f"  run {run + 1}/{runs}: "
            + "; ".join(
                f"{case} {samples['ours'][case][-1]:.1f} s vs {samples['jupyter-book'][case][-1]:.1f} s"
                for case in CASES
            ),
            flush=True,
        )
    medians = {tool: {case: statistics.median(v) for case, v in by_case.items()} for tool, by_case in samples.items()}
    return {
        "runs": runs,
        "cores": os.cpu_count(),
        "samples_seconds": samples,
        "median_seconds": medians,
        "ratios": {case: medians["ours"][case] / medians["jupyter-book"][case] for case in CASES},
        "clean_build_steps_median_seconds": {k: statistics.median(s[k] for s in steps) for k in steps[0]},
        "page_weight": weights,
    }


def report(result: dict) -> bool:
    print(f"\nMedians of {result['runs']} runs on {result['cores']} cores (whole-process wall time):")
    print(f"  {'case':<28} {'this project':>13} {'Jupyter Book':>13} {'ratio':>7}  target")
    ok = True
    medians = result["median_seconds"]
    for case in CASES:
        ratio = result["ratios"][case]
        within = ratio <= TARGET_RATIOS[case]
        ok &= within
        print(
            f"  {case:<28} {medians['ours'][case]:12.1f}s {medians['jupyter-book'][case]:12.1f}s"
            f" {ratio:6.2f}×  ≤ {TARGET_RATIOS[case]}× {'ok' if within else 'OVER'}"
        )
    print("\nWhere this project's clean build spends its time (median seconds; chapters run in parallel):")
    for step, seconds in result["clean_build_steps_median_seconds"].items():
        print(f"  {step:<28} {seconds:6.1f} s")
    print(f"\nFirst visit of each chapter page, gzip (target ≤ {PAGE_LIMIT_GZIP_KB} KB):")
    for page, weight in result["page_weight"].items():
        within = weight["first_visit_gzip_kb"] <= PAGE_LIMIT_GZIP_KB
        print(
            f"  {page:<28} page {weight['html_gzip_kb']:6.0f} KB, with its CSS and JS "
            f"{weight['first_visit_gzip_kb']:6.0f} KB {'ok' if within else 'OVER'}"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    result = measure(parser.parse_args().runs)
    report(result)
    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Benchmark: this project's build against plain Jupyter Book on the same notebooks, side by
side in one run; plus each page's first-visit weight (gzip).

    python bench/run.py [--runs 5]

It times whole processes in pairs, the two commands back to back, alternating which goes
first, and reports the median of the pair-by-pair ratios (so that a busy moment costs both
sides of a pair alike), as ``../shared/bench/pair.sh`` does:

- clean build: ``python -m japan_us build`` into an empty folder against ``jupyter-book
  build --all`` with ``execute_notebooks: force`` (every notebook executed by Jupyter Book);
- one chapter with a new parameter: ``build -p frictions.tariff_rate R`` (a value never
  built, with a cache already holding several) against editing that value into the
  notebook's parameters cell and ``jupyter-book build`` in cache mode;
- nothing changed: the same commands again (Jupyter Book in cache mode).

It exits 1 when a ratio misses its target, prints where this project's seconds go (per
step, from its own report) and writes everything to bench/results/latest.json.
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

from japan_us.chapters import CHAPTERS, FRICTIONS  # noqa: E402
from japan_us.notebooks import parameters_cell  # noqa: E402

CASES = ("clean build", "one chapter, new parameter", "nothing changed")
TARGET_RATIOS = {"clean build": 0.35, "one chapter, new parameter": 0.5, "nothing changed": 0.2}
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


def plain_book(folder: Path, mode: str, assembled: Path) -> Path:
    """The same book for Jupyter Book alone: the pages and configuration this project's build
    assembled (``assembled``), the source notebooks (unexecuted, default parameters) in place
    of the executed ones, and Jupyter Book executing them."""
    src = folder / "src"
    shutil.copytree(assembled, src)
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
    """Per page of the book, in each edition: its HTML and every local file it loads (CSS,
    JS), gzip-compressed."""
    out = {}
    for page in sorted([*html_root.glob("book/**/*.html"), *html_root.glob("*/book/**/*.html")]):
        text = page.read_text()
        assets = {
            (page.parent / ref.split("?")[0]).resolve()
            for ref in re.findall(r'(?:href|src)="([^"#]+\.(?:css|js)[^"]*)"', text)
            if "://" not in ref
        }
        html_kb = len(gzip.compress(page.read_bytes(), 6)) / 1024
        assets_kb = sum(len(gzip.compress(a.read_bytes(), 6)) for a in assets if a.exists()) / 1024
        out[str(page.relative_to(html_root))] = {"html_gzip_kb": html_kb, "first_visit_gzip_kb": html_kb + assets_kb}
    return out


# ---------------------------------------------------------------- runs


class Sides:
    """This project's build folder and Jupyter Book's two source folders, in one temporary
    folder: each case is a pair of commands, one per side."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.ours = tmp, tmp / "ours"
        self.ours_clean()  # (its assembled pages are the plain books' pages)
        assembled = self.ours / "work" / "baseline" / "src"
        self.force = plain_book(tmp / "plain-force", "force", assembled)
        self.cache = plain_book(tmp / "plain-cache", "cache", assembled)
        self.rates = (f"{0.20 + 0.005 * n:.3f}" for n in range(1000))  # never one built before
        self.steps: list[dict[str, float]] = []

    def ours_clean(self) -> float:
        shutil.rmtree(self.ours, ignore_errors=True)
        return project_build(self.ours)[0]

    def plain_clean(self) -> float:
        shutil.rmtree(self.force / "_build", ignore_errors=True)
        return plain_build(self.force)[0]

    def ours_rerun(self) -> float:
        seconds, out = project_build(self.ours, "-p", "frictions.tariff_rate", next(self.rates))
        self.steps.append(breakdown(out))
        return seconds

    def plain_rerun(self) -> float:
        set_tariff_rate(self.cache, next(self.rates))
        return plain_build(self.cache)[0]

    def ours_noop(self) -> float:
        return project_build(self.ours)[0]

    def plain_noop(self) -> float:
        return plain_build(self.cache)[0]


def pairs(ours, plain, runs: int) -> list[tuple[float, float]]:
    """(ours, plain) seconds, run back to back, alternating which goes first."""
    out = []
    for run in range(runs):
        if run % 2 == 0:
            a = ours()
            b = plain()
        else:
            b = plain()
            a = ours()
        out.append((a, b))
    return out


def measure(runs: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="japan-us-bench-"))
    try:
        sides = Sides(tmp)
        samples = {"clean build": pairs(sides.ours_clean, sides.plain_clean, runs)}
        sides.ours_clean(), plain_build(sides.cache)  # both caches filled, as a user's would be
        for _ in range(3):  # and ours holding several earlier values
            sides.ours_rerun()
        sides.steps.clear()
        samples["one chapter, new parameter"] = pairs(sides.ours_rerun, sides.plain_rerun, runs)
        samples["nothing changed"] = pairs(sides.ours_noop, sides.plain_noop, runs)
        weights = first_visit_gzip(sides.ours / "html")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "runs": runs,
        "cores": os.cpu_count(),
        "pairs_seconds": samples,
        "median_seconds": {
            side: {case: statistics.median(p[n] for p in samples[case]) for case in CASES}
            for n, side in enumerate(("ours", "jupyter-book"))
        },
        "ratios": {case: statistics.median(a / b for a, b in samples[case]) for case in CASES},
        "rerun_steps_median_seconds": {k: statistics.median(s.get(k, 0) for s in sides.steps) for k in sides.steps[0]},
        "page_weight": weights,
    }


def report(result: dict) -> bool:
    print(f"\n{result['runs']} pairs per case on {result['cores']} cores (whole-process wall time, medians):")
    print(f"  {'case':<28} {'this project':>13} {'Jupyter Book':>13} {'ratio':>7}  target")
    ok = True
    medians = result["median_seconds"]
    for case in CASES:
        ratio = result["ratios"][case]
        within = ratio <= TARGET_RATIOS[case]
        ok &= within
        print(
            f"  {case:<28} {medians['ours'][case]:12.2f}s {medians['jupyter-book'][case]:12.2f}s"
            f" {ratio:6.2f}×  ≤ {TARGET_RATIOS[case]}× {'ok' if within else 'OVER'}"
            f"   (pairs: {' '.join(f'{a / b:.2f}' for a, b in result['pairs_seconds'][case])})"
        )
    print("\nWhere this project's rerun spends its time (median seconds, from its own report):")
    for step, seconds in result["rerun_steps_median_seconds"].items():
        print(f"  {step:<28} {seconds:6.1f} s")
    print(f"\nFirst visit of each page, gzip (target ≤ {PAGE_LIMIT_GZIP_KB} KB):")
    for page, weight in result["page_weight"].items():
        within = weight["first_visit_gzip_kb"] <= PAGE_LIMIT_GZIP_KB
        ok &= within
        print(
            f"  {page:<34} page {weight['html_gzip_kb']:6.0f} KB, with its CSS and JS "
            f"{weight['first_visit_gzip_kb']:6.0f} KB {'ok' if within else 'OVER'}"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="pairs per case (default 5)")
    result = measure(parser.parse_args().runs)
    ok = report(result)
    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    if not ok:
        sys.exit("a target was missed (see OVER above)")


if __name__ == "__main__":
    main()

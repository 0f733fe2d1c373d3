"""Benchmark: build speed and page weight, as medians of several runs.

    python bench/run.py [--runs 3]

Measures, each in a fresh temporary build folder: a clean build, a rebuild with nothing
changed, a rerun of one chapter with a changed parameter plus the book rebuild, and the HTML
weight of every page (the shared Vega bundle is reported once, separately). Results are
printed and written to bench/results/latest.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"clean build": 30.0, "no-change rebuild": 5.0, "one-chapter rerun + rebuild": 12.0}
PAGE_LIMIT_KB = 300


def timed_build(build_dir: Path, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "japan_us", "build", *args], cwd=ROOT, capture_output=True,
                          text=True, env=os.environ | {"JAPAN_US_BUILD_DIR": str(build_dir)})
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    return time.perf_counter() - start


def measure(runs: int) -> dict:
    samples = {name: [] for name in TARGETS}
    pages: dict[str, int] = {}
    bundle = 0
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="japan-us-bench-") as tmp:
            build_dir = Path(tmp)
            samples["clean build"].append(timed_build(build_dir))
            samples["no-change rebuild"].append(timed_build(build_dir))
            rate = f"{0.20 + 0.01 * run:.2f}"  # a value this run has not built yet
            samples["one-chapter rerun + rebuild"].append(timed_build(build_dir, "-p", "frictions.tariff_rate", rate))
            html = build_dir / "html"
            pages = {str(p.relative_to(html)): p.stat().st_size for p in sorted(html.rglob("*.html"))
                     if p.name not in ("genindex.html", "search.html") and "_static" not in p.parts}
            bundle = (html / "_static" / "vega-bundle.js").stat().st_size
        print(f"  run {run + 1}/{runs}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in samples.items()), flush=True)
    return {"runs": runs, "median_seconds": {k: statistics.median(v) for k, v in samples.items()},
            "samples_seconds": samples, "page_kb": {k: v / 1024 for k, v in pages.items()},
            "vega_bundle_kb": bundle / 1024, "cores": os.cpu_count()}


def report(result: dict) -> None:
    print(f"\nMedians of {result['runs']} runs on {result['cores']} cores:")
    for name, seconds in result["median_seconds"].items():
        verdict = "ok" if seconds <= TARGETS[name] else "OVER TARGET"
        print(f"  {name:<30} {seconds:6.1f} s   (target ≤ {TARGETS[name]:.0f} s: {verdict})")
    print(f"\nPage weight (HTML only; shared Vega bundle {result['vega_bundle_kb']:.0f} KB, loaded once):")
    for page, kb in result["page_kb"].items():
        verdict = "ok" if kb <= PAGE_LIMIT_KB else "OVER TARGET"
        print(f"  {page:<40} {kb:7.1f} KB   ({verdict})")


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

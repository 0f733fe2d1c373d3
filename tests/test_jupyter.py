"""The book as a Jupyter Book user tries it: the commands of Jupyter's own tools either build
the book or say which command does, and never damage the published one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def test_jupyter_book_at_the_root_stops_and_names_make_book(tmp_path):
    """`jupyter-book build .` where _config.yml and _toc.yml sit found no chapters (they are
    assembled by the project's build) and wrote a three-page book over the published one."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "book", tmp_path / "book")
    published = tmp_path / "_build" / "html" / "book" / "intro.html"
    published.parent.mkdir(parents=True)
    published.write_text("the last good build")
    proc = subprocess.run([JUPYTER_BOOK, "build", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "holds no chapters: build the book with `make book`" in proc.stdout + proc.stderr
    assert published.read_text() == "the last good build"


def test_the_package_away_from_its_checkout_says_so_in_one_line(tmp_path):
    """Installed without its checkout (`pip install .`), the package found no pyproject.toml
    and failed with a traceback; it now says in one line what it needs, and writes nothing."""
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "japan_us", site / "japan_us", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(site)}
    env = {name: value for name, value in env.items() if not name.startswith("JAPAN_US_")}
    proc = subprocess.run(
        [sys.executable, "-m", "japan_us", "build"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "runs from a checkout of its repository" in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site-packages"]


def test_results_reads_the_glued_values_of_executed_notebooks_into_one_table(built_book, build_dir):
    """An analyst collects runs: one row per notebook and glued value, with the parameters
    papermill recorded for that run, the values as the chapter glued them. (The build's cache
    holds whatever runs the test session made: the baseline's and any scenario's.)"""
    import pandas as pd

    import japan_us
    from japan_us.notebooks import glued_values

    executed = sorted((build_dir / "cache").glob("0[36]_*.ipynb"))
    table = japan_us.results(*executed)
    assert len(table) == sum(len(glued_values(path)) for path in executed) > 100
    frictions = table[table.notebook.str.contains("03_frictions")]
    for _, run in frictions.groupby("notebook"):
        values = run.set_index("name").value
        assert run.tariff_rate.nunique() == 1 and run.countries.iloc[0].startswith("USA, ")
        assert values["scenario_rate_pct"] == pytest.approx(100 * run.tariff_rate.iloc[0])
    assert pd.isna(table[table.notebook.str.contains("06_scorecard")].tariff_rate).all()  # not its parameter

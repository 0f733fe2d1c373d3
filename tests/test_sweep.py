"""Sweeps: the grid parser and its refusals, a small sweep's table against a single run, the
rerun reusing every point, a failing point, an interrupted sweep finished by a rerun, and the
same sweep on a Dask LocalCluster (issue 21 §2 and §4)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, notebooks_with_cell, run_cli

from japan_us import sweep
from japan_us.chapters import FRICTIONS
from japan_us.notebooks import glued_values
from japan_us.params import ParameterError

GRID = ["--grid", "tariff_rate=0.1,0.3", "--grid", "import_elasticity=0:1:1"]
SUMMARY = re.compile(r"(\d+) executed, (\d+) reused, (\d+) failed")


def counts(proc: subprocess.CompletedProcess) -> tuple[int, int, int]:
    """Executed, reused and failed points, as the summary line reports them."""
    return tuple(int(n) for n in SUMMARY.search(proc.stdout).groups())


def table(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "sweep.csv", keep_default_na=False, na_values=[""])


def only_folder(build: Path) -> Path:
    (folder,) = (build / "sweeps").iterdir()
    return folder


# ---------------------------------------------------------------- the grid, no run


def test_a_range_steps_in_exact_decimals_and_includes_its_end():
    name, values = sweep.parse_grid(FRICTIONS, "tariff_rate=0.05:0.50:0.05")
    assert name == "tariff_rate"
    assert values == [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]  # not 0.30000000000000004
    assert sweep.parse_grid(FRICTIONS, "start_year=2000:1990:-5") == ("start_year", [2000, 1995, 1990])
    assert sweep.parse_grid(FRICTIONS, "import_elasticity=0.5,1,1.5,2") == ("import_elasticity", [0.5, 1.0, 1.5, 2.0])


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("tariff_rat=0.1", "unknown parameter 'tariff_rat' (did you mean 'tariff_rate'?)"),
        ("tariff_rate=0:2:0.5", "tariff_rate = 1.5 is out of range (0.0 to 1.0)"),
        ("tariff_rate=0:1:0", "the step is 0"),
        ("tariff_rate=0.5:0.1:0.1", "the step 0.1 walks away from 0.1"),
        ("tariff_rate=0:1", "a range is START:STOP:STEP"),
        ("tariff_rate=0:1:x", "a range is START:STOP:STEP"),
        ("tariff_rate=0:nan:1", "a range is START:STOP:STEP"),
        ("tariff_rate", "write NAME=START:STOP:STEP or NAME=V1,V2"),
        ("=0.1", "write NAME=START:STOP:STEP or NAME=V1,V2"),
        ("tariff_rate=", "write NAME=START:STOP:STEP or NAME=V1,V2"),
        ("tariff_rate=0.1,,0.2", "an empty value between commas"),
        ("tariff_rate=0.1,abc", "tariff_rate must be float, got str 'abc'"),
        ("tariff_rate=0.1,0.1", "takes 0.1 more than once"),
        ("start_year=1990:2000:2.5", "start_year is int"),
        ("countries=USA", "countries is a list"),
        ("as_of=2025-01-01:2025-02-01:1", "only numbers step"),
        ("tariff_rate=0:1:0.0000001", "more than a sweep plans"),
    ],
)
def test_a_bad_grid_is_refused_naming_what_and_where(spec, says):
    with pytest.raises(ParameterError, match=re.escape(says)) as refused:
        sweep.plan(FRICTIONS, [spec])
    assert str(refused.value).startswith(f"--grid '{spec}'")


def test_more_than_a_thousand_points_need_yes():
    grids = ["tariff_rate=0:1:0.001"]  # 1,001 points
    with pytest.raises(ParameterError, match=re.escape("1,001 points, more than 1,000: add --yes")):
        sweep.plan(FRICTIONS, grids)
    assert len(sweep.plan(FRICTIONS, grids, yes=True).points) == 1001


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"grids": ["tariff_rate=0.1", "tariff_rate=0.2"]}, "tariff_rate has a grid already"),
        ({"grids": ["tariff_rate=0.1"], "fixed": {"tariff_rate": 0.2}}, "the sweep varies it"),
        ({"grids": ["tariff_rate=0.1"], "fixed": {"start_year": 1900}}, "start_year = 1900 is out of range"),
        ({"grids": ["tariff_rate=0.1"], "sample_size": 3}, "give one or the other"),
        ({"vary": ["tariff_rate"]}, "add --sample N"),
        ({}, "nothing to sweep"),
        ({"sample_size": 3, "vary": ["as_of"]}, "only numbers with a declared range are drawn"),
        ({"sample_size": 3, "vary": ["tarif_rate"]}, "did you mean 'tariff_rate'?"),
        ({"sample_size": 1001, "vary": ["tariff_rate"]}, "1,001 points, more than 1,000: add --yes"),
    ],
)
def test_a_bad_sweep_is_refused(kwargs, says):
    grids = kwargs.pop("grids", [])
    with pytest.raises(ParameterError, match=re.escape(says)):
        sweep.plan(FRICTIONS, grids, **kwargs)


def test_a_sample_is_seeded_and_inside_the_declared_ranges():
    plan = sweep.plan(FRICTIONS, sample_size=50, vary=["tariff_rate", "target_year"], seed=7)
    assert plan.varied == ("tariff_rate", "target_year")
    rates = [p["tariff_rate"] for p in plan.points]
    assert all(0.0 <= r <= 1.0 for r in rates) and len(set(rates)) == 50
    assert all(2024 <= p["target_year"] <= 2030 and isinstance(p["target_year"], int) for p in plan.points)
    assert sweep.plan(FRICTIONS, sample_size=50, vary=["tariff_rate", "target_year"], seed=7) == plan
    assert sweep.plan(FRICTIONS, sample_size=50, vary=["tariff_rate", "target_year"], seed=8) != plan
    everything = sweep.plan(FRICTIONS, sample_size=2)  # every bounded number of the chapter
    assert set(everything.varied) == {"start_year", "defense_target", "target_year", "tariff_rate",
                                      "tariff_base_year", "import_elasticity"}  # fmt: skip


def test_a_refused_sweep_runs_nothing_and_says_one_line(tmp_path):
    proc = run_cli("sweep", "frictions", "--grid", "tariff_rate=0:2:0.5", env={"JAPAN_US_BUILD_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--grid 'tariff_rate=0:2:0.5'" in proc.stderr
    assert list(tmp_path.iterdir()) == []
    proc = run_cli("sweep", "frictions", *GRID, "--out", "/tmp/elsewhere", env={"JAPAN_US_BUILD_DIR": str(tmp_path)})
    assert proc.returncode == 2 and "outside the build folder" in proc.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- a small sweep


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Four points of Frictions swept locally in a build folder of their own."""
    build = tmp_path_factory.mktemp("sweep")
    proc = run_cli("sweep", "frictions", *GRID, "--jobs", "2", env={"JAPAN_US_BUILD_DIR": str(build)})
    assert proc.returncode == 0, proc.stderr
    return build, proc


def test_the_table_has_a_row_per_point_with_its_parameters_and_glued_values(small):
    build, proc = small
    assert counts(proc) == (4, 0, 0)
    folder = only_folder(build)
    rows = table(folder)
    assert list(rows.point) == [0, 1, 2, 3]
    assert list(zip(rows.tariff_rate, rows.import_elasticity, strict=True)) == [(0.1, 0), (0.1, 1), (0.3, 0), (0.3, 1)]
    assert set(rows.status) == {"ok"} and rows.error.isna().all()
    assert list(rows.scenario_rate_pct) == [10, 10, 30, 30]
    duty = rows.set_index(["tariff_rate", "import_elasticity"]).scenario_duty_bn
    assert duty[0.3, 0] > duty[0.3, 1] > duty[0.1, 0] > 0  # the model's shape, point by point
    assert rows.countries.iloc[0] == "USA, KOR, AUS, GBR, DEU, FRA, POL, CHN"
    assert "glued_target_year" in rows  # a glued value named like a parameter keeps both
    # Parquet holds the same table, with its types
    parquet = pd.read_parquet(folder / "sweep.parquet")
    assert list(parquet.columns) == list(rows.columns)
    assert str(parquet.scenario_duty_bn.dtype) == "Float64" and str(parquet.point.dtype) == "Int64"
    pd.testing.assert_series_equal(parquet.scenario_duty_bn.astype(float), rows.scenario_duty_bn)


def test_the_descriptor_describes_every_column(small):
    build, _ = small
    folder = only_folder(build)
    package = json.loads((folder / "datapackage.json").read_text())
    csv, parquet = package["resources"]
    assert (csv["path"], parquet["path"]) == ("sweep.csv", "sweep.parquet")
    fields = {f["name"]: f for f in csv["schema"]["fields"]}
    assert list(fields) == list(table(folder).columns)
    assert csv["schema"]["primaryKey"] == ["point"]
    assert all(f["type"] in {"integer", "number", "string", "boolean", "date"} and f["description"]
               for f in fields.values())  # fmt: skip
    assert fields["tariff_rate"]["type"] == "number"
    assert fields["tariff_rate"]["constraints"] == {"minimum": 0.0, "maximum": 1.0}
    assert fields["tariff_rate"]["description"].startswith("Parameter (varied by the sweep)")
    assert fields["start_year"]["description"].startswith("Parameter (held fixed)")
    assert fields["as_of"]["type"] == "date"
    assert "{glue:text}`scenario_duty_bn" in fields["scenario_duty_bn"]["description"]  # the sentence printing it


def test_a_point_matches_a_single_run_of_the_chapter(small, tmp_path):
    build, _ = small
    row = table(only_folder(build)).set_index(["tariff_rate", "import_elasticity"]).loc[(0.3, 1)]
    output = build / "runs" / "single.ipynb"
    proc = run_cli(
        "run", "frictions", "-p", "tariff_rate", "0.3", "-p", "import_elasticity", "1", "-o", str(output),
        env={"JAPAN_US_BUILD_DIR": str(build)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    single = glued_values(output)
    params = {p.name for p in FRICTIONS.params}
    for name, value in single.items():
        cell = row[f"glued_{name}" if name in params else name]
        if isinstance(value, float):
            assert cell == pytest.approx(value, rel=1e-12), name
        else:
            assert str(cell) == str(value), name


def test_the_rerun_reuses_every_point_and_writes_the_same_table(small):
    build, _ = small
    folder = only_folder(build)
    before = (folder / "sweep.csv").read_bytes()
    entries = {p: p.stat().st_mtime_ns for p in (build / "cache" / "sweeps").glob("*.ipynb")}
    assert len(entries) == 4
    proc = run_cli("sweep", "frictions", *GRID, env={"JAPAN_US_BUILD_DIR": str(build)})
    assert proc.returncode == 0, proc.stderr
    assert counts(proc) == (0, 4, 0)
    assert (folder / "sweep.csv").read_bytes() == before
    assert {p: p.stat().st_mtime_ns for p in (build / "cache" / "sweeps").glob("*.ipynb")} == entries
    assert not (build / "work" / "sweeps" / "frictions").exists() or not any(
        (build / "work" / "sweeps" / "frictions").iterdir()
    )


def test_a_failing_point_is_a_row_and_the_sweep_goes_on(tmp_path):
    notebooks = notebooks_with_cell(
        tmp_path, "03_frictions", 10_000, 'if tariff_rate > 0.2:\n    raise ValueError("no tariff above 20% here")'
    )
    env = {"JAPAN_US_BUILD_DIR": str(tmp_path / "build"), "JAPAN_US_NOTEBOOK_DIR": str(notebooks)}
    args = ["sweep", "frictions", "--grid", "tariff_rate=0.3,0.1", "--jobs", "1"]
    proc = run_cli(*args, env=env)
    assert proc.returncode == 1
    assert counts(proc) == (1, 0, 1)
    assert "1 point(s) failed: see the status and error columns" in proc.stderr
    rows = table(only_folder(tmp_path / "build"))
    failed, ok = rows.iloc[0], rows.iloc[1]
    assert (failed.status, ok.status) == ("failed", "ok")
    assert "raised ValueError: no tariff above 20% here" in failed.error and "cell" in failed.error
    assert pd.isna(failed.scenario_duty_bn) and ok.scenario_duty_bn > 0
    # a failed point is not cached: the rerun tries it again and reuses the other
    assert counts(run_cli(*args, env=env)) == (0, 1, 1)


def test_an_interrupted_sweep_keeps_its_finished_points_and_the_rerun_finishes(tmp_path):
    build = tmp_path / "build"
    args = [sys.executable, "-m", "japan_us", "sweep", "frictions", "--grid", "tariff_rate=0.1:0.6:0.1", "--jobs", "1"]
    env = os.environ | {"JAPAN_US_BUILD_DIR": str(build)}
    # Ctrl-C as on a terminal: the suite may itself run with SIGINT ignored (a shell ignores it
    # in the commands it starts in the background, as CI's runner does), and a child started so
    # would ignore it too.
    sweep_run = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list((build / "cache" / "sweeps").glob("*.sha256")):  # the first point sealed
        assert sweep_run.poll() is None and time.monotonic() < deadline, sweep_run.communicate()
        time.sleep(0.05)
    # (if the sweep ignores SIGINT, its process started with it ignored: SigIgn says)
    signals = [line for line in Path(f"/proc/{sweep_run.pid}/status").read_text().splitlines() if "Sig" in line]
    sweep_run.send_signal(signal.SIGINT)
    out, err = sweep_run.communicate(timeout=60)
    assert sweep_run.returncode == 130, (signals, out, err)
    assert "the same command again reuses them" in err
    done = table(only_folder(build))
    assert 1 <= len(done) < 6 and set(done.status) == {"ok"}
    proc = run_cli(*args[3:], env={"JAPAN_US_BUILD_DIR": str(build)})
    assert proc.returncode == 0, proc.stderr
    executed, reused, failed = counts(proc)
    assert (reused, executed + reused, failed) == (len(done), 6, 0)
    rows = table(only_folder(build))
    assert list(rows.point) == list(range(6))
    pd.testing.assert_frame_equal(rows.iloc[: len(done)].reset_index(drop=True), done.loc[:, rows.columns])


# ---------------------------------------------------------------- Dask


def test_a_dask_cluster_gives_the_local_table(small, tmp_path):
    """A LocalCluster of two worker processes on 127.0.0.1 (Dask's defaults otherwise: daemonic
    workers), with a build folder of their own: they execute every point, and the table is byte
    for byte the local sweep's."""
    from distributed import LocalCluster

    local, _ = small
    workers = tmp_path / "workers"
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            env={"JAPAN_US_BUILD_DIR": str(workers)},
        ) as cluster,
    ):
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        proc = run_cli(
            "sweep", "frictions", *GRID, "--cluster", cluster.scheduler_address,
            env={"JAPAN_US_BUILD_DIR": str(tmp_path / "client")},
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert counts(proc) == (4, 0, 0)
    assert len(list((workers / "cache" / "sweeps").glob("*.ipynb"))) == 4  # executed on the workers
    theirs = only_folder(tmp_path / "client")
    assert theirs.name == only_folder(local).name
    for name in ("sweep.csv", "datapackage.json"):
        assert (theirs / name).read_bytes() == (only_folder(local) / name).read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(theirs / "sweep.parquet"), pd.read_parquet(only_folder(local) / "sweep.parquet")
    )
    # the points came back into the client's cache: a local rerun reuses them all
    assert counts(run_cli("sweep", "frictions", *GRID, env={"JAPAN_US_BUILD_DIR": str(tmp_path / "client")})) == (
        0,
        4,
        0,
    )


# ---------------------------------------------------------------- the notebook that charts a sweep


# The notebook run by the project's executor in a process of the sweep's build folder; prints
# the failure, or its charts' specs and their schema errors.
RUN_SWEEP_NOTEBOOK = """
import json, sys
from pathlib import Path
from japan_us import build, executor
job = executor.Job("sweep", Path(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3]))
((_, outcome, _),) = build.run_jobs([job], 1)
failure = outcome.failure and outcome.failure.describe()
errors = [] if failure else build.chart_errors([build.Executed(job, b"", outcome.charts)])
print(json.dumps({"failure": failure, "errors": errors, "specs": [spec for _, spec in outcome.charts]}))
"""


def test_the_sweep_notebook_runs_the_sweep_and_charts_it(small, tmp_path):
    """With no table it runs (here: reuses) the sweep it names, reads its table and draws the
    duty at every point in a valid chart whose title states the spread read from the table."""
    build, _ = small
    notebook, parameters = ROOT / "notebooks" / "sweep_frictions.ipynb", {"rates": "0.1,0.3", "elasticities": "0:1:1"}
    proc = subprocess.run(
        [sys.executable, "-c", RUN_SWEEP_NOTEBOOK, str(notebook), json.dumps(parameters), str(tmp_path / "out.ipynb")],
        cwd=ROOT, capture_output=True, text=True, env=os.environ | {"JAPAN_US_BUILD_DIR": str(build)}, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = json.loads(proc.stdout.splitlines()[-1])
    assert (ran["failure"], ran["errors"]) == (None, [])
    assert counts(run_cli("sweep", "frictions", *GRID, env={"JAPAN_US_BUILD_DIR": str(build)}))[0] == 0  # reused
    (spec,) = ran["specs"]
    top = table(only_folder(build)).query("tariff_rate == 0.3").scenario_duty_bn
    title = " ".join(spec["title"]["text"])
    assert title.startswith("At a 30% tariff, duties on imports from Japan range from ")
    assert f"from US${top.min():,.0f} to US${top.max():,.0f} billion" in title
    assert {row["elasticity"] for row in next(iter(spec["datasets"].values()))} == {"elasticity 0", "elasticity 1"}


def test_a_worker_running_other_code_stops_the_sweep_and_a_task_that_raised_is_a_failed_point():
    from japan_us import sweep_dask
    from japan_us.build import BuildError

    plan = sweep.plan(FRICTIONS, ["tariff_rate=0.1"])
    other = "0" * 64  # the input hash of a worker with other code, pins or tables
    with pytest.raises(BuildError, match="point 0: a Dask worker computed another input hash"):
        sweep_dask._received(plan, 0, "finished", (other, sweep.Ran(0, b"{}")))
    failed = sweep_dask._received(plan, 0, "error", OSError("no such file: notebooks/03_frictions.ipynb"))
    assert (failed.notebook, failed.error) == (
        None,
        "the Dask task failed: OSError: no such file: notebooks/03_frictions.ipynb",
    )

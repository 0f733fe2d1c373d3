"""The publishing workflow: the same Make targets as a developer, official actions only."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def test_publishing_workflow_runs_the_make_targets_with_official_actions():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    steps = [step for job in jobs.values() for step in job["steps"]]
    actions = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert actions and all(action.startswith("actions/") for action in actions), actions
    assert all("@v" in step["uses"] for step in steps if "uses" in step)  # versions pinned
    commands = "\n".join(step.get("run", "") for step in steps)
    for target in ("make test", "make book pdf"):
        assert target in commands
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(actions)
    assert workflow["permissions"] == {"contents": "read"}  # writes only in the deploy job
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_fails_when_a_target_is_missed(monkeypatch, capsys, tmp_path):
    """`make bench` printed a missed target and still exited 0."""
    bench = _bench()
    pairs = {case: [(2.0, 4.0)] for case in bench.CASES}
    result = {
        "runs": 1,
        "cores": 2,
        "pairs_seconds": pairs | {"one chapter, new parameter": [(3.0, 4.0)]},  # 0.75x: over 0.5x
        "median_seconds": {side: dict.fromkeys(bench.CASES, 1.0) for side in ("ours", "jupyter-book")},
        "ratios": dict.fromkeys(bench.CASES, 0.1) | {"one chapter, new parameter": 0.75},
        "rerun_steps_median_seconds": {},
        "page_weight": {"book/data.html": {"html_gzip_kb": 20, "first_visit_gzip_kb": 170}},
    }
    assert not bench.report(result)
    assert "OVER" in capsys.readouterr().out
    assert bench.report(result | {"ratios": dict.fromkeys(bench.CASES, 0.1)})
    monkeypatch.setattr(bench, "measure", lambda runs: result)
    (tmp_path / "bench").mkdir()
    monkeypatch.setattr(bench, "ROOT", tmp_path)  # the results are written there
    monkeypatch.setattr(sys, "argv", ["run.py", "--runs", "1"])
    with pytest.raises(SystemExit) as stopped:
        bench.main()
    assert stopped.value.code not in (0, None)

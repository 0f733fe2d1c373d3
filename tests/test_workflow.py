"""The publishing workflow: the same Make targets as a developer, official actions only."""

from __future__ import annotations

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

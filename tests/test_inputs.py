"""Inputs refused the same way wherever they enter: the project command, a scenario file and
plain papermill; a broken descriptor or table still gets one clear line, never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT, run_cli
from test_params import ALIAS_BOMB

from japan_us import DATA_DIR, chapters


def _refused(proc: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2 with one line on stderr naming the problem, and no traceback."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


# ---------------------------------------------------------------- one rule for dates and years


@pytest.mark.parametrize(
    "name,value,words",
    [
        ("scorecard.as_of", "2025-07-15T00:00:00", ["as_of must be a real date written YYYY-MM-DD"]),
        ("transition.as_of", "2025-W06-2", ["as_of must be a real date written YYYY-MM-DD"]),
        ("frictions.start_year", "1_950", ["start_year must be int, got str '1_950'"]),
        ("frictions.start_year", " 1950 ", ["start_year must be int, got str ' 1950 '"]),
        ("frictions.start_year", "0x7A0", ["start_year must be int, got str '0x7A0'"]),
    ],
)
def test_command_line_dates_and_years_are_written_plainly(tmp_path, name, value, words):
    _refused(run_cli("build", "-p", name, value, env={"JAPAN_US_BUILD_DIR": str(tmp_path / "b")}), *words)


@pytest.mark.parametrize(
    "content,words",
    [
        ("as_of: 2025-07-15T00:00:00\n", ["odd.yaml", "as_of must be a real date written YYYY-MM-DD"]),
        ('as_of: "20250204"\n', ["odd.yaml", "as_of must be a real date written YYYY-MM-DD, got '20250204'"]),
        ("chapters:\n  scorecard: {as_of: 2025-07-15 00:00:00}\n", ["chapter 'scorecard'", "as_of must be a real"]),
        ("chapters:\n  frictions: {start_year: 1_950}\n", ["start_year must be int, got str '1_950'"]),
        (
            "description:\n" + "".join(f"  {line}\n" for line in ALIAS_BOMB.splitlines()),
            ["odd.yaml", "line 7", "more than 100,000 values"],
        ),
    ],
    ids=["datetime", "basic ISO date", "chapter datetime", "underscored year", "alias bomb in the description"],
)
def test_scenario_file_dates_years_and_alias_bombs_are_refused_at_once(tmp_path, content, words):
    path = tmp_path / "odd.yaml"
    path.write_text(content)
    started = time.perf_counter()
    proc = run_cli("build", "--scenario", str(path), env={"JAPAN_US_BUILD_DIR": str(tmp_path / "b")}, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert all(word in proc.stderr for word in words), proc.stderr
    assert time.perf_counter() - started < 30
    assert not (tmp_path / "b" / "scenarios").exists()


def test_plain_papermill_refuses_a_date_in_another_iso_form(tmp_path):
    """Papermill passes the text on; the notebook's first cells apply the same rule."""
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(chapters.SCORECARD.path), str(tmp_path / "out.ipynb")]
        + ["-p", "as_of", "2025-W29-2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "as_of must be a real date written YYYY-MM-DD, got '2025-W29-2'" in proc.stderr


# ---------------------------------------------------------------- broken descriptor and tables


@pytest.fixture
def data_copy(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


def _edit_descriptor(folder, edit) -> None:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text())
    edit(package)
    path.write_text(json.dumps(package, indent=2))


@pytest.mark.parametrize(
    "breakage,words",
    [
        (lambda d: (d / "datapackage.json").write_text('{"resources": [\n'), ["line 2, column 1: invalid JSON"]),
        (
            lambda d: _edit_descriptor(d, lambda p: p["resources"][0].pop("schema")),
            ["resource 1", "needs a 'schema'"],
        ),
    ],
    ids=["invalid JSON", "resource without a schema"],
)
def test_broken_descriptor_leaves_help_working_and_is_one_line_elsewhere(data_copy, breakage, words):
    breakage(data_copy)
    env = {"JAPAN_US_DATA_DIR": str(data_copy)}
    helped = run_cli("--help", env=env)
    assert helped.returncode == 0 and "check-data" in helped.stdout, helped.stderr
    for command in (["params"], ["check-data"], ["run", "frictions"]):
        _refused(run_cli(*command, env=env), str(data_copy / "datapackage.json"), *words)


def test_catastrophic_pattern_in_the_descriptor_is_refused_fast(data_copy):
    def edit(package):
        [events] = [r for r in package["resources"] if r["name"] == "events"]
        [title] = [f for f in events["schema"]["fields"] if f["name"] == "title"]
        title.setdefault("constraints", {})["pattern"] = "(a+)+$"

    _edit_descriptor(data_copy, edit)
    events = data_copy / "events.csv"
    lines = events.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(lines[1].split(",")[3], "a" * 40 + "!", 1)  # backtracks 2**40 times
    events.write_text("".join(lines))
    started = time.perf_counter()
    proc = run_cli("check-data", env={"JAPAN_US_DATA_DIR": str(data_copy)}, timeout=30)
    _refused(proc, "'events'", "field 'title'", "pattern '(a+)+$' can take exponential time")
    assert time.perf_counter() - started < 10


def test_a_csv_saved_by_excel_with_a_byte_order_mark_is_read(data_copy):
    events = data_copy / "events.csv"
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes().replace(b"\n", b"\r\n"))
    proc = run_cli("check-data", env={"JAPAN_US_DATA_DIR": str(data_copy)})
    assert proc.returncode == 0, proc.stderr
    assert "events.csv" in proc.stdout


# ---------------------------------------------------------------- commands shown to readers


def _commands(markdown: str) -> list[str]:
    """The command lines of a page's ```bash and ```text blocks (comment lines left out)."""
    blocks = re.findall(r"^```(?:bash|text)\n(.*?)^```", markdown, flags=re.M | re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _shown_commands() -> dict[str, list[str]]:
    from japan_us import pages

    defaults = {c.slug: c.param_set.defaults() for c in chapters.CHAPTERS}
    return {
        "README.md": _commands((ROOT / "README.md").read_text()),
        "book/reproduce.md": _commands((ROOT / "book" / "reproduce.md").read_text()),
        "parameters page": _commands(pages.parameters_page(defaults, "baseline")),
    }


def test_commands_shown_to_readers_work_in_a_fresh_shell():
    """Bare `python` or `papermill` is not on a fresh shell's path: the venv's, or make."""
    for where, commands in _shown_commands().items():
        assert commands, where
        for command in commands:
            assert command.startswith((".venv/bin/", "make ")), f"{where}: {command}"


def test_plain_papermill_examples_write_under_the_build_folder():
    """A notebook written into the repository (out.ipynb) fails `make lint`, so `make test`."""
    for where, commands in _shown_commands().items():
        runs = [c.split() for c in commands if c.split()[0].endswith("papermill") and "--help-notebook" not in c]
        assert runs, where
        for run in runs:
            assert run[2].startswith("_build/"), f"{where}: {' '.join(run)}"

"""The Makefile's housekeeping targets: `make lint` reads the project's own files only, and
`make lock` leaves an unchanged lock file alone (a rewritten one rebuilds the whole .venv)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"


def _ruff_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([RUFF, "check", "."], cwd=folder, capture_output=True, text=True, timeout=60)


def test_lint_reads_the_project_files_and_nothing_else(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "japan_us").mkdir()
    (tmp_path / "japan_us" / "ok.py").write_text('"""Clean."""\n')
    (tmp_path / "out.py").write_text("import os\n")  # a run or scratch file left in the tree
    assert _ruff_check(tmp_path).returncode == 0, _ruff_check(tmp_path).stdout
    (tmp_path / "japan_us" / "bad.py").write_text("import os\n")  # the project's own: still checked
    proc = _ruff_check(tmp_path)
    assert proc.returncode == 1 and "japan_us/bad.py" in proc.stdout and "out.py" not in proc.stdout


# Stands in for uv: rewrites the output file (as uv does, changed or not), appending a line
# when FAKE_UV_CHANGE is set.
FAKE_UV = """#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done
content=$(cat "$out")
printf '%s\\n' "$content" > "$out"
[ -z "$FAKE_UV_CHANGE" ] || echo "# changed" >> "$out"
"""


@pytest.fixture
def lock_folder(tmp_path):
    """The Makefile and the lock in a folder of their own, with a stand-in .venv (python and uv)."""
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "requirements.txt", tmp_path)
    shutil.copy(ROOT / "requirements.lock", tmp_path)
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text("#!/bin/sh\n")  # pip install uv: nothing to do
    (bin_dir / "uv").write_text(FAKE_UV)
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    os.utime(tmp_path / "requirements.lock", (1e9, 1e9))
    return tmp_path


def _make_lock(folder: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "lock", f"VENV={folder / 'venv'}", "PYTHON=sh"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=os.environ | env,
        timeout=60,
    )


def test_lock_replaces_the_lock_file_only_when_it_changed(lock_folder):
    lock = lock_folder / "requirements.lock"
    before = lock.read_bytes()
    proc = _make_lock(lock_folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lock.stat().st_mtime == 1e9, "rewritten unchanged: the next target would rebuild .venv"
    assert lock.read_bytes() == before and "unchanged" in proc.stdout
    proc = _make_lock(lock_folder, FAKE_UV_CHANGE="1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lock.read_text().endswith("# changed\n") and "updated" in proc.stdout
    assert not list((lock_folder / "venv").glob("requirements.lock*")), "a temporary copy was left behind"

"""Shared fixtures: a book built once per session into a temporary build folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from japan_us import NOTEBOOK_DIR
from japan_us.notebooks import glued_values
from japan_us.pdf import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m japan_us ...`` in a subprocess, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "japan_us", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | (env or {}),
        timeout=timeout,
    )


def notebooks_with_cell(tmp_path: Path, notebook: str, index: int, source: str) -> Path:
    """A copy of the chapter notebooks with one code cell inserted into ``notebook``; point
    ``JAPAN_US_NOTEBOOK_DIR`` at the returned folder to run it."""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, folder)
    nb = nbformat.read(folder / f"{notebook}.ipynb", as_version=4)
    nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, folder / f"{notebook}.ipynb")
    return folder


def glued(notebook: Path) -> dict:
    """The values a notebook glued."""
    return glued_values(notebook)


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def built_book(build_dir) -> Path:
    """The baseline book, built with the project command; returns the HTML folder."""
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return build_dir / "html"


def keep_on(page, origin: str):
    """``page``, aborting every request that leaves ``origin`` (a server on 127.0.0.1) and
    recording its address in ``page.offsite``: the book and the notebooks fetch nothing."""
    page.offsite = []

    def route(r):
        if r.request.url.startswith(origin):
            r.continue_()
        else:
            page.offsite.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for a module's browser tests (nothing fetched in the background)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install -y chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield b
        b.close()

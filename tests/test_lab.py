"""Jupyter as Jupyter users expect it: `make lab` serves JupyterLab on 127.0.0.1 with the
project's kernel, every chapter runs top to bottom in that kernel, a parameter edited in the
parameters cell is refused as papermill's ``-p`` is, and charts draw with no network in an
nbconvert export and in JupyterLab (headless Chromium, every non-loopback request blocked)."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import ROOT, keep_on
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from japan_us import build, executor, jupyter, lab
from japan_us.chapters import CHAPTERS, FRICTIONS
from japan_us.pdf import CHARTS_DRAWN

NOTEBOOKS = ROOT / "notebooks"
CHART = 'id="altair-viz-'
BUNDLE = 'class="japan-us-vega-bundle"'


def test_make_lab_starts_the_lab_module():
    """`make lab` runs the command the tests start (its port from LAB_PORT)."""
    proc = subprocess.run(["make", "-n", "lab", "LAB_PORT=18765"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and "-m japan_us.lab --port 18765" in proc.stdout, proc.stdout + proc.stderr


def test_the_server_is_jupyterlabs_own_environment_and_the_books_has_no_jupyterlab(tmp_path):
    """JupyterLab runs from .venv-lab: in the book's environment its server's dependencies
    would make every import of Altair compile 39 grammars (2 s at each build's start)."""
    assert lab.command(8888)[0] == str(ROOT / ".venv-lab" / "bin" / "python")
    missing = tmp_path / "no-lab" / "python"
    env = os.environ | {"JAPAN_US_LAB_PYTHON": str(missing)}
    proc = subprocess.run([sys.executable, "-m", "japan_us.lab"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stderr.strip() == (
        f"error: no JupyterLab at {missing}: `make lab` creates it from requirements-lab.lock"
    )
    book_environment = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.util as u; print(u.find_spec('jupyterlab'), u.find_spec('rfc3987_syntax'))",
        ],
        capture_output=True,
        text=True,
    )
    assert book_environment.stdout.split() == ["None", "None"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> list[str]:
    """The local addresses (kernel hex) of every socket listening on ``port``, IPv4 and IPv6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except urllib.error.URLError:  # not listening yet
        return 0, b""


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """JupyterLab started as `make lab` starts it, with a token of the test's own; stopped after."""
    port, token = _free_port(), secrets.token_hex(16)
    folder = tmp_path_factory.mktemp("lab")
    env = os.environ | {"JAPAN_US_BUILD_DIR": str(folder / "build"), "JUPYTER_TOKEN": token}
    with open(folder / "server.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "japan_us.lab", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while _get(f"{base}/api/status?token={token}")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer:\n" + (folder / "server.log").read_text()[-3000:])
            time.sleep(0.25)
        yield base, token, port
    finally:  # stopped whatever happened, its kernels with it
        server.terminate()
        server.wait(timeout=60)


def test_lab_answers_on_loopback_only_with_the_projects_kernel(lab_server):
    base, token, port = lab_server
    assert _listening(port) == ["0100007F"]  # 127.0.0.1, and no other address (IPv6 none)
    assert _get(f"{base}/api/status")[0] == 403  # no token, no answer
    status, body = _get(f"{base}/api/kernelspecs?token={token}")
    spec = json.loads(body)["kernelspecs"][lab.KERNEL_NAME]["spec"]
    assert spec["argv"][0] == sys.executable
    assert spec["env"]["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)


@pytest.fixture(scope="module")
def lab_kernel(tmp_path_factory):
    """Kernels as `make lab` starts them: the project's kernelspec first on JUPYTER_PATH, and
    no PYTHONPATH of the caller's (the kernelspec alone puts the checkout on the path)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PYTHONPATH", raising=False)
        folder = tmp_path_factory.mktemp("jupyter")
        lab.write_kernelspec(folder)
        mp.setenv("JUPYTER_PATH", str(folder))
        yield {}  # each chapter's executed notebook, once run


def _run(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    return NotebookClient(
        nb, kernel_name=lab.KERNEL_NAME, timeout=300, resources={"metadata": {"path": str(cwd)}}
    ).execute()


def _chapter_run(chapter, runs: dict, cwd: Path = NOTEBOOKS) -> nbformat.NotebookNode:
    """The chapter run in the lab kernel from ``cwd`` (notebooks/, where JupyterLab starts
    it, unless told), with a last cell that says where the package came from."""
    if (chapter.slug, cwd) not in runs:
        nb = nbformat.read(chapter.path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import japan_us\nprint(japan_us.__file__)"))
        runs[chapter.slug, cwd] = _run(nb, cwd)
    return runs[chapter.slug, cwd]


def _charts(nb: nbformat.NotebookNode) -> int:
    return sum(o.get("data", {}).get("text/html", "").count(CHART) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("cwd", [NOTEBOOKS, ROOT], ids=["from-notebooks", "from-root"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.slug)
def test_each_chapter_runs_top_to_bottom_in_the_lab_kernel(chapter, cwd, lab_kernel):
    """Importing the package of this checkout, with no error, the first chart output carrying
    the offline bundle (once)."""
    run = _chapter_run(chapter, lab_kernel, cwd)
    assert run.cells[-1].outputs[0]["text"].strip() == str(ROOT / "japan_us" / "__init__.py")
    outputs = [o for c in run.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum(o.get("data", {}).get("text/html", "").count(BUNDLE) for o in outputs) == (_charts(run) > 0)


# What Altair derives from the str() of a chart's data (printed to the process's display
# width): its view names, and the chart ids and CSV links hashed from the spec.
VOLATILE = (
    (re.compile(r"view_[0-9a-f]{16}_\d+"), "view_"),
    (re.compile(r"altair-viz-[0-9a-f]{16}-\d+"), "altair-viz-"),
)


def _chart_html(nb: nbformat.NotebookNode) -> list[str]:
    found = []
    for output in (o for c in nb.cells for o in c.get("outputs", [])):
        html = urllib.parse.unquote(output.get("data", {}).get("text/html", ""))
        for pattern, replacement in VOLATILE:
            html = pattern.sub(replacement, html)
        found += [html] if CHART in output.get("data", {}).get("text/html", "") else []
    return found


def test_a_kernels_charts_are_the_books_with_the_bundle_before_the_first(lab_kernel, tmp_path):
    """In a kernel each chart's HTML is the one the book's executor writes, and the first is
    preceded by the bundle: take that block out and the outputs are the book's."""
    out = tmp_path / "executor.ipynb"
    build.run_notebook(FRICTIONS, {}, out, executor.Limits(cell=300))
    book = _chart_html(nbformat.read(out, as_version=4))
    kernel = _chart_html(_chapter_run(FRICTIONS, lab_kernel))
    assert BUNDLE in kernel[0] and not any(BUNDLE in html for html in kernel[1:] + book)
    assert [jupyter.without_bundle(html) for html in kernel] == book


def _edited_parameters_error(edit) -> tuple[str, str]:
    """The error a real kernel gives when the analyst edits the parameters cell."""
    nb = nbformat.read(FRICTIONS.path, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    edited = edit(cell.source)
    assert edited != cell.source
    cell.source = edited
    with pytest.raises(CellExecutionError) as caught:
        _run(nb, NOTEBOOKS)
    return caught.value.ename, caught.value.evalue


def _papermill_error(tmp_path, **parameters) -> tuple[str, str]:
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(FRICTIONS.path), str(tmp_path / "out.ipynb"), parameters=parameters, progress_bar=False, cwd=NOTEBOOKS
        )
    return caught.value.ename, caught.value.evalue


def test_a_value_edited_in_the_parameters_cell_is_refused_as_papermill_refuses_it(lab_kernel, tmp_path):
    edited = _edited_parameters_error(lambda source: source.replace("    0.15\n)", "    7\n)"))
    assert edited == _papermill_error(tmp_path, tariff_rate=7)
    assert edited[0] == "ParameterError" and "tariff_rate = 7.0 is out of range" in edited[1]


def test_a_misspelt_name_in_the_parameters_cell_is_refused_as_papermill_refuses_it(lab_kernel, tmp_path):
    """A misspelt name was a new variable in the kernel, and the default ran unnoticed."""
    edited = _edited_parameters_error(lambda source: source.replace("# fmt: on", "tarif_rate = 0.3\n# fmt: on"))
    ename, evalue = _papermill_error(tmp_path, tarif_rate=0.3)
    assert "unknown parameter 'tarif_rate' (did you mean 'tariff_rate'?)" in evalue
    injected = "(the injected parameters were not run)"
    assert edited == (ename, evalue.replace(injected, "(the parameters cell was not run)"))


def _offline_page(browser, origin: str):
    """A page that aborts and records every request leaving ``origin`` (on 127.0.0.1)."""
    return keep_on(browser.new_page(viewport={"width": 1280, "height": 900}), origin)


# Every chart drawn (marks in its scene, no error box), and how many there are.
ALL_DRAWN = f"""n => document.querySelectorAll('div[id^="altair-viz-"]').length === n && ({CHARTS_DRAWN})()
  && !document.querySelector('div[id^="altair-viz-"] .error')"""


@pytest.mark.browser
def test_an_nbconvert_export_draws_every_chart_offline(browser, lab_kernel, tmp_path):
    """`jupyter nbconvert --to html --execute` from the repository root: the export carries
    the offline bundle once (it loaded Vega from a CDN: 0 of its charts drew offline)."""
    from japan_us.pdf import serve

    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.run(
        [jupyter, "nbconvert", "--to", "html", "--execute", "notebooks/03_frictions.ipynb", "--output-dir", tmp_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    export = (tmp_path / "03_frictions.html").read_text()
    charts = export.count(CHART)
    assert charts >= 12 and export.count(BUNDLE) == 1
    with serve(tmp_path) as origin:
        page = _offline_page(browser, origin)
        page.goto(f"{origin}/03_frictions.html")
        page.wait_for_function(ALL_DRAWN, arg=charts, timeout=60_000)
        # What was blocked is nbconvert's own page furniture (require.js, MathJax), not Vega.
        assert not [url for url in page.offsite if "vega" in url]


@pytest.mark.browser
def test_jupyterlab_runs_a_chapter_and_every_chart_draws_offline(browser, lab_server, lab_kernel):
    """Open the Frictions chapter in JupyterLab, Run > Run All Cells: every chart draws."""
    base, token, _ = lab_server
    page = _offline_page(browser, base)
    page.goto(f"{base}/lab/tree/notebooks/03_frictions.ipynb?token={token}")
    # The project's kernel, started and idle (Run All before that may run nothing).
    page.get_by_text("Python 3 (japan_us) | Idle").wait_for(timeout=60_000)
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-content").get_by_text("Run All Cells", exact=True).click()
    charts = _charts(_chapter_run(FRICTIONS, lab_kernel))
    page.wait_for_function(ALL_DRAWN, arg=charts, timeout=120_000)
    assert not page.offsite


def test_the_books_chapter_pages_load_the_bundle_once_and_carry_none(built_book):
    """The book is built without a kernel: its pages keep loading the bundle from _static,
    once per page, and no chart brings its own copy (page weight unchanged)."""
    for chapter in CHAPTERS:
        page = (built_book / "book" / "chapters" / f"{chapter.notebook}.html").read_text()
        assert page.count("_static/vega-bundle.js") == 1 and BUNDLE not in page
        assert page.count(CHART) > 0

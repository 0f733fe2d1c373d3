"""Security and limits: text from files is text, the build folder is a fence, cache entries
are bound to their inputs, and no chapter can hang or flood a build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ROOT, notebooks_with_cell, run_cli

from japan_us import DATA_DIR, files, scenario

SECRET = "SECRET-MARKER-7f3a9c"


def payloads(secret: Path) -> str:
    """Every way MyST could read a file into a page or run markup, in one text."""
    return "\n".join(
        [
            f"{{download}}`{secret}`",
            f"```{{include}} {secret}\n```",
            f"```{{literalinclude}} {secret}\n```",
            "```{raw} html\n<script>window.PWNED = 1</script>\n```",
            f"```{{eval-rst}}\n.. include:: {secret}\n```",
            f":::{{include}} {secret}\n:::",
            "<img src=x onerror=alert(1)> <b>bold</b>",
        ]
    )


def published_files(build_dir: Path) -> list[Path]:
    return [p for folder in build_dir.glob("**/html") for p in folder.rglob("*") if p.is_file()]


def test_text_from_scenarios_the_descriptor_and_tables_is_text(tmp_path):
    """A scenario's description, the descriptor's titles, descriptions, sources and notes
    and a table's text go into pages as text: no role, directive or HTML in them runs, and
    no file they name is read or published, in the scenario's book or the next baseline."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    text = payloads(secret)
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    package = json.loads((data_dir / "datapackage.json").read_text())
    for resource in package["resources"][:3]:
        resource["title"] = resource["description"] = resource["notes"] = text
        resource["sources"][0].update(publisher=text, title=text, edition=text, path=f"https://x>{text}")
        for licence in resource.get("licenses", []):
            licence["title"] = text
        resource["schema"]["fields"][0]["description"] = text
    (data_dir / "datapackage.json").write_text(json.dumps(package, indent=1))
    events = pd.read_csv(data_dir / "events.csv", dtype=str, keep_default_na=False)
    events.loc[0, "title"] = text.replace("\n", " ")
    events.to_csv(data_dir / "events.csv", index=False)
    scenario_file = tmp_path / "payload.yaml"
    scenario_file.write_text(json.dumps({"description": text, "chapters": {"frictions": {"tariff_rate": 0.2}}}))

    env = {"JAPAN_US_BUILD_DIR": str(tmp_path / "b"), "JAPAN_US_DATA_DIR": str(data_dir)}
    for args in (["--scenario", str(scenario_file)], []):
        proc = run_cli("build", *args, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    published = published_files(tmp_path / "b")
    assert not [p for p in published if p.name == secret.name]
    assert not [p for p in published if SECRET.encode() in p.read_bytes()]
    pages = {p: p.read_text(errors="replace") for p in published if p.suffix == ".html"}
    for page, html in pages.items():
        assert "<script>window.PWNED" not in html and "<img src=x" not in html and "<b>bold</b>" not in html, page
    comparison = tmp_path / "b" / "scenarios" / "payload" / "html" / "book" / "comparison.html"
    data_page = tmp_path / "b" / "html" / "book" / "data.html"
    for page in (comparison, data_page):  # shown as the text it is
        assert "{download}" in pages[page] and "{include}" in pages[page] and "&lt;img src=x" in pages[page]


def test_a_link_inside_the_build_folder_is_refused_and_nothing_outside_is_touched(tmp_path):
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    build_dir = tmp_path / "b"
    (build_dir / "sphinx").mkdir(parents=True)
    (build_dir / "sphinx" / "src").symlink_to(victim)
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{build_dir / 'sphinx' / 'src'}" in proc.stderr and "symbolic link" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]


def test_a_mirror_never_writes_or_deletes_through_a_link(tmp_path, monkeypatch):
    """Even a link made while a build runs: every write and delete is checked."""
    monkeypatch.setattr(files, "BUILD_DIR", tmp_path / "b")
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    src = tmp_path / "b" / "work" / "src"
    src.mkdir(parents=True)
    (src / "page.md").write_text("# A page")
    (tmp_path / "b" / "sphinx").mkdir()
    (tmp_path / "b" / "sphinx" / "src").symlink_to(victim)
    with pytest.raises(files.UnsafePath, match="outside the build folder"):
        files.mirror(src, tmp_path / "b" / "sphinx" / "src")
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]
    with pytest.raises(files.UnsafePath):
        files.write_atomically(tmp_path / "b" / "sphinx" / "src" / "x.md", b"x")
    with pytest.raises(files.UnsafePath):
        files.remove(tmp_path / "b" / "sphinx" / "src" / "keep.txt")
    assert (victim / "keep.txt").read_text() == "mine"


def test_only_files_the_pages_reference_are_published(built_book, build_dir):
    """The shared Sphinx site keeps every download any scenario's pages ever had: a book
    publishes only those its own pages link to."""
    planted = build_dir / "sphinx" / "out" / "_build" / "html" / "_downloads" / "0123abcd" / "planted.txt"
    planted.parent.mkdir(parents=True)
    planted.write_text("from another scenario's page")
    (built_book / "index.html").unlink()  # the published tree no longer matches: built again
    proc = run_cli("build", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "built     jupyter-book" in proc.stdout
    downloads = [p.name for p in (built_book / "_downloads").rglob("*") if p.is_file()]
    assert "planted.txt" not in downloads and "japan-us-data-package.zip" in downloads


# ---------------------------------------------------------------- limits

CATCHES_THE_ALARM = """import time
while True:
    try:
        time.sleep(30)
    except TimeoutError:
        pass"""


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--timeout", "1", "--chapter-timeout", "600"], "still running after 1 s"),
        (["--timeout", "600", "--chapter-timeout", "3"], "still running after the chapter's limit of 3 s"),
    ],
)
def test_a_chapter_that_will_not_stop_is_stopped_naming_the_cell(tmp_path, options, said):
    notebooks = notebooks_with_cell(tmp_path, "06_scorecard", 3, CATCHES_THE_ALARM)
    env = {"JAPAN_US_NOTEBOOK_DIR": str(notebooks), "JAPAN_US_BUILD_DIR": str(tmp_path / "b")}
    start = time.perf_counter()
    proc = run_cli("run", "scorecard", *options, env=env, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert time.perf_counter() - start < 30
    assert "chapter 06_scorecard failed: cell" in proc.stderr and "`import time`" in proc.stderr
    assert said in proc.stderr and "Traceback" not in proc.stderr


def test_a_chapter_printing_megabytes_finishes_and_keeps_a_page_sized_part(tmp_path):
    """20 MB printed took minutes (each write copied all text before it)."""
    notebooks = notebooks_with_cell(tmp_path, "06_scorecard", 3, "for _ in range(20_000):\n    print('x' * 999)")
    env = {"JAPAN_US_NOTEBOOK_DIR": str(notebooks), "JAPAN_US_BUILD_DIR": str(tmp_path / "b")}
    output = tmp_path / "out.ipynb"
    start = time.perf_counter()
    proc = run_cli("run", "scorecard", "-o", str(output), env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert time.perf_counter() - start < 30
    cell = nbformat.read(output, as_version=4).cells[4]  # after the injected parameters
    (stream,) = cell.outputs
    assert len(stream.text) < 1_100_000
    assert stream.text.startswith("x" * 999 + "\n")
    assert "19,000,000 characters of output left out here" in stream.text


# ---------------------------------------------------------------- scenario files


def test_an_alias_bomb_in_a_scenario_description_is_refused_at_once(tmp_path):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [
        f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=False)
    ]
    path = tmp_path / "bomb.yaml"
    path.write_text("description:\n  " + "\n  ".join(bomb) + "\n")
    start = time.perf_counter()
    proc = run_cli("build", "--scenario", str(path), env={"JAPAN_US_BUILD_DIR": str(tmp_path / "b")}, timeout=60)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert time.perf_counter() - start < 20
    assert str(path) in proc.stderr and "Traceback" not in proc.stderr


def test_a_chapter_named_twice_in_a_scenario_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text("chapters:\n  frictions: {tariff_rate: 0.2}\n  03_frictions: {tariff_rate: 0.3}\n")
    with pytest.raises(scenario.ParameterError, match="chapter frictions is named twice"):
        scenario.load_scenario(path)


def test_books_built_with_command_line_values_never_share_a_folder():
    names = {
        scenario.load_scenario(None, as_of="2025-07-15").name,
        scenario.load_scenario(None, {"frictions": {"tariff_rate": 0.3}}).name,
        scenario.load_scenario(None, {"frictions": {"tariff_rate": 0.25}}).name,
        scenario.load_scenario(None, {"frictions": {"countries": "USA,KOR"}}).name,
        scenario.load_scenario(None, {"frictions": {"countries": "USA,DEU"}}).name,
    }
    assert len(names) == 5
    assert "custom-as_of-2025-07-15" in names and "custom-frictions.tariff_rate-0.3" in names
    assert all(len(n) <= 64 and "/" not in n for n in names)


# ---------------------------------------------------------------- a full disk


@pytest.fixture
def small_disk(tmp_path):
    """A 128 MB file system of its own (tmpfs; the tests run as root here and in CI)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", str(mount)], capture_output=True)
    if proc.returncode != 0:
        pytest.fail(f"cannot mount a small file system for this test: {proc.stderr.decode()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_in_the_book_step_says_so_in_one_line_and_keeps_the_book(small_disk):
    env = {"JAPAN_US_BUILD_DIR": str(small_disk / "b")}
    assert run_cli("build", env=env).returncode == 0
    page = small_disk / "b" / "html" / "book" / "chapters" / "03_frictions.html"
    before = page.read_bytes()
    (small_disk / "b" / "work" / "baseline" / "stamps" / "html.manifest").unlink()  # publish again
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)  # fill the disk (unbuffered)
    try:
        while True:
            os.write(filler, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(filler)
    proc = run_cli("build", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error: no space left on the device while writing ")
    assert f"the last good book, {small_disk / 'b' / 'html'}, is untouched" in line
    assert page.read_bytes() == before


# ---------------------------------------------------------------- the environment


@pytest.mark.parametrize("browser", ["/nonexistent/chromium", "/bin/false"])
def test_a_missing_or_broken_chromium_is_named_in_one_line(built_book, build_dir, browser):
    env = {"JAPAN_US_BUILD_DIR": str(build_dir), "JAPAN_US_CHROMIUM": browser}
    proc = run_cli("pdf", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot start Chromium ({browser}) to print the PDF: ")
    assert "JAPAN_US_CHROMIUM" in line


@pytest.mark.parametrize("variable", ["JAPAN_US_BUILD_DIR", "JAPAN_US_DATA_DIR", "JAPAN_US_NOTEBOOK_DIR"])
def test_an_empty_folder_variable_counts_as_unset(variable):
    """An empty JAPAN_US_BUILD_DIR built into the working directory. (The other folder
    variables are unset, whatever the shell running the tests has set.)"""
    code = "import japan_us; print(japan_us.BUILD_DIR, japan_us.DATA_DIR, japan_us.NOTEBOOK_DIR)"
    unset = {name: value for name, value in os.environ.items() if not name.endswith("_DIR") or "JAPAN_US" not in name}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd="/", capture_output=True, text=True, env=unset | {variable: ""}
    )
    assert proc.stdout.split() == [str(ROOT / "_build"), str(ROOT / "data"), str(ROOT / "notebooks")]

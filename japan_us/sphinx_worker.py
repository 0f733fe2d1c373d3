"""Jupyter Book's own ``build`` command, in a worker process forked at the start of a build.

All scenarios share one incremental Sphinx site (``_build/sphinx``): only pages whose
sources changed are read again. The worker imports Sphinx and sets it up while the chapters
execute on the other core, then builds when the parent sends the assembled sources.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from japan_us import BUILD_DIR, cache, executor, files


class Worker:
    """Jupyter Book's own ``build`` command in a process forked at the start of a build.

    While the chapters execute on the other core, it takes the site's lock, imports Sphinx,
    myst-nb and the theme, and lets Jupyter Book set up the Sphinx application (about 2 s in
    all); Sphinx's ``build`` then waits until the parent sends the assembled sources.
    """

    def __init__(self, site: Path, config: dict[str, bytes], lang: str = "en") -> None:
        files.refuse_links(site)  # its sources are mirrored, its output published: no link in it
        context = multiprocessing.get_context("fork")
        self.site = site
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_sphinx_worker, args=(child, site, config, lang), daemon=True)
        with executor.ctrl_c_held():
            self.process.start()
        child.close()

    def start(self, src: Path, staging: Path) -> None:
        """Send the assembled sources: Sphinx builds them while the caller goes on."""
        with contextlib.suppress(BrokenPipeError):  # the worker died: wait() reports it
            self.conn.send((str(src), str(staging)))

    def wait(self) -> str | None:
        """None if the book was built, else what went wrong: one line when the worker knows
        (a full disk), else the warnings and errors of the site's jupyter-book.log."""
        try:
            problem = self.conn.recv()
        except EOFError:
            problem = f"the Sphinx worker ended with exit status {self.process.exitcode}"
        finally:
            self.close()
        return problem if problem != LOG else _logged_problems(self.site)

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _sphinx_worker(conn, site: Path, config: dict[str, bytes], lang: str) -> None:
    executor.die_with_parent()
    try:
        files.inside(site).mkdir(parents=True, exist_ok=True)
        with open(site / "jupyter-book.log", "w") as log, site_lock(site):
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            sys.stdout = sys.stderr = log
            problem = _run_jupyter_book(conn, site, config, lang)
            log.flush()
    except OSError as exc:  # the log itself, on a full disk
        problem = _os_problem(exc) or f"cannot use {exc.filename}: {exc.strerror or exc}"
    conn.send(problem)
    os._exit(0)


def _run_jupyter_book(conn, site: Path, config: dict[str, bytes], lang: str) -> str | None:
    """Build the site; None on success, LOG when the log says why not, or one line."""
    from jupyter_book.cli import main as jupyter_book
    from sphinx.application import Sphinx

    for name, content in config.items():  # what Jupyter Book reads before Sphinx builds
        files.write_if_changed(site / "src" / name, content)
    # Pages Sphinx does not read again would keep what older code wrote (the extension adds
    # to every page, in the edition's language): new code or translations, so a clean site.
    stamp, code = site / "code.sha256", cache.code_hash() + cache.translations_hash(lang)
    if not stamp.exists() or stamp.read_text() != code:
        files.remove_tree(site / "out")
    _settings_made_once()
    _markdown_parser_made_once()
    sphinx_build = Sphinx.build
    staging: list[Path] = []  # where the parent wants the HTML

    def build_when_the_sources_are_ready(app, *args, **kwargs):
        _warm_up(app)
        try:
            src, target = conn.recv()
        except EOFError:  # the parent gave up (a chapter failed)
            os._exit(0)
        staging.append(Path(target))
        files.mirror(Path(src), site / "src")
        return sphinx_build(app, *args, **kwargs)

    Sphinx.build = build_when_the_sources_are_ready
    problem = LOG
    try:
        arguments = ["build", str(site / "src"), "--path-output", str(site / "out"), "-W", "--keep-going", "-q"]
        jupyter_book.main(arguments, standalone_mode=False)
        built = True
    except SystemExit as exc:
        built = exc.code in (0, None)
    except Exception as exc:  # Jupyter Book raises RuntimeError on a Sphinx exception
        print(f"ERROR: {type(exc).__name__}: {exc}", flush=True)
        built, problem = False, _os_problem(exc) or LOG
    try:
        if built and staging:
            files.publish(site / "out" / "_build" / "html", staging[0])
            files.write_atomically(stamp, code.encode())
            return None
    except OSError as exc:
        problem = _os_problem(exc) or f"cannot publish to {staging[0]}: {exc}"
    files.remove_tree(site / "out")
    if staging:
        files.remove_tree(staging[0])
    return problem


def _settings_made_once() -> None:
    """Docutils' default settings for a set of components, made once and copied after.

    Sphinx parses every translated paragraph as a document of its own, and MyST makes the
    default settings for each such document from scratch (an option parser of some seventy
    options): a third of the Japanese site's reading time went there."""
    import copy

    import docutils.frontend

    made = functools.cache(docutils.frontend.get_default_settings)
    docutils.frontend.get_default_settings = lambda *components: copy.copy(made(*components))


def _markdown_parser_made_once() -> None:
    """MyST's Markdown parser for a configuration, made once and used again.

    Sphinx parses each translated paragraph as a document of its own, and MyST builds a new
    markdown-it parser (some forty rules and plugins) for each: 434 of them for the Japanese
    edition, a third of the time spent translating. The parser keeps nothing from one
    document to the next (each render starts by setting up its document), and a worker
    parses one document at a time."""
    import myst_parser.parsers.sphinx_ as myst_sphinx

    made = {}
    create = myst_sphinx.create_md_parser

    def create_once(config, renderer):
        key = (id(config), renderer)
        if key not in made:  # (the configuration kept with it: its id is not reused)
            made[key] = (config, create(config, renderer))
        return made[key][1]

    myst_sphinx.create_md_parser = create_once


LOG = "see the log"  # the worker's answer when the log's warnings say what failed


def _os_problem(exc: BaseException) -> str | None:
    """One line for a full disk or an unsafe path anywhere in an exception's chain."""
    unsafe = exc
    while unsafe is not None and not isinstance(unsafe, files.UnsafePath):
        unsafe = unsafe.__cause__ or unsafe.__context__
    return f"{unsafe.filename} {unsafe.strerror}" if unsafe is not None else files.out_of_space(exc)


def _logged_problems(site: Path) -> str:
    log = site / "jupyter-book.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    warnings = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
    return "\n    ".join(warnings[-15:]) or f"no warning in {log}"


def _warm_up(app) -> None:
    """Work every build pays on first use, done while the chapters still execute: compiling
    the page template, soupsieve's CSS-selector patterns (the theme post-processes each page
    with BeautifulSoup), nbformat's notebook validator (myst-nb validates each notebook it
    reads), and loading every Pygments style (the theme lists them all to write its
    stylesheet). Compiled templates are kept beside the site (Jinja's bytecode cache, checked
    against each template's source), so a later build loads the dozens of theme templates
    instead of compiling them again."""
    import jinja2
    import nbformat
    import soupsieve
    from pygments.styles import get_all_styles

    templates = app.builder.templates.environment
    cache = Path(app.outdir).parent / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    templates.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    templates.get_template("page.html")
    soupsieve.compile("div.bd-content > p a[href]")
    nbformat.validate(nbformat.v4.new_notebook())
    list(get_all_styles())
    executor.settle_imports()


@contextlib.contextmanager
def site_lock(site: Path) -> Iterator[None]:
    """A Sphinx site is shared by all scenarios (so that a scenario's first build reuses
    everything it has in common with the last one); builds of different scenarios take turns
    (each edition's site on its own)."""
    path = BUILD_DIR / "locks" / f"{site.name}-site.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

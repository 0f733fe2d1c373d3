"""Jupyter Book's own ``build`` command, one worker process per edition, forked at the start
of a build.

All scenarios share one incremental Sphinx site per edition (``_build/sphinx``,
``_build/sphinx-ja``): only pages whose sources changed are read again. The workers import
Sphinx and set it up while the chapters execute, then build when the parent sends the
assembled sources.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import importlib
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from japan_us import BUILD_DIR, cache, executor, files, i18n


class Worker:
    """One edition's Sphinx build, in a process of a :class:`Workers` group."""

    def __init__(self, site: Path, conn) -> None:
        self.site, self.conn = site, conn

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
            problem = f"the Sphinx worker of {self.site.name} ended before it had built the site"
        finally:
            self.conn.close()
        return problem if problem != LOG else _logged_problems(self.site)


class Workers:
    """A Sphinx worker for each edition's site (``{site: (config, lang)}``).

    While the chapters execute on the other core, each worker takes its site's lock, lets
    Jupyter Book set up the Sphinx application and warms it up (about a second); Sphinx's
    ``build`` then waits until the parent sends the assembled sources. The workers are
    forked from one process that imports Sphinx, myst-nb, the theme and the book's
    extensions first, so that two editions import them once (0.4 s of CPU, on the cores
    the chapters run on). Closing the group kills that process, and with it any worker still
    running (:func:`japan_us.executor.die_with_parent`).
    """

    def __init__(self, sites: dict[Path, tuple[dict[str, bytes], str]]) -> None:
        context = multiprocessing.get_context("fork")
        self.workers, ends = {}, []
        for site, (config, lang) in sites.items():
            files.refuse_links(site)  # its sources are mirrored, its output published: no link in it
            conn, child = context.Pipe()
            self.workers[site] = Worker(site, conn)
            ends.append((child, site, config, lang))
        self.process = context.Process(target=_fork_workers, args=(ends,), daemon=True)
        with executor.ctrl_c_held():
            self.process.start()
        for child, *_ in ends:
            child.close()

    def __getitem__(self, site: Path) -> Worker:
        return self.workers[site]

    def __contains__(self, site: Path) -> bool:
        return site in self.workers

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        for worker in self.workers.values():
            worker.conn.close()


def _fork_workers(ends: list) -> None:
    """Import and warm up what every worker uses, then fork one worker per edition and wait
    for them."""
    executor.die_with_parent()
    _import_sphinx(ends[0][2])
    _warm_up()
    children, host = [], os.getpid()
    for index, (child, site, config, lang) in enumerate(ends):
        pid = os.fork()
        if pid == 0:
            for other, *_ in ends[:index] + ends[index + 1 :]:
                other.close()
            executor.die_with_parent(parent=host)
            _sphinx_worker(child, site, config, lang)  # (ends the process)
        children.append(pid)
        child.close()
    for pid in children:
        os.waitpid(pid, 0)
    os._exit(0)


def _import_sphinx(config: dict[str, bytes]) -> None:
    """Jupyter Book's command, Sphinx's HTML builder, the theme and every extension the
    book's configuration names."""
    from jupyter_book.cli import main  # noqa: F401
    from sphinx.builders import html  # noqa: F401

    book = yaml.safe_load(config["_config.yml"])
    extensions = book.get("sphinx", {}).get("config", {}).get("extensions", [])
    for name in [*extensions, "pydata_sphinx_theme"]:
        importlib.import_module(name)


def _sphinx_worker(conn, site: Path, config: dict[str, bytes], lang: str) -> None:
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
    stamp, code = site / "code.sha256", cache.code_hash() + i18n.translations_hash(lang)
    if not stamp.exists() or stamp.read_text() != code:
        files.remove_tree(site / "out")
    _settings_made_once()
    _markdown_parser_made_once()
    _translations_parsed_once()
    sphinx_build = Sphinx.build
    staging: list[Path] = []  # where the parent wants the HTML

    def build_when_the_sources_are_ready(app, *args, **kwargs):
        _compile_templates(app)
        executor.settle_imports()  # (garbage collection is off until the imports are done)
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


def _translations_parsed_once() -> None:
    """Sphinx's translation pass parses each translated paragraph twice: first to learn
    whether it renames a section (a title's parse is put in place there), then, for all
    others, again to put it in place. The first parse is kept for the second, and handed out
    once more only (a paragraph's key is its text, page and line)."""
    from sphinx.transforms import i18n as sphinx_i18n

    parse, first_parses = sphinx_i18n.publish_msgstr, {}

    def parse_once(app, source, source_path, source_line, config, settings):
        key = (source, source_path, source_line)
        if key in first_parses:
            return first_parses.pop(key)
        patch = parse(app, source, source_path, source_line, config, settings)
        if source_line is not None:
            first_parses[key] = patch
        return patch

    sphinx_i18n.publish_msgstr = parse_once


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


def _warm_up() -> None:
    """Work every build pays on first use, done while the chapters still execute, once for
    both editions: soupsieve's CSS-selector patterns (the theme post-processes each page
    with BeautifulSoup), nbformat's notebook validator (myst-nb validates each notebook it
    reads), and loading every Pygments style (the theme lists them all to write its
    stylesheet)."""
    import soupsieve
    from pygments.styles import get_all_styles

    soupsieve.compile("div.bd-content > p a[href]")
    executor.validate_notebooks()
    list(get_all_styles())


def _compile_templates(app) -> None:
    """Compile the page template while the chapters still execute. Compiled templates are
    kept beside the site (Jinja's bytecode cache, checked against each template's source),
    so a later build loads the dozens of theme templates instead of compiling them again."""
    import jinja2

    templates = app.builder.templates.environment
    cache = Path(app.outdir).parent / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    templates.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    templates.get_template("page.html")


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

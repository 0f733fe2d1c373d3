"""The translation catalogues: kept in step with the English text, checked, and compiled for
the build.

Two sets of gettext catalogues, each mirroring what it translates (as the Python
documentation's translations mirror its pages):

- ``book/locale/<lang>/LC_MESSAGES/book/...po``: the prose of each page, one catalogue per
  page (``book/chapters/03_frictions.po``), extracted by Sphinx's gettext builder from the
  assembled English book. Sphinx translates the pages from them.
- ``japan_us/locale/<lang>/LC_MESSAGES/...po``: the text the package makes, one catalogue per
  module (``chapters/frictions_trade.po``), extracted by Babel from ``_()`` and
  ``pgettext()`` calls. :mod:`japan_us.i18n` translates from them.

``python -m japan_us i18n update`` extracts both and merges them into the catalogues: a new
English message is added untranslated, a changed one is marked fuzzy with its old
translation, a removed one is dropped. The build refuses a translation that is missing,
fuzzy or drops a glued value (:func:`problems`).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from japan_us import BUILD_DIR, ROOT, files
from japan_us.dated import known_text
from japan_us.i18n import LOCALE_DIR as PACKAGE_LOCALE
from japan_us.i18n import SOURCE_LANGUAGE
from japan_us.notebooks import Glued, Mention

BOOK_LOCALE = ROOT / "book" / "locale"
PACKAGE = ROOT / "japan_us"
# Pages the package writes in each language itself (their text changes with the data): not
# translated by Sphinx.
GENERATED_PAGES = ("book/data", "book/parameters", "book/comparison")
KEYWORDS = {"_": None, "pgettext": ((1, "c"), 2)}
EPOCH = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)

# A glue role in prose: {glue:text}`key:format`, {glue:text}`page.ipynb::key:format`.
GLUE_ROLE = re.compile(r"\{glue(?::(\w+))?\}`([^`]+)`")


# ---------------------------------------------------------------- reading


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def book_catalogues(lang: str) -> list[Path]:
    return sorted((BOOK_LOCALE / lang / "LC_MESSAGES").rglob("*.po"))


def package_catalogues(lang: str) -> list[Path]:
    return sorted((PACKAGE_LOCALE / lang / "LC_MESSAGES").rglob("*.po"))


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


class Statistics(NamedTuple):
    translated: int
    fuzzy: int
    untranslated: int


def describe(stats: Statistics) -> str:
    return f"{stats.translated} translated, {stats.fuzzy} fuzzy, {stats.untranslated} untranslated"


def statistics(path: Path) -> Statistics:
    """As ``msgfmt --statistics`` counts: a fuzzy entry is not translated (Sphinx and gettext
    leave it out)."""
    counts = Counter("fuzzy" if m.fuzzy else "translated" if m.string else "untranslated" for m in read(path) if m.id)
    return Statistics(counts["translated"], counts["fuzzy"], counts["untranslated"])


# ---------------------------------------------------------------- glue roles


def glue_roles(text: str, page: str = "") -> Counter:
    """The glued values a paragraph prints: (kind, key) for each role, a key written in the
    path form of the page's own notebook (``03_frictions.ipynb::key``) counted as ``key``.
    Japanese twins of amounts (``key_ja``, see :func:`japan_us.i18n.amounts`) count as their
    key, and the format may differ (a translation may write a date or a number its way)."""
    roles = Counter()
    for kind, body in GLUE_ROLE.findall(text):
        target, _, key = body.rpartition("::") if "::" in body else ("", "", body)
        key = key.split(":")[0]
        if target == f"{page}.ipynb":
            target = ""
        key = key.removesuffix("_ja")
        roles[(kind or "any", target, key)] += 1
    return roles


def glue_problems(path: Path) -> list[str]:
    """Every translated message of a page's catalogue that prints other glued values than
    its English: a dropped, added or changed role (``msgfmt -c`` sees none of these)."""
    page = path.stem
    problems = []
    for message in read(path):
        if not message.id or not message.string:
            continue
        english, translated = glue_roles(message.id, page), glue_roles(message.string, page)
        if english != translated:
            missing, extra = english - translated, translated - english
            problems.append(
                f"{shown(path)}: {message.id[:60]!r}: "
                + "; ".join(
                    filter(
                        None,
                        [
                            missing and f"glue role(s) dropped {sorted(k for _, _, k in missing)}",
                            extra and f"glue role(s) not in the English {sorted(k for _, _, k in extra)}",
                        ],
                    )
                )
            )
    return problems


def problems(lang: str) -> list[str]:
    """What stops an edition in ``lang``: untranslated or fuzzy messages, dropped glue roles."""
    out = []
    for path in book_catalogues(lang) + package_catalogues(lang):
        stats = statistics(path)
        if stats.fuzzy or stats.untranslated:
            out.append(
                f"{shown(path)}: {stats.untranslated} untranslated and {stats.fuzzy} fuzzy "
                "message(s) (`msgattrib --untranslated` lists them)"
            )
    for path in book_catalogues(lang):
        out += glue_problems(path)
    return out


# ---------------------------------------------------------------- translated prose


@functools.cache
def book_translations(lang: str, docname: str) -> dict[str, str]:
    """A page's translated paragraphs by their English (as Sphinx extracts them: a paragraph's
    lines joined by spaces)."""
    path = BOOK_LOCALE / lang / "LC_MESSAGES" / f"{docname}.po"
    if not path.exists():
        return {}
    return {m.id: m.string for m in read(path) if m.id and m.string and not m.fuzzy}


SENTENCE_END = re.compile(r"(?<=。)")


def translated_prose(found: Glued, chapter: str, lang: str) -> Glued:
    """Where a chapter's translated prose prints each glued value: the comparison page of a
    translated edition quotes the sentences its readers read. A value whose paragraph has no
    translation is left out (the catalogue test fails on it anyway)."""
    if lang == SOURCE_LANGUAGE:
        return found
    translations = book_translations(lang, f"book/chapters/{chapter}")
    prose = {}
    for key, mention in found.prose.items():
        paragraph = translations.get(mention.paragraph)
        if paragraph is None:
            continue
        sentences = [s for s in SENTENCE_END.split(paragraph) if any(k == key for _, _, k in glue_roles(s, chapter))]
        prose[key] = Mention(sentences[0] if sentences else paragraph, mention.spec, paragraph, mention.label)
    return Glued(found.values, prose)


# ---------------------------------------------------------------- compiling for the build


def own_keys_in_path_form(text: str, page: str) -> str:
    """A chapter's own glue roles written with the notebook's name (``key:fmt`` becomes
    ``03_frictions.ipynb::key:fmt``): Sphinx reads a translated paragraph without its
    notebook, so myst-nb finds a value only through the path (a key without a format gets
    ``:s``, since the path form needs one)."""

    def rewrite(match: re.Match) -> str:
        kind, body = match.groups()
        if "::" in body:
            return match.group(0)
        key, _, spec = body.partition(":")
        return f"{{glue{':' + kind if kind else ''}}}`{page}.ipynb::{key}:{spec or 's'}`"

    return GLUE_ROLE.sub(rewrite, text)


_NUMBERED = re.compile(r"^(\d+)\. ")


def numbered_heading(english: str, translated: str) -> str:
    """A numbered heading ("1. Defense spending") translated as "1. 防衛費" would be read as
    a list by Sphinx, which then keeps the English heading: its dot is escaped."""
    return _NUMBERED.sub(r"\1\\. ", translated) if _NUMBERED.match(english) else translated


def compile_book(lang: str, dest: Path) -> None:
    """The prose catalogues for ``lang`` as .mo files in ``dest`` (the book's ``locale``
    folder), chapters' own glue roles in path form; only files whose bytes changed are
    written, so Sphinx re-reads only pages whose translation changed. Catalogues compiled
    before from the same bytes, by the same code, are not compiled again."""
    from io import BytesIO

    from babel.messages.mofile import write_mo

    sources = {path: path.relative_to(BOOK_LOCALE / lang / "LC_MESSAGES") for path in book_catalogues(lang)}
    wanted = {dest / lang / "LC_MESSAGES" / relative.with_suffix(".mo") for relative in sources.values()}
    stamp = dest / f"{lang}.sha256"
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path, relative in sources.items():
        digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and all(map(Path.exists, wanted)):
        return
    for path, relative in sources.items():
        catalogue = read(path)
        for message in catalogue:
            if message.id and message.string:
                message.string = numbered_heading(message.id, message.string)
                if relative.parts[:2] == ("book", "chapters"):
                    message.string = own_keys_in_path_form(message.string, path.stem)
        out = BytesIO()
        write_mo(out, catalogue)
        files.write_if_changed(dest / lang / "LC_MESSAGES" / relative.with_suffix(".mo"), out.getvalue())
    for stale in set((dest / lang).rglob("*.mo")) - wanted if (dest / lang).exists() else ():
        files.remove(stale)
    files.write_if_changed(stamp, digest.hexdigest().encode())


# ---------------------------------------------------------------- keeping in step


def extract_book(src: Path, out: Path) -> Path:
    """Sphinx's gettext builder over an assembled English book (a copy: the builder writes
    beside it); returns the folder of .pot files, one per page."""
    work = out / "src"
    files.remove_tree(work)
    shutil.copytree(src, work)
    shutil.copy(ROOT / "_config.yml", work / "_config.yml")  # the locale settings as they are now
    for page in (ROOT / "book").glob("*.md"):  # every dated passage, a paragraph of its own
        (work / "book" / page.name).write_text(known_text(page.read_text(encoding="utf-8"), None, apart=True))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    subprocess.run(
        [str(jupyter_book), "build", str(work), "--builder", "custom", "--custom-builder", "gettext", "-q"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return work / "_build" / "gettext"


def extract_package(module: Path):
    """Babel's catalogue of one module's ``_()`` and ``pgettext()`` messages."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalogue = Catalog(project="japan-us-report", charset="utf-8")
    for lineno, message, comments, context in extract_from_file(
        "python", module, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        where = [(str(module.relative_to(ROOT)), lineno)]
        catalogue.add(message, locations=where, auto_comments=comments, context=context)
    return catalogue


# The text columns of data tables a reader sees (tables, tooltips, the ledger), translated
# with the table's name as context by i18n.data_text.
TRANSLATED_COLUMNS: dict[str, tuple[str, ...]] = {
    "us_tariff_change_by_sector_japan": ("sector",),  # chapter 3, the burden by sector
    "fdi_in_us_observations": ("cited_document",),  # chapter 3, the investment chart's tooltips
    "events": ("title", "caveat"),
    "transition_milestones": ("person", "caveat", "note", "source_publisher"),
    "confirmation_pace_observations": ("metric", "scope", "source"),
    "defense_benchmarks": ("measure",),
    "japan_defense_budget_observations": ("stage",),
    "host_nation_support_observations": ("item", "unit", "basis"),
    "claim_ledger": ("claim",),
    "claim_verdicts": ("outcome", "rationale"),
    "japan_headline_tariff": ("label",),
    "semiconductor_shares": ("segment", "input_type", "market_size_note"),
}


def extract_data(table: str, columns: tuple[str, ...]):
    """A catalogue of every distinct text in the table's reader-facing columns."""
    from babel.messages.catalog import Catalog

    from japan_us import data

    frame = data.load(table)
    catalogue = Catalog(project="japan-us-report", charset="utf-8")
    for column in columns:
        for text in sorted(set(frame[column].dropna().astype(str)) - {""}):
            catalogue.add(text, locations=[(f"data/{table}.csv", 0)], context=table, auto_comments=[column])
    return catalogue


def extract_datapackage():
    """A catalogue of the reader-facing text of ``data/datapackage.json`` (the data page): each
    table's title, description, notes, sources (publishers, titles, editions), terms, and its
    fields' units and meanings (context "datapackage"; a translation keeps the names of
    publishers and datasets as published, and translates what this project wrote)."""
    from babel.messages.catalog import Catalog

    from japan_us import data

    catalogue = Catalog(project="japan-us-report", charset="utf-8")
    where = [("data/datapackage.json", 0)]

    def add(text, comment: str) -> None:
        if isinstance(text, str) and text.strip():
            catalogue.add(text, locations=where, context="datapackage", auto_comments=[comment])

    for res in data.descriptor()["resources"]:
        add(res["title"], f"{res['name']}: title")
        add(res["description"], f"{res['name']}: description")
        add(res.get("notes"), f"{res['name']}: notes")
        for src in res["sources"]:
            add(src["publisher"], f"{res['name']}: publisher of a source (a name stays as published)")
            add(src["title"], f"{res['name']}: title of a source (a name stays as published)")
            add(src["edition"], f"{res['name']}: edition of a source")
        for lic in res.get("licenses", []):
            add(lic["title"], f"{res['name']}: terms")
        for field in res["schema"]["fields"]:
            add(str(field.get("unit", "")), f"{res['name']}.{field['name']}: unit")
            add(str(field["description"]), f"{res['name']}.{field['name']}: meaning")
    return catalogue


def extract_declarations():
    """A catalogue of the chapters' declarations a reader sees (the parameters page): each
    chapter's title (context "chapter title") and each parameter's meaning ("parameter")."""
    from babel.messages.catalog import Catalog

    from japan_us.chapters import CHAPTERS

    catalogue = Catalog(project="japan-us-report", charset="utf-8")
    for chapter in CHAPTERS:
        where = [(f"japan_us/chapters ({chapter.slug})", 0)]
        catalogue.add(chapter.title, locations=where, context="chapter title")
        for param in chapter.params:
            catalogue.add(param.help, locations=where, context="parameter", auto_comments=[param.name])
    return catalogue


def merge(template, path: Path, lang: str) -> str:
    """Merge a template into the catalogue at ``path`` (created if new); returns what happened."""
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    if path.exists():
        catalogue = read(path)
        before = {(m.context, m.id): (m.string, m.fuzzy) for m in catalogue if m.id}
        catalogue.update(template, no_fuzzy_matching=False)
    else:
        catalogue, before = Catalog(locale=lang, project="japan-us-report", charset="utf-8", fuzzy=False), {}
        catalogue.update(template)
    catalogue.creation_date = catalogue.revision_date = EPOCH  # no date churn in the diffs
    out = BytesIO()
    write_po(out, catalogue, width=100, omit_header=False, ignore_obsolete=True, sort_output=False)
    after = {(m.context, m.id): (m.string, m.fuzzy) for m in catalogue if m.id}
    if not path.exists() or path.read_bytes() != out.getvalue():  # a source file, not the build's
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.getvalue())
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    return f"{shown(path)}: {len(after)} message(s), +{added} -{removed}" if added or removed else ""


def update(lang: str, src: Path) -> list[str]:
    """Extract the English text of the book at ``src`` and of the package, and merge it into
    the ``lang`` catalogues."""
    from babel.messages.pofile import read_po

    report = []
    pot = extract_book(src, BUILD_DIR / "gettext")  # (the translated edition's: its passages apart)
    for template_path in sorted(pot.rglob("*.pot")):
        docname = template_path.relative_to(pot).with_suffix("")
        if str(docname) in GENERATED_PAGES:
            continue
        with template_path.open("rb") as handle:
            template = read_po(handle)
        report.append(merge(template, BOOK_LOCALE / lang / "LC_MESSAGES" / docname.with_suffix(".po"), lang))
    for module in sorted(PACKAGE.rglob("*.py")):
        template = extract_package(module)
        target = PACKAGE_LOCALE / lang / "LC_MESSAGES" / module.relative_to(PACKAGE).with_suffix(".po")
        if len(template) or target.exists():
            report.append(merge(template, target, lang))
    messages = PACKAGE_LOCALE / lang / "LC_MESSAGES"
    report.append(merge(extract_datapackage(), messages / "data" / "datapackage.po", lang))
    report.append(merge(extract_declarations(), messages / "declarations.po", lang))
    for table, columns in TRANSLATED_COLUMNS.items():
        report.append(
            merge(extract_data(table, columns), PACKAGE_LOCALE / lang / "LC_MESSAGES" / "data" / f"{table}.po", lang)
        )
    return [line for line in report if line]

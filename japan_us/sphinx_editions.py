"""The Sphinx side of the book's editions (:mod:`japan_us.editions`): the language the
package's own words on a page are written in, a link on every page to the same page in the
other edition (with ``hreflang`` alternates for search engines), and search that finds
Japanese words.

Sphinx's Japanese search splits the index with TinySegmenter, but the browser splits a query
only at spaces and punctuation, which Japanese does not write: most Japanese queries find
nothing. Both sides here cut runs of kanji and kana into overlapping pairs of characters
(bigrams), the same way, so any word of two characters or more is found; Sphinx requires
every pair of a query to match, which comes close to a phrase search.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from japan_us import editions, i18n
from japan_us.i18n import pgettext

EDITIONS_FILE = "editions.txt"  # written by the build into the book's sources
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def _write_in_the_edition_language(app: Sphinx, config) -> None:
    i18n.set_language(config.language if config.language in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE)


def book_editions(app: Sphinx) -> tuple[str, ...]:
    """The languages of the book this site builds, the root's first (a book built by Jupyter
    Book alone has one)."""
    path = Path(app.srcdir) / EDITIONS_FILE
    return tuple(path.read_text(encoding="utf-8").split()) if path.exists() else (i18n.language(),)


def _note_editions(app: Sphinx, docname: str, source: list[str]) -> None:
    """Every page links to the other editions: a book built with other ones rewrites them all."""
    if (Path(app.srcdir) / EDITIONS_FILE).exists():
        app.env.note_dependency(str(Path(app.srcdir) / EDITIONS_FILE))


def edition_links(languages: tuple[str, ...], mine: str, pagename: str) -> dict[str, str]:
    """The address of this page in each edition, relative to this page."""
    to_root = "../" * pagename.count("/") + ("../" if editions.place(languages, mine) else "")
    return {lang: f"{to_root}{editions.place(languages, lang)}{pagename}.html" for lang in languages}


def _link_editions(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    languages, mine = book_editions(app), i18n.language()
    if len(languages) < 2 or mine not in languages:
        return
    links = edition_links(languages, mine, pagename)
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(href)}">' for lang, href in links.items()
    )
    if "body" not in context:  # the search page and the index: the theme's own
        return
    others = " · ".join(
        f'<a href="{html.escape(href)}" hreflang="{lang}" lang="{lang}">{LANGUAGE_NAMES[lang]}</a>'
        for lang, href in links.items()
        if lang != mine
    )
    label = html.escape(i18n._("This page in another language"))
    context["body"] = f'<nav class="japan-us-editions" aria-label="{label}">{others}</nav>\n' + context["body"]


def theme_words() -> dict[str, str]:
    """Words the themes write into every page without a translation (hard-coded in their
    templates, or missing from their Japanese catalogues), in the current language."""
    return {
        "Book": pgettext("theme", "Book"),
        "Page": pgettext("theme", "Page"),
        "Main": pgettext("theme", "Main"),
        "Color mode": pgettext("theme", "Color mode"),
        "System Settings": pgettext("theme", "System Settings"),
        "Toggle primary sidebar": pgettext("theme", "Toggle primary sidebar"),
        "Toggle secondary sidebar": pgettext("theme", "Toggle secondary sidebar"),
        "Link to this heading": pgettext("theme", "Link to this heading"),
    }


_THEME_ATTRIBUTE = re.compile(r'(aria-label|title)="([^"]+)"')


def translate_theme_words(page: str) -> str:
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return page
    words = theme_words()
    return _THEME_ATTRIBUTE.sub(lambda m: f'{m[1]}="{words.get(m[2], m[2])}"', page)


CJK = "\u3005\u3006\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f"
_RUN = re.compile(rf"[{CJK}]+|[^\W{CJK}]+")
_ALL_CJK = re.compile(rf"[{CJK}]+")


class JapaneseBigramSearch(SearchLanguage):
    """Japanese search: words of Latin letters and digits whole, runs of kanji and kana as
    overlapping pairs, in the index (Python) and in the reader's query (JavaScript)."""

    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = (
        r"""
function splitQuery(query) {
  const cjk = "CJK";
  const runs = query.match(new RegExp(`[${cjk}]+|(?:(?![${cjk}])[\\p{Letter}\\p{Number}_])+`, "gu")) || [];
  const out = [];
  for (const run of runs) {
    if (new RegExp(`^[${cjk}]+$`, "u").test(run)) {
      // a single kanji can never match: the index keeps words of two characters or more
      for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
    } else out.push(run);
  }
  return out;
}
"""
    ).replace("CJK", CJK.encode("unicode_escape").decode())

    def split(self, input: str) -> list[str]:
        words = []
        for run in _RUN.findall(input):
            if _ALL_CJK.fullmatch(run):
                words.extend(run[i : i + 2] for i in range(len(run) - 1))
            else:
                words.append(run)
        return words

    def word_filter(self, word: str) -> bool:
        return len(word) > 1

    def stem(self, word: str) -> str:
        return word.lower()


def _translate_toc_captions(app: Sphinx, doctree) -> None:
    """The captions of the table of contents in the edition's language: sphinx-external-toc
    inserts its toctrees after Sphinx has translated the page."""
    from sphinx import addnodes

    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return
    captions = toc_captions()
    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = captions.get(toctree["caption"], toctree["caption"])


def toc_captions() -> dict[str, str]:
    """The captions ``_toc.yml`` gives its parts, in the current language."""
    return {"Chapters": pgettext("toc", "Chapters"), "Reference": pgettext("toc", "Reference")}


def _complete_search_words(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx's Japanese catalogue leaves the search page's result line empty, so a reader
    saw it in English after each search: fill it (and any other empty one the page shows)."""
    path = Path(app.outdir) / "_static" / "translations.js"
    if exception is not None or i18n.language() == i18n.SOURCE_LANGUAGE or not path.exists():
        return
    words = {
        "Search finished, found ${resultCount} page(s) matching the search query.": pgettext(
            "search", "Search finished, found ${resultCount} page(s) matching the search query."
        ),
    }
    text = path.read_text(encoding="utf-8")
    for english, translated in words.items():
        text = text.replace(f'{json.dumps(english)}: ""', f"{json.dumps(english)}: {json.dumps(translated)}")
    path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _complete_search_words)
    app.connect("doctree-read", _translate_toc_captions)
    app.connect("config-inited", _write_in_the_edition_language, priority=100)
    app.connect("source-read", _note_editions)
    app.connect("html-page-context", _link_editions)
    app.add_search_language(JapaneseBigramSearch)

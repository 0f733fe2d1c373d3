"""The book's editions, one per language, built from the same sources.

A scenario names its editions (``lang``, English and Japanese by default). The first is
published at the book's root, each other one in a folder of its language's name:
``_build/html/`` in English and ``_build/html/ja/`` in Japanese. Each edition has:

- its own assembled sources (``_build/work/<scenario>/src`` for English, ``src-ja`` for
  Japanese): the chapters executed in its language, its generated pages, and for a
  translation the compiled catalogues of the prose (``locale/``);
- its own incremental Sphinx site (``_build/sphinx``, ``_build/sphinx-ja``), so that neither
  language makes Sphinx read the other's pages again (``language`` is part of Sphinx's
  environment);
- its own configuration: ``_config.yml`` with the language, title and theme words of the
  edition.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from japan_us import BUILD_DIR, ROOT, i18n
from japan_us.i18n import SOURCE_LANGUAGE, _


def src_folder(work: Path, lang: str) -> Path:
    return work / ("src" if lang == SOURCE_LANGUAGE else f"src-{lang}")


def site_folder(lang: str) -> Path:
    return BUILD_DIR / ("sphinx" if lang == SOURCE_LANGUAGE else f"sphinx-{lang}")


def place(languages: tuple[str, ...], lang: str) -> str:
    """Where an edition sits in the published book: "" for the first, else its folder."""
    return "" if lang == languages[0] else f"{lang}/"


def book_config(lang: str) -> dict[str, bytes]:
    """The book's configuration files for an edition. The English ones are the repository's
    own; a translation's ``_config.yml`` adds the language and the edition's title and theme
    words (the same for every scenario, so a scenario's first build reuses the site's pages)."""
    config = {name: (ROOT / name).read_bytes() for name in ("_config.yml", "_toc.yml")}
    if lang == SOURCE_LANGUAGE:
        return config
    settings = yaml.safe_load(config["_config.yml"])
    with i18n.use(lang):
        settings["title"] = book_title()
        settings["html"]["extra_footer"] = "<p>{}</p>\n".format(
            _(
                "Text and data compilation under CC BY 4.0; code under MIT. "
                "Data keep their publishers' terms (see Data and sources)."
            )
        )
        settings["author"] = _("The japan-us-report contributors")
        settings["copyright"] = _("2026. Text and data compilation: CC BY 4.0; code: MIT")
        sphinx = settings["sphinx"]["config"]
        sphinx["language"] = lang
        sphinx["html_theme_options"]["search_bar_text"] = _("Search the report…")
    config["_config.yml"] = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False).encode()
    return config


def book_title() -> str:
    """The book's title in the current language."""
    return _("Japan–US relations under the second Trump administration: a data companion")


def book_description() -> str:
    """What the book is, in a sentence: the description of a page without prose of its own."""
    return _(
        "Koji Tomita's November 2024 essay on Japan–US relations under the second Trump "
        "administration, tested against public data two years on."
    )


def short_title() -> str:
    return _("Japan–US relations under the second Trump administration")

"""Scenarios: a named, validated parameter set for the whole book (the defaults, a YAML file,
command-line overrides) and the book's date, ``as_of``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from japan_us import BUILD_DIR, EDITION_DATE, i18n
from japan_us.chapters import AS_OF, CHAPTERS, get
from japan_us.params import ParameterError, read_yaml, short

BASELINE = "baseline"
DEFAULT_LANGUAGES = i18n.LANGUAGES  # English at the root, Japanese in ja/


@dataclass(frozen=True)
class Scenario:
    name: str
    values: dict[str, dict[str, Any]]  # chapter slug -> complete, validated parameters
    description: str = ""
    as_of: str = EDITION_DATE  # the book's date: the hand-written pages follow it
    # The editions built, the first at the book's root, each other one in a folder of its
    # name (``_build/html/ja/``). ``values`` are the same for all: a chapter runs once per
    # edition with its ``lang`` set (:meth:`edition_values`).
    languages: tuple[str, ...] = DEFAULT_LANGUAGES

    def edition_values(self, lang: str) -> dict[str, dict[str, Any]]:
        return {slug: {**values, "lang": lang} for slug, values in self.values.items()}


# A scenario's name becomes a folder name: letters, digits, '-' and '_' only.
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# The word that marks a book built with command-line values: "custom-frictions.tariff_rate-0.3".
ADHOC = "custom"


def load_scenario(
    path: Path | None, overrides: dict[str, dict[str, Any]] | None = None, as_of: Any = None, lang: Any = None
) -> Scenario:
    """A scenario file (or the defaults) plus command-line overrides, fully validated.

    ``as_of`` (or the file's top-level ``as_of``) is the book's date: every chapter's ``as_of``
    unless the chapter sets its own, and the date the hand-written pages follow. ``lang`` (or
    the file's ``lang``) names the editions, "ja" or "en,ja": every chapter runs in each."""
    chapters_spec: dict[str, Any] = {}
    name, description, book_as_of, book_lang = BASELINE, "", None, None
    if path is not None:
        name, chapters_spec, description, book_as_of, book_lang = _read_scenario_file(Path(path))
    languages = languages_of(
        lang if lang is not None else book_lang, "-p lang" if lang is not None else f"scenario {path}"
    )
    book_as_of = as_of if as_of is not None else book_as_of
    book_as_of = EDITION_DATE if book_as_of is None else AS_OF.check(book_as_of, "the book")
    chosen: dict[str, dict[str, Any]] = {c.slug: {"as_of": book_as_of} for c in CHAPTERS if AS_OF in c.params}
    for slug, values in _by_chapter(chapters_spec, f"scenario {path}").items():
        chosen.setdefault(slug, {}).update(values)
    adhoc = _by_chapter(overrides or {}, "-p")
    for slug, values in adhoc.items():
        chosen.setdefault(slug, {}).update(values)
    values = {c.slug: c.param_set.validate(chosen.get(c.slug, {})) for c in CHAPTERS}
    if adhoc or as_of is not None or lang is not None:  # never overwrite a named scenario's book
        name = _adhoc_name(None if path is None else name, values, adhoc, as_of and book_as_of, lang and languages)
    if name == BASELINE and path is not None and values != defaults():
        raise ParameterError(
            f"scenario {path}: only the declared defaults may be called {BASELINE!r} "
            "(it publishes to _build/html); give the file another name"
        )
    return Scenario(name, values, description, book_as_of, languages)


def languages_of(value: Any, where: str) -> tuple[str, ...]:
    """The editions a book builds: "ja", "en,ja" or a list; the default both."""
    if value is None:
        return DEFAULT_LANGUAGES
    items = [v.strip() for v in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items or not all(isinstance(v, str) and v for v in items):
        raise ParameterError(f"{where}: lang must name languages, e.g. ja or en,ja; got {short(value)}")
    unknown = [v for v in items if v not in i18n.LANGUAGES]
    if unknown or len(set(items)) < len(items):
        raise ParameterError(f"{where}: lang {short(value)} must name each of {', '.join(i18n.LANGUAGES)} at most once")
    return tuple(items)


def defaults() -> dict[str, dict[str, Any]]:
    return {c.slug: c.param_set.validate({}) for c in CHAPTERS}


def _by_chapter(spec: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """Values by chapter slug, a chapter named once only (``frictions`` and ``03_frictions``
    are one chapter: naming both would silently keep the last)."""
    out: dict[str, dict[str, Any]] = {}
    for name, values in spec.items():
        if not isinstance(values, dict):
            raise ParameterError(f"{where}: chapter {short(name)} must map parameter names to values")
        slug = get(name).slug
        if "lang" in values:
            raise ParameterError(f"{where}: lang is the book's, not a chapter's: give it alone (-p lang ja)")
        if slug in out:
            raise ParameterError(f"{where}: chapter {slug} is named twice; give all its values in one place")
        out[slug] = values
    return out


def _adhoc_name(
    base: str | None, values: dict[str, dict[str, Any]], adhoc: dict[str, dict], as_of: Any, languages: Any = None
) -> str:
    """A book built with command-line values is named by what they set, so that two such
    books never share a folder: ``custom-as_of-2025-07-15``, ``tariff_escalation-custom-
    frictions.import_elasticity-2``. A long or unusual name ends with a hash of the values."""
    changes = [("as_of", as_of)] if as_of is not None else []
    changes += [("lang", list(languages))] if languages else []
    changes += [(f"{slug}.{param}", values[slug][param]) for slug in sorted(adhoc) for param in sorted(adhoc[slug])]
    readable = "-".join(f"{key}-{','.join(map(str, v)) if isinstance(v, list) else v}" for key, v in changes)
    safe = re.sub(r"[^A-Za-z0-9._,-]", "_", readable)
    name = "-".join(filter(None, [base, ADHOC, safe]))
    if len(name) > 64 or safe != readable:
        name = f"{name[:55]}-{hashlib.sha256(repr(changes).encode()).hexdigest()[:8]}"
    return name


def _read_scenario_file(path: Path) -> tuple[str, dict[str, Any], str, Any, Any]:
    """The scenario's name (its file name), its ``chapters`` mapping, its description, its
    ``as_of`` and ``lang`` (None if not set), or a ParameterError."""
    where = f"scenario {path}"
    name = path.stem
    if not SCENARIO_NAME.fullmatch(name) or ADHOC in name.split("-"):
        raise ParameterError(
            f"{where}: the file name {short(name)} cannot name a scenario: use letters, "
            f"digits, '-' and '_' (starting with a letter or digit), without the word {ADHOC!r} "
            "between hyphens, which marks books built with command-line values"
        )
    try:
        spec = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{where}: cannot be read as text: {exc}") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ParameterError(f"{where}: invalid YAML: {exc}") from None
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise ParameterError(
            f"{where}: expected a mapping with 'description', 'as_of', 'lang' and 'chapters', "
            f"got {type(spec).__name__} {short(spec)}"
        )
    unknown = set(spec) - {"description", "as_of", "lang", "chapters"}
    if unknown:
        raise ParameterError(
            f"{where}: unknown key(s) {short(sorted(map(str, unknown)))}; "
            "expected 'description', 'as_of', 'lang' and 'chapters'"
        )
    chapters_spec = spec.get("chapters") or {}
    if not isinstance(chapters_spec, dict):
        raise ParameterError(
            f"{where}: 'chapters' must map chapter names to parameter values, got {type(chapters_spec).__name__}"
        )
    description = spec.get("description") or ""
    if not isinstance(description, str):  # (a nested alias bomb would take minutes to print)
        raise ParameterError(f"{where}: 'description' must be text, got {type(description).__name__}")
    as_of = AS_OF.check(spec["as_of"], where) if "as_of" in spec else None
    return name, chapters_spec, description.strip(), as_of, spec.get("lang")


def scenario_output(name: str) -> Path:
    return BUILD_DIR / "html" if name == BASELINE else BUILD_DIR / "scenarios" / name / "html"

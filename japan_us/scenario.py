"""Scenarios: a named, validated parameter set for the whole book (the defaults, a YAML file,
command-line overrides) and the book's date, ``as_of``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from japan_us import BUILD_DIR, EDITION_DATE
from japan_us.chapters import AS_OF, CHAPTERS, get
from japan_us.params import ParameterError, read_yaml, short

BASELINE = "baseline"


@dataclass(frozen=True)
class Scenario:
    name: str
    values: dict[str, dict[str, Any]]  # chapter slug -> complete, validated parameters
    description: str = ""
    as_of: str = EDITION_DATE  # the book's date: the hand-written pages follow it


# A scenario's name becomes a folder name: letters, digits, '-' and '_' only.
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# The word that marks a book built with command-line values: "custom-frictions.tariff_rate-0.3".
ADHOC = "custom"


def load_scenario(path: Path | None, overrides: dict[str, dict[str, Any]] | None = None, as_of: Any = None) -> Scenario:
    """A scenario file (or the defaults) plus command-line overrides, fully validated.

    ``as_of`` (or the file's top-level ``as_of``) is the book's date: every chapter's ``as_of``
    unless the chapter sets its own, and the date the hand-written pages follow."""
    chapters_spec: dict[str, Any] = {}
    name, description, book_as_of = BASELINE, "", None
    if path is not None:
        name, chapters_spec, description, book_as_of = _read_scenario_file(Path(path))
    book_as_of = as_of if as_of is not None else book_as_of
    book_as_of = EDITION_DATE if book_as_of is None else AS_OF.check(book_as_of, "the book")
    chosen: dict[str, dict[str, Any]] = {c.slug: {"as_of": book_as_of} for c in CHAPTERS if AS_OF in c.params}
    for slug, values in _by_chapter(chapters_spec, f"scenario {path}").items():
        chosen.setdefault(slug, {}).update(values)
    adhoc = _by_chapter(overrides or {}, "-p")
    for slug, values in adhoc.items():
        chosen.setdefault(slug, {}).update(values)
    values = {c.slug: c.param_set.validate(chosen.get(c.slug, {})) for c in CHAPTERS}
    if adhoc or as_of is not None:  # never overwrite a named scenario's book with ad-hoc values
        name = _adhoc_name(None if path is None else name, values, adhoc, as_of and book_as_of)
    if name == BASELINE and path is not None and values != defaults():
        raise ParameterError(
            f"scenario {path}: only the declared defaults may be called {BASELINE!r} "
            "(it publishes to _build/html); give the file another name"
        )
    return Scenario(name, values, description, book_as_of)


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
        if slug in out:
            raise ParameterError(f"{where}: chapter {slug} is named twice; give all its values in one place")
        out[slug] = values
    return out


def _adhoc_name(base: str | None, values: dict[str, dict[str, Any]], adhoc: dict[str, dict], as_of: Any) -> str:
    """A book built with command-line values is named by what they set, so that two such
    books never share a folder: ``custom-as_of-2025-07-15``, ``tariff_escalation-custom-
    frictions.import_elasticity-2``. A long or unusual name ends with a hash of the values."""
    changes = [("as_of", as_of)] if as_of is not None else []
    changes += [(f"{slug}.{param}", values[slug][param]) for slug in sorted(adhoc) for param in sorted(adhoc[slug])]
    readable = "-".join(f"{key}-{','.join(map(str, v)) if isinstance(v, list) else v}" for key, v in changes)
    safe = re.sub(r"[^A-Za-z0-9._,-]", "_", readable)
    name = "-".join(filter(None, [base, ADHOC, safe]))
    if len(name) > 64 or safe != readable:
        name = f"{name[:55]}-{hashlib.sha256(repr(changes).encode()).hexdigest()[:8]}"
    return name


def _read_scenario_file(path: Path) -> tuple[str, dict[str, Any], str, Any]:
    """The scenario's name (its file name), its ``chapters`` mapping, its description and its
    ``as_of`` (None if not set), or a ParameterError."""
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
            f"{where}: expected a mapping with 'description', 'as_of' and 'chapters', "
            f"got {type(spec).__name__} {short(spec)}"
        )
    unknown = set(spec) - {"description", "as_of", "chapters"}
    if unknown:
        raise ParameterError(
            f"{where}: unknown key(s) {short(sorted(map(str, unknown)))}; "
            "expected 'description', 'as_of' and 'chapters'"
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
    return name, chapters_spec, description.strip(), as_of


def scenario_output(name: str) -> Path:
    return BUILD_DIR / "html" if name == BASELINE else BUILD_DIR / "scenarios" / name / "html"

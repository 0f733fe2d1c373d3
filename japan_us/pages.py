"""Book pages generated at build time from the declarations: parameters and data sources."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from japan_us import data
from japan_us.chapters import CHAPTERS

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an escaped
# character is only ever itself: no role, directive, fence, target, comment, math, HTML or
# table cell can start from it.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# What a web address may hold to be shown as a link (RFC 3986's characters less the
# delimiters that could close the link or start markup after it).
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def _text(value: Any) -> str:
    """Text from a declaration, the descriptor or a scenario file, as text in MyST: every
    punctuation character escaped and line breaks joined, so that a description reads as
    written and nothing in it is markup (roles, directives, HTML)."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _code(value: Any) -> str:
    """Text in a code span: fenced by more backticks than it holds in a row (so it cannot end
    the span), its pipes escaped (GFM splits table cells even inside code spans)."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _label(name: str) -> str:
    """A table's name as a page target: lower-case words joined by hyphens."""
    return "-".join(re.findall("[a-z0-9]+", name.lower()))


def _link(url: str) -> str:
    """A web address as a link; anything else (say ``javascript:``) is shown as text only."""
    return f"<{url}>" if _WEB_ADDRESS.fullmatch(url) else _text(url)


def parameters_page(values_by_chapter: dict[str, dict[str, Any]], scenario: str) -> str:
    """Every chapter's parameters with type, range, default and the value this build used."""
    out = [
        "# Parameters",
        "",
        "Each chapter is a parameterised notebook. The values below are declared once, in",
        "`japan_us/chapters/`, and checked before a chapter runs: an unknown name, a wrong",
        "type or a value out of range stops the run with a message saying which.",
        f"This build used the scenario **{_text(scenario)}**.",
        "",
        "Rerun a chapter with other values from the repository root:",
        "",
        "```text",
        ".venv/bin/python -m japan_us run frictions -p tariff_rate 0.25 -p countries USA,KOR",
        ".venv/bin/papermill notebooks/03_frictions.ipynb _build/03_frictions.ipynb -p tariff_rate 0.25",
        "make book SCENARIO=scenarios/tariff_escalation.yaml",
        "```",
        "",
    ]
    for chapter in CHAPTERS:
        used_values = values_by_chapter[chapter.slug]
        out += [
            f"## {chapter.title}",
            "",
            f"Chapter `{chapter.slug}` (notebook `notebooks/{chapter.notebook}.ipynb`, "
            f"essay section {chapter.essay_section}).",
            "",
        ]
        for p in chapter.params:
            used = "" if used_values[p.name] == p.default else f" **This build: {_text(used_values[p.name])}.**"
            rng = f" Range: {_text(p.describe_range())}." if p.describe_range() else ""
            out.append(f"- `{p.name}` ({p.type_name}): {_text(p.help)}. Default: {_text(p.default)}.{rng}{used}")
        out.append("")
    return "\n".join(out)


DATA_PACKAGE_ZIP = "japan-us-data-package.zip"


def data_package_zip() -> bytes:
    """Every table of ``data/`` and its descriptor as one zip, the same bytes for the same
    files (fixed timestamps, sorted names)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted([data.DATA_DIR / "datapackage.json", *data.DATA_DIR.glob("*.csv")]):
            info = zipfile.ZipInfo(f"data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return out.getvalue()


def data_page() -> str:
    """One section per table of data/datapackage.json: source, licence, notes and fields."""
    package = data.descriptor()
    out = [
        "# Data and sources",
        "",
        "Every number in this book comes from one of the tables below, committed in the",
        "repository's `data/` folder and described in `data/datapackage.json` (a Frictionless",
        "Data Package). Each table is validated against that description whenever it is",
        "loaded: a malformed value stops the build with the file, line and column named.",
        "Sources are the original publishers; where a figure was read from a news or",
        "government page, the page is cited row by row in the table itself.",
        "",
        f"{{download}}`Download the whole data package <{DATA_PACKAGE_ZIP}>` (every table as CSV, with",
        "`datapackage.json`); each chart also offers the rows it draws, under the chart.",
        "",
    ]
    for res in package["resources"]:
        out += [
            f"(data-{_label(res['name'])})=",
            f"## {_text(res['title'])}",
            "",
            _text(res["description"]),
            "",
            f"- **File:** {_code('data/' + res['path'])}",
        ]
        for src in res["sources"]:
            out.append(
                f"- **Source:** {_text(src['publisher'])}, *{_text(src['title'])}*, "
                f"{_text(src['edition'])}. {_link(src['path'])}"
            )
        for lic in res.get("licenses", []):
            out.append(f"- **Terms:** {_text(lic['title'])}")
        if res.get("notes"):
            out.append(f"- **Notes:** {_text(res['notes'])}")
        out += ["", "| field | type | unit | meaning |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            out.append(
                f"| {_code(field['name'])} | {_text(field['type'])} | {_text(field.get('unit', ''))} "
                f"| {_text(field['description'])} |"
            )
        out.append("")
    return "\n".join(out)


def comparison_page(scenario, defaults: dict[str, dict[str, Any]], moved: dict[str, tuple[dict, dict]]) -> str:
    """The scenario against the baseline: every parameter that differs, and every value glued
    into the text that changed with it (baseline, scenario, difference), by chapter."""
    out = ["# This scenario against the baseline", ""]
    if scenario.name == "baseline":
        return (
            "\n".join(
                out
                + [
                    "This is the baseline book: every parameter of every chapter has its default value.",
                    "A scenario build (`make book SCENARIO=scenarios/tariff_escalation.yaml`, or",
                    "`.venv/bin/python -m japan_us build -p frictions.tariff_rate 0.25`) fills this page with the",
                    "parameters it changes and every number in the text that moved as a result, baseline",
                    "beside scenario.",
                ]
            )
            + "\n"
        )
    out += [
        f"This book was built with the scenario **{_text(scenario.name)}**"
        + (f": {_text(scenario.description)}" if scenario.description else "."),
        "Everything not listed here is as in the baseline book, which uses every parameter's default.",
        "",
        "## Parameters that differ",
        "",
        "| chapter | parameter | baseline | this scenario |",
        "|---|---|---|---|",
    ]
    by_slug = {c.slug: c for c in CHAPTERS}
    for slug, values in scenario.values.items():
        for name, value in values.items():
            if value != defaults[slug][name]:
                row = [_chapter_link(by_slug[slug]), _code(name), _text(defaults[slug][name]), _text(value)]
                out.append(f"| {' | '.join(row)} |")
    out += [
        "",
        "## Numbers in the text that changed",
        "",
        "| chapter | value | baseline | this scenario | difference |",
        "|---|---|---|---|---|",
    ]
    changed = 0
    for slug, (before, after) in moved.items():
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key, "—"), after.get(key, "—")
            if old != new:
                changed += 1
                out.append(
                    f"| {_chapter_link(by_slug[slug])} | {_code(key)} | {_number(old)} | {_number(new)} "
                    f"| {_difference(old, new)} |"
                )
    if not changed:
        out.append("| — | no value in the text changed | | | |")
    return "\n".join(out) + "\n"


def _chapter_link(chapter) -> str:
    return f"[{_text(chapter.title.split(':')[0])}](chapters/{chapter.notebook}.ipynb)"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}"
    return _text(value)  # integers (years, counts) and text as they are


def _difference(old: Any, new: Any) -> str:
    if not (_is_number(old) and _is_number(new)):
        return ""
    return f"{new - old:+d}" if isinstance(old, int) and isinstance(new, int) else f"{new - old:+,.4g}"

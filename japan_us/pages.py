"""Book pages generated at build time from the declarations: parameters and data sources."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from dataclasses import dataclass
from typing import Any

from japan_us import EDITION_DATE, data, i18n, long_date
from japan_us.chapters import CHAPTERS, Chapter, change_in_words
from japan_us.html_table import html_table
from japan_us.i18n import _, pgettext
from japan_us.notebooks import GLUE_ROLE, Glued, Mention

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
    text = i18n.list_separator().join(map(str, value)) if isinstance(value, list) else str(value)
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
        _("# Parameters"),
        "",
        _(
            "Each chapter is a parameterised notebook. The values below are declared once, in\n"
            "`japan_us/chapters/`, and checked before a chapter runs: an unknown name, a wrong\n"
            "type or a value out of range stops the run with a message saying which."
        ),
        _("This build used the scenario **{scenario}**.").format(scenario=_text(scenario)),
        "",
        _("Rerun a chapter with other values from the repository root:"),
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
            f"## {_chapter_title(chapter)}",
            "",
            _("Chapter `{slug}` (notebook `notebooks/{notebook}.ipynb`, essay section {section}).").format(
                slug=chapter.slug, notebook=chapter.notebook, section=_essay_section(chapter)
            ),
            "",
        ]
        for p in chapter.params:
            used = (
                ""
                if used_values[p.name] == p.default
                else _(" **This build: {value}.**").format(value=_text(used_values[p.name]))
            )
            rng = _(" Range: {range}.").format(range=_text(p.describe_range())) if p.describe_range() else ""
            out.append(
                _("- `{name}` ({type}): {meaning}. Default: {default}.{range}{used}").format(
                    name=p.name,
                    type=p.type_name,
                    meaning=_text(p.meaning()),
                    default=_text(p.default),
                    range=rng,
                    used=used,
                )
            )
        out.append("")
    return "\n".join(out)


def _chapter_title(chapter: Chapter) -> str:
    """A chapter's title in the reader's language (catalogue ``declarations.po``)."""
    return pgettext("chapter title", chapter.title)


def _essay_section(chapter: Chapter) -> str:
    """The essay's section a chapter follows ("all" for the whole essay)."""
    return _("all") if chapter.essay_section == "all" else chapter.essay_section


def _package_text(text: str) -> str:
    """Text of data/datapackage.json in the reader's language (catalogue ``data/datapackage.po``)."""
    return pgettext("datapackage", text) if text else text


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


def data_page(as_of: str = EDITION_DATE) -> str:
    """One section per table of data/datapackage.json: source, licence, notes and fields (for
    a book as of an earlier day, what of them it uses)."""
    package = data.descriptor()
    out = [
        _("# Data and sources"),
        "",
        *(_edition_data(as_of) if as_of < EDITION_DATE else []),
        _(
            "Every number in this book comes from one of the tables below, committed in the\n"
            "repository's `data/` folder and described in `data/datapackage.json` (a Frictionless\n"
            "Data Package). Each table is validated against that description whenever it is\n"
            "loaded: a malformed value stops the build with the file, line and column named.\n"
            "Sources are the original publishers; where a figure was read from a news or\n"
            "government page, the page is cited row by row in the table itself."
        ),
        "",
        _(
            "{{download}}`Download the whole data package <{zip}>` (every table as CSV, with\n"
            "`datapackage.json`); each chart also offers the rows it draws, under the chart."
        ).format(zip=DATA_PACKAGE_ZIP),
        "",
    ]
    for res in package["resources"]:
        out += [
            f"(data-{_label(res['name'])})=",
            f"## {_text(_package_text(res['title']))}",
            "",
            _text(_package_text(res["description"])),
            "",
            _("- **File:** {file}").format(file=_code("data/" + res["path"])),
        ]
        for src in res["sources"]:
            out.append(
                _("- **Source:** {publisher}, *{title}*, {edition}. {link}").format(
                    publisher=_text(_package_text(src["publisher"])),
                    title=_text(_package_text(src["title"])),
                    edition=_text(_package_text(src["edition"])),
                    link=_link(src["path"]),
                )
            )
        for lic in res.get("licenses", []):
            out.append(_("- **Terms:** {terms}").format(terms=_text(_package_text(lic["title"]))))
        if res.get("notes"):
            out.append(_("- **Notes:** {notes}").format(notes=_text(_package_text(res["notes"]))))
        fields = [
            [
                f["name"],
                str(f["type"]),
                _package_text(str(f.get("unit", ""))),
                _package_text(str(f["description"])),
            ]
            for f in res["schema"]["fields"]
        ]
        caption = _("Fields of {path}").format(path=res["path"])
        headings = [
            pgettext("column", "field"),
            pgettext("column", "type"),
            pgettext("column", "unit"),
            pgettext("column", "meaning"),
        ]
        out += ["", html_table(headings, fields, caption=caption), ""]
    return "\n".join(out)


# Where a scenario's book finds the baseline book: both are published under one build folder,
# the baseline's in html/, a scenario's in scenarios/<name>/html/ (this page is in its book/).
BASELINE_BOOK = "../../../../html/book/"


def baseline_comparison() -> str:
    """The comparison page of the baseline book, which has nothing to compare."""
    return _(
        """# This scenario against the baseline

This is the baseline book: every parameter of every chapter has its default value. A scenario
is a YAML file naming the values it changes (see `scenarios/tariff_escalation.yaml`): build it
with `make book SCENARIO=scenarios/tariff_escalation.yaml`, or change one value with
`.venv/bin/python -m japan_us build -p frictions.tariff_rate 0.25`. Its book has this page too,
setting every number of its text that moved beside the baseline's.
"""
    )


def _edition_data(as_of: str) -> list[str]:
    """What a book as of an earlier day takes of the edition's tables."""
    return [
        _(
            "This book is the record as of {as_of}. The tables and their descriptions below\n"
            "are the edition's, closed on {edition_date}; the book uses only the values\n"
            "public on its own date, by each table's stated rule of publication (methodology), so\n"
            "descriptions may name later periods that its pages leave out."
        ).format(as_of=_text(long_date(as_of)), edition_date=_text(long_date(EDITION_DATE))),
        "",
    ]


def comparison_page(scenario, defaults: dict[str, dict[str, Any]], moved: dict[str, tuple[Glued, Glued]]) -> str:
    """The scenario against the baseline, for readers: each parameter that differs as they
    know it (25%, not 0.25), and each number of the text that moved, in the sentence it sits
    in, formatted as the chapter formats it, beside the baseline's, with links to the
    paragraph in both books and a chart of the largest changes."""
    if scenario.name == "baseline":
        return baseline_comparison()
    changes = [
        change
        for slug, (before, after) in moved.items()
        for change in _changes(
            slug, before, after, {n for n, v in scenario.values[slug].items() if v != defaults[slug][n]}
        )
    ]
    built = (
        _("This book was built with the scenario **{name}**: {description}").format(
            name=_text(scenario.name), description=_text(scenario.description)
        )
        if scenario.description
        else _("This book was built with the scenario **{name}**.").format(name=_text(scenario.name))
    )
    out = [
        _("# This scenario against the baseline"),
        "",
        _('<p><a href="{book}comparison.html">This page in the baseline book</a></p>').format(book=BASELINE_BOOK),
        "",
        built,
        _("Everything not listed here is as in the baseline book, which uses every parameter's default."),
        "",
        _("## What the scenario sets"),
        "",
        *_parameters_set(scenario, defaults, changes),
        "",
        _("## Numbers in the text that changed"),
        "",
    ]
    if earlier := _earlier_record(scenario, defaults):
        return "\n".join([*out, *_not_compared(earlier), ""])
    if not changes:
        return "\n".join([*out, _("No number in the text changed."), ""])
    out += [
        _(
            "{count} numbers in the text changed. Each sentence reads as in this book, with the\n"
            "baseline's number in brackets after this book's, in bold."
        ).format(count=len(changes)),
        "",
        *_chart_lines(_largest_changes_chart(changes)),
    ]
    for chapter in CHAPTERS:
        mine = [c for c in changes if c.chapter is chapter]
        if mine:
            out += [f"### {_chapter_link(chapter)}", "", *_paragraphs(mine)]
    return "\n".join(out) + "\n"


def _earlier_record(scenario, defaults: dict[str, dict[str, Any]]) -> str | None:
    """The book's date, if it is a record as of a day before the edition's, else None."""
    days = {
        values["as_of"]
        for slug, values in scenario.values.items()
        if values.get("as_of") != defaults[slug].get("as_of")
    }
    return min(days) if days else None


def _not_compared(as_of: str) -> list[str]:
    """Why a book as of an earlier day sets no number beside the baseline's: each of those
    would quote what was published after the book's date, which the book leaves out."""
    return [
        _(
            "None is listed here. This book is the record as of {as_of}, and the baseline's\n"
            "numbers include figures published after that day, which this book leaves out; set side by\n"
            "side, they would bring them back in. Each chapter of the baseline book, linked above, gives\n"
            "the record as the edition closes it."
        ).format(as_of=_text(long_date(as_of)))
    ]


@dataclass(frozen=True)
class _Change:
    """A number (or phrase) of a chapter's text that differs between the two books."""

    chapter: Chapter
    key: str
    before: Glued
    after: Glued
    mention: Mention
    set_by: tuple[str, ...]  # the changed parameters the paragraph names

    @property
    def old(self) -> Any:
        return self.before.values[self.key]

    @property
    def new(self) -> Any:
        return self.after.values[self.key]

    @property
    def relative(self) -> float | None:
        """The change as a share of the baseline value, for numbers the chapter prints as
        measures (with a format); years, counts and phrases have none."""
        if self.mention.spec and _is_number(self.old) and _is_number(self.new) and self.old:
            return self.new / self.old - 1
        return None


def _changes(slug: str, before: Glued, after: Glued, changed: set[str]) -> list[_Change]:
    """The numbers of the chapter's text that moved, in the order the text gives them;
    ``changed``: the chapter's parameters the scenario sets."""
    chapter = next(c for c in CHAPTERS if c.slug == slug)
    out = []
    for key, mention in after.prose.items():
        if key in before.values and key in after.values and before.values[key] != after.values[key]:
            named = tuple(sorted(name for name in changed if f"`{name}`" in mention.paragraph))
            out.append(_Change(chapter, key, before, after, mention, named))
    return out


def _parameters_set(scenario, defaults: dict[str, dict[str, Any]], changes: list[_Change]) -> list[str]:
    """One line per parameter that differs (a parameter every chapter shares, such as the
    date of the record, once), with what it moved."""
    lines: dict[tuple[str, str, str], list[Chapter]] = {}
    for chapter in CHAPTERS:
        for p in chapter.params:
            value, default = scenario.values[chapter.slug][p.name], defaults[chapter.slug][p.name]
            if value != default:
                lines.setdefault((p.name, p.shown(default), p.shown(value)), []).append(chapter)
    params = {p.name: p for c in CHAPTERS for p in c.params}
    out = []
    for (name, default, value), chapters in lines.items():
        where = (
            _("every chapter")
            if len(chapters) == len(CHAPTERS)
            else i18n.list_separator().join(map(_chapter_link, chapters))
        )
        moved = sum(name in c.set_by for c in changes)
        effect = _(" The text names it beside {moved} of the numbers below.").format(moved=moved) if moved else ""
        out.append(
            _("- **{meaning}** ({where}; {name}): {default} in the baseline, **{value}** here.{effect}").format(
                meaning=_text(_short_meaning(params[name])),
                where=where,
                name=_code(name),
                default=_text(default),
                value=_text(value),
                effect=effect,
            )
        )
    return out


def _short_meaning(param) -> str:
    """A parameter's meaning without its bracketed detail ("Tariff rate on all imports from
    Japan in the scenario")."""
    meaning = param.meaning()
    return meaning.split(" (")[0] if not i18n.is_japanese() else re.split(r"[（(]", meaning)[0]


def _paragraphs(changes: list[_Change]) -> list[str]:
    """Each paragraph with a changed number: its sentences that hold one, then links to it in
    both books and the parameters it names."""
    out = []
    for paragraph in dict.fromkeys(c.mention.paragraph for c in changes):
        mine = [c for c in changes if c.mention.paragraph == paragraph]
        sentences = dict.fromkeys(c.mention.sentence for c in mine)
        out += ["> " + " … ".join(_sentence(s, mine[0].before, mine[0].after) for s in sentences), ""]
        links = _paragraph_links(mine[0])
        if mine[0].set_by:
            links.append(_("set by {names}").format(names=", ".join(map(_code, mine[0].set_by))))
        out += [" · ".join(links), ""]
    return out


def _paragraph_links(change: _Change) -> list[str]:
    label, page = change.mention.label, f"{BASELINE_BOOK}chapters/{change.chapter.notebook}.html"
    if label is None:
        return [
            _("[In this book]({path})").format(path=_chapter_path(change.chapter)),
            _('<a href="{page}">in the baseline book</a>').format(page=page),
        ]
    at = f"#{label}" if label in {m.label for m in change.before.prose.values()} else ""
    return [
        _("{{ref}}`In this book <{label}>`").format(label=label),
        _('<a href="{page}">in the baseline book</a>').format(page=page + at),
    ]


# A glued value with the unit the sentence writes around it: "US$", "¥" before; "%" or a
# scale word after.
_UNIT_WORDS = "billion|trillion|million|times|bcm|days|percentage points|points"
_GLUED = re.compile(r"(?P<before>US\$|¥)?" + GLUE_ROLE.pattern + rf"(?P<after>%|\s(?:{_UNIT_WORDS})\b)?")


def _printed(glued: Glued, match: re.Match) -> str:
    """A value as the chapter prints it, with its unit; a negative number with a true minus."""
    value = glued.values.get(match["key"], "")
    text = str(value)
    if _is_number(value):
        text = (format(value, match["spec"]) if match["spec"] else text).replace("-", "\N{MINUS SIGN}")
    return f"{match['before'] or ''}{text}{match['after'] or ''}"


def _sentence(sentence: str, before: Glued, after: Glued) -> str:
    """A sentence of the chapter as this book prints it, each changed value in bold with the
    baseline's after it; the prose around it as text (no markup of the chapter's runs here)."""
    out, end = [], 0
    for match in _GLUED.finditer(sentence):
        out.append(_prose(sentence[end : match.start()]))
        new, old = _printed(after, match), _printed(before, match)
        if before.values.get(match["key"]) == after.values.get(match["key"]):
            out.append(_escape(new))
        else:
            out.append(_("**{new}** (baseline {old})").format(new=_escape(new), old=_escape(old)))
        end = match.end()
    return "".join([*out, _prose(sentence[end:])])


_MARKUP = re.compile(r"\{[a-z:-]+\}`([^`<]*)(?:<[^`]*>)?`|\[([^\]]*)\]\([^)]*\)|`([^`]*)`|\*+")


def _prose(markdown: str) -> str:
    """A stretch of a chapter's Markdown (no glued value in it) as text in MyST: roles, links
    and code shown as their text, emphasis dropped."""
    return _escape(_plain(markdown, Glued({}, {})))


def _escape(text: str) -> str:
    """Text as text in MyST, spaces kept (see _text)."""
    return _PUNCTUATION.sub(r"\\\1", text)


# Where a clause ends: a comma, colon or full stop before a space (not the comma of 5,120),
# a semicolon, a bracket.
_CLAUSE = re.compile(r"[,:.](?:\s|$)|[;()]|[、。：；（）]")


def _name(change: _Change) -> str:
    """A number in a few words of its clause, as this book prints it: "a flat tariff of 25.0%
    would raise about US$29.2". A number that opens its clause takes the words after it, or,
    if none follow ("(US$5,120 billion)"), the end of the clause before."""
    sentence = change.mention.sentence
    match = _role_of(change, sentence)
    clauses = [clause.split() for clause in _CLAUSE.split(_plain(sentence[: match.start()], change.after))]
    after = _CLAUSE.split(_plain(sentence[match.end() :], change.after))[0].split()[:7]
    before = clauses[-1] if len(clauses[-1]) > 1 or len(after) > 1 else sum(clauses[-2:], [])
    return i18n.space().join([*before[-5:], _printed(change.after, match), *after])


def _plain(markdown: str, glued: Glued) -> str:
    """Markdown of a chapter as plain text, its glued values printed."""
    text = _GLUED.sub(lambda m: _printed(glued, m), markdown)
    return _MARKUP.sub(lambda m: next((g for g in m.groups() if g is not None), ""), text)


MOST_CHANGED = 8  # bars in the chart of the largest changes


def _largest_changes_chart(changes: list[_Change]):
    """The numbers that moved most, relative to the baseline, as a bar chart (None if no
    number the chapters print as a measure moved)."""
    from japan_us.lazy import alt, charts, pd

    measured = sorted((c for c in changes if c.relative is not None), key=lambda c: -abs(c.relative))
    if not measured:
        return None
    top = measured[:MOST_CHANGED]
    several = len({c.chapter.slug for c in top}) > 1  # name the chapter only when it tells them apart
    rows = pd.DataFrame(
        {
            "number": [_name(c) + (_chapter_in_brackets(c.chapter) if several else "") for c in top],
            "change_pct": [100 * c.relative for c in top],
            "baseline": [_printed_value(c.before, c) for c in top],
            "scenario": [_printed_value(c.after, c) for c in top],
        }
    )
    first = top[0]
    # Each number's words above its bar, across the chart's width: a phone has no room for
    # them beside the bars.
    rows["label"] = [
        "\n".join(i18n.wrap(name, 46)) if i18n.is_japanese() else textwrap.fill(name, 46) for name in rows.number
    ]
    base = alt.Chart(rows).encode(y=alt.Y("number:N", sort=None, axis=None, title=None))
    bars = base.mark_bar(size=14, color="#595959", yOffset=10).encode(  # numbers: no entity's colour
        x=alt.X("change_pct:Q", title=_("% change")),
        tooltip=charts.tooltip(
            ("number:N", _("Number")),
            ("baseline:N", _("Baseline")),
            ("scenario:N", _("This scenario")),
            ("change_pct:Q", _("Change, %"), "+.1f"),
        ),
    )
    words = base.mark_text(align="left", baseline="top", dy=-27, fontSize=12, lineHeight=14, lineBreak="\n").encode(
        x=alt.XValue(0), text=alt.Text("label")
    )
    layered = alt.layer(bars, words).properties(height=58 * len(top))
    chart = charts.finish(
        layered,
        title=_("The largest change, {change}: “{number}” (baseline {baseline})").format(
            change=change_in_words(first.relative, "{:.0%}", "up", "down"),
            number=_name(first),
            baseline=_printed_value(first.before, first),
        ),
        subtitle=_(
            "Change from the baseline, % of the baseline value: the {count} numbers in the text that moved most"
        ).format(count=len(top)),
        source=_("This book's chapters, executed with the baseline's parameters and with this scenario's."),
        description=_(
            "Bar chart of the {count} numbers in the text that changed most relative to the baseline; {changes}"
        ).format(
            count=len(top),
            changes="; ".join(
                _("{number}, {change}").format(
                    number=_name(c), change=change_in_words(c.relative, "{:.1%}", "up", "down")
                )
                for c in top
            ),
        ),
    )
    return chart


def _chart_lines(chart) -> list[str]:
    """A chart as the chapters' charts are drawn (offline, by the book's renderer), on one line
    of Markdown: a blank line would end the HTML block."""
    if chart is None:
        return []
    from japan_us.lazy import alt

    return [" ".join(alt.renderers.get()(chart.to_dict(validate=False))["text/html"].split("\n")), ""]


def _printed_value(glued: Glued, change: _Change) -> str:
    return _printed(glued, _role_of(change, change.mention.sentence))


def _role_of(change: _Change, sentence: str) -> re.Match:
    """The role that prints the changed value in its sentence: its key, or in a translation
    the key's twin written as that language writes amounts (``key_ja``)."""
    return next(m for m in _GLUED.finditer(sentence) if m["key"] in (change.key, f"{change.key}_ja"))


def _chapter_in_brackets(chapter) -> str:
    """ " (Bracing for frictions)": a chapter's short title after a number."""
    short_title = _short_title(chapter)
    return f"（{short_title}）" if i18n.is_japanese() else f" ({short_title})"


def _short_title(chapter) -> str:
    """A chapter's title up to its colon (in Japanese, up to its full-width colon)."""
    title = _chapter_title(chapter)
    return re.split("[:：]", title)[0]


def _chapter_link(chapter) -> str:
    return f"[{_text(_short_title(chapter))}]({_chapter_path(chapter)})"


def _chapter_path(chapter) -> str:
    return f"chapters/{chapter.notebook}.ipynb"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)

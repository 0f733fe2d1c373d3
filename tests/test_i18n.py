"""The Japanese edition: complete catalogues, glue roles kept, one rendering per glossary
term, the same values as the English edition, no English left on its pages, the editions
linked, built together and rebuilt together."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import glued, run_cli

from japan_us import ROOT, catalogues, i18n
from japan_us.chapters import CHAPTERS
from japan_us.i18n import GLOSSARY, japanese_amount

JA = "ja"


# ---------------------------------------------------------------- catalogues


def test_every_message_is_translated_and_keeps_its_glue_roles():
    """Untranslated 0: every prose and package message of the Japanese catalogues has a
    translation that is not fuzzy, and prints the same glued values as its English."""
    assert catalogues.problems(JA) == []
    stats = [catalogues.statistics(p) for p in catalogues.book_catalogues(JA) + catalogues.package_catalogues(JA)]
    assert sum(s.translated for s in stats) > 400  # the book's prose alone has over 450 messages


def _po(tmp_path: Path, english: str, japanese: str, name: str = "03_frictions") -> Path:
    path = tmp_path / f"{name}.po"
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Language: ja\\n"\n\nmsgid "{english}"\nmsgstr "{japanese}"\n', encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    "japanese, problem",
    [
        ("税率は{glue:text}`rate:.1f`％、額は{glue:text}`duty_bn_ja`である。", None),
        ("税率は{glue:text}`03_frictions.ipynb::rate:.1f`％、額は{glue:text}`duty_bn`である。", None),
        ("税率は{glue:text}`rate:.0f`％、額は{glue:text}`duty_bn:,.0f`億ドルである。", None),  # a format may change
        ("税率は％、額は{glue:text}`duty_bn_ja`である。", "dropped ['rate']"),
        ("税率は{glue:text}`rates:.1f`％、額は{glue:text}`duty_bn_ja`である。", "dropped ['rate']"),
        ("税率は{glue:text}`rate:.1f`％、{glue:text}`rate`、{glue:text}`duty_bn_ja`。", "not in the English ['rate']"),
        ("税率は{glue:text}`02_goals.ipynb::rate:.1f`％、額は{glue:text}`duty_bn_ja`。", "dropped ['rate']"),
    ],
)
def test_a_translation_that_drops_or_changes_a_glued_value_is_caught(tmp_path, japanese, problem):
    english = "The rate is {glue:text}`rate:.1f`% and the duty US${glue:text}`duty_bn:,.1f` billion."
    found = catalogues.glue_problems(_po(tmp_path, english, japanese))
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found


def test_own_glue_roles_are_compiled_in_path_form():
    """Sphinx reads a translated paragraph without its notebook: the compiled catalogue names it."""
    text = "{glue:text}`rate:.1f`と{glue:text}`names`、{glue:text}`04_cooperation.ipynb::lng:s`"
    assert catalogues.own_keys_in_path_form(text, "03_frictions") == (
        "{glue:text}`03_frictions.ipynb::rate:.1f`と{glue:text}`03_frictions.ipynb::names:s`、"
        "{glue:text}`04_cooperation.ipynb::lng:s`"
    )


MISSING_WORDS = """
import json, sys
from pathlib import Path
from japan_us import executor, i18n
from japan_us.chapters import CHAPTERS
from japan_us.scenario import defaults
executor.preload()
for chapter in CHAPTERS:
    values = {**defaults()[chapter.slug], "lang": "ja"}
    job = executor.Job(chapter, chapter.path, values, Path(sys.argv[1]) / chapter.notebook, executor.Limits())
    assert executor.execute(job).failure is None, chapter.notebook
print(json.dumps(sorted(i18n.MISSING)))
"""


def test_every_chapter_in_japanese_finds_a_translation_for_every_word_it_asks_for(tmp_path):
    """A word the code translates at run time (a column heading made from a column's name) is
    in no catalogue unless the code lists it: the chapters run in Japanese (in a process of
    their own: a chapter sets the language and the tables it may read) ask for none missing."""
    proc = subprocess.run(
        [sys.executable, "-c", MISSING_WORDS, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == []


# ---------------------------------------------------------------- glossary


def glossary_rows() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


KINDS = {"country", "region", "group", "person", "office", "organisation", "law", "term", "place", "project"}


def test_the_glossary_gives_each_term_one_rendering():
    rows = glossary_rows()
    english = [row["english"].casefold() for row in rows]
    assert sorted({e for e in english if english.count(e) > 1}) == []
    assert all(row["japanese"].strip() and row["kind"] in KINDS for row in rows), {r["kind"] for r in rows} - KINDS
    assert {"トランプ大統領", "石破首相", "日米安全保障条約", "特別協定", "相互関税", "通商拡大法232条"} <= {
        row["japanese"] for row in rows
    }


def accepted_forms() -> dict[str, list[str]]:
    """Each term's rendering, and the short forms its glossary row allows inside compounds
    (Japan: 対日, 日米; the Supreme Court: 最高裁)."""
    return {row["english"]: [row["japanese"], *filter(None, row["compounds"].split("|"))] for row in glossary_rows()}


def drifted_terms(english: str, japanese: str, terms: dict[str, list[str]]) -> list[str]:
    """Glossary terms of an English text whose Japanese rendering the translation lacks (the
    longest term first: "Japan–US Security Treaty" is not also "Japan"). A name the
    translation keeps as published (a document's title, a publisher) is not a drift."""
    drifted = []
    for term in sorted(terms, key=len, reverse=True):
        pattern = re.compile(rf"(?<![A-Za-z0-9-]){re.escape(term)}(?![A-Za-z0-9-])")  # (kana are no boundary)
        if pattern.search(english):
            english = pattern.sub(" ", english)
            kept = pattern.search(japanese)
            if not kept and not any(form in japanese for form in terms[term]):
                drifted.append(f"{term} -> {terms[term][0]}")
            japanese = pattern.sub(" ", japanese)
    return drifted


def test_drift_is_seen():
    terms = {"Japan": ["日本", "対日"], "Japan–US Security Treaty": ["日米安全保障条約"], "Germany": ["ドイツ"]}
    assert drifted_terms("The Japan–US Security Treaty binds Japan.", "日米安全保障条約は日本を拘束する。", terms) == []
    assert drifted_terms("US investment in Japan", "米国の対日投資", terms) == []
    assert drifted_terms("The Japan Times", "The Japan Times", terms) == []
    assert drifted_terms("Germany and Japan", "独と日本", terms) == ["Germany -> ドイツ"]


def test_no_glossary_term_drifts_in_any_translation():
    terms = accepted_forms()
    drifts = []
    for path in catalogues.book_catalogues(JA) + catalogues.package_catalogues(JA):
        for message in catalogues.read(path):
            if message.id and message.string:
                for drift in drifted_terms(message.id, message.string, terms):
                    drifts.append(f"{path.relative_to(ROOT)}: {message.id[:50]!r}: {drift}")
    assert drifts == []


# ---------------------------------------------------------------- the built editions


@pytest.fixture(scope="module")
def editions(built_book) -> tuple[Path, Path]:
    src = built_book.parent / "work" / "baseline"
    return src / "src", src / "src-ja"


ENGLISH_DATE = re.compile(
    r"(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})"
)
JAPANESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
JAPANESE_AMOUNT = re.compile(r"(−?)(?:([\d,]+(?:\.\d+)?)兆)?(?:([\d,]+)億)?(円|ドル)")


def english_day(text: str) -> dt.date | None:
    m = ENGLISH_DATE.fullmatch(text)
    return dt.datetime.strptime(text, "%d %B %Y").date() if m else None


def japanese_day(text: str) -> dt.date | None:
    m = JAPANESE_DATE.fullmatch(text)
    return dt.date(*map(int, m.groups())) if m else None


def amount_of(text: str) -> float:
    """8.7兆円, 2,110億円, or an exact 1兆551億円, as a number."""
    sign, cho, oku, _ = JAPANESE_AMOUNT.fullmatch(text).groups()
    amount = float((cho or "0").replace(",", "")) * 1e12 + float((oku or "0").replace(",", "")) * 1e8
    return -amount if sign else amount


def same_amount(value: float, twin: str) -> bool:
    """A twin is the value at one of the English scales, as rounded for Japanese writing."""
    shown = amount_of(twin)
    rounding = 0.05e12 if "兆" in twin and "億" not in twin else 0.5e8  # 兆 to a tenth (or finer), 億 whole
    return any(abs(value * scale - shown) <= rounding * 1.001 for scale in (1, 1e3, 1e6, 1e9, 1e12))


def test_japanese_amounts_are_written_as_japanese_writing_gives_them():
    assert japanese_amount(2.11e11, "JPY") == "2,110億円"
    assert japanese_amount(8.7e12, "JPY") == "8.7兆円"
    assert japanese_amount(5.527e10, "USD") == "553億ドル"
    assert japanese_amount(9.99996e11, "JPY") == "1兆円"  # the unit chosen after rounding
    assert japanese_amount(9.8e11, "JPY") == "9,800億円"  # not rounded up to 1兆円
    assert japanese_amount(-1.5e12, "USD") == "−1.5兆ドル"


@pytest.mark.parametrize("chapter", [c.notebook for c in CHAPTERS])
def test_both_editions_glue_the_same_values(editions, chapter):
    english, japanese = (glued(src / "book" / "chapters" / f"{chapter}.ipynb") for src in editions)
    assert set(english) <= set(japanese)
    for key, value in english.items():
        other = japanese[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert other == value, key
        elif isinstance(value, str) and english_day(value):
            assert japanese_day(other) == english_day(value), (key, value, other)
    twins = {key: value for key, value in japanese.items() if key.endswith("_ja") and key not in english}
    for key, twin in twins.items():
        assert same_amount(english[key.removesuffix("_ja")], twin), (key, english[key.removesuffix("_ja")], twin)


# English left on a Japanese page: three or more English words in a row with one of the
# commonest words of English among them. Names of publishers, datasets and people (which stay
# as published), code and addresses are taken out first.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}")
COMMON = {"the", "of", "and", "to", "in", "is", "are", "was", "were", "for", "with", "by", "on", "from", "that",
          "this", "which", "as", "at", "be", "has", "have", "its", "their", "than", "not", "it"}  # fmt: skip


def published_names() -> set[str]:
    """Every source name the data tables cite (publishers, datasets): they stay as published."""
    names = set()
    for table in (ROOT / "data").glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names |= {v for k, v in row.items() if k and ("source" in k or "publisher" in k) and v}
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    for resource in package["resources"]:
        names |= {s.get("title", "") for s in resource.get("sources", [])}
    return {n for n in names if n}


def english_left(text: str, names: set[str]) -> list[str]:
    """Runs of English words that read as a sentence: one of the commonest words of English and
    a lowercase word that is not one of them ("data compiled by the"). A title-case name ("Ministry
    of Foreign Affairs of Japan", "Trade in Goods by Country") has lowercase common words only."""
    text = re.sub(r"https?://\S+|「[\x20-\x7e’]+」", " ", text)  # addresses, titles quoted as published
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    left = []
    for run in ENGLISH_RUN.findall(text):
        lowercase = set(re.findall(r"\b[a-z][a-z'’-]*", run))
        if lowercase & COMMON and {word for word in lowercase - COMMON if len(word) > 2}:
            left.append(run)
    return left


def visible_text(page: str) -> str:
    """A page's text as a reader sees it, less code and the English codes it quotes ('partly')."""
    page = re.sub(r"<(script|style|pre|code)\b.*?</\1>|<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r'<[^>]*\blang="en"[^>]*>.*?</[^>]+>', " ", page, flags=re.S)
    return re.sub(r"'[a-z][a-z ]*'|&#x27;[a-z][a-z ]*&#x27;", " ", re.sub(r"<[^>]+>", " ", page))


def chart_words(page: str) -> list[str]:
    """The words of every chart on a page a reader sees: titles, axes, legends, the
    screen-reader description, source and note, and the data values its tooltips and text
    marks show."""
    words, shown_fields = [], set()

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in {"tooltip", "text"}:  # the fields a reader reads off the data
                    for channel in v if isinstance(v, list) else [v]:
                        if isinstance(channel, dict) and isinstance(channel.get("field"), str):
                            shown_fields.add(channel["field"])
                if k != "datasets":
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {"title", "text", "subtitle", "description", "source", "note"}:
            words.append(node)

    for found in re.findall(r"\}\)\((\{.*?\}), \{\"actions\"", page):  # each chart's vegaEmbed call
        spec = json.loads(found)
        walk(spec)
        for rows in spec.get("datasets", {}).values():
            words += [row[f] for row in rows for f in shown_fields & set(row) if isinstance(row[f], str)]
    return words


def test_japanese_pages_leave_no_english_outside_names_sources_and_code(built_book):
    names = published_names()
    found = {}
    for page in sorted((built_book / JA / "book").rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        left = english_left(visible_text(text), names) + english_left(" | ".join(chart_words(text)), names)
        if left:
            found[str(page.relative_to(built_book))] = left[:5]
    assert found == {}


def test_the_scan_sees_english():
    assert english_left("日本の防衛費 | Japan spent more than the others", set()) == [
        "Japan spent more than the others"
    ]
    assert english_left("出典：Bureau of Economic Analysis", {"Bureau of Economic Analysis"}) == []


def test_each_edition_links_the_same_page_in_the_other(built_book):
    english = (built_book / "book" / "chapters" / "03_frictions.html").read_text(encoding="utf-8")
    japanese = (built_book / JA / "book" / "chapters" / "03_frictions.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and '<html lang="ja"' in japanese
    assert '<link rel="alternate" hreflang="ja" href="../../ja/book/chapters/03_frictions.html">' in english
    assert '<link rel="alternate" hreflang="en" href="../../../book/chapters/03_frictions.html">' in japanese
    assert 'href="../../ja/book/chapters/03_frictions.html" hreflang="ja" lang="ja">日本語</a>' in english
    assert 'href="../../../book/chapters/03_frictions.html" hreflang="en" lang="en">English</a>' in japanese


def test_japanese_search_splits_queries_as_it_splits_pages():
    from japan_us.sphinx_editions import JapaneseBigramSearch

    search = JapaneseBigramSearch({})
    # (a lone kanji is left out on both sides: the index keeps words of two characters or more)
    assert search.split("相互関税とGDP比2%") == ["相互", "互関", "関税", "税と", "GDP", "2"]
    assert "function splitQuery" in search.js_splitter_code and "\\u4e00" in search.js_splitter_code


# ---------------------------------------------------------------- building both


def test_one_chapter_with_a_new_parameter_runs_again_in_both_languages_only(built_book, build_dir):
    proc = run_cli("build", "-p", "frictions.tariff_rate", "0.31", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    executed = sorted(tuple(line.split()[1:3]) for line in proc.stdout.splitlines() if line.split()[:1] == ["executed"])
    assert executed == [("03_frictions", "en"), ("03_frictions", "ja")]
    html = build_dir / "scenarios" / "custom-frictions.tariff_rate-0.31" / "html"
    assert (html / "ja" / "book" / "comparison.html").exists()


def test_a_book_in_japanese_alone_has_japanese_at_its_root(build_dir):
    proc = run_cli("build", "-p", "lang", "ja", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = build_dir / "scenarios" / "custom-lang-ja" / "html"
    assert '<html lang="ja"' in (html / "book" / "intro.html").read_text(encoding="utf-8")
    assert not (html / "ja").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["-p", "lang", "fr"], "lang 'fr' must name each of en, ja at most once"),
        (["-p", "lang", "ja,ja"], "at most once"),
        (["-p", "frictions.lang", "ja"], "lang is the book's, not a chapter's"),
    ],
)
def test_a_bad_language_is_refused_before_anything_runs(build_dir, args, message):
    proc = run_cli("build", *args, env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr


def test_every_caption_of_the_table_of_contents_has_its_translation():
    import yaml

    from japan_us.sphinx_editions import toc_captions

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    with i18n.use(JA):
        captions = toc_captions()
        assert {part["caption"] for part in toc["parts"]} == set(captions)
        assert all(japanese != english for english, japanese in captions.items())


def test_a_numbered_heading_stays_a_heading_in_translation():
    assert catalogues.numbered_heading("1. Defense spending", "1. 防衛費") == "1\\. 防衛費"
    assert catalogues.numbered_heading("1. Defense spending", "1\\. 防衛費") == "1\\. 防衛費"
    assert catalogues.numbered_heading("Defense spending", "防衛費") == "防衛費"


@pytest.mark.parametrize("kind", ["package", "book"])
def test_the_same_english_in_two_catalogues_has_one_translation(kind):
    """The package's catalogues are read as one: a message in two must agree, or the last
    file read would decide; and a heading every chapter has ("What happened since") reads
    the same in every chapter."""
    seen, clashes = {}, []
    for path in getattr(catalogues, f"{kind}_catalogues")(JA):
        for message in catalogues.read(path):
            if message.id and message.string:
                key = (message.context or "", message.id)
                if seen.setdefault(key, message.string) != message.string:
                    clashes.append(f"{path.relative_to(ROOT)}: {message.id[:50]!r}")
    assert clashes == []

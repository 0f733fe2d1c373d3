"""Chapter 2 (Goals) in Japanese: its section functions called with the language set, as the
Japanese edition runs them. Every word a chart or table of the chapter shows is Japanese
(names, publishers and datasets aside), the phrases its prose glues are Japanese, the amounts
its Japanese prose prints in 億ドル have their twins, and nothing of it is missing from the
catalogues. The English edition is held by the chapter's other tests (test_chapters.py,
test_analyses.py), which run in English.
"""

from __future__ import annotations

import re

import pytest

from japan_us import i18n
from japan_us.chapters import GOALS, goals

# Words a Japanese chart may keep: publishers, surveys, datasets and their abbreviations.
NAMES = {"DMDC", "SIPRI", "Pew", "OECD", "DAC", "ODA", "GDP", "GNI", "Kane"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@pytest.fixture(scope="module")
def tables():
    return GOALS.load_tables()


@pytest.fixture(scope="module")
def japanese(tables):
    """Every section and chart of the chapter, made in Japanese."""
    p = GOALS.param_set.validate({"lang": "ja"})
    before = set(i18n.MISSING)
    with i18n.use("ja"):
        found = {
            "overview": goals.overview(tables),
            "troops": goals.troops(tables, p),
            "opinion": goals.public_opinion(tables, p),
            "sentiment": goals.first_year_sentiment(tables),
            "balance": goals.military_balance(tables, p),
            "aid": goals.us_aid(tables, p),
            "momentum": goals.multilateral_momentum(tables, p),
        }
        charts = [
            goals.troops_chart(found["troops"]),
            goals.public_opinion_chart(found["opinion"]),
            goals.first_year_sentiment_chart(found["sentiment"]),
            goals.military_balance_chart(found["balance"]),
            goals.us_aid_chart(found["aid"]),
            goals.donors_chart(found["momentum"]),
            goals.views_abroad_chart(found["momentum"]),
        ]
        specs = [chart.to_dict() for chart in charts]
        table = goals.overview_table(found["overview"]).data
    return found, specs, table, i18n.MISSING - before


def _visible(spec, key=None):
    """The texts a reader sees in a chart spec: titles, subtitles, axis, legend and tooltip
    titles, the note and the description (the source line keeps its publishers' names)."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k in {"title", "subtitle", "description", "note"} and isinstance(v, str):
                yield v
            elif k in {"text", "subtitle"} and key == "title":
                yield from [v] if isinstance(v, str) else v if isinstance(v, list) else []
            elif k not in {"data", "datasets", "source"}:
                yield from _visible(v, k)
    elif isinstance(spec, list):
        for v in spec:
            yield from _visible(v, key)


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH_WORD.findall(text) if w not in NAMES]


def test_charts_speak_japanese_and_nothing_is_missing_from_the_catalogues(japanese):
    _found, specs, _table, missing = japanese
    assert not missing
    texts = [t for spec in specs for t in _visible(spec)]
    assert len(texts) > 60  # titles, subtitles, axes, legends, tooltips, notes, descriptions
    assert {t: _english(t) for t in texts if _english(t)} == {}
    titles = [
        " ".join(s["title"]["text"]) if isinstance(s["title"]["text"], list) else s["title"]["text"] for s in specs
    ]
    assert any("日本" in t for t in titles)


def test_chart_data_a_reader_sees_are_japanese(japanese):
    """Names in legends and end labels, survey and status words in tooltips."""
    _found, specs, *_ = japanese
    seen = set()
    for spec in specs:
        for rows in spec.get("datasets", {}).values():
            for row in rows:
                seen |= {row.get(c) for c in ("country", "donor", "survey", "status", "when", "of", "measure")}
    assert {"日本", "米国", "中国", "韓国", "ドイツ", "英国", "速報値", "確定値", "就任前年", "就任1年目"} <= seen
    assert not {"Japan", "United States", "China", "preliminary", "final", "year before"} & seen


def test_glued_phrases_are_japanese(japanese):
    found, *_ = japanese
    v = found["overview"].values
    # a predicate, size first, as the prose (and the front page) end a sentence with it
    assert re.fullmatch(r"\d+%(減少|増加)した", v["us_oda_change"])
    assert re.fullmatch(r"\d+%(減少|増加)した", v["jp_oda_change"])
    assert v["affinity_status"] in {"速報値", "確定値"} and v["oda_status"] in {"速報値", "確定値"}
    assert v["duty_jp_span"].endswith("年") or "月" in v["duty_jp_span"]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", v["date_A7_3"])
    assert "人" in found["troops"].values["troops_dip_words"]
    assert not _english(found["sentiment"].values["sentiment_goodwill_against_trust"])


def test_amounts_the_japanese_prose_prints_have_japanese_twins(japanese, tables):
    found, *_ = japanese
    twins = {
        "overview": ["us_oda_prev", "us_oda_latest", "jp_oda_latest"],
        "aid": ["us_oda_peak"],
        "balance": ["milex_usa_latest_bn", "milex_chn_latest_bn"],
    }
    for section, keys in twins.items():
        v = found[section].values
        for key in keys:
            assert v[f"{key}_ja"] == i18n.japanese_amount(v[key] * 1e9, "USD")
            assert v[f"{key}_ja"].endswith("ドル") and ("億" in v[f"{key}_ja"] or "兆" in v[f"{key}_ja"])
    # English keeps its own units: no twins
    p = GOALS.param_set.validate({})
    assert not [k for k in goals.overview(tables).values if k.endswith("_ja")]
    assert not [k for k in goals.military_balance(tables, p).values if k.endswith("_ja")]


def test_overview_table_is_japanese(japanese, tables):
    *_, table, _missing = japanese
    assert not re.search(r">(up|down|flat)<", table) and "増加" in table and "2025年" in table
    # its headings, as the chapter gives them to report.table (context "column")
    assert re.findall(r"<th scope='col'>(.*?)</th>", table) == ["目標", "指標", "前回値", "最新値", "方向"]


def test_us_aid_title_follows_the_latest_years_direction():
    """An earlier book ends on 2023, when US aid rose: its title must not say it fell (in
    either language)."""
    early = GOALS.load_tables("2025-03-01")
    for lang, rose in (("en", "US aid rose to US$68.0 billion in 2023"), ("ja", "米国の援助は2023年に680億ドルへ増加")):
        p = GOALS.param_set.validate({"lang": lang, "as_of": "2025-03-01"})
        with i18n.use(lang):
            title = goals.us_aid_chart(goals.us_aid(early, p)).to_dict()["title"]["text"]
        assert rose in "".join(title) if lang == "ja" else rose in " ".join(title)

"""Chapter 5 (third countries) in Japanese: every word its charts and glued phrases show is
Japanese (names from the glossary, amounts as Japanese writes them), the numbers are the
English edition's, and each country keeps its colour under its Japanese name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from japan_us import i18n, palette, report
from japan_us.chapters import THIRD_COUNTRIES, third_countries
from japan_us.data import column_values

# Words a Japanese chart may keep: acronyms, publishers and datasets as published.
KEPT = re.compile(
    r"(?<![A-Za-z])(?:SIPRI|NATO|IMF|GDP|GNI|ODA|DAC|DAC1|ASEAN|G7|G119|NGDPD|EU|OECD|US|RAA|Pew Research Center|"
    r"Global Attitudes Survey|World Economic Outlook|Military Expenditure Database|ONE|"
    r"Defence Expenditure of NATO Countries)(?![A-Za-z])"
)
# Text the shared chart recipes write (charts.named_rule's tooltip title), not this chapter.
SHARED = {"Note"}


def every_choice() -> dict:
    """The chapter's parameters with every country each comparison can take."""
    return THIRD_COUNTRIES.param_set.validate(
        {
            "donors": list(column_values("oda_by_donor", "donor")),
            "opinion_countries": list(column_values("pew_favorability", "iso3")),
            "indo_pacific": list(column_values("military_expenditure_sipri", "iso3")),
            "nato_allies": list(column_values("military_expenditure_nato", "code")),
        }
    )


def sections(p: dict) -> tuple[dict, list]:
    tables = THIRD_COUNTRIES.load_tables()
    weight = third_countries.economic_weight(tables, p)
    burden = third_countries.defense_burden(tables, p)
    south = third_countries.aid_and_opinion(tables, p)
    gap = third_countries.aid_gap(tables)
    neighbours = third_countries.neighbours(tables, p)
    charts = [
        third_countries.economic_weight_chart(weight),
        third_countries.defense_burden_chart(burden),
        third_countries.aid_chart(south),
        third_countries.aid_gap_chart(gap),
        third_countries.views_chart(south),
        third_countries.neighbours_chart(neighbours),
    ]
    values = weight.values | burden.values | south.values | gap.values | neighbours.values
    return values, [chart.to_dict() for chart in charts]


def shown_text(spec) -> list[str]:
    """Every text a reader sees in a chart spec: titles, subtitles, axis, legend and tooltip
    titles, source and note lines, the description, and the names its data draw."""
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "datasets":
                    for rows in v.values():
                        for row in rows:
                            found.extend(
                                str(row[c])
                                for c in ("country", "donor", "group", "view", "panel", "role", "status", "label")
                                if c in row and row[c] is not None
                            )
                            found.extend(str(row["estimate"]) for _ in [0] if isinstance(row.get("estimate"), str))
                elif k in ("title", "subtitle", "text", "description", "source", "note", "words"):
                    walk(v, "text")
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and key == "text":
            found.append(node)

    walk(spec)
    return found


@pytest.fixture(scope="module")
def japanese():
    i18n.MISSING.clear()
    with i18n.use("ja"):
        return sections(every_choice())


@pytest.fixture(scope="module")
def english():
    return sections(every_choice())


def test_every_word_is_translated(japanese):
    """Every message of the chapter's module and every name it looks up has its Japanese."""
    from japan_us.catalogues import extract_package

    own = {(m.context or "", m.id) for m in extract_package(Path(third_countries.__file__)) if m.id}
    missing = {m for m in i18n.MISSING if m in own or m[0] == "glossary"}
    assert not missing, f"no Japanese for {sorted(missing)}"


def test_charts_show_no_english_words(japanese):
    _, specs = japanese
    english = [
        text
        for spec in specs
        for text in shown_text(spec)
        if text not in SHARED
        and re.search(r"[A-Za-z]{3,}", KEPT.sub("", text))
        and not re.fullmatch(r"[A-Z0-9 .,:;()%\-–+→]*", KEPT.sub("", text))
    ]
    assert not english, english


def test_glued_phrases_are_japanese_and_numbers_match_english(japanese, english):
    ja, en = japanese[0], english[0]
    for key, value in en.items():
        if isinstance(value, str):
            if not key.endswith("_names"):  # lists of names: the next test
                assert not re.search(r"[A-Za-z]{3,}", KEPT.sub("", ja[key])), (key, ja[key])
        else:
            assert ja[key] == value, key
    # the prose prints these as amounts: Japanese twins in 億ドル
    assert ja["jpn_bn_ja"] == i18n.japanese_amount(en["jpn_bn"] * 1e9, "USD")
    assert {"gap_fall_bn_ja", "gap_rise_bn_ja", "chn_bn_ja", "rus_bn_ja"} <= ja.keys()
    assert not {k for k in en if k.endswith("_ja")}  # the English edition is unchanged


def test_countries_keep_their_colour_under_their_japanese_names():
    for name in ("United States", "China", "Japan", "South Korea", "Germany", "Russia"):
        assert palette.entity_colour(i18n.glossary()[name]) == palette.entity_colour(name)
    assert palette.entity_colour("スウェーデン") == palette.MUTED  # no colour of its own: the rest's


def test_every_country_of_the_chapter_tables_has_a_japanese_name():
    names = {
        *column_values("oda_by_donor", "donor"),
        *column_values("pew_favorability", "country"),
        *column_values("military_expenditure_sipri", "country"),
        *column_values("military_expenditure_nato", "country"),
        *third_countries.GROUPS,
    } - {"Korea", "Russian Federation", "Rest of the world"}  # aliases the book renames; a translated phrase
    assert not names - i18n.glossary().keys()


def test_lists_of_countries_are_japanese(japanese):
    with i18n.use("ja"):
        if report.in_a_sentence("United States") == "the United States":
            pytest.skip("report.join_and and in_a_sentence write Japanese once the shared part of issue 22 lands")
    names = {key: value for key, value in japanese[0].items() if key.endswith("_names")}
    assert names and not [value for value in names.values() if re.search(r"[A-Za-z]{3,}", value)], names


def test_source_lines_translate_the_shared_wording():
    """The chapter's source lines name SIPRI's and the OECD's data with base.SIPRI and
    base.OECD_DAC, whose words base's catalogue holds: written in Japanese in that edition."""
    from japan_us.catalogues import extract_package
    from japan_us.chapters import base

    assert {base.SIPRI, base.OECD_DAC} <= {m.id for m in extract_package(Path(base.__file__))}
    with i18n.use("ja"):
        for source in (base.SIPRI, base.OECD_DAC):
            assert f"{source}" == i18n._(str.__str__(source)) != str.__str__(source)

"""Chapter 4 (Cooperation) and the ranges of "How the numbers move" in Japanese: every text
their functions make is translated, names come from the glossary, amounts and volumes are
written as Japanese writes them and state the same figures as the English edition."""

from __future__ import annotations

import re

import pytest

from japan_us import i18n, palette
from japan_us.chapters import COOPERATION, FRICTIONS, cooperation, ranges
from japan_us.chapters.cooperation_energy import bcm

# English words a Japanese chart may keep: publishers, datasets and series codes (as
# published), units and abbreviations a Japanese energy or chip report writes in Latin letters
# (bcm: 10億立方メートル, as JOGMEC writes it).
KEPT = re.compile(
    r"LNG trade movements matrix|time series sheets|approximate conversion factors"
    r"|Energy Institute|Statistical Review of World Energy|World Economic Outlook|World Bank|World Development"
    r" Indicators|The Semiconductor Supply Chain: Assessing National Competitiveness|ETO Chip Explorer|CC BY-NC"
    r"|U\.S\. Census Bureau|The Budget Lab|Glenfarne|Reuters \(CNA\)"
    r"|Jiji Press \(The Japan News\)|UNESCO|GB\.XPD\.RSDV\.GD\.ZS|PNGASJP|PNGASUS|JERA|CSET|LNG|IMF|NATO|EIA|GDP"
    r"|BTU|NGL|SoC|nm|bp|bcm"
)


@pytest.fixture(scope="module")
def tables():
    return COOPERATION.load_tables()


def in_japanese(chapter, **changes):
    return chapter.param_set.validate({"lang": "ja", **changes})


def chart_words(chart) -> list[str]:
    """Every text of a chart a reader sees, but its data: titles (the live one too), axis,
    legend and tooltip titles, slider names, source, note and description."""
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("data", "datasets", "config", "$schema", "field", "type", "labelExpr", "param"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("text", "subtitle", "title", "name", "source", "note", "description"):
            found.append(node)
        elif isinstance(node, str) and key == "expr":  # a live title: its quoted words
            found.extend(re.findall(r"'((?:[^'\\]|\\.)*)'", node))

    walk(chart.to_dict())
    return [text for text in found if not re.fullmatch(r"(view|param)_\w+|target_share", text)]


def english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", KEPT.sub("", text))


def chapter_charts(tables):
    p = in_japanese(COOPERATION)
    lng, gas = cooperation.lng(tables, p), cooperation.gas(tables, p)
    tech, energy = cooperation.technology(tables, p), cooperation.energy_scale(tables, p)
    return [
        cooperation.lng_suppliers_chart(lng),
        cooperation.lng_target_chart(lng),
        cooperation.us_lng_exports_chart(lng),
        cooperation.gas_prices_chart(gas),
        cooperation.production_chart(gas),
        cooperation.rd_chart(tech),
        cooperation.chips_chart(tech),
        cooperation.energy_scale_chart(energy),
        ranges.tornado_chart(ranges.moves(ranges.LNG_TARGET, tables, p)),
    ]


def test_the_chapter_charts_in_japanese_have_no_english_left(tables):
    i18n.MISSING.clear()
    with i18n.use("ja"):
        charts = chapter_charts(tables)
    assert not i18n.MISSING, f"untranslated: {sorted(i18n.MISSING)}"
    left = {text: english_left(text) for chart in charts for text in chart_words(chart) if english_left(text)}
    assert not left, left


def test_the_tornado_charts_in_japanese_have_no_english_left():
    i18n.MISSING.clear()
    friction_tables = FRICTIONS.load_tables()
    with i18n.use("ja"):
        p = in_japanese(FRICTIONS)
        charts = [
            ranges.tornado_chart(ranges.moves(h, friction_tables, p))
            for h in ranges.HEADLINES
            if h.chapter is FRICTIONS
        ]
    assert not i18n.MISSING, f"untranslated: {sorted(i18n.MISSING)}"
    left = {text: english_left(text) for chart in charts for text in chart_words(chart) if english_left(text)}
    assert not left, left


def test_japanese_names_keep_their_entity_colours(tables):
    with i18n.use("ja"):
        f = cooperation.lng(tables, in_japanese(COOPERATION))
    assert f.suppliers[0] == "米国" and f.values["jp_top_supplier"] == "オーストラリア"
    assert palette.entity_colour("米国") == palette.entity_colour("United States") != palette.entity_colour("")
    assert palette.entity_colour("カタール") == palette.entity_colour("Qatar")


def test_japanese_volumes_keep_the_english_figure():
    """Volumes keep their number (only the unit's words change, as Japanese energy writing
    gives them); amounts of money have twins (5,500億ドル)."""
    with i18n.use("ja"):
        assert bcm(17.79268) == "17.8bcm" and bcm(1033.0, 0) == "1,033bcm"
    assert bcm(17.79268) == "17.8" and bcm(1033.0, 0, grouped=True) == "1,033"


def test_japanese_values_are_the_english_ones_with_twins(tables):
    """The Japanese edition glues every English value unchanged (strings apart) and adds the
    twins its prose prints in place of amounts and volumes."""
    p_en, p_ja = COOPERATION.param_set.validate({}), in_japanese(COOPERATION)
    sections = (cooperation.lng, cooperation.gas, cooperation.energy_scale)
    english = {k: v for s in sections for k, v in s(tables, p_en).values.items()}
    with i18n.use("ja"):
        japanese = {k: v for s in sections for k, v in s(tables, p_ja).values.items()}
        japanese |= cooperation.investment_package(tables).values
    english |= cooperation.investment_package(tables).values
    for key, value in english.items():
        if not isinstance(value, str):
            assert japanese[key] == value, key
    assert {k for k in japanese if k.endswith("_ja")} == {"package_usd_bn_ja", "package_announced_bn_ja"}
    assert (
        japanese["package_usd_bn_ja"] == i18n.japanese_amount(english["package_usd_bn"] * 1e9, "USD") == "5,500億ドル"
    )
    assert japanese["target_change"] == "9.2bcm増" and english["target_change"] == "up 9.2 bcm"
    assert japanese["jp_top_supplier"] == "オーストラリア" and english["jp_top_supplier"] == "Australia"


def test_ranges_glue_japanese_amounts_and_year_spans():
    friction_tables = FRICTIONS.load_tables()
    p = in_japanese(FRICTIONS)
    with i18n.use("ja"):
        v = ranges.moves(ranges.DEAL_WORTH, friction_tables, p).values
    for end in ("low", "high", "mover_low", "mover_high"):
        assert v[f"deal_saving_bn_{end}_ja"] == i18n.japanese_amount(v[f"deal_saving_bn_{end}"] * 1e9, "USD")
    assert re.fullmatch(r"輸入の基準年（\d{4}〜\d{4}年）", v["deal_saving_bn_across"])
    english = ranges.moves(ranges.DEAL_WORTH, friction_tables, FRICTIONS.param_set.validate({})).values
    assert not any(k.endswith("_ja") for k in english)
    with i18n.use("ja"):  # a volume has no twin: its prose glues the number and says bcm
        lng = ranges.moves(ranges.LNG_TARGET, COOPERATION.load_tables(), in_japanese(COOPERATION)).values
    assert not any(k.endswith("_ja") for k in lng)
    assert re.fullmatch(r"years of imports from \d{4} to \d{4}", english["deal_saving_bn_across"])

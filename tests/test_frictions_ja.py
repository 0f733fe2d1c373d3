"""Chapter 3's defence sections in Japanese: the text the modules make, the names and the
amounts the Japanese prose glues (issue 22); the English edition keeps its own."""

from __future__ import annotations

import re

import pytest

from japan_us import i18n, palette
from japan_us.chapters import FRICTIONS, defence_gdp, frictions
from japan_us.chapters.frictions_defence import cho_oku_yen

# Names a Japanese chart may print as published (datasets, publishers, organisations).
NAMES = {"SIPRI", "NATO", "IMF", "GDP", "Military", "Expenditure", "Database", "release", "Defence", "Countries", "of"}


@pytest.fixture(scope="module")
def tables():
    return FRICTIONS.load_tables()


def params(**changes):
    return FRICTIONS.param_set.validate(changes)


def english_words(chart) -> set[str]:
    """Latin words of three letters or more in a chart's title, subtitle and description."""
    spec = chart.to_dict()
    text = " ".join(
        [
            *spec["title"]["text"],
            *spec["title"].get("subtitle", []),
            spec["description"],
            spec["usermeta"]["japan_us"]["note"] or "",
        ]
    )
    return set(re.findall(r"[A-Za-z]{3,}", text)) - NAMES


def charts_of(tables, p):
    return [
        frictions.military_spending_chart(frictions.military_spending(tables, p)),
        frictions.definitions_chart(frictions.definitions(tables, p)),
        frictions.defense_target_chart(frictions.defense_target(tables, p)),
        defence_gdp.spending_on_one_gdp_chart(defence_gdp.spending_on_one_gdp(tables, p)),
        frictions.host_nation_support_chart(frictions.host_nation_support(tables)),
    ]


def test_defence_charts_are_written_in_japanese(tables):
    i18n.MISSING.clear()
    with i18n.use("ja"):
        charts = charts_of(tables, params())
    assert not i18n.MISSING
    for chart in charts:
        assert not english_words(chart), chart.to_dict()["title"]
    assert "比較した8か国・地域のいずれよりも低い" in "".join(charts[0].to_dict()["title"]["text"])


def test_japanese_amounts_and_names_glued_for_the_prose(tables):
    with i18n.use("ja"):
        spending = frictions.military_spending(tables, params()).values
        target = frictions.defense_target(tables, params()).values
        support = frictions.host_nation_support(tables).values
        one_gdp = defence_gdp.spending_on_one_gdp(tables, params()).values
    assert (spending["comparison_highest_name"], spending["japan_usd_latest_bn_ja"]) == ("ポーランド", "553億ドル")
    assert (target["mod_fy2025_tn_ja"], target["mod_fy2026_tn_ja"]) == ("8.7兆円", "9.04兆円")
    assert target["target_gdp_basis"] == "IMFの予測値"
    # the agreement's amounts to the 億, as the government gives them
    assert (support["sma_total_bn_ja"], support["sma_previous_total_bn_ja"]) == ("1兆551億円", "9,800億円")
    assert (support["sma_per_year_bn_ja"], support["sma_expiry"]) == ("2,110億円", "2027年3月")
    assert one_gdp["security_implied_gdp_jpy_tn_ja"] == "550兆円"
    assert one_gdp["one_gdp_unpriced"] == "2026年度政府予算案（当初、閣議決定）"


def test_english_glues_no_japanese_twins(tables):
    values = frictions.host_nation_support(tables).values | frictions.military_spending(tables, params()).values
    assert not [key for key in values if key.endswith("_ja")]
    assert (values["sma_expiry"], values["comparison_highest_name"]) == ("March 2027", "Poland")


def test_a_japanese_name_keeps_its_entity_colour():
    with i18n.use("ja"):
        assert palette.entity_colour(i18n.term("Japan")) == palette.entity_colour("Japan")
        assert palette.entity_colour(i18n.term("Germany")) == palette.entity_colour("Germany")


@pytest.mark.parametrize(
    ("yen", "written"), [(1055.1e9, "1兆551億円"), (980e9, "9,800億円"), (2e12, "2兆円"), (12_345.6e9, "12兆3,456億円")]
)
def test_yen_to_the_oku(yen, written):
    assert cho_oku_yen(yen) == written


def test_host_nation_support_chart_in_oku_yen_in_japanese(tables):
    with i18n.use("ja"):
        spec = frictions.host_nation_support_chart(frictions.host_nation_support(tables)).to_dict()
    labels = spec["layer"][1]["encoding"]["text"]
    assert (labels["field"], labels["format"]) == ("amount_oku", ",.0f")
    assert "億円" in spec["title"]["subtitle"][0] and "2,326億円" in spec["title"]["text"][0]

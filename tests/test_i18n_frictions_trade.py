"""Issue 22, chapter 3's trade and investment modules in Japanese: every text they make is
translated (no message missing from the catalogues, no English word in a chart's text), each
amount the prose prints in billions has its Japanese twin, and names, ranks, months and lists
are written as Japanese writes them. English stays as it was (the English build's glued values
and chart specs are compared with those of the code before, by hand; see the issue's note).
"""

from __future__ import annotations

import re

import pytest

from japan_us import i18n
from japan_us.chapters import FRICTIONS, duties_peers, frictions, investment_premise, tariff_sectors

SECTIONS = [
    ("trade_balance", lambda t, p: frictions.trade_balance(t, p), frictions.trade_balance_chart),
    ("collected_duties", lambda t, p: frictions.collected_duties(t, p), frictions.collected_duties_chart),
    ("duties_peers", lambda t, p: duties_peers.duties_against_peers(t), duties_peers.duties_against_peers_chart),
    ("statutory_rate", lambda t, p: frictions.statutory_rate(t), frictions.statutory_rate_chart),
    ("tariff_burden", lambda t, p: frictions.tariff_burden(t), frictions.tariff_burden_chart),
    ("sector_burden", lambda t, p: tariff_sectors.sector_burden(t), tariff_sectors.sector_burden_chart),
    ("deal_by_sector", lambda t, p: tariff_sectors.deal_by_sector(t, p), tariff_sectors.deal_by_sector_chart),
    ("indirect_exposure", lambda t, p: frictions.indirect_exposure(t), frictions.indirect_exposure_chart),
    ("tariff_scenario", lambda t, p: frictions.tariff_scenario(t, p), frictions.tariff_scenario_chart),
    ("investment", lambda t, p: frictions.investment(t), frictions.investment_chart),
    ("premise", lambda t, p: investment_premise.investment_premise(t, p), investment_premise.investment_premise_chart),
]
# Keys the chapter's English prose prints as US$ … billion: the Japanese prose glues KEY_ja.
AMOUNTS = {
    "trade_balance": ["japan_deficit_last_bn", "japan_exports_last_bn", "japan_imports_last_bn",
                      "japan_worst_deficit_bn", "largest_deficit_bn"],
    "duties_peers": ["peers_japan_paid_before_bn", "peers_japan_paid_after_bn"],
    "deal_by_sector": ["deal_imports_bn", "deal_general_bn", "deal_car_cut_bn", "deal_saving_bn", "deal_flat_bn",
                       "deal_after_ruling_bn", "deal_collected_bn", "deal_invest_bn", "deal_invest_even_bn"],
    "indirect_exposure": ["exposure_bn"] + [f"deficit_{c}_{y}_bn" for c in ("chn", "mex", "vnm") for y in (2024, 2025)],
    "tariff_scenario": ["scenario_imports_bn", "scenario_imports_after_bn", "scenario_duty_bn"],
    "investment": ["fdi_japan_latest_bn", "fdi_japan_2016_bn"],
    "premise": ["premise_jp_first_bn", "premise_jp_last_bn", "premise_out_first_bn", "premise_out_last_bn",
                "premise_jp_in_us_bn", "premise_us_in_jp_bn"],
}  # fmt: skip
# Words a Japanese chart may keep in Latin letters: publishers, datasets, codes, Vega's own words
KEPT = re.compile(
    r"BEA|IEEPA|GTAP|UN Comtrade|CBP|API|CAL_DUT_MO|CON_VAL_MO|EU|FTA|U\.S\. Census Bureau|U\.S\. Trade in Goods by "
    r"Country|International Trade|The Budget Lab|Tariff Rate Tracker|Tariff-ETRs|Survey of Current Business|"
    r"trade_partners|datum\.\w+|format|rate|elasticity|pow|census|country|xlsx|via|congress|ideology"
)


@pytest.fixture(scope="module")
def runs():
    """Each section's values and chart text in English and in Japanese."""
    tables = FRICTIONS.load_tables()
    p = FRICTIONS.param_set.validate({})
    out = {}
    for lang in ("en", "ja"):
        with i18n.use(lang):
            i18n.MISSING.clear()
            for name, make, chart in SECTIONS:
                found = make(tables, p)
                out[lang, name] = (dict(found.values), chart(found).to_dict())
            out[lang, "missing"] = set(i18n.MISSING)
            out[lang, "events"] = frictions.investment_events(tables).data
    return out


def chart_text(spec) -> list[str]:
    """The words a reader sees: titles, subtitle, axis, legend and tooltip titles, source, note,
    description, slider names, and the Vega strings of live titles and labels."""
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("expr", "calculate") and isinstance(v, str):  # the words in a Vega expression
                    found.extend(w for w in re.findall(r"'([^']*)'", v) if re.search(r"[A-Za-z]{3,}", w))
                elif k in ("title", "subtitle", "description", "source", "note", "text") or (
                    k == "name" and key == "bind"
                ):
                    found.extend(s for s in (v if isinstance(v, list) else [v]) if isinstance(s, str))
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk({k: v for k, v in spec.items() if k not in ("datasets", "data")})
    return found


def test_no_message_is_missing_in_japanese(runs):
    assert runs["ja", "missing"] == set()


@pytest.mark.parametrize("section", [s[0] for s in SECTIONS])
def test_chart_text_is_japanese(runs, section):
    _, spec = runs["ja", section]
    english = []
    for text in chart_text(spec):
        if text.startswith("#"):
            continue
        # Vega's event-rule tooltips (Date, Event, Source) and the named rule's Note are the shared
        # recipes' (charts.py), not this chapter's
        if text in ("Date", "Event", "Source", "Note"):
            continue
        rest = re.sub(r"「[^」]*」", "", KEPT.sub("", text))  # and titles of documents, as published
        words = re.findall(r"[A-Za-z]{3,}", rest)
        if words and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
            english.append(text)
    assert english == []


@pytest.mark.parametrize("section", list(AMOUNTS))
def test_japanese_amount_twins(runs, section):
    english, _ = runs["en", section]
    japanese, _ = runs["ja", section]
    assert not any(k.endswith("_ja") for k in english)  # the English edition glues what it did
    for key in AMOUNTS[section]:
        assert japanese[key] == english[key]  # the same number, glued under its own key
        assert japanese[f"{key}_ja"] == i18n.japanese_amount(english[key] * 1e9, "USD")
        assert re.fullmatch(r"−?[\d,.]+(億|兆)ドル", japanese[f"{key}_ja"])


def test_generated_phrases_are_japanese(runs):
    trade, _ = runs["ja", "trade_balance"]
    duties, _ = runs["ja", "collected_duties"]
    peers, _ = runs["ja", "duties_peers"]
    burden, _ = runs["ja", "tariff_burden"]
    sectors, _ = runs["ja", "sector_burden"]
    investment, _ = runs["ja", "investment"]
    premise, _ = runs["ja", "premise"]
    assert trade["largest_deficit_partner"] == "中国"
    assert re.fullmatch(r"\d{4}年\d{1,2}月", duties["japan_duty_peak_month"])
    assert re.fullmatch(r"\d{4}年(\d{1,2}(～\d{1,2})?月(・\d{1,2}(～\d{1,2})?月)*)?", peers["peers_span"])
    assert re.fullmatch(r"(同率)?\d+位", peers["peers_japan_after_rank"])
    assert re.fullmatch(r"(同率)?\d+位", burden["burden_japan_rank"])
    assert peers["peers_japan_rise_words"] == "最大" or re.fullmatch(r"(同率)?\d+位", peers["peers_japan_rise_words"])
    assert "、" in peers["peers_rise_names"] and "日本" in peers["peers_rise_names"]
    assert sectors["sector_top"] == "金属製品"
    for key in ("fdi_japan_latest_by", "fdi_japan_rank", "fdi_japan_latest_sourcing"):
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", investment[key]), key
    assert "億ドル" in investment["fdi_japan_rank"]
    for key in ("premise_jp_bases", "premise_faster", "premise_jobs_faster", "premise_jobs_jp_sources"):
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", premise[key]), key


def test_english_phrases_stay_english(runs):
    peers, _ = runs["en", "duties_peers"]
    duties, _ = runs["en", "collected_duties"]
    assert peers["peers_japan_after_rank"] == "2nd"
    assert peers["peers_rise_names"] == "Japan, South Korea, Italy, Mexico and Ireland"
    assert duties["japan_duty_peak_month"] == "August 2025"


def test_series_keep_their_entities_colours_in_japanese(runs):
    """Each partner's line has its entity's colour whatever the language writes its name."""

    def colours(lang) -> dict[str, str]:
        _, spec = runs[lang, "trade_balance"]
        scale = next(
            layer["encoding"]["color"]["scale"]
            for top in spec["layer"]
            for layer in top.get("layer", [top])
            if "scale" in layer.get("encoding", {}).get("color", {})
        )
        return dict(zip(scale["domain"], scale["range"], strict=True))

    english, japanese = colours("en"), colours("ja")
    with i18n.use("ja"):
        assert japanese == {i18n.term(name): colour for name, colour in english.items()}
    assert len(set(japanese.values())) == len(japanese)  # none fell to the grey of "the rest"

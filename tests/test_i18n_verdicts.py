"""The verdicts in Japanese: a fixed set of labels, one per verdict of the data, and a board
whose badges keep the colour of their verdict whatever the language (the colour is keyed by the
verdict's code, the English words of the data, never by the words shown)."""

from __future__ import annotations

import re

import pytest

from japan_us import EDITION_DATE, i18n, metrics
from japan_us.chapters import SCORECARD, scorecard

# The five labels, and the two of "taken up?" in the same style (a recommendation
# taken up or not is neither borne out nor not).
JAPANESE = {
    "borne out": "裏付けられた",
    "partly": "一部",
    "not borne out": "裏付けられず",
    "too early to tell": "判断には早い",
    "no evidence in the sources": "資料に根拠なし",
    "taken up": "採用された",
    "not taken up": "採用されず",
}


def labels(lang: str) -> dict[str, str]:
    with i18n.use(lang):
        return {verdict: scorecard.verdict_label(verdict) for verdict in metrics.VERDICTS}


def test_the_japanese_verdict_labels_are_the_fixed_set_one_per_verdict():
    japanese = labels("ja")
    assert japanese == JAPANESE  # every verdict of the vocabulary, and no other
    assert len(set(japanese.values())) == len(metrics.VERDICTS)  # distinct
    assert not i18n.MISSING & {("verdict", v) for v in metrics.VERDICTS}


def test_the_english_verdict_labels_are_the_data_words():
    assert labels("en") == {verdict: verdict for verdict in metrics.VERDICTS}


def test_an_unknown_verdict_is_refused():
    with pytest.raises(ValueError, match="no label"):
        scorecard.verdict_label("maybe")


BADGE = re.compile(r"<span class='japan-us-verdict (verdict-[a-z-]+)'>([^<]*)</span>")
CARD = re.compile(r"<article class='japan-us-claim (verdict-[a-z-]+)' id='claim-(C\d+)'>")


def board(lang: str, as_of: str) -> str:
    with i18n.use(lang):
        p = {"as_of": as_of, "lang": lang, "categories": []}
        return scorecard.claim_board(scorecard.ledger(SCORECARD.load_tables(as_of), p)).data


@pytest.mark.parametrize("as_of", ["2025-04-03", EDITION_DATE])
def test_the_board_has_the_same_colours_in_both_languages(as_of):
    english, japanese = board("en", as_of), board("ja", as_of)
    # the same badges and cards, in the same order, with the same colour classes
    assert [c for c, _ in BADGE.findall(english)] == [c for c, _ in BADGE.findall(japanese)]
    assert CARD.findall(english) == CARD.findall(japanese)
    # each Japanese badge names the verdict its colour stands for
    code = {f"verdict-{'-'.join(v.split())}": v for v in metrics.VERDICTS}
    badges = BADGE.findall(japanese)
    assert badges
    for colour, text in badges:
        assert JAPANESE[code[colour]] in text, (colour, text)
        assert not re.search(r"[a-z]{3,}", text), text  # no English words on a badge

"""The transition chapter in Japanese: the words its module makes (glued phrases, chart text,
table captions and headings, the milestones' and pace observations' words) are all translated,
and the English edition keeps its words."""

from __future__ import annotations

import html
import re

import pytest

from japan_us import i18n
from japan_us.chapters import transition

DEFAULTS = {
    "as_of": "2026-11-29",
    "administrations": ["bush41", "clinton", "bush43", "obama", "trump1", "biden", "trump2"],
    "posts": transition.POSTS,
}
# Names that stay as published: a publisher in a source line, the PPS tracker's own name.
KEPT = {"Axios", "PPS", "RAA", "IOG", "JERA", "LNG"}


@pytest.fixture(scope="module")
def tables():
    return transition.TRANSITION.load_tables(DEFAULTS["as_of"])


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text)) - KEPT


def chart_words(chart) -> str:
    """Every title, subtitle, axis and legend title, tooltip title, source, note and
    description of a chart, as one string."""
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in {"title", "subtitle", "description", "source", "note"} or key in {"title", "tooltip"}:
                    walk(v, "text" if k in {"title", "subtitle", "description", "source", "note"} else k)
                elif k not in {"datasets", "data", "config"}:
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {"text", "title", "tooltip"}:
            found.append(node)

    walk(chart.to_dict())
    return " ".join(found)


def run_sections(tables, lang: str):
    p = DEFAULTS | {"lang": lang}
    with i18n.use(lang):
        meetings = transition.leaders_meetings(tables, p)
        posts = transition.post_vacancies(tables, p)
        pace = transition.confirmation_pace(tables, p)
        charts = [
            transition.leaders_meetings_chart(meetings),
            transition.post_vacancies_chart(posts),
            transition.confirmation_pace_chart(pace),
        ]
        tables_shown = [transition.milestones_table(tables, p), transition.pace_table(pace)]
        return meetings, posts, pace, charts, [h for t in tables_shown for h in table_headings(t)]


def table_headings(table) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<th scope='col'>(.*?)</th>", table.data)]


def test_transition_text_is_japanese_in_the_japanese_edition(tables):
    i18n.MISSING.clear()
    meetings, posts, pace, charts, headings = run_sections(tables, "ja")
    assert not i18n.MISSING, sorted(i18n.MISSING)
    phrases = {
        k: v
        for k, v in (meetings.values | posts.values).items()
        if k.endswith(("_came", "_met", "_confirmed", "_waited", "_compare")) or k in {"amb_biden_rank", "as_of_text"}
    }
    assert phrases["meeting_trump2_came"] == "就任18日目に行われた"
    assert phrases["amb_compare"] == "バイデン政権より早かった"
    assert all(not english_words(v) for v in phrases.values()), phrases
    assert meetings.values["meeting_fastest"] == "ジョージ・H・W・ブッシュ"  # the glossary's name
    for chart in charts:
        assert not english_words(chart_words(chart)), english_words(chart_words(chart))
    assert not any(english_words(h) for h in headings)
    shown = posts.posts
    for column in ("president", "what", "person", "date_text", "state", "note", "caveat"):
        words = set().union(*(english_words(t) for t in shown[column].dropna()))
        assert not words, (column, words)
    assert not set().union(*(english_words(t) for t in pace.comparable.measure))


def test_transition_english_keeps_its_words(tables):
    meetings, posts, _, charts, headings = run_sections(tables, "en")
    assert posts.values["eap_trump2_waited"] == "waited until day 260"
    assert posts.values["amb_biden_rank"] == "1 of 5"
    assert "Days from inauguration (negative: before it)" in chart_words(charts[0])
    assert headings[0] == "President"
    assert posts.posts.state.iloc[0] in {"filled", "date not found"}

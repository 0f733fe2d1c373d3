"""The dated verdicts of the claim ledger: each row rests only on what was known on its date,
says it in words of its own, and answers the questions its kind of claim asks; the scorecard's
templated sentences read well at any date."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from japan_us import EDITION_DATE, data, metrics
from japan_us.chapters import SCORECARD, scorecard

MONTH_NAMES = "January February March April May June July August September October November December".split()
MONTHS = {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
# "7 February 2025", "March 2027", "Jan 2029", "in August", "2026", "FY2025": each read as its
# first day (a fiscal year starts in April); a month without a year is in the row's own year.
MONTH = "|".join([*MONTH_NAMES, *(name[:3] for name in MONTH_NAMES), "Sept"])
DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}}) )?(?P<month>{MONTH})\b(?: (?P<year>\d{{4}}))?"
    r"|\b(?P<fy>FY)?(?P<lone_year>(?:19|20)\d{2})\b"
)


def named_days(text: str, year: int) -> set[dt.date]:
    """The first day of every date a text names."""
    days = set()
    for m in DATE.finditer(text):
        if m["month"]:
            if m["month"] == "May" and not (m["day"] or m["year"]):
                continue  # "May" alone opens a sentence as often as it names a month
            days.add(dt.date(int(m["year"] or year), MONTHS[m["month"][:3].lower()], int(m["day"] or 1)))
        elif m["lone_year"]:
            days.add(dt.date(int(m["lone_year"]), 4 if m["fy"] else 1, 1))
    return days


def test_named_days_reads_the_dates_a_verdict_names():
    text = "met on 7 February 2025, then in August; FY2026 and Jan 2029; it may be decided in a market"
    assert named_days(text, 2025) == {
        dt.date(2025, 2, 7),
        dt.date(2025, 8, 1),
        dt.date(2026, 4, 1),
        dt.date(2029, 1, 1),
    }


def fact_days() -> dict[str, dt.date]:
    """The day each fact of the book's tables happened: events (B rows), milestones (A rows)."""
    events = data.load("events").set_index("event_id").date
    milestones = data.load("transition_milestones").dropna(subset=["fact_id"]).set_index("fact_id").date
    return {k: v.date() for k, v in pd.concat([events, milestones]).items()}


def published_day(table: str) -> dt.date:
    """The day a table of the book was public, from its source's edition ("data of 2026-04-09")."""
    editions = " ".join(s.get("edition", "") for s in data.resource(table)["sources"])
    days = re.findall(r"\d{4}-\d{2}-\d{2}", editions)
    assert days, f"{table}: no publication date in its edition ({editions!r}), so a verdict cannot cite it"
    return max(dt.date.fromisoformat(d) for d in days)


def late_citations(verdicts: pd.DataFrame) -> list[str]:
    """Rows that cite a fact or table not yet known on their from_date."""
    days, late = fact_days(), []
    for row in verdicts.itertuples():
        for cited in [] if pd.isna(row.fact_ids) else row.fact_ids.split(";"):
            day = days.get(cited) if cited[0].isupper() else published_day(cited)
            if day is None or day > row.from_date.date():
                late.append(f"{row.claim_id} from {row.from_date:%Y-%m-%d} cites {cited} ({day})")
    return late


def shared_texts(verdicts: pd.DataFrame) -> list[str]:
    """Outcomes or rationales that two dated rows of one claim share."""
    shared = []
    for column in ("outcome", "rationale"):
        repeated = verdicts[verdicts.duplicated(["claim_id", column], keep=False)]
        shared += [
            f"{claim}: {column} {text!r}" for claim, text in repeated[["claim_id", column]].drop_duplicates().values
        ]
    return shared


def later_dates(verdicts: pd.DataFrame) -> list[str]:
    """Rows whose outcome or rationale names a date after their from_date, other than one a
    cited event's title itself states (a scheduled expiry, a planned visit)."""
    titles = data.load("events").set_index("event_id").title
    found = []
    for row in verdicts.itertuples():
        cited = [] if pd.isna(row.fact_ids) else row.fact_ids.split(";")
        day = row.from_date.date()
        stated = {d for c in cited if c in titles.index for d in named_days(titles[c], day.year)}
        for text in (row.outcome, row.rationale):
            late = {d for d in named_days(text, day.year) if d > day} - stated
            if late:
                found.append(f"{row.claim_id} from {day}: {sorted(late)} in {text!r}")
    return found


def test_every_verdict_cites_only_what_was_known_on_its_date():
    """Each fact a row cites happened (events, milestones), and each table it cites was
    published, on or before the row's from_date."""
    assert late_citations(data.load("claim_verdicts")) == []


def test_every_dated_verdict_has_its_own_words():
    """A later row replaces an earlier one: its outcome and rationale say what was known then,
    not a text shared with the claim's other rows."""
    assert shared_texts(data.load("claim_verdicts")) == []


def test_no_verdict_names_a_date_after_its_own():
    assert later_dates(data.load("claim_verdicts")) == []


def test_each_claim_answers_the_questions_of_its_kind_in_their_words():
    """An expectation is borne out or not, a goal achieved or not; a recommendation is both
    taken up (or not) and achieved (or not), each answer with dated rows of its own."""
    ledger, verdicts = data.load("claim_ledger"), data.load("claim_verdicts")
    kinds = ledger.set_index("claim_id").kind
    asked = {(c, q) for c, kind in kinds.items() for q in metrics.QUESTIONS[kind]}
    assert set(zip(verdicts.claim_id, verdicts.question, strict=True)) == asked
    for row in verdicts.itertuples():
        assert row.verdict in metrics.verdicts_for(row.question), (row.claim_id, row.question, row.verdict)
    assert set(metrics.QUESTIONS) == set(data.vocabulary("claim_ledger", "kind"))
    assert {q for qs in metrics.QUESTIONS.values() for q in qs} == set(data.vocabulary("claim_verdicts", "question"))


def test_a_verdict_without_facts_says_the_sources_hold_nothing():
    verdicts = data.load("claim_verdicts")
    assert set(verdicts[verdicts.fact_ids.isna()].verdict) <= {"no evidence in the sources"}


def test_the_checks_catch_what_the_old_ledger_did_wrong():
    """Shared rationales, a cited fact or table from later, a later date in the text."""
    old = pd.DataFrame(
        {
            "claim_id": ["C06", "C06", "C16", "C25"],
            "from_date": pd.to_datetime(["2025-02-07", "2025-07-22", "2025-06-17", "2025-12-31"]),
            "fact_ids": ["A7.3", "A7.3;B1.8", "B5.7", "oda_by_donor"],
            "outcome": ["a pledge", "a deal", "the 2026 Evian summit could not be verified", "aid fell"],
            "rationale": ["first a pledge, then the deal", "first a pledge, then the deal", "no unity", "no rise"],
        }
    )
    assert shared_texts(old) == ["C06: rationale 'first a pledge, then the deal'"]
    assert late_citations(old) == ["C25 from 2025-12-31 cites oda_by_donor (2026-04-09)"]
    assert [f.split(":")[0] for f in later_dates(old)] == ["C16 from 2025-06-17"]


# ------------------------------------------------------------------ templated sentences

AS_OF_DATES = ["2025-01-20", "2025-04-03", "2025-07-15", "2025-09-05", EDITION_DATE]


@pytest.fixture(scope="module", params=AS_OF_DATES)
def findings(request):
    p = {"as_of": request.param, "categories": data.vocabulary("events", "category")}
    tables = SCORECARD.load_tables(p["as_of"])
    return p, scorecard.ledger(tables, p), scorecard.timeline(tables, p), scorecard.tariff_story(tables, p)


def test_templated_sentences_read_well_at_any_date(findings):
    """No "n/a", no "none yet" or "went 10%" in a sentence, no count of zero spelt out."""
    p, ledger, timeline, story = findings
    sentences = [
        ledger.values["claims_counts_text"],
        ledger.values["taken_up_counts_text"],
        timeline.values["timeline_text"],
        story.values["story_in_force_text"],
        story.values["story_other_steps"],
        story.values["story_gap_text"],
    ]
    for sentence in sentences:
        assert not re.search(r"n/a|none yet|\bfor 0\b|went \d+%(?! →)|gap none", sentence), (p["as_of"], sentence)
    title = scorecard.tariff_story_chart(story).to_dict()["title"]["text"]
    title = " ".join(title) if isinstance(title, list) else title
    assert not re.search(r"went \d+%;", title), (p["as_of"], title)
    steps = len(story.segments)
    assert ("went" in story.values["story_in_force_text"]) == (steps > 1), p["as_of"]


def test_the_counts_cover_every_claim_and_recommendation(findings):
    p, ledger, _, _ = findings
    v = ledger.values
    counted = sum(int(n) for n in re.findall(r"for (\d+)", v["claims_counts_text"]))
    assert counted == v["claims_total"] == len(data.load("claim_ledger"))
    taken = sum(int(n) for n in re.findall(r"for (\d+)", v["taken_up_counts_text"]))
    assert taken == v["recommendations_total"] == int((data.load("claim_ledger").kind == "recommendation").sum())


def test_the_board_shows_both_answers_of_a_recommendation_as_of_its_date():
    """C06 (lead with investment): taken up from the first summit, yet the tariffs came; on 15
    July 2025 the board shows the answers of that day, by the end both answers of later rows."""
    verdicts = data.load("claim_verdicts").query("claim_id == 'C06'").set_index(["question", "from_date"])
    for as_of, taken_from, achieved_from in [
        ("2025-07-15", "2025-02-07", "2025-04-02"),
        (EDITION_DATE, "2025-09-04", "2025-07-22"),
    ]:
        p = {"as_of": as_of, "categories": []}
        board = scorecard.claim_board(scorecard.ledger(SCORECARD.load_tables(as_of), p)).data
        card = re.search(r"<article[^>]*id='claim-C06'>.*?</article>", board).group(0)
        assert card.count("class='japan-us-answer'") == 2
        assert card.index("Taken up?") < card.index("Achieved its aim?")
        for question, day in [("taken_up", taken_from), ("achieved", achieved_from)]:
            row = verdicts.loc[(question, pd.Timestamp(day))]
            assert html_text(row.outcome) in card and html_text(row.verdict) in card, (as_of, question)


def html_text(text: str) -> str:
    import html

    return html.escape(text)


def test_chapter_3_glues_the_host_nation_verdicts_from_the_ledger():
    """The host-nation sentence of chapter 3 states the ledger's verdicts (C08, the expiry in
    the term; C31, the negotiation), not a typed "as the essay foresaw"."""
    from japan_us import ROOT

    p = {"as_of": EDITION_DATE, "categories": []}
    v = scorecard.ledger(SCORECARD.load_tables(EDITION_DATE), p).values
    assert v["verdict_C08"] == "borne out" and v["verdict_C31"] == metrics.TOO_EARLY
    early = scorecard.ledger(SCORECARD.load_tables("2024-12-01"), {**p, "as_of": "2024-12-01"}).values
    assert early["verdict_C08"] == metrics.TOO_EARLY
    chapter3 = (ROOT / "notebooks" / "03_frictions.ipynb").read_text()
    assert "06_scorecard.ipynb::verdict_C08" in chapter3 and "06_scorecard.ipynb::verdict_C31" in chapter3
    assert "as the essay foresaw" not in chapter3

"""The dated verdicts of the claim ledger: each row rests only on what was known on its date,
says it in words of its own, and answers the questions its kind of claim asks; the scorecard's
templated sentences read well at any date."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from japan_us import EDITION_DATE, data, metrics
from japan_us.chapters import (
    COOPERATION,
    FRICTIONS,
    GOALS,
    SCORECARD,
    cooperation,
    defence_gdp,
    duties_peers,
    goals,
    investment_premise,
    scorecard,
    tariff_sectors,
)

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
    """The first day a table of the book was public, by its publication rule (``knownFrom`` in
    the data package, or its rows' own dates: ``data.published``). A table with rows of several
    dates is public from its first: which of its values a verdict may use on its date is
    checked by recomputing the verdict's analysis on the tables known then (ANALYSIS_CHECKS)."""
    days = data.published(table, data.load(table))
    assert days is not None, f"{table}: no publication rule, so a verdict cannot cite it"
    return days.min().date()


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
    """Shared rationales, a cited table from later, a later date in the text; a row on April
    2026 aid data dated 2025-12-31 fails its recomputed statement (test below)."""
    old = pd.DataFrame(
        {
            "claim_id": ["C06", "C06", "C16", "C10"],
            "from_date": pd.to_datetime(["2025-02-07", "2025-07-22", "2025-06-17", "2025-09-16"]),
            "fact_ids": ["A7.3", "A7.3;B1.8", "B5.7", "B1.12;us_tariff_change_by_partner"],
            "outcome": ["a pledge", "a deal", "the 2026 Evian summit could not be verified", "cars hit most"],
            "rationale": ["first a pledge, then the deal", "first a pledge, then the deal", "no unity", "no rise"],
        }
    )
    assert shared_texts(old) == ["C06: rationale 'first a pledge, then the deal'"]
    assert late_citations(old) == ["C10 from 2025-09-16 cites us_tariff_change_by_partner (2025-11-17)"]
    assert [f.split(":")[0] for f in later_dates(old)] == ["C16 from 2025-06-17"]
    with pytest.raises(AssertionError):
        check_as_of(("C25", "achieved", "2026-04-30"), "2025-12-31")


# ------------------------------------------------------------------ verdicts that use the analyses
# A row that cites one of the book's tables states what an analysis of it shows, in words. Each
# such statement is recomputed here by the chapter's own function, on the tables known on the
# row's date, so that a data change (or a row dated too early) that overturns it fails.


def _peer_rates(tables: dict) -> pd.DataFrame:
    """Chapter 3's duties against peers: each partner's duty rate, year by year (columns 2024, 2025)."""
    rates = duties_peers.duties_against_peers(tables).rates
    return rates.assign(year=rates.year.astype(int)).pivot(index="partner", columns="year", values="duty_rate_pct")


def _full_year_rises(tables: dict) -> pd.Series:
    """The rise in the duty rate of every partner with both years, over a full year 2025."""
    assert duties_peers.duties_against_peers(tables).values["peers_span"] == "2025", "2025 is not complete yet"
    rates = _peer_rates(tables).dropna()
    return rates[2025] - rates[2024]


def two_largest_sector_rises_are_metal_products_and_cars(tables, p):
    v = tariff_sectors.sector_burden(tables).values
    top = tariff_sectors.sector_burden(tables).sectors.gtap_code.iloc[:2]
    assert set(top) == {"fmp", "mvh"}
    assert min(v["sector_top_pp"], v["sector_cars_pp"]) > v["sector_overall_pp"]
    return v


def c02_duties_rose_for_all_most_for_japan(tables, p):
    """ "rose on the goods of every partner with both years, most of all on Japan's"; "the
    largest rises on Japan's metal products and motor vehicles" """
    rises = _full_year_rises(tables)
    assert (rises > 0).all() and rises.idxmax() == "Japan"
    two_largest_sector_rises_are_metal_products_and_cars(tables, p)


def c06_premise_holds(tables, p):
    """ "grew faster than all US direct investment abroad", "its share ... rose", "the two ends
    ... do not rest on the same basis" """
    v = investment_premise.investment_premise(tables, p).values
    assert v["premise_faster"] == "faster than" and v["premise_jp_multiple"] > v["premise_out_multiple"]
    assert v["premise_share_last"] > v["premise_share_first"]
    first, last = (part.rsplit(" for ", 1)[0] for part in v["premise_jp_bases"].split(", "))
    assert first != last


def c07_japans_2pct_is_below_2pct_on_one_gdp(tables, p):
    """ "the FY2025 security total the government counts as 2% comes to below 2% of GDP, and the
    Ministry of Defense's initial budget to less still" """
    v = defence_gdp.spending_on_one_gdp(tables, p).values
    assert v["security_one_year"] == 2025 and v["security_stated_share_pct"] == 2
    assert v["security_one_share"] < 2
    assert v["mod_one_share"] < v["security_one_share"]


def c09_duties_rose_for_all_below_10pct_but_two(tables, p):
    """ "rose for every partner with both years ..., yet stayed below 10% of import value for all
    but China and Japan" """
    assert (_full_year_rises(tables) > 0).all()
    after = _peer_rates(tables)[2025].dropna()
    assert set(after[after >= 10].index) == {"China", "Japan"}


def c10_sector_burden(tables, p):
    """ "the largest rises on Japan in metal products and motor vehicles, both above the rise on
    all its goods, with close to half of Japan's 2024 sales to the US under Section 232" """
    v = two_largest_sector_rises_are_metal_products_and_cars(tables, p)
    assert 40 <= v["sector_s232_share"] < 50


def c11_mexican_duties_well_below(tables, p):
    """ "the duty collected on Mexican goods ... stayed well below that on Chinese or Japanese
    goods, the book has no duty data for Vietnam" """
    after = _peer_rates(tables)[2025]
    assert after["Mexico"] < min(after["China"], after["Japan"]) / 2
    assert "Vietnam" not in after.index


def c13_us_a_minor_supplier(tables, p):
    """ "In 2024 the US was still a minor supplier of Japan's LNG, far behind Australia" """
    v = cooperation.lng(tables, p).values
    assert v["lng_year"] == 2024 and v["jp_top_supplier"] == "Australia"
    assert v["us_share_of_jp"] < min(10, v["jp_top_share"] / 2)


def c13_energy_scale(tables, p):
    """ "JERA's letter of intent ... would cover a small fraction of them and the project's planned
    capacity ... under a third; the two energy projects of the first investment package add no
    LNG export capacity" """
    v = cooperation.energy_scale(tables, p).values
    assert cooperation.lng(tables, p).values["lng_year"] == 2024
    assert v["energy_offtake_share_of_imports"] < 5
    assert v["energy_capacity_share_of_imports"] < 100 / 3
    assert v["energy_package_projects"] == 2 and v["energy_package_lng"] == "add no LNG export capacity"


def c19_troops_held(tables, p):
    """ "the September 2025 count ... was above the year before and inside the range of the
    decade before it" """
    counts = goals.troops_in(tables, "JPN")
    assert counts.index.max() == 2025
    decade = counts.loc[2015:2024]
    assert counts[2025] > counts[2024] and decade.min() <= counts[2025] <= decade.max()


def c21_several_times_2024(tables, p):
    """ "in the months of 2025 published by then the duty collected on Japanese goods was several
    times its 2024 rate" """
    v = duties_peers.duties_against_peers(tables).values
    assert v["peers_span"] != "2025"  # part of the year, as the row says
    assert v["peers_japan_after"] >= 3 * v["peers_japan_before"]


def c21_largest_rise_and_the_car_cut(tables, p):
    """ "rose more than on any peer's with both years", "the deal's cut on cars was worth more than
    its cut in the general rate" """
    assert _full_year_rises(tables).idxmax() == "Japan"
    v = tariff_sectors.deal_by_sector(tables, p).values
    assert v["deal_car_cut_bn"] > v["deal_general_bn"]


def c25_aid_fell(tables, p):
    """ "Japan's aid fell in 2025 while US aid fell by more than half"; "not made up by Japan" """
    v = goals.overview(tables).values
    assert v["us_oda_year"] == v["jp_oda_year"] == 2025
    assert v["jp_oda_change_pct"] < 0 and v["us_oda_change_pct"] < -50


ANALYSIS_CHECKS = {  # (claim, question, from_date): (chapter, check)
    ("C02", "borne_out", "2026-02-04"): (FRICTIONS, c02_duties_rose_for_all_most_for_japan),
    ("C06", "achieved", "2025-09-30"): (FRICTIONS, c06_premise_holds),
    ("C07", "borne_out", "2026-01-31"): (FRICTIONS, c07_japans_2pct_is_below_2pct_on_one_gdp),
    ("C09", "borne_out", "2026-02-24"): (FRICTIONS, c09_duties_rose_for_all_below_10pct_but_two),
    ("C10", "borne_out", "2025-11-17"): (FRICTIONS, c10_sector_burden),
    ("C11", "borne_out", "2025-10-30"): (FRICTIONS, c11_mexican_duties_well_below),
    ("C13", "achieved", "2025-09-11"): (COOPERATION, c13_us_a_minor_supplier),
    ("C13", "achieved", "2026-02-21"): (COOPERATION, c13_energy_scale),
    ("C19", "achieved", "2025-12-31"): (GOALS, c19_troops_held),
    ("C21", "achieved", "2025-09-16"): (FRICTIONS, c21_several_times_2024),
    ("C21", "achieved", "2026-02-24"): (FRICTIONS, c21_largest_rise_and_the_car_cut),
    ("C25", "taken_up", "2026-04-30"): (GOALS, c25_aid_fell),
    ("C25", "achieved", "2026-04-30"): (GOALS, c25_aid_fell),
}


def check_as_of(key: tuple[str, str, str], as_of: str, change=None) -> None:
    """Run a row's check on the tables known on ``as_of`` (``change`` alters them first)."""
    chapter, check = ANALYSIS_CHECKS[key]
    tables = chapter.load_tables(as_of)
    if change:
        change(tables)
    check(tables, chapter.param_set.validate({"as_of": as_of}))


def rows_citing_tables(verdicts: pd.DataFrame) -> set[tuple[str, str, str]]:
    cites = verdicts.fact_ids.fillna("").str.split(";").map(lambda ids: any(i[:1].islower() for i in ids))
    return {(r.claim_id, r.question, f"{r.from_date:%Y-%m-%d}") for r in verdicts[cites].itertuples()}


def test_every_verdict_that_cites_a_table_has_its_statement_recomputed():
    assert rows_citing_tables(data.load("claim_verdicts")) == set(ANALYSIS_CHECKS)


@pytest.mark.parametrize("key", list(ANALYSIS_CHECKS), ids="-".join)
def test_what_a_verdict_says_of_an_analysis_holds_on_the_data_of_its_date(key):
    check_as_of(key, key[2])


def _scale(table: str, column: str, factor: float, **where):
    def change(tables):
        t = tables[table]
        rows = pd.Series(True, index=t.index)
        for col, value in where.items():
            rows &= t[col] == value
        t.loc[rows, column] = t.loc[rows, column] * factor

    return change


@pytest.mark.parametrize(
    ("key", "change"),
    [
        # a GDP 20% smaller puts Japan's security total above 2% of it
        (("C07", "borne_out", "2026-01-31"), _scale("weo_gdp_usd", "gdp_usd_bn", 0.8)),
        # Mexico's duties as high as China's
        (("C11", "borne_out", "2025-10-30"), _scale("us_duties_by_partner_monthly", "calculated_duties_usd", 10,
                                                    partner_code="MEX")),
        # Japan's duties in 2025 back to a 2024-like level
        (("C02", "borne_out", "2026-02-04"), _scale("us_duties_by_partner_monthly", "calculated_duties_usd", 0.1,
                                                    partner_code="JPN", year=2025)),
    ],
)  # fmt: skip
def test_a_data_change_that_overturns_a_verdict_fails_its_check(key, change):
    check_as_of(key, key[2])
    with pytest.raises(AssertionError):
        check_as_of(key, key[2], change)


def test_a_verdict_dated_before_its_data_fails_its_check():
    """A row is dated no earlier than the values it rests on: a day before each row's date, its
    statement cannot yet be made from the data (or from the events) known then."""
    early = {
        ("C07", "borne_out", "2026-01-31"): "2026-01-30",  # the 2025 average yen rate not yet out
        ("C02", "borne_out", "2026-02-04"): "2026-02-03",  # December 2025's duties not yet out
        ("C10", "borne_out", "2025-11-17"): "2025-11-16",  # the model run of 17 November 2025
        ("C06", "achieved", "2025-09-30"): "2025-07-27",  # Japan's 2024 position, 28 July 2025
        ("C13", "achieved", "2025-09-11"): "2025-06-29",  # 2024 LNG trade, 30 June 2025
        ("C19", "achieved", "2025-12-31"): "2025-12-29",  # the September 2025 troop count
        ("C25", "taken_up", "2026-04-30"): "2026-04-09",  # the OECD's 2025 figures, by the rule
    }
    for key, day in early.items():
        with pytest.raises((AssertionError, KeyError)):
            check_as_of(key, day)


# ------------------------------------------------------------------ templated sentences

AS_OF_DATES = ["2024-11-05", "2025-01-20", "2025-04-03", "2025-07-15", "2025-09-05", EDITION_DATE]


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
    timeline_spec = scorecard.timeline_chart(timeline).to_dict()
    for text in (timeline_spec["title"]["text"], timeline_spec["description"]):
        text = " ".join(text) if isinstance(text, list) else text
        # not "0 verified events" nor "November 2024–November 2024"
        assert not re.search(r"\b0 verified|(\w+ \d{4})–\1|n/a", text), (p["as_of"], text)
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
        (EDITION_DATE, "2025-09-04", "2025-09-30"),
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

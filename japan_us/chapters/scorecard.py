"""Chapter 6, two years on: the essay against the record."""

from __future__ import annotations

import html

from japan_us import EDITION_DATE, ESSAY_DATE, data, long_date, palette
from japan_us.chapters.base import AS_OF, LANG, Chapter, Findings, codes
from japan_us.lazy import alt, charts, metrics, pd, report, sources
from japan_us.params import Param

SCORECARD = Chapter(
    slug="scorecard",
    notebook="06_scorecard",
    title="Two years on: the essay against the record",
    essay_section="all",
    tables=(
        "claim_ledger",
        "claim_verdicts",
        "events",
        "transition_milestones",
        "japan_headline_tariff",
        "us_duties_by_partner_monthly",
    ),
    params=(
        AS_OF,
        LANG,
        Param(
            "categories",
            list,
            data.vocabulary("events", "category"),
            "Event categories shown on the timeline",
            choices=codes("events", "category"),
        ),
    ),
)

SUMMARY = (
    "The essay's expectations about US policy (tariffs, burden sharing, withdrawal from multilateral "
    "bodies) mostly came true; its warning that Japan might have to retaliate did not, as Tokyo chose a "
    "deal; and its recommendations on cooperation were taken up in part, often in a different form from "
    "the one it sketched. Of Japan's five basic goals, the alliance held, protection from unilateral "
    "measures was won only in part, and US global engagement receded."
)


def events_since_essay(tables: dict) -> pd.DataFrame:
    """The events from the essay to the chapter's date (the tables stop at it)."""
    events = tables["events"]
    return events[events.date >= pd.Timestamp(ESSAY_DATE)]


# Chapter 3 states these claims' verdicts (the host-nation agreement) by gluing them from here.
CITED_IN_CHAPTERS = ("C08", "C31")


def ledger(tables: dict, p: dict) -> Findings:
    """The essay's checkable claims and their answers as of ``as_of``: ``answers`` holds one
    row per claim and question, ``claims`` each claim's headline answer (an expectation borne
    out, a goal or a recommendation's aim achieved), which the counts count; ``taken_up``
    counts whether the recommendations were taken up."""
    cutoff = pd.Timestamp(p["as_of"])
    answers = metrics.ledger_as_of(tables["claim_ledger"], tables["claim_verdicts"], p["as_of"])
    claims = metrics.headline_answers(answers)
    counts = claims.verdict_as_of.value_counts().reindex(metrics.verdicts_for("borne_out"), fill_value=0)
    taken = answers[answers.question == "taken_up"].verdict_as_of
    taken_up = taken.value_counts().reindex(metrics.verdicts_for("taken_up"), fill_value=0)
    summary = SUMMARY if p["as_of"] >= EDITION_DATE else (
        f"These are the verdicts the record supported on {long_date(cutoff)}; facts that came later "
        "may have changed them."
    )  # fmt: skip
    verdict_of = claims.set_index("claim_id").verdict_as_of
    values = {
        "ledger_summary": summary,
        "claims_total": len(claims),
        "claims_borne_out": counts["borne out"],
        "claims_partly": counts["partly"],
        "claims_not": counts["not borne out"],
        "claims_no_evidence": counts["no evidence in the sources"],
        "claims_early": counts[metrics.TOO_EARLY],
        "claims_counts_text": _counted(counts),
        "recommendations_total": len(taken),
        "taken_up_counts_text": _counted(taken_up),
        "verdict_vocabulary": report.join_and(metrics.verdicts_for("borne_out")),
        "taken_up_vocabulary": report.join_and(metrics.YES_NO["taken_up"]),
        "as_of_text": long_date(cutoff),
        "events_count": len(events_since_essay(tables)),
        **{f"verdict_{claim}": verdict_of[claim] for claim in CITED_IN_CHAPTERS},
    }
    return Findings(values, claims=claims, answers=answers, counts=counts, taken_up=taken_up, cutoff=cutoff)


def _counted(counts: pd.Series) -> str:
    """Counts of verdicts as a sentence says them, leaving out the verdicts no claim has:
    "borne out for 12, partly for 9 and too early to tell for 1"."""
    return report.join_and([f"{verdict} for {n}" for verdict, n in counts.items() if n])


# The board groups the essay's sections into its four movements.
ESSAY_PARTS = {
    "The transition and the new administration (sections 1–2)": ["1", "2"],
    "Channels and the narrative (sections 3(1)–3(2))": ["3(1)", "3(2)"],
    "Bracing for frictions (section 3(3))": ["3(3)"],
    "Cooperation, third countries and key policies (sections 3(4)–3(6))": ["3(4)", "3(5)", "3(6)"],
}


# Below this width (px, the book's phone layout) the board's parts start folded.
NARROW = 560
FOLD_ON_PHONES = (
    "<script>for (const part of document.currentScript.parentElement.querySelectorAll('details')) "
    f"part.open = !matchMedia('(max-width: {NARROW}px)').matches;</script>"
)


def claim_board(f: Findings, chapters_path: str = "") -> report.HTML:
    """The ledger as a board a reader takes in at a glance: the claims grouped by part of the
    essay, each part with its counts of verdicts, each claim in words with its answers (an
    expectation: borne out?; a goal: achieved?; a recommendation: taken up? and achieved its
    aim?), each answer a badge (colour and text) with what happened, why and the facts
    behind it, and a link to the chapter with the evidence. On a phone the parts start
    folded, so that the counts fit a screen; without scripts, and in print, every card shows.
    ``chapters_path`` leads from the page showing the board to the chapter pages."""
    from japan_us.chapters import CHAPTERS  # defined after this module is imported

    numbers = {c.notebook: (n, c.title.split(":")[0]) for n, c in enumerate(CHAPTERS, start=1)}
    unplaced = set(f.claims.essay_section) - {s for sections in ESSAY_PARTS.values() for s in sections}
    if unplaced:
        raise ValueError(f"claim_ledger: essay sections {sorted(unplaced)} belong to no part of the board")
    answers = dict(tuple(f.answers.groupby("claim_id", sort=False)))
    parts = []
    for part, sections in ESSAY_PARTS.items():
        claims = f.claims[f.claims.essay_section.isin(sections)]
        cards = "".join(
            _claim_card(claim, answers[claim.claim_id], numbers, chapters_path) for claim in claims.itertuples()
        )
        if cards:
            counts = _verdict_counts(claims.verdict_as_of.value_counts().reindex(metrics.VERDICTS).dropna())
            parts.append(
                f"<details class='japan-us-part' open><summary><h3>{html.escape(part)}</h3> "
                f"<span class='japan-us-part-counts'>{counts}</span></summary>"
                f"<div class='japan-us-claims'>{cards}</div></details>"
            )
    as_of = html.escape(f.values["as_of_text"])
    return report.HTML(
        # the claims by their headline answers; whether each recommendation was taken up is on
        # its card (a line of its counts here would push the chapters off a phone's third screen)
        f"<div class='japan-us-board'><p class='japan-us-board-counts'>As of {as_of}: "
        f"{_verdict_counts(f.counts[f.counts > 0])}</p>"
        f"{''.join(parts)}{FOLD_ON_PHONES}</div>"
    )


def _verdict_counts(counts: pd.Series) -> str:
    """A badge per verdict: "3 borne out", in the verdict's colour."""
    return " ".join(
        f"<span class='japan-us-verdict {_verdict_class(v)}'>{n:.0f} {html.escape(v)}</span>" for v, n in counts.items()
    )


def _verdict_class(verdict: str) -> str:
    return "verdict-" + "-".join(verdict.split())


def _claim_card(claim, answers: pd.DataFrame, numbers: dict, chapters_path: str) -> str:
    number, chapter = numbers[claim.chapter]
    parts = [
        f"<p class='japan-us-claim-head'><span class='japan-us-claim-kind'>{html.escape(claim.kind)}, "
        f"essay {html.escape(claim.essay_section)}, {claim.claim_id}</span></p>",
        f"<p class='japan-us-claim-text'>{html.escape(claim.claim)}</p>",
        *(_answer(answer) for answer in answers.itertuples()),
        f"<p class='japan-us-claim-evidence'><a href='{chapters_path}{claim.chapter}.html'>Chapter {number}: "
        f"{html.escape(chapter)}</a></p>",
    ]
    verdict = _verdict_class(claim.verdict_as_of)
    return f"<article class='japan-us-claim {verdict}' id='claim-{claim.claim_id}'>{''.join(parts)}</article>"


def _answer(answer) -> str:
    """One question's answer on a card: the question, the verdict as a badge, what happened,
    why, and the facts or tables behind it."""
    if answer.facts_as_of:
        facts = ", ".join(_citation(c) for c in answer.facts_as_of.split(";"))
    else:
        facts = "none yet" if answer.verdict_as_of == metrics.TOO_EARLY else "none in the sources"
    return (
        f"<div class='japan-us-answer'><p class='japan-us-claim-answer'>"
        f"<span class='japan-us-question'>{metrics.QUESTION_WORDS[answer.question]}</span> "
        f"<span class='japan-us-verdict {_verdict_class(answer.verdict_as_of)}'>"
        f"{html.escape(answer.verdict_as_of)}</span></p>"
        f"<p class='japan-us-claim-outcome'>{html.escape(answer.outcome_as_of)}</p>"
        + (
            f"<p class='japan-us-claim-why'>Why: {html.escape(answer.rationale_as_of)}</p>"
            if answer.rationale_as_of
            else ""
        )
        + f"<p class='japan-us-claim-facts'>Facts: {html.escape(facts)}</p></div>"
    )


def _citation(cited: str) -> str:
    """A fact's id as the fact sheet names it (B1.3), or a table of this book by its title."""
    return cited if cited[0].isupper() else f"{data.resource(cited)['title']} (table)"


def timeline(tables: dict, p: dict) -> Findings:
    """The verified events since the essay, by category."""
    events = events_since_essay(tables)
    shown = events[events.category.isin(p["categories"])]
    shown = shown.assign(category_name=shown.category.map(report.EVENT_CATEGORIES), source=sources.source_labels(shown))
    values = {"timeline_count": len(shown), "timeline_text": _timeline_text(shown)}
    return Findings(
        values, events=shown, categories=[report.EVENT_CATEGORIES[c] for c in p["categories"]], as_of=p["as_of"]
    )


def _timeline_text(shown: pd.DataFrame) -> str:
    """What the timeline places, as a sentence reads with any number of events."""
    if not len(shown):
        return "The timeline has no verified event in the categories chosen up to this page's date"
    first, last = f"{shown.date.min():%B %Y}", f"{shown.date.max():%B %Y}"
    span = f"in {first}" if first == last else f"from {first} to {last}"
    return f"The timeline places {_events(len(shown))}, {span}, by category"


def _events(count: int) -> str:
    """ "no verified event yet", "one verified event", "21 verified events" """
    return {0: "no verified event yet", 1: "one verified event"}.get(count, f"{count} verified events")


def _span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A chart's period: "November 2024" within one month, else "November 2024–July 2025"."""
    first, last = f"{start:%B %Y}", f"{end:%B %Y}"
    return first if first == last else f"{first}–{last}"


# The event categories' colours, each at least colour.DISTINCT from the others and from
# China's (China, a category here, keeps its own), 3:1 or more on white (tests/test_colours.py).
CATEGORY_COLOURS = {
    "Tariffs and trade": "#A02222",
    "Defense": "#6929C2",
    "Leaders and politics": "#C28229",
    "Multilateral": "#22A0A0",
    "Investment and energy": "#22A022",
}


def timeline_chart(f: Findings) -> alt.TopLevelMixin:
    shown, order = f.events, f.categories
    start, cutoff = pd.Timestamp(ESSAY_DATE), pd.Timestamp(f.as_of)
    pick = charts.legend_selection("category_name")
    chart = (
        alt.Chart(shown)
        .mark_circle(size=120)
        .encode(
            # ticks every quarter from January, so that each year is named where it starts
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain=[start.isoformat(), cutoff.isoformat()]),
                axis=alt.Axis(tickCount={"interval": "month", "step": 3}),
            ),
            y=alt.Y("category_name:N", sort=order, title=None),
            # each category in a colour of its own (China in China's), for the legend's picks
            color=alt.Color(
                "category_name:N",
                sort=order,
                title=None,
                legend=alt.Legend(columns=3),
                scale=alt.Scale(
                    domain=order, range=[CATEGORY_COLOURS.get(c) or palette.entity_colour(c) for c in order]
                ),
            ),
            opacity=charts.picked(pick, 0.9, 0.08),
            tooltip=charts.tooltip(
                ("date:T", "Date", charts.DAY),
                ("title:N", "Event"),
                ("category_name:N", "Category"),
                ("confidence:N", "Confidence"),
                ("caveat:N", "Caveat"),
                ("source:N", "Source"),
            ),
        )
        .add_params(pick)
        .properties(height=48 * len(order))
    )
    span, events = _span(start, cutoff), _events(f.values["timeline_count"])
    return charts.finish(
        chart,
        # The count per category reflects what the fact sheet verified, not what mattered most,
        # so the title states the span and the number of events only.
        title=f"{events[0].upper()}{events[1:]} since the essay, {span}",
        subtitle=f"Verified events by category, {span}",
        source=(
            "Federal Register, White House, court and government pages, wire and major-outlet reports"
            " (fact sheet Table B; each event's source and its kind in the tooltip)."
        ),
        note="Only facts verified in the cited pages (V, or V* with a caveat)."
        + (" The record thins out after about May 2026." if cutoff >= pd.Timestamp(THIN_AFTER) else ""),
        description=f"Timeline of {events} in {len(order)} categories, {span}.",
    )


THIN_AFTER = "2026-06-01"  # the fact sheet's record thins out after about May 2026


def tariff_story(tables: dict, p: dict) -> Findings:
    """Japan's headline tariff, step by step, against the duty actually collected."""
    cutoff = pd.Timestamp(p["as_of"])
    headline = tables["japan_headline_tariff"]
    segments = metrics.headline_segments(headline, p["as_of"])
    duty = metrics.duty_rates(tables["us_duties_by_partner_monthly"]).query("partner_code == 'JPN'")
    gap_from = headline.scheduled_end.dropna().max() if headline.scheduled_end.notna().any() else None
    values = {
        "story_peak_duty": duty.duty_rate_pct.max() if len(duty) else "n/a",
        "story_peak_month": f"{duty.set_index('date').duty_rate_pct.idxmax():%B %Y}" if len(duty) else "n/a",
        "story_in_force": " → ".join(f"{r:.0f}%" for r in segments.rate_pct) or "none yet",
        "story_in_force_text": _in_force_text(segments),
        "story_other_steps": _other_steps_text(headline),
        "story_gap": f"after {long_date(gap_from)}"
        if gap_from is not None and gap_from < cutoff
        else "none within the period",
    }
    values["story_gap_text"] = (
        f"The record of the general rate has a gap {values['story_gap']}: what replaced the temporary "
        "surcharge could not be verified, so the chart stops there rather than guess"
        if values["story_gap"].startswith("after")
        else "The record of the general rate has no gap up to this page's date"
    )
    ruling = tables["events"][tables["events"].event_id.eq("B1.14")]
    return Findings(values, headline=headline, segments=segments, duty=duty, ruling=ruling, cutoff=cutoff)


def _in_force_text(segments: pd.DataFrame) -> str:
    """The general rates in force as a sentence reads them with any number of steps: none
    yet, one rate since its day, or the steps from first to last."""
    rates = [f"{r:.0f}%" for r in segments.rate_pct]
    if not rates:
        return "No general US tariff rate on Japanese goods had yet taken effect"
    if len(rates) == 1:
        return f"Japan's general US tariff rate in force was {rates[0]}, from {long_date(segments.date.iloc[0])}"
    return f"Japan's general US tariff rate in force went {' → '.join(rates)}"


def _other_steps_text(headline: pd.DataFrame) -> str:
    """The rates announced, threatened or suspended but not applied, as a sentence says them."""
    steps = headline[headline.status != "in force"]
    if not len(steps):
        return "No other rate had been announced, threatened or suspended"
    listed = report.join_and([f"{r.rate_pct:.0f}% {r.status} on {long_date(r.date)}" for r in steps.itertuples()])
    return f"Along the way, rates were announced, threatened or suspended without being applied: {listed}"


def tariff_story_chart(f: Findings) -> alt.TopLevelMixin:
    v, headline, duty = f.values, f.headline, f.duty
    statuses = data.vocabulary("japan_headline_tariff", "status")
    seg = (
        alt.Chart(f.segments)
        .mark_rule(strokeWidth=4, color=palette.JAPAN_COLOR)
        .encode(
            x=alt.X("date:T", title=None),
            x2=alt.X2("end:T"),
            y=alt.Y("rate_pct:Q", title="% of import value"),
            tooltip=charts.tooltip(
                ("label:N", "Headline rate"),
                ("rate_pct:Q", "Rate, %"),
                ("date:T", "From", charts.DAY),
                ("end:T", "To", charts.DAY),
            ),
        )
    )
    status_colours = [palette.ORANGE, palette.PINK, "#666666", palette.JAPAN_COLOR]
    steps = (
        alt.Chart(headline)
        # a step at the same rate as one a few days before it is drawn beside it rather than
        # on top of it (24% announced, then suspended a week later)
        .transform_calculate(t="time(datum.date)")
        .transform_window(before_t="lag(t)", groupby=["rate_pct"], sort=[{"field": "t"}])
        .transform_calculate(beside="datum.before_t != null && datum.t - datum.before_t < 30 * 864e5")
        .encode(
            x=alt.X("date:T"),
            y=alt.Y("rate_pct:Q"),
            shape=alt.Shape("status:N", title="Headline rate", sort=statuses, scale=alt.Scale(domain=statuses)),
            color=alt.Color(
                "status:N", title="Headline rate", sort=statuses, scale=alt.Scale(domain=statuses, range=status_colours)
            ),
            tooltip=charts.tooltip(
                ("label:N", "Step"), ("rate_pct:Q", "Rate, %"), ("status:N", "Status"), ("date:T", "Date", charts.DAY)
            ),
        )
    )
    marks = alt.layer(
        steps.transform_filter("!datum.beside").mark_point(size=110, filled=True),
        steps.transform_filter("datum.beside").mark_point(size=110, filled=True, xOffset=11),
    )
    collected = (
        alt.Chart(duty)
        .mark_line(point=True, color=palette.BLUE)
        .encode(
            x=alt.X("date:T"),
            y=alt.Y("duty_rate_pct:Q"),
            tooltip=charts.tooltip(("date:T", "Month", "%b %Y"), ("duty_rate_pct:Q", "Duty collected, %", ".2f")),
        )
    )
    if len(duty) and len(f.segments):
        # "went 10% → 15% → 10%", or "was 10%" for a single step
        went = "went" if len(f.segments) > 1 else "was"
        title = (
            f"Japan's general tariff in force {went} {v['story_in_force']}; "
            f"the duty collected peaked at {v['story_peak_duty']:.1f}%"
        )
    else:
        title = "Japan's headline tariff and the duty collected"
    start = min(duty.date.min(), pd.Timestamp(ESSAY_DATE))
    peak = duty.duty_rate_pct.max() if len(duty) else float("nan")
    return charts.finish(
        alt.layer(seg, marks, collected, charts.event_rules(f.ruling, {"B1.14": "Court ruling"}, (start, f.cutoff))),
        title=title,
        subtitle=(
            "Headline US tariff rate on goods from Japan and the calculated duty actually collected, %, "
            f"{start:%B %Y}–{f.cutoff:%B %Y}"
        ),
        source=(
            "Federal Register, CBP guidance and news reports (fact sheet Table B1); "
            "U.S. Census Bureau, calculated duties and imports for consumption."
        ),
        note=" ".join(
            [
                "Blue line: duty collected (monthly). Thick orange line: headline rate in force; marks: announced, "
                "threatened, suspended, in force.",
                *(["Dotted rule: the Supreme Court ruling, named above the chart."] if len(f.ruling) else []),
                *([f"Census duty data end in {duty.date.max():%B %Y}."] if len(duty) else []),
                *([f"The general rate {v['story_gap']} is unverified."] if v["story_gap"].startswith("after") else []),
            ]
        ),
        description=(
            f"Step line of Japan's headline tariff ({', '.join(f'{r:.0f}%' for r in headline.rate_pct)}) "
            f"and a monthly line of the duty collected, peaking at {peak:.1f}%."
        ),
    )

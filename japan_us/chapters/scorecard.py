"""Chapter 6, two years on: the essay against the record."""

from __future__ import annotations

import datetime as dt

from japan_us import EDITION_DATE, data, long_date
from japan_us.chapters import Chapter, Findings, codes
from japan_us.lazy import LazyModule
from japan_us.params import Param

alt, pd = LazyModule("altair"), LazyModule("pandas")
charts, metrics, report = (LazyModule(f"japan_us.{name}") for name in ("charts", "metrics", "report"))

SCORECARD = Chapter(
    slug="scorecard",
    notebook="06_scorecard",
    title="Two years on: the essay against the record",
    essay_section="all",
    tables=(
        "claim_ledger",
        "events",
        "transition_milestones",
        "japan_headline_tariff",
        "us_duties_by_partner_monthly",
    ),
    params=(
        Param(
            "as_of",
            dt.date,
            EDITION_DATE,
            "Date of the record: later events and verdicts do not count yet",
            bounds=("2024-11-05", "2026-12-31"),
        ),
        Param(
            "categories",
            list,
            data.vocabulary("events", "category"),
            "Event categories shown on the timeline",
            choices=codes("events", "category"),
        ),
    ),
)

ESSAY_DATE = "2024-11-05"  # the US election, which the essay's opening dates it after
CATEGORY_NAMES = {
    "tariffs_trade": "Tariffs and trade",
    "defense": "Defense",
    "leaders_politics": "Leaders and politics",
    "multilateral": "Multilateral",
    "investment_energy": "Investment and energy",
    "china": "China",
}
# By meaning: a verdict added to the descriptor's vocabulary needs a colour here.
VERDICT_COLOURS = {"borne out": "GREEN", "partly": "ORANGE", "not borne out": "VERMILION", "too early to tell": "GREY"}
SUMMARY = (
    "The essay's expectations about US policy (tariffs, burden sharing, withdrawal from multilateral "
    "bodies) mostly came true; its warning that Japan might have to retaliate did not, as Tokyo chose a "
    "deal; and its recommendations on cooperation were taken up in part, often in a different form from "
    "the one it sketched."
)


def events_since_essay(tables: dict, p: dict) -> pd.DataFrame:
    events = tables["events"]
    return events[(events.date >= pd.Timestamp(ESSAY_DATE)) & (events.date <= pd.Timestamp(p["as_of"]))]


def ledger(tables: dict, p: dict) -> Findings:
    """The essay's checkable claims and their verdicts as of ``as_of``."""
    cutoff = pd.Timestamp(p["as_of"])
    claims = metrics.ledger_as_of(tables["claim_ledger"], p["as_of"])
    counts = claims.verdict_as_of.value_counts().reindex(metrics.VERDICTS, fill_value=0)
    later = int((claims.evidence_date > cutoff).sum())
    summary = SUMMARY if not later else (
        f"On this date the evidence for {later} of the claims was still to come; "
        "rebuild the page with a later as_of date to see how they turned out."
    )  # fmt: skip
    values = {
        "ledger_summary": summary,
        "claims_total": len(claims),
        "claims_borne_out": counts["borne out"],
        "claims_partly": counts["partly"],
        "claims_not": counts["not borne out"],
        "claims_early": counts["too early to tell"],
        "as_of_text": long_date(cutoff),
        "events_count": len(events_since_essay(tables, p)),
    }
    return Findings(values, claims=claims, counts=counts, cutoff=cutoff)


def ledger_chart(f: Findings) -> alt.TopLevelMixin:
    claims, counts, verdicts = f.claims, f.counts, metrics.VERDICTS
    squares = claims.assign(slot=claims.groupby("verdict_as_of").cumcount(), section="section " + claims.essay_section)
    y = alt.Y("verdict_as_of:N", sort=verdicts, title=None)
    chart = (
        alt.Chart(squares)
        .mark_square(size=380)
        .encode(
            x=alt.X("slot:O", title=None, axis=None),
            y=y,
            color=alt.Color(
                "verdict_as_of:N",
                sort=verdicts,
                title=None,
                legend=None,
                scale=alt.Scale(domain=verdicts, range=[getattr(charts, VERDICT_COLOURS[v]) for v in verdicts]),
            ),
            tooltip=[
                alt.Tooltip("claim_id:N", title="Claim"),
                alt.Tooltip("section:N", title="Essay"),
                alt.Tooltip("claim:N", title="The essay"),
                alt.Tooltip("outcome_as_of:N", title="What happened"),
                alt.Tooltip("verdict_as_of:N", title="Verdict"),
            ],
        )
        .properties(height=45 * len(verdicts))
    )
    text = (
        alt.Chart(squares)
        .mark_text(fontSize=10, color="#1a1a1a")  # dark on every verdict colour: 4.5:1 or better
        .encode(x="slot:O", y=alt.Y("verdict_as_of:N", sort=verdicts), text="claim_id:N")
    )
    as_of = f.values["as_of_text"]
    return charts.finish(
        alt.layer(chart, text),
        title=f"{counts['borne out']} of the essay's {len(claims)} checkable claims were borne out by {f.cutoff:%B %Y}",
        subtitle=f"Claims of the November 2024 essay by verdict, as of {as_of}; one square per claim",
        source=(
            "This book's claim ledger (data/claim_ledger.csv), built from the essay and the fact sheet's verified rows."
        ),
        note=(
            "Verdicts are the book's judgement; a verdict whose evidence postdates the as-of date "
            "reads 'too early to tell'."
        ),
        description=(
            f"Grid of {len(claims)} squares grouped by verdict: {counts['borne out']} borne out, "
            f"{counts['partly']} partly, {counts['not borne out']} not borne out, "
            f"{counts['too early to tell']} too early to tell."
        ),
    )


def ledger_table(f: Findings, p: dict) -> report.HTML:
    from japan_us.chapters import CHAPTERS  # defined after this module is imported

    pages = {c.notebook: c.title.split(":")[0] for c in CHAPTERS}
    claims = f.claims
    table = claims.assign(
        evidence=claims.chapter.map(pages), link=claims.chapter + ".html", facts=claims.fact_ids.str.replace(";", ", ")
    )
    columns = ["claim_id", "essay_section", "kind", "claim", "outcome_as_of", "facts", "evidence", "link"]
    renamed = {"essay_section": "section", "outcome_as_of": "what happened", "verdict_as_of": "verdict"}
    return report.table(
        table[columns + ["verdict_as_of"]].rename(columns=renamed),
        caption=(
            f"The claim ledger as of {p['as_of']} (facts: rows of the fact sheet; evidence: the chapter with the data)"
        ),
        links={"evidence": "link"},
    )


def timeline(tables: dict, p: dict) -> Findings:
    """The verified events since the essay, by category."""
    events = events_since_essay(tables, p)
    shown = events[events.category.isin(p["categories"])]
    shown = shown.assign(category_name=shown.category.map(CATEGORY_NAMES))
    values = {
        "timeline_count": len(shown),
        "timeline_first": f"{shown.date.min():%B %Y}" if len(shown) else "n/a",
        "timeline_last": f"{shown.date.max():%B %Y}" if len(shown) else "n/a",
    }
    return Findings(values, events=shown, categories=[CATEGORY_NAMES[c] for c in p["categories"]], as_of=p["as_of"])


def timeline_chart(f: Findings) -> alt.TopLevelMixin:
    shown, order = f.events, f.categories
    start, cutoff = pd.Timestamp(ESSAY_DATE), pd.Timestamp(f.as_of)
    pick = charts.legend_selection("category_name")
    chart = (
        alt.Chart(shown)
        .mark_circle(size=120)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), cutoff.isoformat()])),
            y=alt.Y("category_name:N", sort=order, title=None),
            # rows tell categories apart; colour only keeps China (a category here) in China's colour
            color=alt.Color(
                "category_name:N",
                sort=order,
                title=None,
                legend=alt.Legend(columns=3),
                scale=charts.entity_scale(order),
            ),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.08)),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format=charts.DAY),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("category_name:N", title="Category"),
                alt.Tooltip("confidence:N", title="Confidence"),
                alt.Tooltip("caveat:N", title="Caveat"),
                alt.Tooltip("source_publisher:N", title="Source"),
            ],
        )
        .add_params(pick)
        .properties(height=48 * len(order))
    )
    span = f"{start:%B %Y}–{cutoff:%B %Y}"
    count = f.values["timeline_count"]
    return charts.finish(
        chart,
        # The count per category reflects what the fact sheet verified, not what mattered most,
        # so the title states the span and the number of events only.
        title=f"{count} verified events since the essay, {span}",
        subtitle=f"Verified events by category, {span}",
        source="Fact sheet Table B (news, government and court pages; one source per event in the tooltip).",
        note=(
            "Only facts verified in the cited pages (V, or V* with a "
            "caveat). The record thins out after about May 2026."
        ),
        description=f"Timeline of {count} events in {len(order)} categories between {start:%B %Y} and {cutoff:%B %Y}.",
    )


def tariff_story(tables: dict, p: dict) -> Findings:
    """Japan's headline tariff, step by step, against the duty actually collected."""
    cutoff = pd.Timestamp(p["as_of"])
    headline = tables["japan_headline_tariff"]
    headline = headline[headline.date <= cutoff]
    segments = metrics.headline_segments(headline, p["as_of"])
    duty = metrics.duty_rates(tables["us_duties_by_partner_monthly"]).query("partner_code == 'JPN'")
    duty = duty[duty.date <= cutoff]
    gap_from = headline.scheduled_end.dropna().max() if headline.scheduled_end.notna().any() else None
    values = {
        "story_peak_duty": duty.duty_rate_pct.max() if len(duty) else "n/a",
        "story_peak_month": f"{duty.set_index('date').duty_rate_pct.idxmax():%B %Y}" if len(duty) else "n/a",
        "story_rates": "; ".join(f"{r.rate_pct:.0f}% {r.status} on {long_date(r.date)}" for r in headline.itertuples())
        or "none yet",
        "story_in_force": " → ".join(f"{r:.0f}%" for r in segments.rate_pct) or "none yet",
        "story_gap": f"after {long_date(gap_from)}"
        if gap_from is not None and gap_from < cutoff
        else "none within the period",
    }
    ruling = tables["events"][tables["events"].event_id.eq("B1.14")]
    return Findings(values, headline=headline, segments=segments, duty=duty, ruling=ruling, cutoff=cutoff)


def tariff_story_chart(f: Findings) -> alt.TopLevelMixin:
    v, headline, duty = f.values, f.headline, f.duty
    statuses = data.vocabulary("japan_headline_tariff", "status")
    seg = (
        alt.Chart(f.segments)
        .mark_rule(strokeWidth=4, color=charts.JAPAN_COLOR)
        .encode(
            x=alt.X("date:T", title=None),
            x2="end:T",
            y=alt.Y("rate_pct:Q", title="% of import value"),
            tooltip=[
                alt.Tooltip("label:N", title="Headline rate"),
                alt.Tooltip("rate_pct:Q", title="Rate, %"),
                alt.Tooltip("date:T", title="From", format=charts.DAY),
                alt.Tooltip("end:T", title="To", format=charts.DAY),
            ],
        )
    )
    status_colours = [charts.ORANGE, charts.PINK, "#666666", charts.JAPAN_COLOR]
    marks = (
        alt.Chart(headline)
        .mark_point(size=110, filled=True)
        .encode(
            x="date:T",
            y="rate_pct:Q",
            shape=alt.Shape("status:N", title="Headline rate", sort=statuses, scale=alt.Scale(domain=statuses)),
            color=alt.Color(
                "status:N", title="Headline rate", sort=statuses, scale=alt.Scale(domain=statuses, range=status_colours)
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Step"),
                alt.Tooltip("rate_pct:Q", title="Rate, %"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("date:T", title="Date", format=charts.DAY),
            ],
        )
    )
    collected = (
        alt.Chart(duty)
        .mark_line(point=True, color=charts.BLUE)
        .encode(
            x="date:T",
            y="duty_rate_pct:Q",
            tooltip=[
                alt.Tooltip("date:T", title="Month", format="%b %Y"),
                alt.Tooltip("duty_rate_pct:Q", title="Duty collected, %", format=".2f"),
            ],
        )
    )
    if len(duty) and len(f.segments):
        title = (
            f"Japan's general tariff in force went {v['story_in_force']}; "
            f"the duty collected peaked at {v['story_peak_duty']:.1f}%"
        )
    else:
        title = "Japan's headline tariff and the duty collected"
    start = min(duty.date.min(), pd.Timestamp(ESSAY_DATE))
    peak = duty.duty_rate_pct.max() if len(duty) else float("nan")
    return charts.finish(
        alt.layer(seg, marks, collected, charts.event_rules(f.ruling)),
        title=title,
        subtitle=(
            "Headline US tariff rate on goods from Japan and the calculated duty actually collected, %, "
            f"{start:%B %Y}–{f.cutoff:%B %Y}"
        ),
        source=(
            "Federal Register, CBP guidance and news reports (fact sheet Table B1); "
            "U.S. Census Bureau, calculated duties and imports for consumption."
        ),
        note=(
            "Blue line: duty collected (monthly). Thick orange line: headline rate in force; marks: announced, "
            "threatened, suspended, in force. Dashed rule: Supreme Court ruling. Census duty data end in "
            "December 2025; the general rate after the Section 122 surcharge's scheduled end is unverified."
        ),
        description=(
            f"Step line of Japan's headline tariff ({', '.join(f'{r:.0f}%' for r in headline.rate_pct)}) "
            f"and a monthly line of the duty collected, peaking at {peak:.1f}%."
        ),
    )

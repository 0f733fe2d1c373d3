"""Chapter 6, two years on: the essay against the record."""

from __future__ import annotations

import html

from japan_us import EDITION_DATE, ESSAY_DATE, data, i18n, long_date, palette
from japan_us.chapters.base import AS_OF, LANG, Chapter, Findings, codes
from japan_us.i18n import _, pgettext
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
    summary = _summary() if p["as_of"] >= EDITION_DATE else (
        _("These are the verdicts the record supported on {date}; facts that came later "
          "may have changed them.").format(date=long_date(cutoff))
    )  # fmt: skip
    verdict_of = claims.set_index("claim_id").verdict_as_of
    # the answers given by a dated verdict row (the others are not yet known on the day)
    keys = ["claim_id", "question"]
    given = tables["claim_verdicts"].loc[lambda v: v.from_date <= cutoff].set_index(keys).index
    answers = answers.assign(known=answers.set_index(keys).index.isin(given))
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
        "verdict_vocabulary": _vocabulary(metrics.verdicts_for("borne_out")),
        "taken_up_vocabulary": _vocabulary(metrics.YES_NO["taken_up"]),
        "as_of_text": long_date(cutoff),
        "events_count": len(events_since_essay(tables)),
        **{f"verdict_{claim}": verdict_label(verdict_of[claim]) for claim in CITED_IN_CHAPTERS},
    }
    return Findings(values, claims=claims, answers=answers, counts=counts, taken_up=taken_up, cutoff=cutoff)


def _summary() -> str:
    """What the ledger says as of the edition's date, in the reader's language."""
    return _(
        "The essay's expectations about US policy (tariffs, burden sharing, withdrawal from multilateral "
        "bodies) mostly came true; its warning that Japan might have to retaliate did not, as Tokyo chose a "
        "deal; and its recommendations on cooperation were taken up in part, often in a different form from "
        "the one it sketched. Of Japan's five basic goals, the alliance held, protection from unilateral "
        "measures was won only in part, and US global engagement receded."
    )


def verdict_label(verdict: str) -> str:
    """A verdict of the data (its English words are its code) as the reader's language names
    it: one fixed label per verdict (tests/test_i18n_verdicts.py). The badge's colour is keyed
    by the code (:func:`_verdict_class`), never by these words."""
    labels = {
        "borne out": pgettext("verdict", "borne out"),
        "taken up": pgettext("verdict", "taken up"),
        "partly": pgettext("verdict", "partly"),
        "not borne out": pgettext("verdict", "not borne out"),
        "not taken up": pgettext("verdict", "not taken up"),
        "no evidence in the sources": pgettext("verdict", "no evidence in the sources"),
        "too early to tell": pgettext("verdict", "too early to tell"),
    }
    if verdict not in labels:
        raise ValueError(f"claim_verdicts: verdict {verdict!r} has no label (known: {', '.join(labels)})")
    return labels[verdict]


def _vocabulary(verdicts) -> str:
    """The verdicts a question is answered with, as a sentence names them."""
    return report.join_and([pgettext("verdict named", "{verdict}").format(verdict=verdict_label(v)) for v in verdicts])


def _counted(counts: pd.Series) -> str:
    """Counts of verdicts as a sentence says them, leaving out the verdicts no claim has:
    "borne out for 12, partly for 9 and too early to tell for 1"."""
    return report.join_and(
        [_("{verdict} for {count}").format(verdict=verdict_label(v), count=n) for v, n in counts.items() if n]
    )


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
    part_titles = _essay_parts()
    for part, sections in ESSAY_PARTS.items():
        claims = f.claims[f.claims.essay_section.isin(sections)]
        cards = "".join(
            _claim_card(claim, answers[claim.claim_id], numbers, chapters_path, f.cutoff)
            for claim in claims.itertuples()
        )
        if cards:
            counts = _verdict_counts(claims.verdict_as_of.value_counts().reindex(metrics.VERDICTS).dropna())
            parts.append(
                f"<details class='japan-us-part' open><summary><h3>{html.escape(part_titles[part])}</h3> "
                f"<span class='japan-us-part-counts'>{counts}</span></summary>"
                f"<div class='japan-us-claims'>{cards}</div></details>"
            )
    as_of = html.escape(_("As of {date}:").format(date=f.values["as_of_text"]))
    return report.HTML(
        # the claims by their headline answers; whether each recommendation was taken up is on
        # its card (a line of its counts here would push the chapters off a phone's third screen)
        f"<div class='japan-us-board'><p class='japan-us-board-counts'>{as_of} "
        f"{_verdict_counts(f.counts[f.counts > 0])}</p>"
        f"{''.join(parts)}{FOLD_ON_PHONES}</div>"
    )


def _essay_parts() -> dict[str, str]:
    """The board's parts (:data:`ESSAY_PARTS`) as the reader's language names them."""
    return {
        "The transition and the new administration (sections 1–2)": _(
            "The transition and the new administration (sections 1–2)"
        ),
        "Channels and the narrative (sections 3(1)–3(2))": _("Channels and the narrative (sections 3(1)–3(2))"),
        "Bracing for frictions (section 3(3))": _("Bracing for frictions (section 3(3))"),
        "Cooperation, third countries and key policies (sections 3(4)–3(6))": _(
            "Cooperation, third countries and key policies (sections 3(4)–3(6))"
        ),
    }


def _verdict_counts(counts: pd.Series) -> str:
    """A badge per verdict: "3 borne out", in the verdict's colour."""
    badges = {v: _("{count} {verdict}").format(count=f"{n:.0f}", verdict=verdict_label(v)) for v, n in counts.items()}
    return " ".join(
        f"<span class='japan-us-verdict {_verdict_class(v)}'>{html.escape(badge)}</span>" for v, badge in badges.items()
    )


def _verdict_class(verdict: str) -> str:
    """The badge's class, which gives its colour: from the verdict's code (its English words in
    the data), the same in every language."""
    return "verdict-" + "-".join(verdict.split())


def _kind(kind: str) -> str:
    """A claim's kind as the card names it."""
    return {
        "expectation": pgettext("claim kind", "expectation"),
        "goal": pgettext("claim kind", "goal"),
        "recommendation": pgettext("claim kind", "recommendation"),
    }[kind]


def _question(question: str) -> str:
    """A question a claim answers (:data:`metrics.QUESTION_WORDS`), as the card asks it."""
    return {
        "borne_out": _("Borne out?"),
        "taken_up": _("Taken up?"),
        "achieved": _("Achieved its aim?"),
    }[question]


def _chapter_name(notebook: str, english: str) -> str:
    """A chapter's short title (before its colon) as the board's links name it."""
    return {
        "01_transition": pgettext("chapter", "Practical issues of the transition"),
        "02_goals": pgettext("chapter", "Japan's five basic goals, one indicator set each"),
        "03_frictions": pgettext("chapter", "Bracing for frictions"),
        "04_cooperation": pgettext("chapter", "Areas of cooperation"),
        "05_third_countries": pgettext("chapter", "Third countries and key policies"),
        "06_scorecard": pgettext("chapter", "Two years on"),
    }.get(notebook, english)


def _claim_card(claim, answers: pd.DataFrame, numbers: dict, chapters_path: str, cutoff: pd.Timestamp) -> str:
    number, chapter = numbers[claim.chapter]
    head = _("{kind}, essay {section}, {claim_id}").format(
        kind=_kind(claim.kind), section=claim.essay_section, claim_id=claim.claim_id
    )
    link = _("Chapter {number}: {title}").format(number=number, title=_chapter_name(claim.chapter, chapter))
    parts = [
        f"<p class='japan-us-claim-head'><span class='japan-us-claim-kind'>{html.escape(head)}</span></p>",
        f"<p class='japan-us-claim-text'>{html.escape(i18n.data_text('claim_ledger', claim.claim))}</p>",
        *(_answer(answer, cutoff) for answer in answers.itertuples()),
        f"<p class='japan-us-claim-evidence'><a href='{chapters_path}{claim.chapter}.html'>{html.escape(link)}</a></p>",
    ]
    verdict = _verdict_class(claim.verdict_as_of)
    return f"<article class='japan-us-claim {verdict}' id='claim-{claim.claim_id}'>{''.join(parts)}</article>"


def _answer(answer, cutoff: pd.Timestamp) -> str:
    """One question's answer on a card: the question, the verdict as a badge, what happened,
    why, and the facts or tables behind it."""
    if answer.facts_as_of:
        facts = pgettext("list separator", ", ").join(_citation(c) for c in answer.facts_as_of.split(";"))
    else:
        facts = _("none yet") if answer.verdict_as_of == metrics.TOO_EARLY else _("none in the sources")
    outcome = (
        i18n.data_text("claim_verdicts", answer.outcome_as_of)
        if answer.known
        else _("Not yet known on {date}").format(date=long_date(cutoff))
    )
    facts = _("Facts: {facts}").format(facts=facts)
    why = _("Why: {rationale}").format(rationale=i18n.data_text("claim_verdicts", answer.rationale_as_of))
    return (
        f"<div class='japan-us-answer'><p class='japan-us-claim-answer'>"
        f"<span class='japan-us-question'>{html.escape(_question(answer.question))}</span> "
        f"<span class='japan-us-verdict {_verdict_class(answer.verdict_as_of)}'>"
        f"{html.escape(verdict_label(answer.verdict_as_of))}</span></p>"
        f"<p class='japan-us-claim-outcome'>{html.escape(outcome)}</p>"
        + (f"<p class='japan-us-claim-why'>{html.escape(why)}</p>" if answer.rationale_as_of else "")
        + f"<p class='japan-us-claim-facts'>{html.escape(facts)}</p></div>"
    )


def _citation(cited: str) -> str:
    """A fact's id as the fact sheet names it (B1.3), or a table of this book by its title."""
    if cited[0].isupper():
        return cited
    return _("{title} (table)").format(title=_table_title(cited, data.resource(cited)["title"]))


def _table_title(name: str, english: str) -> str:
    """The title of a table the verdicts cite, as the reader's language gives it."""
    titles = {
        "oda_by_donor": _("Official development assistance by donor, 2000-2025"),
        "us_tariff_change_by_partner": _(
            "Change in the US effective tariff rate by partner, 2025 policy (modelled), with the legal "
            "authority of the tariffs"
        ),
        "japan_auto_tariff": _("US tariff on cars and car parts from Japan, before and after the 2025 deal"),
        "weo_gdp_usd": _("GDP in current US dollars, 1990-2030 (IMF World Economic Outlook)"),
        "us_tariff_change_by_sector_japan": _(
            "Change in the US effective tariff rate on Japan by sector, 2025 policy (modelled)"
        ),
        "energy_conversion_factors": _("Energy unit conversion factors"),
        "us_direct_investment_abroad_observations": _("US direct investment abroad: sourced BEA observations"),
        "fdi_in_us_observations": _(
            "Direct investment in the US and jobs at foreign-owned affiliates: sourced BEA observations"
        ),
        "energy_deal_volumes": _(
            "Energy deals since the essay: Alaska LNG volumes and the first package's energy projects"
        ),
        "jpy_per_usd_annual": _("Yen per US dollar, annual average, 1985-2025"),
        "us_duties_by_partner_monthly": _(
            "Calculated duties and imports for consumption by partner and month, 2024-2025"
        ),
        "lng_japan_imports_by_source": _("Japan's LNG imports by source, 2016-2024"),
        "us_troops_by_host": _("US active-duty military personnel by host country, 1950-2025"),
        "japan_headline_tariff": _("Japan's headline US tariff rate as announced, threatened and in force, 2025-2026"),
        "defense_benchmarks": _("Defense-spending benchmarks and Japan's decisions, 2025, as shares of GDP and in yen"),
        "japan_defense_budget_observations": _(
            "Japan's defense-related expenditures (MOD definition), FY2022-FY2026: sourced observations"
        ),
    }
    if name not in titles and i18n.is_japanese():
        i18n.MISSING.add(("table title", english))
    return titles.get(name, english)


def timeline(tables: dict, p: dict) -> Findings:
    """The verified events since the essay, by category."""
    events = events_since_essay(tables)
    shown = events[events.category.isin(p["categories"])]
    names = report.event_categories()
    shown = shown.assign(category_name=shown.category.map(names), source=sources.source_labels(shown))
    shown = report.events_in_words(shown)
    values = {"timeline_count": len(shown), "timeline_text": _timeline_text(shown)}
    return Findings(
        values,
        events=shown,
        categories=[names[c] for c in p["categories"]],
        colours=[CATEGORY_COLOURS.get(c) or palette.entity_colour(report.EVENT_CATEGORIES[c]) for c in p["categories"]],
        as_of=p["as_of"],
    )


def _timeline_text(shown: pd.DataFrame) -> str:
    """What the timeline places, as a sentence reads with any number of events."""
    if not len(shown):
        return _("The timeline has no verified event in the categories chosen up to this page's date")
    first, last = i18n.month_year(shown.date.min()), i18n.month_year(shown.date.max())
    if first == last:
        return _("The timeline places {events}, in {month}, by category").format(
            events=_events(len(shown)), month=first
        )
    return _("The timeline places {events}, from {first} to {last}, by category").format(
        events=_events(len(shown)), first=first, last=last
    )


def _events(count: int) -> str:
    """ "no verified event yet", "one verified event", "21 verified events" """
    if count == 0:
        return _("no verified event yet")
    if count == 1:
        return _("one verified event")
    return _("{count} verified events").format(count=count)


def _span(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A chart's period: "November 2024" within one month, else "November 2024–July 2025"."""
    first, last = i18n.month_year(start), i18n.month_year(end)
    return first if first == last else _("{first}–{last}").format(first=first, last=last)


# The event categories' colours (by category code, the same in every language), each at
# least colour.DISTINCT from the others and from China's (China, a category here, keeps its
# own), 3:1 or more on white (tests/test_colours.py).
CATEGORY_COLOURS = {
    "tariffs_trade": "#A02222",
    "defense": "#6929C2",
    "leaders_politics": "#C28229",
    "multilateral": "#22A0A0",
    "investment_energy": "#22A022",
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
                scale=alt.Scale(domain=order, range=f.colours),
            ),
            opacity=charts.picked(pick, 0.9, 0.08),
            tooltip=charts.tooltip(
                ("date:T", _("Date"), charts.DAY),
                ("title:N", _("Event")),
                ("category_name:N", _("Category")),
                ("confidence:N", _("Confidence")),
                ("caveat:N", _("Caveat")),
                ("source:N", _("Source")),
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
        title=_("{events} since the essay, {span}").format(events=f"{events[0].upper()}{events[1:]}", span=span),
        subtitle=_("Verified events by category, {span}").format(span=span),
        source=_(
            "Federal Register, White House, court and government pages, wire and major-outlet reports"
            " (fact sheet Table B; each event's source and its kind in the tooltip)."
        ),
        note=_("Only facts verified in the cited pages (V, or V* with a caveat).")
        + (_(" The record thins out after about May 2026.") if cutoff >= pd.Timestamp(THIN_AFTER) else ""),
        description=_("Timeline of {events} in {count} categories, {span}.").format(
            events=events, count=len(order), span=span
        ),
    )


THIN_AFTER = "2026-06-01"  # the fact sheet's record thins out after about May 2026


def tariff_story(tables: dict, p: dict) -> Findings:
    """Japan's headline tariff, step by step, against the duty actually collected."""
    cutoff = pd.Timestamp(p["as_of"])
    headline = tables["japan_headline_tariff"]
    segments = metrics.headline_segments(headline, p["as_of"])
    duty = metrics.duty_rates(tables["us_duties_by_partner_monthly"]).query("partner_code == 'JPN'")
    gap_from = headline.scheduled_end.dropna().max() if headline.scheduled_end.notna().any() else None
    gap = gap_from is not None and gap_from < cutoff
    values = {
        "story_peak_duty": duty.duty_rate_pct.max() if len(duty) else "n/a",
        "story_peak_month": i18n.month_year(duty.set_index("date").duty_rate_pct.idxmax()) if len(duty) else "n/a",
        "story_in_force": " → ".join(f"{r:.0f}%" for r in segments.rate_pct) or _("none yet"),
        "story_in_force_text": _in_force_text(segments),
        "story_other_steps": _other_steps_text(headline),
        "story_gap": _("after {date}").format(date=long_date(gap_from)) if gap else _("none within the period"),
    }
    values["story_gap_text"] = (
        _(
            "The record of the general rate has a gap {gap}: what replaced the temporary "
            "surcharge could not be verified, so the chart stops there rather than guess"
        ).format(gap=values["story_gap"])
        if gap
        else _("The record of the general rate has no gap up to this page's date")
    )
    ruling = tables["events"][tables["events"].event_id.eq("B1.14")]
    if i18n.is_japanese():  # the steps in the reader's words (the English data stay as they are)
        headline = headline.assign(
            label=headline.label.map(lambda t: i18n.data_text("japan_headline_tariff", t)),
            status=headline.status.map(_status),
        )
    return Findings(values, headline=headline, segments=segments, duty=duty, ruling=ruling, cutoff=cutoff, gap=gap)


def _status(status: str) -> str:
    """A step of the headline rate (``japan_headline_tariff.status``) as the reader's language names it."""
    return {
        "announced": pgettext("tariff step", "announced"),
        "threatened": pgettext("tariff step", "threatened"),
        "suspended": pgettext("tariff step", "suspended"),
        "in force": pgettext("tariff step", "in force"),
    }[status]


def _in_force_text(segments: pd.DataFrame) -> str:
    """The general rates in force as a sentence reads them with any number of steps: none
    yet, one rate since its day, or the steps from first to last."""
    rates = [f"{r:.0f}%" for r in segments.rate_pct]
    if not rates:
        return _("No general US tariff rate on Japanese goods had yet taken effect")
    if len(rates) == 1:
        return _("Japan's general US tariff rate in force was {rate}, from {date}").format(
            rate=rates[0], date=long_date(segments.date.iloc[0])
        )
    return _("Japan's general US tariff rate in force went {rates}").format(rates=" → ".join(rates))


def _other_steps_text(headline: pd.DataFrame) -> str:
    """The rates announced, threatened or suspended but not applied, as a sentence says them."""
    steps = headline[headline.status != "in force"]
    if not len(steps):
        return _("No other rate had been announced, threatened or suspended")
    listed = report.join_and(
        [
            _("{rate}% {status} on {date}").format(
                rate=f"{r.rate_pct:.0f}", status=_status(r.status), date=long_date(r.date)
            )
            for r in steps.itertuples()
        ]
    )
    return _("Along the way, rates were announced, threatened or suspended without being applied: {steps}").format(
        steps=listed
    )


def tariff_story_chart(f: Findings) -> alt.TopLevelMixin:
    v, headline, duty = f.values, f.headline, f.duty
    statuses = [_status(s) for s in data.vocabulary("japan_headline_tariff", "status")]
    segments = f.segments
    if i18n.is_japanese():
        segments = segments.assign(label=segments.label.map(lambda t: i18n.data_text("japan_headline_tariff", t)))
    seg = (
        alt.Chart(segments)
        .mark_rule(strokeWidth=4, color=palette.JAPAN_COLOR)
        .encode(
            x=alt.X("date:T", title=None),
            x2=alt.X2("end:T"),
            y=alt.Y("rate_pct:Q", title=_("% of import value")),
            tooltip=charts.tooltip(
                ("label:N", _("Headline rate")),
                ("rate_pct:Q", _("Rate, %")),
                ("date:T", _("From"), charts.DAY),
                ("end:T", _("To"), charts.DAY),
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
            shape=alt.Shape("status:N", title=_("Headline rate"), sort=statuses, scale=alt.Scale(domain=statuses)),
            color=alt.Color(
                "status:N",
                title=_("Headline rate"),
                sort=statuses,
                scale=alt.Scale(domain=statuses, range=status_colours),
            ),
            tooltip=charts.tooltip(
                ("label:N", _("Step")),
                ("rate_pct:Q", _("Rate, %")),
                ("status:N", _("Status")),
                ("date:T", _("Date"), charts.DAY),
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
            tooltip=charts.tooltip(("date:T", _("Month"), "%b %Y"), ("duty_rate_pct:Q", _("Duty collected, %"), ".2f")),
        )
    )
    if len(duty) and len(f.segments) > 1:
        title = _("Japan's general tariff in force went {rates}; the duty collected peaked at {peak}%").format(
            rates=v["story_in_force"], peak=f"{v['story_peak_duty']:.1f}"
        )
    elif len(duty) and len(f.segments):
        title = _("Japan's general tariff in force was {rate}; the duty collected peaked at {peak}%").format(
            rate=v["story_in_force"], peak=f"{v['story_peak_duty']:.1f}"
        )
    else:
        title = _("Japan's headline tariff and the duty collected")
    start = min(duty.date.min(), pd.Timestamp(ESSAY_DATE))
    peak = duty.duty_rate_pct.max() if len(duty) else float("nan")
    return charts.finish(
        alt.layer(seg, marks, collected, charts.event_rules(f.ruling, {"B1.14": _("Court ruling")}, (start, f.cutoff))),
        title=title,
        subtitle=_(
            "Headline US tariff rate on goods from Japan and the calculated duty actually collected, %, {first}–{last}"
        ).format(first=i18n.month_year(start), last=i18n.month_year(f.cutoff)),
        source=_(
            "Federal Register, CBP guidance and news reports (fact sheet Table B1); "
            "U.S. Census Bureau, calculated duties and imports for consumption."
        ),
        note=i18n.space().join(
            [
                _(
                    "Blue line: duty collected (monthly). Thick orange line: headline rate in force; marks: "
                    "announced, threatened, suspended, in force."
                ),
                *([_("Dotted rule: the Supreme Court ruling, named above the chart.")] if len(f.ruling) else []),
                *(
                    [_("Census duty data end in {month}.").format(month=i18n.month_year(duty.date.max()))]
                    if len(duty)
                    else []
                ),
                *([_("The general rate {gap} is unverified.").format(gap=v["story_gap"])] if f.gap else []),
            ]
        ),
        description=_(
            "Step line of Japan's headline tariff ({rates}) and a monthly line of the duty collected, "
            "peaking at {peak}%."
        ).format(
            rates=pgettext("list separator", ", ").join(f"{r:.0f}%" for r in headline.rate_pct),
            peak=f"{peak:.1f}",
        ),
    )

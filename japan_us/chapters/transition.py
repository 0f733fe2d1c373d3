"""Chapter 1, the transition: how fast each administration staffed the posts that matter to Japan
and met Japan's prime minister."""

from __future__ import annotations

from japan_us import i18n, long_date, palette
from japan_us.chapters.base import AS_OF, LANG, Chapter, Findings, codes
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, metrics, pd, report, sources
from japan_us.params import Param

POSTS = [
    "secretary_of_state",
    "secretary_of_defense",
    "ambassador_to_japan",
    "assistant_secretary_eap",
]

TRANSITION = Chapter(
    slug="transition",
    notebook="01_transition",
    title="Practical issues of the transition: how fast each administration reached Japan",
    essay_section="1",
    tables=("administrations", "transition_milestones", "confirmation_pace_observations", "events"),
    params=(
        AS_OF,
        LANG,
        Param(
            "administrations",
            list,
            ["bush41", "clinton", "bush43", "obama", "trump1", "biden", "trump2"],
            "Administrations compared (keys in the administrations table)",
            choices=codes("administrations", "administration"),
        ),
        Param(
            "posts",
            list,
            POSTS,
            "Senate-confirmed posts whose vacancy is charted",
            choices=lambda: POSTS,
        ),
    ),
)

MEETINGS = ["first_leaders_meeting", "pre_inauguration_meeting"]


def labels() -> dict[str, str]:
    """Each milestone in words, in the chapter's language."""
    return {
        "secretary_of_state": _("Secretary of State"),
        "secretary_of_defense": _("Secretary of Defense"),
        "ambassador_to_japan": _("Ambassador to Japan"),
        "assistant_secretary_eap": _("Asst. Secretary, East Asia"),
        "first_leaders_meeting": _("First leaders' meeting"),
        "pre_inauguration_meeting": _("Meeting before inauguration"),
        "nsc_indo_pacific_coordinator": _("NSC Indo-Pacific coordinator"),
    }


def states(as_of: str) -> dict[str, str]:
    """Each post's status in words (the English edition gives ``as_of`` as the data write it,
    another language the date written out)."""
    day = as_of if i18n.language() == i18n.SOURCE_LANGUAGE else long_date(as_of)
    return {
        "done": pgettext("post status", "filled"),
        "pending": _("still empty on {as_of}").format(as_of=day),
        "not found": _("date not found"),
    }


def president(name: str) -> str:
    """An administration's name as the language writes it (the glossary)."""
    return i18n.term(name)


def milestones(tables: dict, p: dict) -> pd.DataFrame:
    """Days from each inauguration to each milestone, as of ``p["as_of"]``."""
    admins = administrations(tables, p)
    steps = metrics.transition_days(tables["transition_milestones"], admins, p["as_of"])
    text = ["person", "caveat", "note", "source_publisher"]  # the table's words a reader sees, in its language
    steps = steps.assign(
        what=steps.milestone.map(labels()),
        date_text=steps.date.map(long_date, na_action="ignore").fillna(pgettext("date", "not found")),
        # (the columns keep their dtype: a chart's data, and so its name, stay as they were)
        president=steps.president.map(president).astype(steps.president.dtype),
        **{
            c: steps[c].map(lambda t: i18n.data_text("transition_milestones", t), na_action="ignore").astype(object)
            for c in text
        },
    )
    # A milestone still open on as_of: who and when were not known yet.
    pending = steps.status == "pending"
    later = ["date", "person", "confidence", "caveat", "source_publisher", "source_url", "source_kind", "note"]
    steps.loc[pending, later] = None
    steps.loc[pending, "date_text"] = _("still open on {date}").format(date=long_date(p["as_of"]))
    return steps.assign(source=sources.source_labels(steps))


def administrations(tables: dict, p: dict) -> pd.DataFrame:
    admins = tables["administrations"]
    return admins[admins.administration.isin(p["administrations"])].reset_index(drop=True)


def president_order(tables: dict, p: dict) -> list[str]:
    """The compared administrations, oldest first, as the charts name them."""
    return [president(name) for name in administrations(tables, p).president]


def leaders_meetings(tables: dict, p: dict) -> Findings:
    """Who met Japan's prime minister first, counted in days from the inauguration."""
    steps = milestones(tables, p)
    meetings = steps[steps.milestone == "first_leaders_meeting"].sort_values("days")
    done = meetings[meetings.status == "done"]
    days = meetings.set_index("administration").days
    biden = days.get("biden")
    # a meeting still pending on the chapter's date has a running count of days, not a day
    trump2_meeting = (
        int(done.set_index("administration").days["trump2"]) if "trump2" in set(done.administration) else "n/a"
    )
    before = steps[steps.milestone == "pre_inauguration_meeting"]
    values = {
        "meeting_count": len(done),
        "meeting_fastest": done.president.iloc[0] if len(done) else "n/a",
        "meeting_fastest_days": done.days.iloc[0] if len(done) else "n/a",
        # ties are named together: two administrations can share the slowest day count
        "meeting_slowest": report.join_and(
            [_("{president}'s").format(president=name) for name in done.president[done.days == done.days.max()]]
        )
        or "n/a",
        "meeting_slowest_days": done.days.max() if len(done) else "n/a",
        "meeting_biden_days": biden if biden is not None else "n/a",
        "meeting_biden_rank": report.rank_text(done.days, biden) if biden is not None else "n/a",
        "meeting_trump2_days": days.get("trump2", "n/a"),
        # in words while the meeting has not happened on the chapter's date (never "day n/a")
        "meeting_trump2_came": when_filled(
            trump2_meeting, _("came on day {day}"), pgettext("meeting", "had not yet taken place")
        ),
        "meeting_trump2_met": when_filled(
            trump2_meeting, _("met Japan's prime minister on day {day}"), _("had not yet met Japan's prime minister")
        ),
        "pre_meeting_days": -int(before.days.min()) if len(before) else "n/a",
        "as_of_text": long_date(p["as_of"]),
    }
    order = president_order(tables, p)
    values |= report.event_dates(tables["events"], ["A7.3", "B3.5"])  # the summits since the essay
    return Findings(values, meetings=steps[steps.milestone.isin(MEETINGS)], order=order)


def leaders_meetings_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    tooltip = charts.tooltip(
        ("president:N", _("Administration")),
        ("what:N", _("Milestone")),
        ("person:N", _("Meeting")),
        ("date_text:N", _("Date")),
        ("days:Q", _("Days from inauguration")),
        ("source:N", _("Source")),
        ("confidence:N", _("Confidence")),
    )
    bars = (
        alt.Chart(f.meetings)
        .mark_bar(height=16)
        .encode(
            x=alt.X("days:Q", title=_("Days from inauguration (negative: before it)")),
            y=alt.Y("president:N", sort=f.order, title=None),
            color=alt.Color("what:N", title=None, scale=alt.Scale(range=[palette.BLUE, palette.ORANGE])),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(f.meetings)
        .mark_text(align="left", dx=4, fontSize=11)
        .encode(x=alt.X("days:Q"), y=alt.Y("president:N", sort=f.order), text=alt.Text("days:Q"))
    )
    biden = v["meeting_biden_days"]
    return charts.finish(
        alt.layer(bars, labels).properties(height=34 * len(f.order)),
        title=(
            (
                _("{president}'s team met Japan's leader fastest; Biden's first meeting came on day {days}")
                if biden != "n/a"
                else _("{president}'s team met Japan's leader fastest")
            ).format(president=v["meeting_fastest"], days=biden)
            if v["meeting_count"]
            else _("No first leaders' meeting had taken place by {date}").format(date=v["as_of_text"])
        ),
        subtitle=_("Days from inauguration to the first in-person Japan–US leaders' meeting, 1989–2025"),
        source=_(
            "Presidential libraries, White House, MOFA and news reports "
            "(fact sheet Table A; each bar's source and its kind in the tooltip)."
        ),
        description=_(
            "Bar chart of days from inauguration to the first in-person leaders' meeting for "
            "{count} administrations; the fastest took {days} days."
        ).format(count=len(f.order), days=v["meeting_fastest_days"]),
    )


# The posts whose second-term confirmation the prose tells in words: glued key -> milestone.
TRUMP2_POSTS = {
    "state": "secretary_of_state",
    "defense": "secretary_of_defense",
    "amb": "ambassador_to_japan",
    "eap": "assistant_secretary_eap",
}


def when_filled(days: int | str, filled: str, empty: str) -> str:
    """A post's wait in words: ``filled`` with its day (``{day}``), or ``empty`` while it has none."""
    return empty if days == "n/a" else filled.format(day=days)


def post_vacancies(tables: dict, p: dict) -> Findings:
    """How long the posts that matter to Japan stood empty, and where each wait ranks."""
    steps = milestones(tables, p)
    shown = steps[steps.milestone.isin(p["posts"])].assign(start=0, state=lambda d: d.status.map(states(p["as_of"])))
    filled = shown[shown.status == "done"].pivot(index="administration", columns="milestone", values="days")

    def waited(admin: str, post: str) -> int | str:
        value = filled.get(post, pd.Series(dtype="Int64")).get(admin)
        return "n/a" if value is None or pd.isna(value) else int(value)

    def rank(admin: str, post: str) -> str:
        # "3 of 6": where an administration's wait for a post ranks, longest first
        days = filled.get(post, pd.Series(dtype="Int64")).dropna().sort_values(ascending=False)
        if admin not in days.index:
            return "n/a"
        return _("{rank} of {count}").format(rank=list(days.index).index(admin) + 1, count=len(days))

    def compare(post: str) -> str:
        a, b = waited("trump2", post), waited("biden", post)
        if "n/a" in (a, b):
            return pgettext("compared with Biden's", "not comparable on this date")
        if a < b:
            return pgettext("compared with Biden's", "faster")
        return pgettext("compared with Biden's", "slower") if a > b else pgettext("compared with Biden's", "as fast")

    values = {
        "amb_biden_rank": rank("biden", "ambassador_to_japan"),
        "eap_biden_rank": rank("biden", "assistant_secretary_eap"),
        "amb_compare": compare("ambassador_to_japan"),
        "eap_compare": compare("assistant_secretary_eap"),
        "eap_trump1_days": waited("trump1", "assistant_secretary_eap"),
        "eap_biden_days": waited("biden", "assistant_secretary_eap"),
        "eap_trump2_days": waited("trump2", "assistant_secretary_eap"),
        # in words, for a post still empty on the chapter's date (never "day n/a")
        **{
            f"{key}_trump2_confirmed": when_filled(
                waited("trump2", post), _("was confirmed on day {day}"), _("was not yet confirmed")
            )
            for key, post in TRUMP2_POSTS.items()
        },
        "eap_trump2_waited": when_filled(
            waited("trump2", "assistant_secretary_eap"), _("waited until day {day}"), _("was still empty")
        ),
        "amb_biden_days": waited("biden", "ambassador_to_japan"),
        "amb_trump2_days": waited("trump2", "ambassador_to_japan"),
        "state_trump2_days": waited("trump2", "secretary_of_state"),
        "defense_trump2_days": waited("trump2", "secretary_of_defense"),
        "not_found": int((shown.status == "not found").sum()),
        "pending": int((shown.status == "pending").sum()),
    }
    order = president_order(tables, p)
    names = labels()
    return Findings(values, posts=shown, order=order, post_order=[names[post] for post in p["posts"]])


def post_vacancies_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    base = alt.Chart(f.posts).encode(
        y=alt.Y("president:N", sort=f.order, title=None),
        yOffset=alt.YOffset("what:N", sort=f.post_order),
        color=alt.Color("what:N", sort=f.post_order, title=None, legend=alt.Legend(columns=2)),
        tooltip=charts.tooltip(
            ("president:N", _("Administration")),
            ("what:N", _("Post")),
            ("person:N", pgettext("person", "Confirmed")),
            ("date_text:N", _("Date")),
            ("days:Q", _("Days vacant from inauguration")),
            ("state:N", _("Status")),
            ("note:N", _("Note")),
            ("source:N", _("Source")),
        ),
    )
    gantt = (
        base.transform_filter("datum.status != 'not found'")
        .mark_bar(height=5)
        .encode(
            x=alt.X("start:Q", title=_("Days from inauguration")),
            x2=alt.X2("days:Q"),
            opacity=alt.OpacityValue(**alt.condition("datum.status == 'pending'", alt.value(0.45), alt.value(1))),
        )
    )
    ends = (
        base.transform_filter("datum.status == 'done'")
        .mark_point(shape="circle", size=30, filled=True)
        .encode(x=alt.X("days:Q"))
    )
    missing = (
        base.transform_filter("datum.status == 'not found'")
        .mark_point(shape="cross", size=60, filled=True)
        .encode(x=alt.XValue(6))
    )
    return charts.finish(
        alt.layer(gantt, ends, missing).properties(height=48 * len(f.order)),
        title=_(
            "Japan's ambassador and East Asia posts waited longest; under Biden {days} days for the ambassador"
        ).format(days=v["amb_biden_days"]),
        subtitle=_("Days from inauguration to Senate confirmation, by post and administration, 1989–2025"),
        source=_(
            "Senate and State Department records and news reports "
            "(fact sheet Table A; each bar's source and its kind in the tooltip)."
        ),
        note=_(
            "Dots mark confirmation days (a dot at 0: confirmed on inauguration day). Crosses at "
            "the left: date not found in the sources. Faded bars: still empty on the as-of date."
        ),
        description=_(
            "Timeline of vacancy length for {posts} posts across {count} "
            "administrations. Biden's ambassador took {biden} days; Trump's "
            "second-term ambassador {trump2} days."
        ).format(posts=len(f.post_order), count=len(f.order), biden=v["amb_biden_days"], trump2=v["amb_trump2_days"]),
    )


def milestones_table(tables: dict, p: dict) -> report.HTML:
    steps = milestones(tables, p)
    columns = ["president", "what", "person", "date_text", "days", "confidence", "notes"]
    # (the source's caveat and the milestone's note in one column: the table fits a 790 px column)
    separator = pgettext("between notes", "; ")
    notes = steps[["caveat", "note"]].apply(lambda row: separator.join(row.dropna().astype(str)), axis=1)
    days = steps.days.map(lambda d: "—" if pd.isna(d) else f"{d:.0f}".replace("-", "−"))  # a true minus
    shown = steps.assign(days=days, notes=notes.replace("", None))
    shown = shown[columns + ["source_publisher", "source_url", "source_kind"]]
    return report.table(
        shown,
        caption=_("Transition milestones (empty dates were not found in the sources)"),
        links={"source_publisher": "source_url"},
        kinds={"source_publisher": "source_kind"},
        headings={
            "president": pgettext("column", "President"),
            "what": pgettext("column", "Milestone"),
            "person": pgettext("column", "Person"),
            "date_text": pgettext("column", "Date"),
            "days": pgettext("column", "Days from inauguration"),
            "confidence": pgettext("column", "Confidence"),
            "notes": pgettext("column", "Notes"),
            "source_publisher": pgettext("column", "Source publisher"),
        },
    )


COMPARABLE_METRICS = ["confirmed", "nominated / confirmed", "civilian nominations sent / confirmed"]


def confirmation_pace(tables: dict, p: dict) -> Findings:
    """Confirmation counts, compared only within one source's measure; a count of the second
    Trump term only once its day had come by ``p["as_of"]``."""
    pace = tables["confirmation_pace_observations"]
    start = tables["administrations"].set_index("administration").inauguration["trump2"]
    later = (pace.administration == "Trump (2nd term)") & (
        start + pd.to_timedelta(pace.days_in_office, unit="D") > pd.Timestamp(p["as_of"])
    )
    pace = pace[~later]
    pps50 = pace[(pace.days_in_office == 50) & pace.confirmed.notna()].set_index("administration").confirmed
    year3 = pace[pace.metric.str.startswith("civilian nominations")].set_index("administration").confirmed
    trump2_100 = pace[(pace.administration == "Trump (2nd term)") & (pace.days_in_office == 100)]
    values = {
        "pps50_biden": pps50["Biden"],
        "pps50_trump1": pps50["Trump (1st term)"],
        "y3_biden": year3["Biden"],
        "y3_trump1": year3["Trump (1st term)"],
        "y3_bush": year3["G.W. Bush"],
    }
    if len(trump2_100):
        values |= {
            "t2_nominations_100": trump2_100.nominations.dropna().iloc[0],
            "t2_brookings_100": trump2_100.confirmed.dropna().iloc[0],
        }
    comparable = pace[pace.confirmed.notna() & pace.metric.isin(COMPARABLE_METRICS)]
    comparable = comparable.assign(
        measure=[
            (
                _("Day {day} (approx.): confirmed, {scope}") if approximate else _("Day {day}: confirmed, {scope}")
            ).format(day=day, scope=i18n.data_text("confirmation_pace_observations", scope))
            for day, approximate, scope in zip(
                comparable.days_in_office, comparable.days_approximate, comparable.scope, strict=True
            )
        ],
        administration=comparable.administration.map(president),
    )
    return Findings(values, comparable=comparable, pace=pace)


def confirmation_pace_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    base = alt.Chart().encode(
        x=alt.X("confirmed:Q", title=_("Nominees confirmed")), y=alt.Y("administration:N", title=None)
    )
    bars = base.mark_bar(height=14).encode(
        color=alt.Color("administration:N", legend=None),
        tooltip=charts.tooltip(
            ("administration:N", _("Administration")),
            ("measure:N", _("Measure")),
            ("confirmed:Q", pgettext("count", "Confirmed")),
            ("nominations:Q", _("Nominations")),
            ("source:N", _("Source")),
        ),
    )
    # each count inside its bar's end: a panel's longest bar fills its axis
    counts = base.mark_text(align="right", dx=-4, fontSize=11, color="white", fontWeight="bold").encode(
        text=alt.Text("confirmed:Q")
    )
    year3 = {"Biden": v["y3_biden"], "Trump": v["y3_trump1"], "G. W. Bush": v["y3_bush"]}
    leader = max(year3, key=year3.get)
    panel = f.comparable.measure.map(charts.panel_label)
    panels = (
        alt.layer(bars, counts, data=f.comparable.assign(panel=panel))
        .properties(height=70, width=charts.WIDTH - 40)
        .facet(
            row=alt.Row(
                "panel:N",
                title=None,
                header=charts.panel_header(),
            )
        )
        .resolve_scale(x="independent", y="independent")
    )
    return charts.finish(
        panels,
        title=_(
            "At day 50 Biden had {biden} nominees confirmed, Trump {trump} in his first "
            "term; by year three {leader} led with {count}"
        ).format(biden=v["pps50_biden"], trump=v["pps50_trump1"], leader=i18n.term(leader), count=year3[leader]),
        reserve=140,
        subtitle=_(
            "Senate-confirmed nominees at the same day in office, by the Partnership for Public Service's count; "
            "each panel one measure, comparable only within it"
        ),
        source=_(
            "Partnership for Public Service and its Center for Presidential Transition, "
            "as published or reported by Axios."
        ),
        note=_(
            "Brookings counts (15 departments only) and nomination counts are listed in the "
            "table below, not charted against these."
        ),
        description=_(
            "Bar charts of confirmed nominees, one panel per comparable measure: at day 50 Biden "
            "{biden} and Trump (first term) {trump}; at the end of year "
            "three {bush}, {trump_y3} and {biden_y3}."
        ).format(
            biden=v["pps50_biden"],
            trump=v["pps50_trump1"],
            bush=v["y3_bush"],
            trump_y3=v["y3_trump1"],
            biden_y3=v["y3_biden"],
        ),
    )


def pace_table(f: Findings) -> report.HTML:
    columns = ["administration", "days_in_office", "metric", "nominations", "confirmed"]
    columns += ["confirmed_share_pct", "scope", "source", "url", "source_kind"]
    words = {
        c: f.pace[c].map(lambda t: i18n.data_text("confirmation_pace_observations", t), na_action="ignore")
        for c in ("metric", "scope", "source")
    }
    shown = f.pace.assign(administration=f.pace.administration.map(president), **words)[columns]
    return report.table(
        shown.astype("string").fillna(""),
        caption=_("Every confirmation-pace observation, with its measure and source"),
        links={"source": "url"},
        kinds={"source": "source_kind"},
        headings={
            "administration": pgettext("column", "Administration"),
            "days_in_office": pgettext("column", "Days in office"),
            "metric": pgettext("column", "Metric"),
            "nominations": pgettext("column", "Nominations"),
            "confirmed": pgettext("column", "Confirmed"),
            "confirmed_share_pct": pgettext("column", "Confirmed share pct"),
            "scope": pgettext("column", "Scope"),
            "source": pgettext("column", "Source"),
        },
    )


def events_since(tables: dict, p: dict) -> report.HTML:
    events = tables["events"]
    return report.events_table(
        events[events.category.eq("leaders_politics")],
        caption=_("Leaders and politics up to {date}").format(date=long_date(p["as_of"])),
    )

"""Chapter 2, goals 4 and 5: US aid and withdrawals from international bodies (US global
engagement), and Japan's aid against other donors' and views of the US and China abroad
(multilateral momentum)."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import OECD_DAC, Findings, named, views_of_us_and_china
from japan_us.chapters.goals_overview import (
    aid_of,
    changed,
    latest_is_preliminary,
    latest_pair,
    status_word,
    usd_bn,
    withdrawals,
)
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, pd, report


def aid_frame(tables: dict, donors: list[str], start_year: int) -> pd.DataFrame:
    oda = tables["oda_by_donor"]
    return oda[oda.donor.isin(donors) & (oda.year >= start_year)].assign(
        usd_bn=lambda d: d.oda_usd_m_const2025 / 1000,
        status=lambda d: d.preliminary.map({True: status_word(True), False: status_word(False)}),
    )


def donor_name(donor: str) -> str:
    """A donor's name in the reader's language (the glossary's name for the OECD's "Korea" is
    under "South Korea")."""
    return i18n.term("South Korea" if donor == "Korea" and i18n.is_japanese() else donor)


def _basis_words(basis: str) -> str:
    """The OECD's basis of a year's aid figure, in the reader's language."""
    return {
        "net disbursements": pgettext("ODA basis", "net disbursements"),
        "grant equivalent (official ODA definition from 2018)": pgettext(
            "ODA basis", "grant equivalent (official ODA definition from 2018)"
        ),
    }.get(basis, basis)


def us_aid(tables: dict, p: dict) -> Findings:
    """Goal 4: US official development assistance."""
    oda = tables["oda_by_donor"]
    aid = aid_frame(tables, ["United States"], max(p["start_year"], oda.year.min()))
    values = {
        "us_oda_peak": aid.usd_bn.max(),
        "us_oda_peak_year": int(aid.set_index("year").usd_bn.idxmax()),
        "us_oda_gni_latest": aid.oda_pct_gni.iloc[-1],
    }
    values |= i18n.amounts(values, {"us_oda_peak": ("USD", 1e9)})  # the Japanese prose's 億ドル
    return Findings(values, aid=aid, pair=latest_pair(aid_of(tables, "United States")))


def us_aid_chart(f: Findings) -> alt.TopLevelMixin:
    aid, (_year, before, _year, latest) = f.aid, f.pair
    preliminary = latest_is_preliminary(aid)
    bars = (
        alt.Chart(aid.assign(donor=aid.donor.map(donor_name), basis=aid.basis.map(_basis_words)))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("usd_bn:Q", title=_("US$ billion, constant 2025 prices")),
            color=charts.colour_by("status", {status_word(False): palette.BLUE, status_word(True): "#9ecae1"}),
            tooltip=charts.tooltip(
                ("year:O", _("Year")),
                ("usd_bn:Q", _("US$ bn (2025 prices)"), ",.1f"),
                ("oda_pct_gni:Q", _("% of GNI"), ".2f"),
                ("status:N", pgettext("figures", "Status")),
                ("basis:N", pgettext("ODA basis", "Basis")),
            ),
        )
        .properties(width=charts.WIDTH)
    )
    first, last = aid.year.min(), aid.year.max()
    amounts = {"latest": usd_bn(latest), "before": usd_bn(before), "year": last}
    # the title says which way the latest year went (an earlier book ends on a year of rising aid)
    if latest > before:
        title = (
            _("US aid rose to {latest} in {year}, from {before} a year earlier (preliminary)")
            if preliminary
            else _("US aid rose to {latest} in {year}, from {before} a year earlier")
        )
    else:
        title = (
            _("US aid fell to {latest} in {year}, from {before} a year earlier (preliminary)")
            if preliminary
            else _("US aid fell to {latest} in {year}, from {before} a year earlier")
        )
    title = title.format(**amounts)
    if preliminary:
        description = _(
            "Bar chart of US official development assistance from {first} to {last}; {latest} in {last} (preliminary)."
        )
        source = _("{dataset}; latest year preliminary.").format(dataset=OECD_DAC)
    else:
        description = _("Bar chart of US official development assistance from {first} to {last}; {latest} in {last}.")
        source = _("{dataset}.").format(dataset=OECD_DAC)
    return charts.finish(
        bars,
        title=title,
        subtitle=_("US official development assistance, US$ billion at constant 2025 prices, {first}–{last}").format(
            first=first, last=last
        ),
        source=source,
        note=_("Net disbursements to 2017, grant equivalent from 2018 (a change of definition)."),
        description=description.format(first=first, last=last, latest=amounts["latest"]),
    )


def withdrawals_table(tables: dict) -> report.HTML:
    return report.events_table(withdrawals(tables), caption=_("US withdrawals from international bodies (dated facts)"))


def multilateral_momentum(tables: dict, p: dict) -> Findings:
    """Goal 5: Japan's aid against other donors', and views of the US and China abroad."""
    aid = aid_frame(tables, p["donors"], p["start_year"])
    last = aid[aid.year == aid.year.max()].sort_values("usd_bn", ascending=False).reset_index(drop=True)
    recent, opinion = views_of_us_and_china(tables["pew_favorability"], p["opinion_countries"])
    values = {
        "oda_latest_year": int(aid.year.max()),
        "japan_oda_rank": int(last.index[last.donor == "Japan"][0]) + 1 if "Japan" in set(last.donor) else _("n/a"),
        "donor_count": len(last),
    } | opinion
    return Findings(values, aid=aid, views=recent)


def donors_chart(f: Findings) -> alt.TopLevelMixin:
    v, aid = f.values, f.aid
    tooltip = charts.tooltip(
        ("donor:N", _("Donor")),
        ("year:Q", _("Year")),
        ("usd_bn:Q", _("US$ bn (2025 prices)"), ",.1f"),
        ("oda_pct_gni:Q", _("% of GNI"), ".2f"),
        ("status:N", pgettext("figures", "Status")),
    )
    by_year = aid.pivot_table(index="year", columns="donor", values="usd_bn")
    y1 = aid.year.max()
    change = by_year.loc[y1] / by_year.shift(1).loc[y1] - 1  # on the year before
    shown = aid.assign(donor=aid.donor.map(donor_name))  # each donor's name as the reader's language gives it
    order = charts.subject_first(shown.donor, i18n.term("Japan"))
    lines = charts.multi_line(
        shown,
        y=alt.Y("usd_bn:Q", title=_("US$ billion, constant 2025 prices")),
        series="donor",
        tooltip=tooltip,
        emphasis=i18n.term("Japan"),
        sort=order,
    )
    first, last = aid.year.min(), aid.year.max()
    if {"Japan", "United States"} <= set(change.dropna().index):
        # the ratio rose because US aid fell faster than Japan's: the title says both
        title = _(
            "US aid {us_change} in {year} and Japan's {japan_change}: Japan gave {share:.0%} as much as the "
            "United States"
        ).format(
            us_change=changed(change["United States"], "{:.0%}", headline=True),
            japan_change=changed(change["Japan"], "{:.0%}", headline=True),
            year=y1,
            share=by_year.loc[y1, "Japan"] / by_year.loc[y1, "United States"],
        )
    else:
        title = _("Aid by donor, {first}–{last}").format(first=first, last=last)
    if latest_is_preliminary(aid):
        note = _("{year} values are preliminary. Net disbursements to 2017, grant equivalent from 2018.")
    else:
        note = _("Net disbursements to 2017, grant equivalent from 2018.")
    return charts.finish(
        lines,
        title=title,
        subtitle=_(
            "Official development assistance by donor, US$ billion at constant 2025 prices, {first}–{last}"
        ).format(first=first, last=last),
        source=_("{dataset}.").format(dataset=OECD_DAC),
        note=note.format(year=last),
        description=_(
            "Line chart of aid by {count} donors from {first} to {last}; Japan ranked {rank} of {total} in {last}."
        ).format(count=len(order), first=first, last=last, rank=v["japan_oda_rank"], total=v["donor_count"]),
    )


def views_abroad_chart(f: Findings) -> alt.TopLevelMixin:
    v, recent = f.values, f.views
    recent = named(recent, "country")
    long = recent.melt(id_vars=["country", "year"], value_vars=["USA", "CHN"], var_name="of", value_name="pct").dropna()
    us, china = i18n.term("United States"), i18n.term("China")
    long["of"] = long["of"].map({"USA": us, "CHN": china})
    sort = recent.sort_values("USA", ascending=False).country.tolist()
    # each in its entity's colour, looked up by its English name
    colours = alt.Scale(
        domain=[us, china], range=[palette.entity_colour("United States"), palette.entity_colour("China")]
    )
    view_of = _("View of")
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("pct:Q", title=_("% with a favourable view"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("country:N", sort=sort, title=None),
            color=alt.Color("of:N", title=view_of, scale=colours),
            shape=alt.Shape("of:N", title=view_of, scale=alt.Scale(domain=[us, china])),
            tooltip=charts.tooltip(
                ("country:N", _("Country")),
                ("year:Q", _("Survey wave")),
                ("of:N", view_of),
                ("pct:Q", _("% favourable"), ".1f"),
            ),
        )
    )
    link = (
        alt.Chart(recent)
        .mark_rule(color="#bbb")
        .encode(y=alt.Y("country:N", sort=sort), x=alt.X("CHN:Q"), x2=alt.X2("USA:Q"))
    )
    ahead = v["opinion_us_ahead"]
    return charts.finish(
        alt.layer(link, dots).properties(height=26 * len(sort)),
        title=_("In {ahead} of {count} countries the US was viewed more favourably than China").format(
            ahead=ahead, count=v["opinion_count"]
        ),
        subtitle=_(
            "Share with a favourable view of the United States and of China, each country's latest Pew wave "
            "({first}–{latest}); the Third countries chapter follows the same countries"
        ).format(first=v["opinion_first_wave"], latest=v["opinion_latest_wave"]),
        source=_("Pew Research Center, Global Attitudes Survey (computed from respondent-level data, weighted)."),
        note=_("Each country's latest wave in the data; no 2024–2026 waves are available here."),
        description=_(
            "Dot plot of favourable views of the US and China in {count} countries; the US led in {ahead}."
        ).format(count=len(sort), ahead=ahead),
    )


def multilateral_events(tables: dict) -> report.HTML:
    events = tables["events"]
    multi = events[events.category.eq("multilateral") & ~events.index.isin(withdrawals(tables).index)]
    return report.events_table(multi, caption=_("Multilateral meetings and arrangements (dated facts)"))

"""Chapter 2, goals 4 and 5: US aid and withdrawals from international bodies (US global
engagement), and Japan's aid against other donors' and views of the US and China abroad
(multilateral momentum)."""

from __future__ import annotations

from japan_us import palette
from japan_us.chapters.base import OECD_DAC, Findings, change_in_words, views_of_us_and_china
from japan_us.chapters.goals_overview import aid_of, latest_pair, latest_preliminary, withdrawals
from japan_us.lazy import alt, charts, pd, report


def aid_frame(tables: dict, donors: list[str], start_year: int) -> pd.DataFrame:
    oda = tables["oda_by_donor"]
    return oda[oda.donor.isin(donors) & (oda.year >= start_year)].assign(
        usd_bn=lambda d: d.oda_usd_m_const2025 / 1000,
        status=lambda d: d.preliminary.map({True: "preliminary", False: "final"}),
    )


def us_aid(tables: dict, p: dict) -> Findings:
    """Goal 4: US official development assistance."""
    oda = tables["oda_by_donor"]
    aid = aid_frame(tables, ["United States"], max(p["start_year"], oda.year.min()))
    values = {
        "us_oda_peak": aid.usd_bn.max(),
        "us_oda_peak_year": int(aid.set_index("year").usd_bn.idxmax()),
        "us_oda_gni_latest": aid.oda_pct_gni.iloc[-1],
    }
    return Findings(values, aid=aid, pair=latest_pair(aid_of(tables, "United States")))


def us_aid_chart(f: Findings) -> alt.TopLevelMixin:
    aid, (_, before, _, latest) = f.aid, f.pair
    preliminary = latest_preliminary(aid)
    status = " (preliminary)" if preliminary else ""
    bars = (
        alt.Chart(aid)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("usd_bn:Q", title="US$ billion, constant 2025 prices"),
            color=charts.colour_by("status", {"final": palette.BLUE, "preliminary": "#9ecae1"}),
            tooltip=charts.tooltip(
                ("year:O", "Year"),
                ("usd_bn:Q", "US$ bn (2025 prices)", ",.1f"),
                ("oda_pct_gni:Q", "% of GNI", ".2f"),
                ("status:N", "Status"),
                ("basis:N", "Basis"),
            ),
        )
        .properties(width=charts.WIDTH)
    )
    first, last = aid.year.min(), aid.year.max()
    return charts.finish(
        bars,
        title=(
            f"US aid fell to US${latest:,.1f} billion in {last}, from US${before:,.1f} billion a year earlier{status}"
        ),
        subtitle=f"US official development assistance, US$ billion at constant 2025 prices, {first}–{last}",
        source=f"{OECD_DAC}{preliminary.replace('latest', 'latest year')}.",
        note="Net disbursements to 2017, grant equivalent from 2018 (a change of definition).",
        description=(
            f"Bar chart of US official development assistance from {first} to {last}; "
            f"US${latest:,.1f} billion in {last}{status}."
        ),
    )


def withdrawals_table(tables: dict) -> report.HTML:
    return report.events_table(withdrawals(tables), caption="US withdrawals from international bodies (dated facts)")


def multilateral_momentum(tables: dict, p: dict) -> Findings:
    """Goal 5: Japan's aid against other donors', and views of the US and China abroad."""
    aid = aid_frame(tables, p["donors"], p["start_year"])
    last = aid[aid.year == aid.year.max()].sort_values("usd_bn", ascending=False).reset_index(drop=True)
    recent, opinion = views_of_us_and_china(tables["pew_favorability"], p["opinion_countries"])
    values = {
        "oda_latest_year": int(aid.year.max()),
        "japan_oda_rank": int(last.index[last.donor == "Japan"][0]) + 1 if "Japan" in set(last.donor) else "n/a",
        "donor_count": len(last),
    } | opinion
    return Findings(values, aid=aid, views=recent)


def donors_chart(f: Findings) -> alt.TopLevelMixin:
    v, aid = f.values, f.aid
    tooltip = charts.tooltip(
        ("donor:N", "Donor"),
        ("year:Q", "Year"),
        ("usd_bn:Q", "US$ bn (2025 prices)", ",.1f"),
        ("oda_pct_gni:Q", "% of GNI", ".2f"),
        ("status:N", "Status"),
    )
    order = charts.subject_first(aid.donor)
    by_year = aid.pivot_table(index="year", columns="donor", values="usd_bn")
    y1 = aid.year.max()
    change = by_year.loc[y1] / by_year.shift(1).loc[y1] - 1  # on the year before
    lines = charts.multi_line(
        aid,
        y=alt.Y("usd_bn:Q", title="US$ billion, constant 2025 prices"),
        series="donor",
        tooltip=tooltip,
        sort=order,
    )
    if {"Japan", "United States"} <= set(change.dropna().index):
        # the ratio rose because US aid fell faster than Japan's: the title says both
        title = (
            f"US aid {change_in_words(change['United States'], '{:.0%}')} in {y1} and Japan's "
            f"{change_in_words(change['Japan'], '{:.0%}')}: Japan gave "
            f"{by_year.loc[y1, 'Japan'] / by_year.loc[y1, 'United States']:.0%} as much as the United States"
        )
    else:
        title = f"Aid by donor, {aid.year.min()}–{aid.year.max()}"
    return charts.finish(
        lines,
        title=title,
        subtitle=(
            "Official development assistance by donor, US$ billion at constant 2025 prices, "
            f"{aid.year.min()}–{aid.year.max()}"
        ),
        source=f"{OECD_DAC}.",
        note=(f"{aid.year.max()} values are preliminary. " if latest_preliminary(aid) else "")
        + "Net disbursements to 2017, grant equivalent from 2018.",
        description=(
            f"Line chart of aid by {len(order)} donors from {aid.year.min()} to {aid.year.max()}; Japan ranked "
            f"{v['japan_oda_rank']} of {v['donor_count']} in {aid.year.max()}."
        ),
    )


def views_abroad_chart(f: Findings) -> alt.TopLevelMixin:
    v, recent = f.values, f.views
    long = recent.melt(id_vars=["country", "year"], value_vars=["USA", "CHN"], var_name="of", value_name="pct").dropna()
    long["of"] = long["of"].map({"USA": "United States", "CHN": "China"})
    sort = recent.sort_values("USA", ascending=False).country.tolist()
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("pct:Q", title="% with a favourable view", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("country:N", sort=sort, title=None),
            color=alt.Color("of:N", title="View of", scale=charts.entity_scale(["United States", "China"])),
            shape=alt.Shape("of:N", title="View of", scale=alt.Scale(domain=["United States", "China"])),
            tooltip=charts.tooltip(
                ("country:N", "Country"),
                ("year:Q", "Survey wave"),
                ("of:N", "View of"),
                ("pct:Q", "% favourable", ".1f"),
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
        title=f"In {ahead} of {v['opinion_count']} countries the US was viewed more favourably than China",
        subtitle=(
            "Share with a favourable view of the United States and of China, each country's latest Pew wave "
            f"({v['opinion_first_wave']}–{v['opinion_latest_wave']}); the Third countries chapter follows the same "
            "countries"
        ),
        source="Pew Research Center, Global Attitudes Survey (computed from respondent-level data, weighted).",
        note="Each country's latest wave in the data; no 2024–2026 waves are available here.",
        description=(
            f"Dot plot of favourable views of the US and China in {len(sort)} countries; the US led in {ahead}."
        ),
    )


def multilateral_events(tables: dict) -> report.HTML:
    events = tables["events"]
    multi = events[events.category.eq("multilateral") & ~events.index.isin(withdrawals(tables).index)]
    return report.events_table(multi, caption="Multilateral meetings and arrangements (dated facts)")

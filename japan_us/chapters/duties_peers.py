"""Chapter 3, duties actually paid: the calculated duty rate on imports from Japan against its
peers, 2024 and 2025, ranked (issue 20, analysis 3). The Census table holds 2024 for only some
partners; each partner is ranked on the years it has, and the others are named."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import Findings
from japan_us.i18n import _, pgettext, term
from japan_us.lazy import alt, charts, metrics, pd, report

BEFORE, AFTER = 2024, 2025


def first_years(duties: pd.DataFrame) -> dict[int, list[str]]:
    """The partners whose data start after the table's first year, by the year they start:
    {2025: ["Canada", "China", ...]} (names sorted)."""
    first = duties.groupby("partner").year.min()
    late = first[first > duties.year.min()]
    return {int(year): sorted(names) for year, names in late.groupby(late).groups.items()}


def in_words(years: dict[int, list[str]]) -> str:
    """ "Canada, China, Germany: from 2025 only in the data." for each starting year."""
    return sentences(
        *(
            _("{names}: from {year} only in the data.").format(
                names=i18n.list_separator().join(term(n) for n in names), year=year
            )
            for year, names in sorted(years.items())
        )
    )


def sentences(*parts: str) -> str:
    """Sentences one after another, the empty ones left out: a space between them in English,
    none in Japanese."""
    return i18n.space().join(filter(None, parts))


def duties_against_peers(tables: dict) -> Findings:
    """Each partner's calculated duty rate (duties ÷ imports for consumption) over 2024 and 2025,
    the rise for the partners with both years, and Japan's rank on each."""
    monthly = tables["us_duties_by_partner_monthly"]
    rates = metrics.annual_duty_rate(monthly).pivot(index="partner", columns="year", values="duty_rate_pct")
    paid = monthly.groupby(["partner", "year"]).calculated_duties_usd.sum().unstack() / 1e9
    after = rates[AFTER].dropna().sort_values(ascending=False)
    both = rates.dropna(subset=[BEFORE, AFTER])
    rise = (both[AFTER] - both[BEFORE]).sort_values(ascending=False)
    only = {year: sorted(rates.index[rates[year].notna() & rates.drop(columns=year).isna().all(axis=1)])
            for year in (BEFORE, AFTER)}  # fmt: skip
    values = {
        "peers_span": metrics.months_span(monthly[monthly.year == AFTER].month.unique(), AFTER),
        "peers_japan_before": rates.loc["Japan", BEFORE],
        "peers_japan_after": rates.loc["Japan", AFTER],
        "peers_japan_rise_pp": rise["Japan"],
        "peers_japan_paid_before_bn": paid.loc["Japan", BEFORE],
        "peers_japan_paid_after_bn": paid.loc["Japan", AFTER],
        "peers_after_count": len(after),
        "peers_japan_after_rank": report.rank_text(-after, -after["Japan"]),
        "peers_after_top": term(after.index[0]),
        "peers_after_top_rate": after.iloc[0],
        "peers_after_low": term(after.index[-1]),
        "peers_after_low_rate": after.iloc[-1],
        "peers_rise_count": len(rise),
        "peers_japan_rise_words": largest(report.rank_text(-rise, -rise["Japan"])),
        "peers_rise_names": report.join_and([term(name) for name in rise.index]),
        "peers_coverage": coverage(only),
    }
    values |= i18n.amounts(
        values, {key: ("USD", 1e9) for key in ("peers_japan_paid_before_bn", "peers_japan_paid_after_bn")}
    )
    long = rates.reset_index().melt(id_vars="partner", var_name="year", value_name="duty_rate_pct").dropna()
    long = long.assign(year=long.year.astype(str), paid_bn=[paid.loc[p, int(y)] for p, y in zip(long.partner, long.year,
                       strict=True)])  # fmt: skip
    order = list(after.index) + sorted(set(rates.index) - set(after.index))
    return Findings(values, rates=long, order=order, first_years=first_years(monthly), only_before=only[BEFORE])


def largest(rank: str) -> str:
    """ "the largest", "the 2nd largest" (in Japanese 最大, 2位: a rank as report.rank_text gives it)."""
    if rank == report.rank_text(pd.Series([0]), 0):  # first
        return _("the largest")
    return _("the {rank} largest").format(rank=rank)


def coverage(only: dict[int, list[str]]) -> str:
    """Which partners have one year only, in words: "2025 only for Canada and China, and 2024
    only for India", or "both years for every partner"."""
    parts = [
        _("{year} only for {names}").format(year=year, names=report.join_and([term(n) for n in names]))
        for year, names in sorted(only.items(), reverse=True)
        if names
    ]
    return pgettext("one part after another", ", and ").join(parts) or _("both years for every partner")


def _only_before(only_before: list[str]) -> str:
    if not only_before:
        return ""
    return _("{names}: {year} only in the data.").format(
        names=report.join_and([term(n) for n in only_before]), year=BEFORE
    )


def duties_against_peers_chart(f: Findings) -> alt.TopLevelMixin:
    v, rates = f.values, f.rates
    japan_name = term("Japan")
    if i18n.is_japanese():
        rates = rates.assign(partner=rates.partner.map(term), year=rates.year + "年")
        years = {f"{BEFORE}年": palette.LIGHT, f"{AFTER}年": palette.BLUE}
    else:
        years = {str(BEFORE): palette.LIGHT, str(AFTER): palette.BLUE}
    y = alt.Y("partner:N", title=None, sort=[term(name) for name in f.order])
    link = (
        alt.Chart(rates).mark_line(color="#999").encode(y=y, x=alt.X("duty_rate_pct:Q"), detail=alt.Detail("partner:N"))
    )
    dots = (
        alt.Chart(rates)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            y=y,
            x=alt.X("duty_rate_pct:Q", title=_("Calculated duties, % of imports for consumption")),
            # one legend for both: the year by colour and by shape
            color=charts.colour_by("year", years, legend=alt.Legend(orient="top")),
            shape=alt.Shape(
                "year:N",
                title=None,
                sort=list(years),
                scale=alt.Scale(domain=list(years)),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=charts.tooltip(
                ("partner:N", _("Partner")),
                ("year:N", _("Year")),
                ("duty_rate_pct:Q", _("Duty rate, %"), ".2f"),
                ("paid_bn:Q", _("Duties, US$ bn"), ",.1f"),
            ),
        )
    )
    japan = rates[rates.partner == japan_name].assign(words=japan_name)
    mark = (
        alt.Chart(japan.tail(1))
        .mark_text(align="left", dx=9, fontSize=11, color=palette.JAPAN_TEXT)
        .encode(y=y, x=alt.X("duty_rate_pct:Q"), text=alt.Text("words:N"))
    )
    return charts.finish(
        alt.layer(link, dots, mark).properties(height=30 * rates.partner.nunique()),
        title=_(
            "Japan paid the {rank} highest duty rate of {count} partners in "
            "{after}, {rate:.1f}% (up from {before_rate:.1f}%)"
        ).format(
            rank=v["peers_japan_after_rank"],
            count=v["peers_after_count"],
            after=AFTER,
            rate=v["peers_japan_after"],
            before_rate=v["peers_japan_before"],
        ),
        subtitle=_(
            "Calculated duties as % of imports for consumption, US imports by partner, {before} and "
            "{span}, ranked by {after}"
        ).format(before=BEFORE, span=v["peers_span"], after=AFTER),
        source=_(
            "U.S. Census Bureau, International Trade API (calculated duties CAL_DUT_MO, imports for "
            "consumption CON_VAL_MO)."
        ),
        note=sentences(
            in_words(f.first_years), _only_before(f.only_before), _("Calculated duties are not Treasury receipts.")
        ),
        description=_(
            "Dot plot of the duty rate on US imports from {count} partners in {after}, with "
            "{before} where the data have it. Japan's rose from {before_rate:.1f}% to "
            "{rate:.1f}%, {rise_words} rise of "
            "{rise_count}; the highest rate in {after} was {top}'s."
        ).format(
            count=v["peers_after_count"],
            after=AFTER,
            before=BEFORE,
            before_rate=v["peers_japan_before"],
            rate=v["peers_japan_after"],
            rise_words=v["peers_japan_rise_words"],
            rise_count=v["peers_rise_count"],
            top=v["peers_after_top"],
        ),
    )

"""Chapter 3, frictions: defense spending, the targets debated for it, and host-nation support."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import SIPRI, Findings, named
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, metrics, pd, report

# NATO's shares of GDP, each named at the end of its rule: the 2% guideline, the 3.5% core and 5%
# in all pledged in June 2025 for 2035.
NATO_LINES = {"NATO 2%": 2, "NATO 3.5%": 3.5, "NATO 5%": 5}


def amount(value: float, currency: str, scale: float, english: str) -> str:
    """An amount in a sentence made here: in English the number alone, formatted ``english``
    (the message writes "¥… billion" around it), in Japanese the whole amount as Japanese
    writing gives it (``value × scale`` as 1,881億円; the translation writes no unit)."""
    if i18n.is_japanese():
        return i18n.japanese_amount(value * scale, currency)
    return format(value, english)


def twins(values: dict, currencies: dict[str, tuple[str, float]]) -> dict[str, str]:
    """:func:`japan_us.i18n.amounts` of the keys among ``currencies`` that ``values`` holds
    (some are known only from a date on)."""
    return i18n.amounts(values, {key: unit for key, unit in currencies.items() if key in values})


def military_spending_frame(tables: dict, p: dict) -> pd.DataFrame:
    """Military spending of Japan and the compared economies from ``start_year``, SIPRI."""
    sipri = tables["military_expenditure_sipri"]
    shown = sipri.iso3.isin(["JPN"] + [c for c in p["countries"] if c != "JPN"]) & (sipri.year >= p["start_year"])
    return sipri[shown].dropna(subset=["share_gdp_pct"])


def military_spending(tables: dict, p: dict) -> Findings:
    """Section 1: Japan's military spending as a share of GDP against the compared economies."""
    milex = military_spending_frame(tables, p)
    sipri = tables["military_expenditure_sipri"]
    latest_year, first_year = int(milex.year.max()), int(milex.year.min())
    japan = sipri[sipri.iso3 == "JPN"].set_index("year")
    others = milex[milex.year == latest_year].set_index("iso3").drop(index="JPN")
    if others.empty:
        raise ValueError(f"countries: no economy besides Japan has SIPRI data for {latest_year}; name another")
    share = japan.share_gdp_pct[latest_year]
    values = {
        "milex_latest_year": latest_year,
        "milex_start_year": first_year,
        "japan_share_latest": share,
        "japan_share_start": japan.share_gdp_pct[first_year],
        "japan_share_2022": japan.share_gdp_pct[2022],
        "japan_usd_latest_bn": japan.current_usd_m[latest_year] / 1000,
        "comparison_count": len(others),
        "comparison_above_2": int(others.share_gdp_pct.ge(2).sum()),
        "comparison_highest": others.share_gdp_pct.idxmax(),
        "comparison_highest_name": i18n.term(others.sort_values("share_gdp_pct").country.iloc[-1]),
        "comparison_highest_share": others.share_gdp_pct.max(),
    }
    values |= twins(values, {"japan_usd_latest_bn": ("USD", 1e9)})
    milex = named(milex, "country")
    return Findings(values, spending=milex, spending_more=int((others.share_gdp_pct > share).sum()))


def _spending_title(spending_more: int, v: dict) -> str:
    """The chart's takeaway: Japan's share and where it stands among the economies compared
    with it, in words."""
    count, share, year = v["comparison_count"], v["japan_share_latest"], v["milex_latest_year"]
    if spending_more == count and count > 1:
        title = _(
            "Japan spent {share:.2f}% of GDP on its military in {year}, less than any of the {count} economies compared"
        )
    elif spending_more == count:
        title = _("Japan spent {share:.2f}% of GDP on its military in {year}, less than the economy compared")
    elif spending_more == 0 and count > 1:
        title = _(
            "Japan spent {share:.2f}% of GDP on its military in {year}, more than any of the {count} economies compared"
        )
    elif spending_more == 0:
        title = _("Japan spent {share:.2f}% of GDP on its military in {year}, more than the economy compared")
    else:
        title = _(
            "Japan spent {share:.2f}% of GDP on its military in {year}, "
            "less than {more} of the {count} economies compared"
        )
    return title.format(share=share, year=year, count=count, more=spending_more)


def military_spending_chart(f: Findings) -> alt.TopLevelMixin:
    v, milex = f.values, f.spending
    first, last, share = v["milex_start_year"], v["milex_latest_year"], v["japan_share_latest"]
    tooltip = charts.tooltip(
        ("country:N", _("Country")),
        ("year:Q", _("Year")),
        ("share_gdp_pct:Q", _("% of GDP"), ".2f"),
        ("current_usd_m:Q", _("US$ million (current)"), ",.0f"),
        ("estimate:N", _("SIPRI estimate")),
    )
    japan = i18n.term("Japan")
    order = charts.subject_first(milex.country, japan)
    domain = charts.nice_domain(pd.concat([milex.share_gdp_pct, pd.Series(NATO_LINES.values())]))
    y = alt.Y("share_gdp_pct:Q", title=_("% of GDP"), scale=alt.Scale(domain=list(domain), nice=False))
    lines = charts.multi_line(
        milex, y=y, series="country", tooltip=tooltip, emphasis=japan, sort=order, references=NATO_LINES
    )
    return charts.finish(
        lines,
        title=_spending_title(f.spending_more, v),
        subtitle=_("Military expenditure, % of GDP, SIPRI definition, {first}–{last}").format(first=first, last=last),
        source=_("{sipri} (data to 2024).").format(sipri=SIPRI),
        note=_("Dashed lines: NATO's 2% guideline and its June 2025 pledge for 2035 (3.5% core, 5% in all)."),
        description=_(
            "Line chart of military spending as a share of GDP for Japan and {others} other "
            "economies from {first} to {last}. Japan's share was {share:.2f}% in {last}."
        ).format(others=len(order) - 1, first=first, last=last, share=share),
    )


def definitions(tables: dict, p: dict) -> Findings:
    """NATO's and SIPRI's shares of GDP for the same allies and year."""
    year = int(military_spending_frame(tables, p).year.max())
    nato, sipri = tables["military_expenditure_nato"], tables["military_expenditure_sipri"]
    both = (
        nato[nato.year == year]
        .rename(columns={"code": "iso3", "share_real_gdp_pct": "NATO"})[["iso3", "country", "NATO"]]
        .merge(
            sipri[sipri.year == year][["iso3", "share_gdp_pct"]].rename(columns={"share_gdp_pct": "SIPRI"}), on="iso3"
        )
    )
    gap = (both.NATO - both.SIPRI).abs()
    values = {
        "definition_max_gap": gap.max(),
        "definition_max_gap_country": i18n.term(both.country[gap.idxmax()]),
        "definition_count": len(both),
    }
    both = named(both, "country")
    return Findings(values, both=both, year=year)


def definitions_chart(f: Findings) -> alt.TopLevelMixin:
    v, both = f.values, f.both
    long = both.melt(id_vars=["iso3", "country"], value_vars=["SIPRI", "NATO"], var_name="measure", value_name="share")
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("share:Q", title=_("% of GDP"), scale=alt.Scale(zero=False)),
            y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("share", op="max", order="descending")),
            color=alt.Color("measure:N", title=_("Measure")),
            shape=alt.Shape("measure:N", title=_("Measure")),
            tooltip=charts.tooltip(
                ("country:N", _("Country")), ("measure:N", _("Measure")), ("share:Q", _("% of GDP"), ".2f")
            ),
        )
    )
    link = alt.Chart(both).mark_rule(color="#aaa").encode(y=alt.Y("country:N"), x=alt.X("SIPRI:Q"), x2=alt.X2("NATO:Q"))
    gap = v["definition_max_gap"]
    return charts.finish(
        alt.layer(link, dots).properties(height=28 * len(both)),
        title=_("The same year, two measures: NATO and SIPRI shares differ by up to {gap:.2f} points").format(gap=gap),
        subtitle=_(
            "Military or defence expenditure, % of GDP, {year}, NATO members among the economies in the data"
        ).format(year=f.year),
        source=_(
            "{sipri}; NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024 "
            "(2024 values are NATO estimates)."
        ).format(sipri=SIPRI),
        description=_(
            "Dot plot comparing SIPRI and NATO defence-spending shares of GDP for {count} NATO "
            "members in {year}; the largest gap is {gap:.2f} points ({country})."
        ).format(count=len(both), year=f.year, gap=gap, country=v["definition_max_gap_country"]),
    )


def defense_counts(tables: dict, p: dict) -> list[metrics.DefenseCount]:
    """Japan's defence spending on each count known on the chapter's date, in yen, each over
    the one nominal GDP of its year (IMF dollars × the year's yen rate; the latest year priced
    if its own is not): SIPRI's (latest year, SIPRI's definition) and, once published, Japan's
    own security-related count (FY2025, with the supplementary budget; facts B4.4 and B4.5).
    The share each source quotes is divided by its own GDP (Japan's "2%" by about ¥550
    trillion), so it is not used to price a target (issue 20, error 3)."""
    year = int(military_spending_frame(tables, p).year.max())
    sipri = tables["military_expenditure_sipri"].query("iso3 == 'JPN'").set_index("year")
    gdp = metrics.nominal_gdp_jpy(tables["weo_gdp_usd"], tables["jpy_per_usd_annual"]).gdp_jpy_tn
    name = _("SIPRI's count, {year}").format(year=year)
    counts = [metrics.DefenseCount(name, sipri.current_lcu_bn[year] / 1000, gdp.asof(year))]
    own = tables["defense_benchmarks"].set_index("measure")
    if OWN_COUNT in own.index:
        name = _("Japan's own count, FY{year}").format(year=OWN_YEAR)
        counts.append(metrics.DefenseCount(name, own.amount_jpy_tn[OWN_COUNT], gdp.asof(OWN_YEAR)))
    return counts


OWN_COUNT = "FY2025 security spending with the supplementary budget"
OWN_YEAR = 2025
TARGETS = [2.0, 3.5, 5.0]  # % of GDP: NATO's guideline, the US request and NATO's core pledge, NATO's total


def defense_target(tables: dict, p: dict) -> Findings:
    """What Japan decided in 2025, and what a share-of-GDP target would cost, on one definition
    at a time: a target is priced on the count it is compared with, in yen. Demands and
    decisions not yet made on the chapter's date are left out."""
    bench = tables["defense_benchmarks"].set_index("measure").share_gdp_pct
    mod = tables["japan_defense_budget_observations"].set_index(["fiscal_year", "stage"]).value_yen
    weo = tables["weo_gdp_usd"]
    target_pct = round(100 * p["defense_target"], 6)  # 100 × 0.035 is 3.5000000000000004
    japan_gdp = weo[weo.code == "JPN"]
    # The IMF figure for the target year, or (before any vintage known on the chapter's date
    # reached that year) the latest year known then
    gdp_year = p["target_year"] if p["target_year"] in set(japan_gdp.year) else int(japan_gdp.year.max())
    dollars = metrics.spending_at_target(japan_gdp, gdp_year, p["defense_target"])
    counts = defense_counts(tables, p)
    values = report.event_dates(tables["events"], ["B4.1", "B4.2", "B4.3", "B4.4", "B4.5"]) | {
        key: bench[measure] for key, measure in BENCHMARKS.items() if measure in bench.index
    } | {
        key: mod[row] / 1e12 for key, row in MOD_BUDGETS.items() if row in mod.index  # (published late 2025)
    } | {
        "target_pct": target_pct,
        "target_year": p["target_year"],
        "target_gdp_year": gdp_year,
        "target_gdp_usd_bn": dollars.gdp_usd_bn,
        "target_gdp_basis": _("an IMF projection") if dollars.gdp_is_projection else _("an IMF estimate of actual GDP"),
        "target_usd_bn": dollars.usd_bn,
    }  # fmt: skip
    for prefix, count in zip(("sipri", "own"), counts):  # noqa: B905 (own is missing before B4.5)
        values |= {
            f"{prefix}_jpy_tn": count.amount_tn,
            f"{prefix}_gdp_jpy_tn": count.gdp_tn,
            f"{prefix}_share_pct": count.share_pct,
            f"target_{prefix}_jpy_tn": count.at(target_pct),
            f"target_{prefix}_multiple": count.multiple(target_pct),
        }
    values |= twins(values, {
        **dict.fromkeys(["mod_fy2025_tn", "sipri_jpy_tn", "sipri_gdp_jpy_tn", "own_jpy_tn", "own_gdp_jpy_tn",
                         "target_sipri_jpy_tn", "target_own_jpy_tn"], ("JPY", 1e12)),
        **dict.fromkeys(["target_gdp_usd_bn", "target_usd_bn"], ("USD", 1e9)),
    })  # fmt: skip
    if i18n.is_japanese() and "mod_fy2026_tn" in values:  # printed to the hundredth: 9.04兆円, not 9兆円
        values["mod_fy2026_tn_ja"] = i18n.japanese_amount(values["mod_fy2026_tn"] * 1e12, "JPY", digits=2)
    kinds = level_names()
    rows = []
    for count in counts:
        rows.append(
            {
                "basis": count.name,
                "level": kinds["today"],
                "share_pct": count.share_pct,
                "jpy_tn": count.amount_tn,
                "label": _("today, {share:.2f}%").format(share=count.share_pct),
            }
        )
        for share in sorted({*TARGETS, target_pct}):
            level = kinds["chosen target" if share == target_pct else "reference share"]
            rows.append(
                {
                    "basis": count.name,
                    "level": level,
                    "share_pct": share,
                    "jpy_tn": count.at(share),
                    "label": _("{share:g}% of GDP").format(share=share),
                }
            )
    levels = pd.DataFrame(rows).assign(
        multiple=lambda d: d.jpy_tn / d.basis.map({c.name: c.amount_tn for c in counts}),
    )[["basis", "level", "share_pct", "jpy_tn", "multiple", "label"]]  # fmt: skip
    return Findings(values, levels=levels)


def level_names() -> dict[str, str]:
    """The bars of the target chart: today's spending, the reference shares and the chosen
    target, in the chapter's language."""
    return {"today": _("today"), "reference share": _("reference share"), "chosen target": _("chosen target")}


# The Ministry of Defense's budgets the chapter glues: key -> (fiscal year, stage).
MOD_BUDGETS = {
    "mod_fy2025_tn": (2025, "initial budget"),
    "mod_fy2026_tn": (2026, "cabinet-approved budget draft (initial)"),
}

# The shares of GDP named by each side, as glued: key -> measure in the benchmarks table.
BENCHMARKS = {
    "us_floor_share": "floor urged for Japan",
    "us_request_share": "requested of Japan",
    "nato_core_share": "core defence by 2035",
    "nato_total_share": "core plus related spending by 2035",
    "japan_fy2025_initial_share": "FY2025 initial security spending",
    "japan_fy2025_final_share": OWN_COUNT,
}


def defense_target_chart(f: Findings) -> alt.TopLevelMixin:
    v, bars = f.values, f.levels
    # Japan's hue, not US blue; the target in its darker shade
    names = level_names()
    kinds = {
        names["today"]: palette.JAPAN_COLOR,
        names["reference share"]: palette.LIGHT,
        names["chosen target"]: palette.JAPAN_DARK,
    }
    base = alt.Chart().encode(y=alt.Y("label:N", title=None, sort=None))
    chart = base.mark_bar().encode(
        x=alt.X("jpy_tn:Q", title=_("¥ trillion a year")),
        color=charts.colour_by("level", kinds),
        tooltip=charts.tooltip(
            ("basis:N", _("Count")),
            ("share_pct:Q", _("% of GDP"), ".2f"),
            ("jpy_tn:Q", _("¥ trillion"), ",.1f"),
            ("multiple:Q", _("Times today's amount"), ".2f"),
        ),
    )
    multiples = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        x=alt.X("jpy_tn:Q"), text=alt.Text("multiple:Q", format=".2f")
    )
    target = v["target_pct"]
    panels = (
        alt.layer(chart, multiples, data=bars)
        .properties(height=26 * len(bars) / bars.basis.nunique())
        .facet(row=alt.Row("basis:N", title=None, sort=list(dict.fromkeys(bars.basis)), header=charts.panel_header()))
        .resolve_scale(y="independent")
    )
    own = "own_jpy_tn" in v  # Japan's own count, once published (B4.5)
    shown = {
        "target": target,
        "sipri": v["target_sipri_multiple"],
        "own": v.get("target_own_multiple"),
        "sipri_jpy": v["sipri_jpy_tn"],
        "own_jpy": v.get("own_jpy_tn"),
        "sipri_gdp": v["sipri_gdp_jpy_tn"],
        "own_gdp": v.get("own_gdp_jpy_tn"),
    }
    if own:
        title = _(
            "At {target:g}% of GDP Japan would spend {sipri:.2f}× its SIPRI-counted budget, "
            "{own:.2f}× its own FY2025 count"
        )
        source = _(
            "{sipri_source} (yen, calendar year); Japan's own count: The Yomiuri Shimbun and The Asahi Shimbun "
            "(about ¥11 trillion, FY2025; facts B4.4, B4.5); GDP: IMF, World Economic Outlook, October 2025, "
            "at the Federal Reserve's annual yen rate (H.10)."
        )
        note = _(
            "Every count and target is divided by one GDP, the IMF's in dollars times the year's average "
            "yen rate: about ¥{sipri_gdp:,.0f} trillion for SIPRI's year, ¥{own_gdp:,.0f} trillion for FY2025 "
            "(calendar 2025). The government's 2% divides by a smaller GDP, so its share is not used here."
        )
        description = _(
            "Bar chart of Japan's defence spending today and at 2%, 3.5% and 5% of GDP, on SIPRI's count "
            "(¥{sipri_jpy:.1f} trillion today) and on Japan's own count (¥{own_jpy:.1f} trillion in FY2025); "
            "{target:g}% is {sipri:.2f} times its SIPRI-counted budget, {own:.2f} times its own FY2025 count."
        )
    else:
        title = _("At {target:g}% of GDP Japan would spend {sipri:.2f}× its SIPRI-counted budget")
        source = _(
            "{sipri_source} (yen, calendar year); GDP: IMF, World Economic Outlook, October 2025, "
            "at the Federal Reserve's annual yen rate (H.10)."
        )
        note = _(
            "Every count and target is divided by one GDP, the IMF's in dollars times the year's average "
            "yen rate: about ¥{sipri_gdp:,.0f} trillion for SIPRI's year."
        )
        description = _(
            "Bar chart of Japan's defence spending today and at 2%, 3.5% and 5% of GDP, on SIPRI's count "
            "(¥{sipri_jpy:.1f} trillion today); {target:g}% is {sipri:.2f} times its SIPRI-counted budget."
        )
    return charts.finish(
        panels,
        reserve=110,
        title=title.format(**shown),
        subtitle=_(
            "Japan's defence spending on each count's own definition, over one nominal GDP, "
            "¥ trillion; labels: times today's amount"
        ),
        source=source.format(sipri_source=SIPRI),
        note=note.format(**shown),
        description=description.format(**shown),
    )


def host_nation_support(tables: dict) -> Findings:
    """The Special Measures Agreement and the published annual figures of host-nation support."""
    hns = tables["host_nation_support_observations"].set_index("obs_id")
    sma = hns.loc[10]  # the current agreement
    annual = hns[
        hns.unit.isin(["billion JPY", "billion JPY per year"])
        & hns.basis.isin(["annual budget", "agreed annual level", "annual average"])
    ].reset_index()
    annual = annual.assign(
        start=annual.fiscal_year_start,
        end=annual.fiscal_year_end + 1,
        years=[
            _("FY{year}").format(year=a) if a == b else _("FY{first}–{last}").format(first=a, last=b)
            for a, b in zip(annual.fiscal_year_start, annual.fiscal_year_end, strict=True)
        ],
    )
    values = {
        "sma_total_bn": sma.amount,
        "sma_first_fy": int(sma.fiscal_year_start),
        "sma_last_fy": int(sma.fiscal_year_end),
        "sma_expiry": i18n.month_year(f"{int(sma.fiscal_year_end) + 1}-03-01"),
        "sma_per_year_bn": hns.loc[11].amount,
        "sma_previous_total_bn": hns.loc[8].amount,
        "stopgap_fy2021_bn": hns.loc[9].amount,
        "trump1_demand_usd_bn": hns.loc[14].amount,
    }
    values |= twins(values, {"trump1_demand_usd_bn": ("USD", 1e9)})
    if i18n.is_japanese():  # to the 億, as the government states them (1兆551億円, 9,800億円), not 1.1兆円, 1兆円
        yen = ["sma_total_bn", "sma_per_year_bn", "sma_previous_total_bn", "stopgap_fy2021_bn"]
        values |= {f"{key}_ja": cho_oku_yen(values[key] * 1e9) for key in yen}
        annual, hns = _translated(annual).assign(amount_oku=annual.amount * 10), _translated(hns)
    return Findings(values, annual=annual, observations=hns)


def cho_oku_yen(yen: float) -> str:
    """An amount of yen to the 億, as Japanese official writing gives it: 1兆551億円, 9,800億円
    (:func:`japan_us.i18n.japanese_amount` rounds them to 1.1兆円 and 1兆円)."""
    cho, oku = divmod(round(yen / 1e8), 10_000)
    return "".join([f"{cho:,}兆" if cho else "", f"{oku:,}億" if oku or not cho else "", "円"])


def _translated(observations: pd.DataFrame) -> pd.DataFrame:
    """The reader-facing text of the host-nation-support observations in the chapter's language."""
    table = "host_nation_support_observations"
    return observations.assign(
        **{column: observations[column].map(lambda text: i18n.data_text(table, text)) for column in HNS_TEXT}
    )


HNS_TEXT = ("item", "unit", "basis")  # the columns a reader sees in words (catalogues.TRANSLATED_COLUMNS)


def host_nation_support_chart(f: Findings) -> alt.TopLevelMixin:
    v, annual = f.values, f.annual
    # in Japanese, amounts in 億円 (2,110), as Japanese writing gives yen, not in billions
    shown, digits = ("amount_oku", ",.0f") if "amount_oku" in annual else ("amount", ",.1f")
    y = alt.Y("years:N", title=None, sort=alt.EncodingSortField("start"))
    bars = (
        alt.Chart(annual)
        .mark_bar(height=14, opacity=0.85)
        .encode(
            x=charts.year_axis("start", _("Japanese fiscal year (April–March)"), domain=[2005, 2028]),
            x2=alt.X2("end:Q"),
            y=y,
            color=alt.Color("basis:N", title=_("Basis")),
            tooltip=charts.tooltip(
                ("item:N", _("Figure")),
                (f"{shown}:Q", _("¥ billion"), digits),
                ("unit:N", _("Unit")),
                ("basis:N", _("Basis")),
                ("fiscal_year_start:Q", _("From FY")),
                ("fiscal_year_end:Q", _("To FY")),
                ("publisher:N", _("Source")),
            ),
        )
    )
    labels = (
        alt.Chart(annual)
        .mark_text(align="left", dx=4, fontSize=11)
        .encode(x=alt.X("end:Q"), y=y, text=alt.Text(f"{shown}:Q", format=digits))
    )
    return charts.finish(
        alt.layer(bars, labels).properties(height=36 * len(annual)),
        title=_("Host-nation support has been published at roughly ¥{low}–{high} billion a year").format(
            low=amount(annual.amount.min(), "JPY", 1e9, ".0f"), high=amount(annual.amount.max(), "JPY", 1e9, ".0f")
        ),
        subtitle=_(
            "Japan's host-nation support for US forces, published annual figures, ¥ billion, FY{first}–FY{last}"
        ).format(first=annual.start.min(), last=annual.end.max() - 1),
        source=_("The Japan Times; U.S. Embassy Tokyo; Stars and Stripes; Kyodo News; Jiji Press via The Japan News."),
        note=_("Budgets, agreed levels and a five-year average are different bases; bars are not a series."),
        description=_(
            "Bar chart of {count} published annual host-nation-support figures; the current agreement "
            "averages about ¥{per_year} billion a year and runs to the end of FY{last}."
        ).format(count=len(annual), per_year=amount(v["sma_per_year_bn"], "JPY", 1e9, ".0f"), last=v["sma_last_fy"]),
    )


def host_nation_support_table(f: Findings) -> report.HTML:
    columns = ["item", "fiscal_year_start", "fiscal_year_end", "amount", "unit", "basis", "publisher", "source_url"]
    return report.table(
        f.observations.reset_index()[columns + ["source_kind"]],
        caption=_("All published host-nation-support observations used in this chapter"),
        links={"publisher": "source_url"},
        kinds={"publisher": "source_kind"},
        headings={
            "item": pgettext("column", "Item"),
            "fiscal_year_start": pgettext("column", "Fiscal year start"),
            "fiscal_year_end": pgettext("column", "Fiscal year end"),
            "amount": pgettext("column", "Amount"),
            "unit": pgettext("column", "Unit"),
            "basis": pgettext("column", "Basis"),
            "publisher": pgettext("column", "Publisher"),
        },
    )

"""Chapter 3, bracing for frictions: defense spending, host-nation support, tariffs and trade."""

from __future__ import annotations

from japan_us import long_date, palette
from japan_us.chapters import AS_OF, SIPRI, Chapter, Findings, codes, duties_peers
from japan_us.lazy import alt, charts, metrics, pd, report
from japan_us.params import Param

FRICTIONS = Chapter(
    slug="frictions",
    notebook="03_frictions",
    title="Bracing for frictions: defense spending, host-nation support, tariffs and trade",
    essay_section="3(3)",
    tables=(
        "military_expenditure_sipri",
        "military_expenditure_nato",
        "weo_gdp_usd",
        "jpy_per_usd_annual",
        "japan_defense_budget_observations",
        "defense_benchmarks",
        "host_nation_support_observations",
        "us_goods_trade_annual",
        "us_duties_by_partner_monthly",
        "us_statutory_tariff_rate",
        "us_tariff_change_by_partner",
        "us_tariff_change_by_sector_japan",
        "japan_exports_by_destination",
        "investment_package",
        "japan_headline_tariff",
        "japan_auto_tariff",
        "events",
        "fdi_in_us_observations",
        "us_direct_investment_abroad_observations",
    ),
    params=(
        AS_OF,
        Param(
            "countries",
            list,
            ["USA", "KOR", "AUS", "GBR", "DEU", "FRA", "POL", "CHN"],
            "Economies compared with Japan on military spending (ISO3 codes in the SIPRI table)",
            choices=codes("military_expenditure_sipri", "iso3"),
        ),
        Param(
            "start_year",
            int,
            1990,
            "First year of the military-spending comparison",
            bounds=(1990, 2020),
        ),
        Param(
            "defense_target",
            float,
            0.035,
            "Defense-spending target as a share of GDP (0.035 means 3.5%) to price for Japan",
            bounds=(0.005, 0.10),
            percent=True,
        ),
        Param(
            "target_year",
            int,
            2027,
            "Year whose IMF GDP the target is applied to (after 2024: projection)",
            bounds=(2024, 2030),
        ),
        Param(
            "tariff_rate",
            float,
            0.15,
            "Tariff rate on all imports from Japan in the scenario (0.15 means 15%)",
            bounds=(0.0, 1.0),
            percent=True,
        ),
        Param(
            "tariff_base_year",
            int,
            2024,
            "Year of US imports from Japan the scenario tariff applies to",
            bounds=(1985, 2025),
        ),
        Param(
            "import_elasticity",
            float,
            0.0,
            "Assumed elasticity of import value to the tariff-inclusive price (0: no response)",
            bounds=(0.0, 5.0),
        ),
        Param(
            "trade_partners",
            list,
            ["CHN", "MEX", "VNM", "KOR", "DEU", "CAN"],
            "US trading partners compared with Japan (ISO3 codes in the Census table)",
            choices=codes("us_goods_trade_annual", "partner_code"),
        ),
    ),
)

# NATO's shares of GDP, each named at the end of its rule: the 2% guideline, the 3.5% core and 5%
# in all pledged in June 2025 for 2035.
NATO_LINES = {"NATO 2%": 2, "NATO 3.5%": 3.5, "NATO 5%": 5}


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
        "comparison_highest_name": others.sort_values("share_gdp_pct").country.iloc[-1],
        "comparison_highest_share": others.share_gdp_pct.max(),
    }
    return Findings(values, spending=milex, spending_more=int((others.share_gdp_pct > share).sum()))


def _rank_among(spending_more: int, v: dict) -> str:
    """Where Japan's share stands among the economies compared with it, in words."""
    count = v["comparison_count"]
    if spending_more == count:
        return f"less than any of the {count} economies compared" if count > 1 else "less than the economy compared"
    if spending_more == 0:
        return f"more than any of the {count} economies compared" if count > 1 else "more than the economy compared"
    return f"less than {spending_more} of the {count} economies compared"


def military_spending_chart(f: Findings) -> alt.TopLevelMixin:
    v, milex = f.values, f.spending
    first, last, share = v["milex_start_year"], v["milex_latest_year"], v["japan_share_latest"]
    tooltip = charts.tooltip(
        ("country:N", "Country"),
        ("year:Q", "Year"),
        ("share_gdp_pct:Q", "% of GDP", ".2f"),
        ("current_usd_m:Q", "US$ million (current)", ",.0f"),
        ("estimate:N", "SIPRI estimate"),
    )
    order = charts.subject_first(milex.country)
    domain = charts.nice_domain(pd.concat([milex.share_gdp_pct, pd.Series(NATO_LINES.values())]))
    y = alt.Y("share_gdp_pct:Q", title="% of GDP", scale=alt.Scale(domain=list(domain), nice=False))
    lines = charts.multi_line(milex, y=y, series="country", tooltip=tooltip, sort=order, references=NATO_LINES)
    return charts.finish(
        lines,
        title=f"Japan spent {share:.2f}% of GDP on its military in {last}, {_rank_among(f.spending_more, v)}",
        subtitle=f"Military expenditure, % of GDP, SIPRI definition, {first}–{last}",
        source=f"{SIPRI} (data to 2024).",
        note="Dashed lines: NATO's 2% guideline and its June 2025 pledge for 2035 (3.5% core, 5% in all).",
        description=(
            f"Line chart of military spending as a share of GDP for Japan and {len(order) - 1} other "
            f"economies from {first} to {last}. Japan's share was {share:.2f}% in {last}."
        ),
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
        "definition_max_gap_country": both.country[gap.idxmax()],
        "definition_count": len(both),
    }
    return Findings(values, both=both, year=year)


def definitions_chart(f: Findings) -> alt.TopLevelMixin:
    v, both = f.values, f.both
    long = both.melt(id_vars=["iso3", "country"], value_vars=["SIPRI", "NATO"], var_name="measure", value_name="share")
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("share:Q", title="% of GDP", scale=alt.Scale(zero=False)),
            y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("share", op="max", order="descending")),
            color=alt.Color("measure:N", title="Measure"),
            shape=alt.Shape("measure:N", title="Measure"),
            tooltip=charts.tooltip(("country:N", "Country"), ("measure:N", "Measure"), ("share:Q", "% of GDP", ".2f")),
        )
    )
    link = alt.Chart(both).mark_rule(color="#aaa").encode(y=alt.Y("country:N"), x=alt.X("SIPRI:Q"), x2=alt.X2("NATO:Q"))
    gap = v["definition_max_gap"]
    return charts.finish(
        alt.layer(link, dots).properties(height=28 * len(both)),
        title=f"The same year, two measures: NATO and SIPRI shares differ by up to {gap:.2f} points",
        subtitle=(f"Military or defence expenditure, % of GDP, {f.year}, NATO members among the economies in the data"),
        source=(
            f"{SIPRI}; NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024 "
            "(2024 values are NATO estimates)."
        ),
        description=(
            f"Dot plot comparing SIPRI and NATO defence-spending shares of GDP for {len(both)} NATO "
            f"members in {f.year}; the largest gap is {gap:.2f} points ({v['definition_max_gap_country']})."
        ),
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
    counts = [metrics.DefenseCount(f"SIPRI's count, {year}", sipri.current_lcu_bn[year] / 1000, gdp.asof(year))]
    own = tables["defense_benchmarks"].set_index("measure")
    if OWN_COUNT in own.index:
        counts.append(metrics.DefenseCount(OWN_NAME, own.amount_jpy_tn[OWN_COUNT], gdp.asof(OWN_YEAR)))
    return counts


OWN_COUNT = "FY2025 security spending with the supplementary budget"
OWN_NAME, OWN_YEAR = "Japan's own count, FY2025", 2025
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
        "target_gdp_basis": "an IMF projection" if dollars.gdp_is_projection else "an IMF estimate of actual GDP",
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
    rows = []
    for count in counts:
        rows.append({"basis": count.name, "level": "today", "share_pct": count.share_pct, "jpy_tn": count.amount_tn})
        for share in sorted({*TARGETS, target_pct}):
            level = "chosen target" if share == target_pct else "reference share"
            rows.append({"basis": count.name, "level": level, "share_pct": share, "jpy_tn": count.at(share)})
    levels = pd.DataFrame(rows).assign(
        multiple=lambda d: d.jpy_tn / d.basis.map({c.name: c.amount_tn for c in counts}),
        label=lambda d: [f"today, {s:.2f}%" if lv == "today" else f"{s:g}% of GDP" for lv, s in
                         zip(d.level, d.share_pct, strict=True)],
    )  # fmt: skip
    return Findings(values, levels=levels)


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
    kinds = {"today": palette.JAPAN_COLOR, "reference share": palette.LIGHT, "chosen target": palette.JAPAN_DARK}
    base = alt.Chart().encode(y=alt.Y("label:N", title=None, sort=None))
    chart = base.mark_bar().encode(
        x=alt.X("jpy_tn:Q", title="¥ trillion a year"),
        color=charts.colour_by("level", kinds),
        tooltip=charts.tooltip(
            ("basis:N", "Count"),
            ("share_pct:Q", "% of GDP", ".2f"),
            ("jpy_tn:Q", "¥ trillion", ",.1f"),
            ("multiple:Q", "Times today's amount", ".2f"),
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
    multiples_text = f"{v['target_sipri_multiple']:.2f}× its SIPRI-counted budget" + (
        f", {v['target_own_multiple']:.2f}× its own FY2025 count" if own else ""
    )
    return charts.finish(
        panels,
        reserve=110,
        title=f"At {target:g}% of GDP Japan would spend {multiples_text}",
        subtitle=(
            "Japan's defence spending on each count's own definition, over one nominal GDP, "
            "¥ trillion; labels: times today's amount"
        ),
        source=f"{SIPRI} (yen, calendar year)"
        + (
            "; Japan's own count: The Yomiuri Shimbun and The Asahi Shimbun "
            "(about ¥11 trillion, FY2025; facts B4.4, B4.5)"
            if own
            else ""
        )
        + "; GDP: IMF, World Economic Outlook, October 2025, at the Federal Reserve's annual yen rate (H.10).",
        note=(
            "Every count and target is divided by one GDP, the IMF's in dollars times the year's average "
            f"yen rate: about ¥{v['sipri_gdp_jpy_tn']:,.0f} trillion for SIPRI's year"
            + (
                f", ¥{v['own_gdp_jpy_tn']:,.0f} trillion for FY2025 (calendar 2025). "
                "The government's 2% divides by a smaller GDP, so its share is not used here."
                if own
                else "."
            )
        ),
        description=(
            f"Bar chart of Japan's defence spending today and at 2%, 3.5% and 5% of GDP, on SIPRI's count "
            f"(¥{v['sipri_jpy_tn']:.1f} trillion today)"
            + (f" and on Japan's own count (¥{v['own_jpy_tn']:.1f} trillion in FY2025)" if own else "")
            + f"; {target:g}% is {multiples_text.replace('×', ' times')}."
        ),
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
            f"FY{a}" if a == b else f"FY{a}–{b}"
            for a, b in zip(annual.fiscal_year_start, annual.fiscal_year_end, strict=True)
        ],
    )
    values = {
        "sma_total_bn": sma.amount,
        "sma_first_fy": int(sma.fiscal_year_start),
        "sma_last_fy": int(sma.fiscal_year_end),
        "sma_expiry": f"March {int(sma.fiscal_year_end) + 1}",
        "sma_per_year_bn": hns.loc[11].amount,
        "sma_previous_total_bn": hns.loc[8].amount,
        "stopgap_fy2021_bn": hns.loc[9].amount,
        "trump1_demand_usd_bn": hns.loc[14].amount,
    }
    return Findings(values, annual=annual, observations=hns)


def host_nation_support_chart(f: Findings) -> alt.TopLevelMixin:
    v, annual = f.values, f.annual
    y = alt.Y("years:N", title=None, sort=alt.EncodingSortField("start"))
    bars = (
        alt.Chart(annual)
        .mark_bar(height=14, opacity=0.85)
        .encode(
            x=charts.year_axis("start", "Japanese fiscal year (April–March)", domain=[2005, 2028]),
            x2=alt.X2("end:Q"),
            y=y,
            color=alt.Color("basis:N", title="Basis"),
            tooltip=charts.tooltip(
                ("item:N", "Figure"),
                ("amount:Q", "¥ billion", ",.1f"),
                ("unit:N", "Unit"),
                ("basis:N", "Basis"),
                ("fiscal_year_start:Q", "From FY"),
                ("fiscal_year_end:Q", "To FY"),
                ("publisher:N", "Source"),
            ),
        )
    )
    labels = (
        alt.Chart(annual)
        .mark_text(align="left", dx=4, fontSize=11)
        .encode(x=alt.X("end:Q"), y=y, text=alt.Text("amount:Q", format=",.1f"))
    )
    return charts.finish(
        alt.layer(bars, labels).properties(height=36 * len(annual)),
        title=(
            "Host-nation support has been published at roughly "
            f"¥{annual.amount.min():.0f}–{annual.amount.max():.0f} billion a year"
        ),
        subtitle=(
            "Japan's host-nation support for US forces, published annual figures, ¥ billion, "
            f"FY{annual.start.min()}–FY{annual.end.max() - 1}"
        ),
        source="The Japan Times; U.S. Embassy Tokyo; Stars and Stripes; Kyodo News; Jiji Press via The Japan News.",
        note="Budgets, agreed levels and a five-year average are different bases; bars are not a series.",
        description=(
            f"Bar chart of {len(annual)} published annual host-nation-support figures; the current agreement "
            f"averages about ¥{v['sma_per_year_bn']:.0f} billion a year and runs to the end of FY{v['sma_last_fy']}."
        ),
    )


def host_nation_support_table(f: Findings) -> report.HTML:
    columns = ["item", "fiscal_year_start", "fiscal_year_end", "amount", "unit", "basis", "publisher", "source_url"]
    return report.table(
        f.observations.reset_index()[columns + ["source_kind"]],
        caption="All published host-nation-support observations used in this chapter",
        links={"publisher": "source_url"},
        kinds={"publisher": "source_kind"},
    )


def goods_trade(tables: dict, p: dict) -> pd.DataFrame:
    """US goods trade with Japan and ``trade_partners``, US$ billion."""
    trade = tables["us_goods_trade_annual"]
    return trade[trade.partner_code.isin(["JPN"] + p["trade_partners"])].assign(
        vintage=lambda d: d.vintage.str.replace("_", " ").str.replace(r"(\d{4})vintage", r"\1 vintage", regex=True),
        balance_bn=lambda d: d.balance_musd / 1000,
        exports_bn=lambda d: d.exports_musd / 1000,
        imports_bn=lambda d: d.imports_musd / 1000,
    )


def trade_balance(tables: dict, p: dict) -> Findings:
    """The US goods deficit with Japan and with the other partners."""
    trade = goods_trade(tables, p)
    jp = trade[trade.partner_code == "JPN"].set_index("year")
    last = int(jp.index.max())
    worst = jp.balance_bn.idxmin()
    ranking = trade[trade.year == last].sort_values("balance_bn")
    values = {
        "trade_last_year": last,
        # deficits as positive amounts: "a deficit of US$64.4 billion", never "US$-64.4"
        "japan_deficit_last_bn": -jp.balance_bn[last],
        "japan_exports_last_bn": jp.exports_bn[last],
        "japan_imports_last_bn": jp.imports_bn[last],
        "trade_first_year": int(jp.index.min()),
        "japan_worst_year": int(worst),
        "japan_worst_deficit_bn": -jp.balance_bn[worst],
        "japan_deficit_rank": int(list(ranking.partner_code).index("JPN")) + 1,
        "trade_partner_count": len(ranking),
        "largest_deficit_partner": ranking.partner.iloc[0],
        "largest_deficit_bn": -ranking.balance_bn.iloc[0],
    }
    return Findings(values, trade=trade)


def trade_balance_chart(f: Findings) -> alt.TopLevelMixin:
    v, trade = f.values, f.trade
    last = v["trade_last_year"]
    order = charts.subject_first(trade.partner)
    tooltip = charts.tooltip(
        ("partner:N", "Partner"),
        ("year:Q", "Year"),
        ("balance_bn:Q", "Balance, US$ bn", ",.1f"),
        ("exports_bn:Q", "US exports, US$ bn", ",.1f"),
        ("imports_bn:Q", "US imports, US$ bn", ",.1f"),
        ("vintage:N", "Census release"),
    )
    lines = charts.multi_line(
        trade,
        y=alt.Y("balance_bn:Q", title="US$ billion (negative = US deficit)"),
        series="partner",
        tooltip=tooltip,
        sort=order,
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#333").encode(y=alt.Y("y:Q"))
    return charts.finish(
        alt.layer(zero, lines),
        title="The US goods deficit with Japan has been overtaken by those with China, Mexico and Vietnam",
        subtitle=f"US goods trade balance by partner, US$ billion, Census basis, {trade.year.min()}–{last}",
        source=(
            "U.S. Census Bureau, U.S. Trade in Goods by Country: 1985–2023 from the November 2024 file, "
            "2024–2025 from the October 2026 file (after the June 2026 revision)."
        ),
        note="Not seasonally adjusted. Germany 1985–1990 is West Germany; Vietnam from 1992.",
        description=(
            f"Line chart of the US goods trade balance with Japan and {len(order) - 1} other partners, "
            f"{trade.year.min()}–{last}. The deficit with Japan was "
            f"US${v['japan_deficit_last_bn']:,.1f} billion in {last}."
        ),
    )


def collected_duties(tables: dict, p: dict) -> Findings:
    """The duty actually collected on imports from Japan and the other partners, by month."""
    monthly = tables["us_duties_by_partner_monthly"]
    duties = metrics.duty_rates(monthly)
    duties = duties[duties.partner_code.isin(["JPN"] + p["trade_partners"])]
    yearly = metrics.annual_duty_rate(monthly).set_index(["partner_code", "year"]).duty_rate_pct
    jd = duties[duties.partner_code == "JPN"].set_index("date").duty_rate_pct
    peak, last = jd.idxmax(), jd.index.max()
    values = {
        "japan_duty_2024": yearly[("JPN", 2024)],
        "japan_duty_2025": yearly[("JPN", 2025)],
        "japan_duty_2025_span": metrics.months_span(monthly[monthly.year == 2025].month.unique(), 2025),
        "japan_duty_peak": jd[peak],
        "japan_duty_peak_month": f"{peak:%B %Y}",
        "japan_duty_last": jd[last],
        "japan_duty_last_month": f"{last:%B %Y}",
        "japan_duty_first": jd.iloc[0],
        "japan_duty_first_month": f"{jd.index[0]:%B %Y}",
    }
    partial = duties_peers.first_years(duties)  # each partner's own first year, not the chart's
    marks = tables["events"][tables["events"].event_id.isin(list(DUTY_MARKS))]
    return Findings(values, duties=duties, partial=partial, marks=marks)


# The events marked on the tariff charts, by id in events.csv, and the words on each rule.
DUTY_MARKS = {"B1.3": "24% announced", "B1.9": "15% in force", "B1.12": "Autos at 15%"}
RATE_MARKS = {"B1.3": "24% announced", "B1.9": "15% in force", "B1.14": "Court ruling", "B1.15": "Section 122"}


def collected_duties_chart(f: Findings) -> alt.TopLevelMixin:
    v, duties = f.values, f.duties
    first, last = duties.date.min(), duties.date.max()
    tooltip = charts.tooltip(
        ("partner:N", "Partner"),
        ("date:T", "Month", "%b %Y"),
        ("duty_rate_pct:Q", "Duty rate, %", ".2f"),
        ("calculated_duties_usd:Q", "Duties, US$", ",.0f"),
        ("imports_for_consumption_usd:Q", "Imports, US$", ",.0f"),
    )
    lines = charts.multi_line(
        duties,
        x=alt.X("date:T", title=None),
        y=alt.Y("duty_rate_pct:Q", title="% of import value"),
        series="partner",
        tooltip=tooltip,
    )
    peak = f"{v['japan_duty_peak']:.1f}% in {v['japan_duty_peak_month']}"
    return charts.finish(
        alt.layer(charts.event_rules(f.marks, DUTY_MARKS, (first, last)), lines),
        title=f"The duty collected on Japanese goods rose from {v['japan_duty_2024']:.1f}% in 2024 to a peak of {peak}",
        subtitle=f"Calculated duties as % of imports for consumption, by month, {first:%b %Y}–{last:%b %Y}",
        source=(
            "U.S. Census Bureau, International Trade API "
            "(calculated duties CAL_DUT_MO, imports for consumption CON_VAL_MO)."
        ),
        note=" ".join(
            filter(
                None,
                [duties_peers.in_words(f.partial), "Partners chosen with trade_partners, where the data cover them."],
            )
        ),
        description=(
            "Line chart of the monthly calculated duty rate on US imports from Japan and other partners "
            f"in 2024–2025; for Japan it peaked at {peak}."
        ),
    )


TARIFF_COMPONENTS = [
    "Total (weighted ETR)",
    "Section 232",
    "Section 301",
    "IEEPA Reciprocal",
    "IEEPA Fentanyl",
    "Section 122",
]


def statutory_rate(tables: dict) -> Findings:
    """The Budget Lab's statutory tariff rate on all US imports, and its legal components."""
    etr, events = tables["us_statutory_tariff_rate"], tables["events"]
    total = etr[etr.component == TARIFF_COMPONENTS[0]].set_index("effective_date").etr_pct
    values = {
        "etr_start": total.iloc[0],
        "etr_start_date": long_date(total.index[0]),
        "etr_peak": total.max(),
        "etr_peak_date": long_date(total.idxmax()),
        "etr_last": total.iloc[-1],
        "etr_last_date": long_date(total.index[-1]),
    }
    ruling = events.set_index("event_id").date.get("B1.14")  # the Supreme Court ruling, once it came
    if ruling is not None and (total.index >= ruling).any():
        values |= ruling_steps(etr, ruling)
        surcharge = events.set_index("event_id").date.get("B1.15")  # the day CBP applied it, once known
        if surcharge is not None:
            values["etr_s122_in_force_date"] = long_date(surcharge)
    marks = events[events.event_id.isin(list(RATE_MARKS))]
    return Findings(values, rates=etr, total=total, marks=marks)


def ruling_steps(etr: pd.DataFrame, ruling) -> dict:
    """The rate's fall at the Supreme Court ruling, in its parts: the IEEPA tariffs the ruling
    voided, the Section 122 surcharge that replaced part of them, and the rest (other duties'
    contributions), each in points of the rate, and the day the tracker records the step."""
    rate = etr.pivot(index="effective_date", columns="component", values="etr_pct").sort_index().ffill().fillna(0)
    before, after = rate[rate.index < ruling].iloc[-1], rate[rate.index >= ruling].iloc[0]
    ieepa = [c for c in rate.columns if c.startswith("IEEPA")]
    voided, surcharge = before[ieepa].sum() - after[ieepa].sum(), after["Section 122"] - before["Section 122"]
    change = after[TARIFF_COMPONENTS[0]] - before[TARIFF_COMPONENTS[0]]
    return {
        "etr_before_ruling": before[TARIFF_COMPONENTS[0]],
        "etr_after_ruling": after[TARIFF_COMPONENTS[0]],
        "etr_ruling_voided_pp": voided,
        "etr_ruling_s122_pp": surcharge,
        "etr_ruling_other_pp": change + voided - surcharge,
        "etr_without_s122": before[TARIFF_COMPONENTS[0]] - voided,
        "etr_ruling_series_date": long_date(rate.index[rate.index >= ruling][0]),
    }


def statutory_rate_chart(f: Findings) -> alt.TopLevelMixin:
    v, etr, total = f.values, f.rates, f.total
    tooltip = charts.tooltip(
        ("component:N", "Component"), ("effective_date:T", "From", charts.DAY), ("etr_pct:Q", "% of imports", ".2f")
    )
    pick = charts.legend_selection("component")
    steps = (
        alt.Chart(etr)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("effective_date:T", title=None),
            y=alt.Y("etr_pct:Q", title="% of import value"),
            color=alt.Color("component:N", sort=TARIFF_COMPONENTS, title=None),
            strokeWidth=alt.StrokeWidthValue(
                **alt.condition(alt.datum.component == TARIFF_COMPONENTS[0], alt.value(3.5), alt.value(1.8))
            ),
            opacity=charts.picked(pick, 1, 0.12),
        )
        .add_params(pick)
    )
    points = (
        alt.Chart(etr)
        .mark_circle(size=30)
        .encode(
            x=alt.X("effective_date:T"),
            y=alt.Y("etr_pct:Q"),
            color=alt.Color("component:N", sort=TARIFF_COMPONENTS),
            opacity=charts.picked(pick, 0.9, 0.05),
            tooltip=tooltip,
        )
    )
    span = f"{total.index[0]:%b %Y}–{total.index[-1]:%b %Y}"
    return charts.finish(
        alt.layer(charts.event_rules(f.marks, RATE_MARKS, (total.index[0], total.index[-1])), steps, points),
        title=f"The statutory US tariff rate peaked at {v['etr_peak']:.1f}% and "
        + (
            f"fell to {v['etr_after_ruling']:.1f}% after the Supreme Court ruling, "
            f"{v['etr_ruling_s122_pp']:.1f} points of it the Section 122 surcharge"
            if "etr_after_ruling" in v
            else f"stood at {v['etr_last']:.1f}% on {v['etr_last_date']}"
        ),
        subtitle=("Import-weighted statutory effective tariff rate and its components, all US imports, %, " + span),
        source=(
            "The Budget Lab at Yale, Tariff Rate Tracker (daily statutory effective tariff rate, 2024 import weights)."
        ),
        note=(
            "A statutory rate at fixed import weights, not the duty "
            "collected. Points mark the days a component changed."
        ),
        description=(
            f"Step chart of the US statutory effective tariff rate from {total.index[0]:%B %Y} to "
            f"{total.index[-1]:%B %Y}, with components by legal authority; it peaked at {v['etr_peak']:.1f}%."
        ),
    )


MODEL = "The Budget Lab at Yale, Tariff-ETRs model, tariffs in place on 17 November 2025"


def tariff_burden(tables: dict) -> Findings:
    """Japan's tariff burden against its peers: the modelled rise in the US effective tariff
    rate by partner, and how much of each partner's trade fell under Section 232."""
    groups = tables["us_tariff_change_by_partner"].sort_values("etr_change_pp", ascending=False)
    japan = groups.set_index("partner_group").loc["Japan"]
    s232 = groups.sort_values("share_under_s232_pct", ascending=False).reset_index(drop=True)
    values = {
        "burden_japan_pp": japan.etr_change_pp,
        "burden_japan_rank": report.rank_text(-groups.etr_change_pp, -japan.etr_change_pp),
        "burden_groups": len(groups),
        "burden_top": groups.partner_group.iloc[0],
        "burden_top_pp": groups.etr_change_pp.iloc[0],
        "burden_eu_pp": groups.set_index("partner_group").etr_change_pp["European Union"],
        "burden_japan_s232": japan.share_under_s232_pct,
        "burden_japan_s232_rank": report.rank_text(-s232.share_under_s232_pct, -japan.share_under_s232_pct),
        "burden_s232_top": s232.partner_group.iloc[0],
        "burden_s232_top_pct": s232.share_under_s232_pct.iloc[0],
    }
    return Findings(values, groups=groups)


def tariff_burden_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    # the number at a bar's end is that bar's value; the Section 232 share goes by the name
    groups = f.groups
    # two lines a name: the group, then its share (worked out by Vega: the CSV keeps the data)
    name = "datum.partner_group + '|' + format(datum.share_under_s232_pct, '.0f') + '% under 232'"
    base = (
        alt.Chart(groups)
        .transform_calculate(partner=name)
        .encode(y=alt.Y("partner:N", title=None, sort=None, axis=alt.Axis(labelExpr="split(datum.label, '|')")))
    )
    bars = base.mark_bar().encode(
        x=alt.X("etr_change_pp:Q", title="Rise in US tariffs, points"),
        color=charts.highlight("partner_group", "Japan"),
        tooltip=charts.tooltip(
            ("partner_group:N", "Partner"),
            ("etr_change_pp:Q", "Change, points (GTAP weights)", ".2f"),
            ("etr_change_pp_census_weights:Q", "Change, points (2024 Census weights)", ".2f"),
            ("share_under_s232_pct:Q", "% of 2024 imports under Section 232", ".1f"),
            ("share_under_ieepa_pct:Q", "% under IEEPA", ".1f"),
            ("share_neither_pct:Q", "% under neither", ".1f"),
        ),
    )
    values = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        x=alt.X("etr_change_pp:Q"), text=alt.Text("etr_change_pp:Q", format=".1f")
    )
    return charts.finish(
        alt.layer(bars, values).properties(height=40 * len(groups)),  # two lines of names a row
        title=(
            f"Japan's US tariffs rose {v['burden_japan_pp']:.1f} points, {v['burden_japan_rank']} of "
            f"{v['burden_groups']} partner groups; {v['burden_japan_s232']:.0f}% of its exports fell under Section 232"
        ),
        subtitle=(
            "Modelled change in the US effective tariff rate since early 2025, by partner group, percentage "
            "points; under each name, % of 2024 US imports under Section 232"
        ),
        source=f"{MODEL} (GTAP import weights).",
        note="A model of statutory rates at fixed import weights, before the February 2026 Supreme Court ruling.",
        description=(
            f"Bar chart of the modelled rise in US tariffs on {v['burden_groups']} partner groups; Japan's is "
            f"{v['burden_japan_pp']:.1f} points, second to {v['burden_top']}'s {v['burden_top_pp']:.1f}."
        ),
    )


# The Budget Lab's partner group of each destination the model names (Vietnam has no US
# free-trade agreement, so it is in the model's "rest of the world").
DESTINATION_GROUPS = {
    "China": "China", "Mexico": "Mexico", "Canada": "Canada", "United Kingdom": "United Kingdom",
    "Germany": "European Union", "Netherlands": "European Union", "France": "European Union",
    "Vietnam": "Rest of the world",
}  # fmt: skip
EXPOSED = ["China", "Mexico", "Vietnam"]  # where the essay says Japanese firms produce for the US


def indirect_exposure(tables: dict) -> Findings:
    """Japan's exports to the economies the essay names for indirect harm, the rise in US
    tariffs on them, and how the US deficits with them moved from 2024 to 2025."""
    exports = tables["japan_exports_by_destination"]
    changes = tables["us_tariff_change_by_partner"].set_index("partner_group").etr_change_pp
    exports = exports.assign(
        us_tariff_change_pp=exports.destination.map(DESTINATION_GROUPS).map(changes),
        group=[
            "the United States" if d == "United States" else "China, Mexico, Vietnam" if d in EXPOSED else "elsewhere"
            for d in exports.destination
        ],
    )
    exposed = exports[exports.destination.isin(EXPOSED)]
    trade = tables["us_goods_trade_annual"].set_index(["partner_code", "year"]).balance_musd
    deficit = {code: (-trade[(code, 2024)] / 1000, -trade[(code, 2025)] / 1000) for code in ("CHN", "MEX", "VNM")}
    us = exports.set_index("destination").loc["United States"]
    values = {
        "exposure_share_pct": exposed.share_of_exports_pct.sum(),
        "exposure_bn": exposed.exports_usd_bn.sum(),
        "exposure_us_share_pct": us.share_of_exports_pct,
        "exposure_us_bn": us.exports_usd_bn,
        "exposure_china_share_pct": exports.set_index("destination").share_of_exports_pct["China"],
        "exposure_china_pp": changes["China"],
        "exposure_mexico_pp": changes["Mexico"],
        "exposure_row_pp": changes["Rest of the world"],
        **{
            f"deficit_{code.lower()}_{year}_bn": pair[i]
            for code, pair in deficit.items()
            for i, year in enumerate((2024, 2025))
        },
    }
    return Findings(values, exports=exports)


def indirect_exposure_chart(f: Findings) -> alt.TopLevelMixin:
    v, exports = f.values, f.exports
    # the named economies dark, the rest light: no entity colour for a group of three
    groups = {
        "the United States": palette.entity_colour("United States"),
        "China, Mexico, Vietnam": "#5E5E5E",
        "elsewhere": palette.LIGHT,
    }
    chart = (
        alt.Chart(exports)
        .mark_bar()
        .encode(
            x=alt.X("share_of_exports_pct:Q", title="% of Japan's exports"),
            y=alt.Y("destination:N", title=None, sort="-x"),
            color=charts.colour_by("group", groups),
            tooltip=charts.tooltip(
                ("destination:N", "Destination"),
                ("exports_usd_bn:Q", "US$ bn a year", ",.1f"),
                ("share_of_exports_pct:Q", "% of Japan's exports", ".1f"),
                ("us_tariff_change_pp:Q", "Rise in US tariffs on it, points (model)", ".1f"),
            ),
        )
        .properties(height=18 * len(exports))
    )
    return charts.finish(
        chart,
        title=(
            f"China, Mexico and Vietnam took {v['exposure_share_pct']:.0f}% of Japan's exports, "
            f"the US {v['exposure_us_share_pct']:.0f}%"
        ),
        subtitle="Japan's exports by destination, % of its exports to the world, average of 2023 and 2024, top 20",
        source=f"UN Comtrade (reporter Japan); tooltips: {MODEL}.",
        note=(
            "Exports to a country say nothing of who owns the factories there or what they sell to the US: "
            "this measures trade exposure, not Japanese production for the US market."
        ),
        description=(
            f"Bar chart of Japan's 20 largest export markets; China, Mexico and Vietnam together "
            f"{v['exposure_share_pct']:.1f}%, the United States {v['exposure_us_share_pct']:.1f}%."
        ),
    )


def tariff_scenario(tables: dict, p: dict) -> Findings:
    """A flat tariff on a year's imports from Japan, under stated assumptions."""
    trade = goods_trade(tables, p)
    japan = trade.loc[trade.partner_code == "JPN"].set_index("year").imports_bn
    # the base year's imports, or the latest year published on the chapter's date before it
    year = max(y for y in japan.index if y <= p["tariff_base_year"])
    imports = japan[year]
    scenario = metrics.tariff_scenario(imports, p["tariff_rate"], p["import_elasticity"])
    values = {
        "scenario_rate_pct": 100 * p["tariff_rate"],
        "scenario_year": year,
        "scenario_elasticity": p["import_elasticity"],
        "scenario_imports_bn": imports,
        "scenario_imports_after_bn": scenario.imports_after_usd_bn,
        "scenario_duty_bn": scenario.duty_usd_bn,
    }
    return Findings(values, rate=p["tariff_rate"], elasticity=p["import_elasticity"])


def tariff_scenario_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    imports, year = v["scenario_imports_bn"], v["scenario_year"]
    grid = pd.DataFrame({"rate": [r / 100 for r in range(0, 51)]})
    rate = alt.param(
        name="rate",
        value=min(f.rate, 0.5),
        bind=alt.binding_range(min=0, max=0.5, step=0.01, name="Tariff rate "),
    )
    elasticity = alt.param(
        name="elasticity",
        value=f.elasticity,
        bind=alt.binding_range(min=0, max=5, step=0.1, name="Import elasticity "),
    )
    base = alt.Chart(grid).transform_calculate(
        duty=f"datum.rate * {imports} * pow(1 + datum.rate, -elasticity)",
        imports_after=f"{imports} * pow(1 + datum.rate, -elasticity)",
    )
    tooltip = charts.tooltip(
        ("rate:Q", "Rate", ".0%"),
        ("duty:Q", "Duty, US$ bn", ",.1f"),
        ("imports_after:Q", "Imports after, US$ bn", ",.1f"),
    )
    # the axis keeps its scale while the sliders move: up to the duty at 50% with no response
    curve = base.mark_line(color=palette.BLUE).encode(
        x=alt.X("rate:Q", title="Tariff rate", axis=alt.Axis(format="%")),
        y=alt.Y("duty:Q", title="Duty, US$ billion a year", scale=charts.room_above(0.5 * imports)),
        tooltip=tooltip,
    )
    chosen = base.transform_filter("abs(datum.rate - rate) < 0.005")
    point = chosen.mark_point(filled=True, size=140, color=palette.JAPAN_COLOR).encode(
        x=alt.X("rate:Q"), y=alt.Y("duty:Q"), tooltip=tooltip
    )
    label = charts.rising_line_label(
        chosen, "rate", "duty", "'US$' + format(datum.duty, ',.1f') + ' bn at ' + format(datum.rate, '.0%')", 0.25
    )
    pct, duty = v["scenario_rate_pct"], v["scenario_duty_bn"]
    return charts.finish(
        alt.layer(curve, point, label).add_params(rate, elasticity),
        title=f"A {pct:g}% tariff on imports from Japan would raise about US${duty:,.0f} billion a year",
        live_title=[
            "'A ' + format(rate, '.0%') + ' tariff on imports from Japan'",
            f"'would raise about US$' + format(rate * {imports} * pow(1 + rate, -elasticity), ',.0f') "
            "+ ' billion a year'",
        ],
        sliders={"rate": "percent", "elasticity": "number"},
        subtitle=(
            f"Annual duty on US goods imports from Japan at their {year} value (US${imports:,.1f} billion), "
            "by tariff rate, with full pass-through and the import elasticity set below"
        ),
        source=f"U.S. Census Bureau, U.S. Trade in Goods by Country ({year} imports); calculation by this book.",
        note=(
            "Assumes full pass-through and a constant import elasticity "
            "(slider); elasticity 0 = no response, an upper bound."
        ),
        description=(
            f"Interactive line chart of the duty a flat tariff would raise on US${imports:,.1f} billion of "
            f"imports from Japan, for rates from 0 to 50%, with sliders for the rate and the elasticity. At "
            f"{pct:g}% it is US${duty:,.1f} billion."
        ),
    )


# How a position's counterpart is counted, as the prose says it.
FDI_BASIS = {
    "ultimate_beneficial_owner": "By ultimate beneficial owner",
    "immediate_foreign_parent": "By immediate foreign parent",
    "not_stated": "On a basis its source does not state",
}


def investment(tables: dict) -> Findings:
    """Japanese direct investment and jobs in the United States: published observations."""
    fdi = tables["fdi_in_us_observations"]
    positions = fdi[(fdi.measure == "direct_investment_position") & (fdi.counterpart == "Japan")]
    positions = positions.assign(
        basis=positions.counterpart_basis.str.replace("_", " "),
        source_type=positions.source_type.str.replace("_", " "),
    )
    jobs = fdi[fdi.measure == "employment_majority_owned_US_affiliates"].set_index(["counterpart", "year"]).value
    latest = positions.sort_values("year").iloc[-1]
    by_owner = fdi[(fdi.year == latest.year) & (fdi.counterpart_basis == "ultimate_beneficial_owner")]
    by_owner = by_owner.set_index("counterpart").value
    rivals = [f"{name} (US${by_owner[name]:,.1f} billion)" for name in ("Canada", "Germany") if name in by_owner]
    values = {
        "fdi_japan_latest_bn": latest.value,
        "fdi_japan_latest_year": int(latest.year),
        "fdi_japan_latest_basis": latest.basis,
        "fdi_japan_latest_by": FDI_BASIS[latest.counterpart_basis],
        # said on the page: a figure no primary source was found for (data/fdi_in_us_observations.csv, note)
        "fdi_japan_latest_sourcing": "BEA's own figure"
        if latest.source_kind == "primary"
        else "BEA's figure as quoted by a secondary source; BEA's own page for it was not found",
        # the ranking by owner is published with each year's figures (BEA, July): a book dated
        # before it ends on a year without one
        "fdi_japan_rank": "ahead of " + report.join_and(rivals)
        if rivals
        else "a year for which the data hold no ranking of investing countries",
        "fdi_japan_2016_bn": positions.set_index("year").value[2016],
        "jobs_japan_2019": jobs[("Japan", 2019)],
        "jobs_japan_2012": jobs[("Japan", 2012)],
        "jobs_all_2021": jobs[("All countries", 2021)],
    }
    return Findings(values, positions=positions)


def investment_chart(f: Findings) -> alt.TopLevelMixin:
    v, positions = f.values, f.positions
    first, last = positions.year.min(), positions.year.max()
    dots = (
        alt.Chart(positions)
        .mark_point(filled=True, size=120)
        .encode(
            x=charts.year_axis("year", "Year-end", domain=[2002, 2026]),
            y=alt.Y("value:Q", title="US$ billion, historical cost"),
            shape=alt.Shape("basis:N", title="Country basis"),
            color=alt.Color("basis:N", title="Country basis"),
            tooltip=charts.tooltip(
                ("year:Q", "Year-end"),
                ("value:Q", "US$ billion", ",.1f"),
                ("basis:N", "Basis"),
                ("source_type:N", "Source type"),
                ("cited_document:N", "Cited document"),
                ("cited_document_date:N", "Vintage"),
            ),
        )
    )
    latest = v["fdi_japan_latest_bn"]
    return charts.finish(
        dots,
        title=f"Japan's direct investment in the US: published observations up to US${latest:,.0f} billion",
        subtitle=(
            "Japan's direct-investment position in the United States, US$ billion, historical cost, "
            f"published BEA figures {first}–{last}"
        ),
        source=(
            "U.S. Bureau of Economic Analysis, direct-investment positions, "
            "as published or quoted in the documents named in each tooltip."
        ),
        note=(
            "Separate observations of different vintages and country bases (immediate parent vs "
            "ultimate owner); not joined as a series. 2014 is a lower bound."
        ),
        description=(
            f"Scatter of {len(positions)} published observations of Japan's direct-investment position in the US "
            f"between {first} and {last}, the latest US${latest:,.1f} billion."
        ),
    )


def investment_events(tables: dict) -> report.HTML:
    events = tables["events"]
    invest = events[events.category.eq("investment_energy") | events.event_id.isin(["B1.8"])]
    return report.events_table(invest, caption="Investment commitments and decisions (dated facts)")


def since_the_essay(tables: dict) -> Findings:
    """The headline tariff on Japan, step by step, and the dates of each step known on the
    chapter's date."""
    rate = tables["japan_headline_tariff"].set_index(["event_id", "status"]).rate_pct
    steps = {
        "tariff_announced": ("B1.3", "announced"),
        "tariff_threatened": ("B1.7", "threatened"),
        "tariff_agreed": ("B1.9", "in force"),
        "tariff_section122": ("B1.15", "in force"),
    }
    values = report.event_dates(tables["events"], ["B1.3", "B1.4", "B1.7", "B1.8", "B1.9", "B1.14", "B1.15"]) | {
        key: rate[step] for key, step in steps.items() if step in rate.index
    }
    return Findings(values)


def events_since(tables: dict) -> report.HTML:
    events = tables["events"]
    since = events[events.category.isin(["tariffs_trade", "defense"]) & (events.date >= "2024-11-05")]
    return report.events_table(
        since,
        caption=(
            "Tariff and defense events since the essay (V = verified in the "
            "cited page; V* = verified with the caveat shown)"
        ),
        with_category=True,
    )

"""Chapter 3, frictions: trade, the duties collected, the tariff rates in force, and what a tariff would cost."""

from __future__ import annotations

from japan_us import long_date, palette
from japan_us.chapters import duties_peers
from japan_us.chapters.base import Findings
from japan_us.lazy import alt, charts, metrics, pd, report


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

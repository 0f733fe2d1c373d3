"""Chapter 3, frictions: trade, the duties collected, the tariff rates in force, and what a tariff would cost."""

from __future__ import annotations

import re

from japan_us import i18n, long_date, palette
from japan_us.chapters import duties_peers
from japan_us.chapters.base import Findings, named
from japan_us.i18n import _, pgettext, term
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
        "largest_deficit_partner": term(ranking.partner.iloc[0]),
        "largest_deficit_bn": -ranking.balance_bn.iloc[0],
    }
    values |= i18n.amounts(
        values,
        {
            key: ("USD", 1e9)
            for key in (
                "japan_deficit_last_bn",
                "japan_exports_last_bn",
                "japan_imports_last_bn",
                "japan_worst_deficit_bn",
                "largest_deficit_bn",
            )
        },
    )
    return Findings(values, trade=trade)


def usd_bn(amount: float, digits: int = 1) -> str:
    """An amount in billions of dollars as the language writes it: "US$64.4 billion", 644億ドル."""
    if i18n.is_japanese():
        return i18n.japanese_amount(amount * 1e9, "USD")
    return f"US${amount:,.{digits}f} billion"


def _vintage(vintage: str) -> str:
    """A Census release as the tooltip names it: "census country xlsx 2024 vintage"."""
    found = re.fullmatch(r"(.*) (\d{4}) vintage", vintage)
    if not found:
        return vintage
    return _("{release} {year} vintage").format(release=found[1], year=found[2])


def trade_balance_chart(f: Findings) -> alt.TopLevelMixin:
    v, trade = f.values, named(f.trade, "partner")
    if i18n.is_japanese():
        trade = trade.assign(vintage=trade.vintage.map(_vintage))
    last = v["trade_last_year"]
    order = charts.subject_first(trade.partner, term("Japan"))
    tooltip = charts.tooltip(
        ("partner:N", _("Partner")),
        ("year:Q", _("Year")),
        ("balance_bn:Q", _("Balance, US$ bn"), ",.1f"),
        ("exports_bn:Q", _("US exports, US$ bn"), ",.1f"),
        ("imports_bn:Q", _("US imports, US$ bn"), ",.1f"),
        ("vintage:N", _("Census release")),
    )
    lines = charts.multi_line(
        trade,
        y=alt.Y("balance_bn:Q", title=_("US$ billion (negative = US deficit)")),
        series="partner",
        tooltip=tooltip,
        sort=order,
        emphasis=term("Japan"),
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#333").encode(y=alt.Y("y:Q"))
    first = trade.year.min()
    deficit = usd_bn(v["japan_deficit_last_bn"])
    return charts.finish(
        alt.layer(zero, lines),
        title=_("The US goods deficit with Japan has been overtaken by those with China, Mexico and Vietnam"),
        subtitle=_("US goods trade balance by partner, US$ billion, Census basis, {first}–{last}").format(
            first=first, last=last
        ),
        source=_(
            "U.S. Census Bureau, U.S. Trade in Goods by Country: 1985–2023 from the November 2024 file, "
            "2024–2025 from the October 2026 file (after the June 2026 revision)."
        ),
        note=_("Not seasonally adjusted. Germany 1985–1990 is West Germany; Vietnam from 1992."),
        description=_(
            "Line chart of the US goods trade balance with Japan and {others} other partners, "
            "{first}–{last}. The deficit with Japan was {deficit} in {last}."
        ).format(others=len(order) - 1, first=first, last=last, deficit=deficit),
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
        "japan_duty_peak_month": i18n.month_year(peak),
        "japan_duty_last": jd[last],
        "japan_duty_last_month": i18n.month_year(last),
        "japan_duty_first": jd.iloc[0],
        "japan_duty_first_month": i18n.month_year(jd.index[0]),
    }
    partial = duties_peers.first_years(duties)  # each partner's own first year, not the chart's
    marks = tables["events"][tables["events"].event_id.isin(list(DUTY_MARKS))]
    return Findings(values, duties=duties, partial=partial, marks=marks)


# The events marked on the tariff charts, by id in events.csv, and the words on each rule.
DUTY_MARKS = {"B1.3": "24% announced", "B1.9": "15% in force", "B1.12": "Autos at 15%"}
RATE_MARKS = {"B1.3": "24% announced", "B1.9": "15% in force", "B1.14": "Court ruling", "B1.15": "Section 122"}


def _marks(marks: dict[str, str]) -> dict[str, str]:
    """The words on each event's rule in the current language."""
    words = {
        "24% announced": _("24% announced"),
        "15% in force": _("15% in force"),
        "Autos at 15%": _("Autos at 15%"),
        "Court ruling": _("Court ruling"),
        "Section 122": term("Section 122"),
    }
    return {event: words[label] for event, label in marks.items()}


def short_month(day) -> str:
    """ "Jan 2024", 2024年1月: a month in a subtitle."""
    return i18n.month_year(day) if i18n.is_japanese() else f"{day:%b %Y}"


def collected_duties_chart(f: Findings) -> alt.TopLevelMixin:
    v, duties = f.values, named(f.duties, "partner")
    first, last = duties.date.min(), duties.date.max()
    tooltip = charts.tooltip(
        ("partner:N", _("Partner")),
        ("date:T", _("Month"), pgettext("time format of a month", "%b %Y")),
        ("duty_rate_pct:Q", _("Duty rate, %"), ".2f"),
        ("calculated_duties_usd:Q", _("Duties, US$"), ",.0f"),
        ("imports_for_consumption_usd:Q", _("Imports, US$"), ",.0f"),
    )
    lines = charts.multi_line(
        duties,
        x=alt.X("date:T", title=None),
        y=alt.Y("duty_rate_pct:Q", title=_("% of import value")),
        series="partner",
        tooltip=tooltip,
        emphasis=term("Japan"),
    )
    peak = _("{rate:.1f}% in {month}").format(rate=v["japan_duty_peak"], month=v["japan_duty_peak_month"])
    return charts.finish(
        alt.layer(charts.event_rules(f.marks, _marks(DUTY_MARKS), (first, last)), lines),
        title=_("The duty collected on Japanese goods rose from {before:.1f}% in 2024 to a peak of {peak}").format(
            before=v["japan_duty_2024"], peak=peak
        ),
        subtitle=_("Calculated duties as % of imports for consumption, by month, {first}–{last}").format(
            first=short_month(first), last=short_month(last)
        ),
        source=_(
            "U.S. Census Bureau, International Trade API "
            "(calculated duties CAL_DUT_MO, imports for consumption CON_VAL_MO)."
        ),
        note=duties_peers.sentences(
            duties_peers.in_words(f.partial), _("Partners chosen with trade_partners, where the data cover them.")
        ),
        description=_(
            "Line chart of the monthly calculated duty rate on US imports from Japan and other partners "
            "in 2024–2025; for Japan it peaked at {peak}."
        ).format(peak=peak),
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


def component_names() -> dict[str, str]:
    """The tariff components as the chart's legend names them, in the current language."""
    return {
        "Total (weighted ETR)": _("Total (weighted ETR)"),
        "Section 232": term("Section 232"),
        "Section 301": term("Section 301"),
        "IEEPA Reciprocal": _("IEEPA Reciprocal"),
        "IEEPA Fentanyl": _("IEEPA Fentanyl"),
        "Section 122": term("Section 122"),
    }


def statutory_rate_chart(f: Findings) -> alt.TopLevelMixin:
    v, etr, total = f.values, f.rates, f.total
    names = component_names()
    components = [names.get(c, c) for c in TARIFF_COMPONENTS]
    if i18n.is_japanese():
        etr = etr.assign(component=etr.component.map(lambda c: names.get(c, c)))
    tooltip = charts.tooltip(
        ("component:N", _("Component")),
        ("effective_date:T", _("From"), pgettext("time format of a day", "%-d %B %Y")),
        ("etr_pct:Q", _("% of imports"), ".2f"),
    )
    pick = charts.legend_selection("component")
    steps = (
        alt.Chart(etr)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("effective_date:T", title=None),
            y=alt.Y("etr_pct:Q", title=_("% of import value")),
            color=alt.Color("component:N", sort=components, title=None),
            strokeWidth=alt.StrokeWidthValue(
                **alt.condition(alt.datum.component == components[0], alt.value(3.5), alt.value(1.8))
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
            color=alt.Color("component:N", sort=components),
            opacity=charts.picked(pick, 0.9, 0.05),
            tooltip=tooltip,
        )
    )
    first, last = total.index[0], total.index[-1]
    return charts.finish(
        alt.layer(charts.event_rules(f.marks, _marks(RATE_MARKS), (first, last)), steps, points),
        title=(
            _(
                "The statutory US tariff rate peaked at {peak:.1f}% and fell to {after:.1f}% after the Supreme Court "
                "ruling, {surcharge:.1f} points of it the Section 122 surcharge"
            ).format(peak=v["etr_peak"], after=v["etr_after_ruling"], surcharge=v["etr_ruling_s122_pp"])
            if "etr_after_ruling" in v
            else _("The statutory US tariff rate peaked at {peak:.1f}% and stood at {last:.1f}% on {date}").format(
                peak=v["etr_peak"], last=v["etr_last"], date=v["etr_last_date"]
            )
        ),
        subtitle=_(
            "Import-weighted statutory effective tariff rate and its components, all US imports, %, {first}–{last}"
        ).format(first=short_month(first), last=short_month(last)),
        source=_(
            "The Budget Lab at Yale, Tariff Rate Tracker (daily statutory effective tariff rate, 2024 import weights)."
        ),
        note=_(
            "A statutory rate at fixed import weights, not the duty "
            "collected. Points mark the days a component changed."
        ),
        description=_(
            "Step chart of the US statutory effective tariff rate from {first} to "
            "{last}, with components by legal authority; it peaked at {peak:.1f}%."
        ).format(first=i18n.month_year(first), last=i18n.month_year(last), peak=v["etr_peak"]),
    )


MODEL = "The Budget Lab at Yale, Tariff-ETRs model, tariffs in place on 17 November 2025"


def model() -> str:
    """The model's source line in the current language."""
    return _("The Budget Lab at Yale, Tariff-ETRs model, tariffs in place on 17 November 2025")


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
        "burden_top": term(groups.partner_group.iloc[0]),
        "burden_top_pp": groups.etr_change_pp.iloc[0],
        "burden_eu_pp": groups.set_index("partner_group").etr_change_pp["European Union"],
        "burden_japan_s232": japan.share_under_s232_pct,
        "burden_japan_s232_rank": report.rank_text(-s232.share_under_s232_pct, -japan.share_under_s232_pct),
        "burden_s232_top": term(s232.partner_group.iloc[0]),
        "burden_s232_top_pct": s232.share_under_s232_pct.iloc[0],
    }
    return Findings(values, groups=groups)


def tariff_burden_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    # the number at a bar's end is that bar's value; the Section 232 share goes by the name
    groups = named(f.groups, "partner_group")
    # two lines a name: the group, then its share (worked out by Vega: the CSV keeps the data)
    name = "datum.partner_group + '|' + format(datum.share_under_s232_pct, '.0f') + " + _("'% under 232'")
    base = (
        alt.Chart(groups)
        .transform_calculate(partner=name)
        .encode(y=alt.Y("partner:N", title=None, sort=None, axis=alt.Axis(labelExpr="split(datum.label, '|')")))
    )
    bars = base.mark_bar().encode(
        x=alt.X("etr_change_pp:Q", title=_("Rise in US tariffs, points")),
        color=charts.highlight("partner_group", term("Japan")),
        tooltip=charts.tooltip(
            ("partner_group:N", _("Partner")),
            ("etr_change_pp:Q", _("Change, points (GTAP weights)"), ".2f"),
            ("etr_change_pp_census_weights:Q", _("Change, points (2024 Census weights)"), ".2f"),
            ("share_under_s232_pct:Q", _("% of 2024 imports under Section 232"), ".1f"),
            ("share_under_ieepa_pct:Q", _("% under IEEPA"), ".1f"),
            ("share_neither_pct:Q", _("% under neither"), ".1f"),
        ),
    )
    values = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        x=alt.X("etr_change_pp:Q"), text=alt.Text("etr_change_pp:Q", format=".1f")
    )
    return charts.finish(
        alt.layer(bars, values).properties(height=40 * len(groups)),  # two lines of names a row
        title=_(
            "Japan's US tariffs rose {rise:.1f} points, {rank} of "
            "{groups} partner groups; {s232:.0f}% of its exports fell under Section 232"
        ).format(
            rise=v["burden_japan_pp"],
            rank=v["burden_japan_rank"],
            groups=v["burden_groups"],
            s232=v["burden_japan_s232"],
        ),
        subtitle=_(
            "Modelled change in the US effective tariff rate since early 2025, by partner group, percentage "
            "points; under each name, % of 2024 US imports under Section 232"
        ),
        source=_("{model} (GTAP import weights).").format(model=model()),
        note=_("A model of statutory rates at fixed import weights, before the February 2026 Supreme Court ruling."),
        description=_(
            "Bar chart of the modelled rise in US tariffs on {groups} partner groups; Japan's is "
            "{rise:.1f} points, second to {top}'s {top_rise:.1f}."
        ).format(
            groups=v["burden_groups"], rise=v["burden_japan_pp"], top=v["burden_top"], top_rise=v["burden_top_pp"]
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
    values |= i18n.amounts(
        values,
        {"exposure_bn": ("USD", 1e9)}
        | {f"deficit_{code}_{year}_bn": ("USD", 1e9) for code in ("chn", "mex", "vnm") for year in (2024, 2025)},
    )
    return Findings(values, exports=exports)


def indirect_exposure_chart(f: Findings) -> alt.TopLevelMixin:
    v, exports = f.values, named(f.exports, "destination")
    # the named economies dark, the rest light: no entity colour for a group of three
    words = {
        "the United States": _("the United States"),
        "China, Mexico, Vietnam": _("China, Mexico, Vietnam"),
        "elsewhere": _("elsewhere"),
    }
    groups = {
        words["the United States"]: palette.entity_colour("United States"),
        words["China, Mexico, Vietnam"]: "#5E5E5E",
        words["elsewhere"]: palette.LIGHT,
    }
    if i18n.is_japanese():
        exports = exports.assign(group=exports.group.map(words))
    chart = (
        alt.Chart(exports)
        .mark_bar()
        .encode(
            x=alt.X("share_of_exports_pct:Q", title=_("% of Japan's exports")),
            y=alt.Y("destination:N", title=None, sort="-x"),
            color=charts.colour_by("group", groups),
            tooltip=charts.tooltip(
                ("destination:N", _("Destination")),
                ("exports_usd_bn:Q", _("US$ bn a year"), ",.1f"),
                ("share_of_exports_pct:Q", _("% of Japan's exports"), ".1f"),
                ("us_tariff_change_pp:Q", _("Rise in US tariffs on it, points (model)"), ".1f"),
            ),
        )
        .properties(height=18 * len(exports))
    )
    return charts.finish(
        chart,
        title=_("China, Mexico and Vietnam took {exposed:.0f}% of Japan's exports, the US {us:.0f}%").format(
            exposed=v["exposure_share_pct"], us=v["exposure_us_share_pct"]
        ),
        subtitle=_("Japan's exports by destination, % of its exports to the world, average of 2023 and 2024, top 20"),
        source=_("UN Comtrade (reporter Japan); tooltips: {model}.").format(model=model()),
        note=_(
            "Exports to a country say nothing of who owns the factories there or what they sell to the US: "
            "this measures trade exposure, not Japanese production for the US market."
        ),
        description=_(
            "Bar chart of Japan's 20 largest export markets; China, Mexico and Vietnam together "
            "{exposed:.1f}%, the United States {us:.1f}%."
        ).format(exposed=v["exposure_share_pct"], us=v["exposure_us_share_pct"]),
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
    values |= i18n.amounts(
        values, {key: ("USD", 1e9) for key in ("scenario_imports_bn", "scenario_imports_after_bn", "scenario_duty_bn")}
    )
    return Findings(values, rate=p["tariff_rate"], elasticity=p["import_elasticity"])


def tariff_scenario_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    imports, year = v["scenario_imports_bn"], v["scenario_year"]
    grid = pd.DataFrame({"rate": [r / 100 for r in range(0, 51)]})
    rate = alt.param(
        name="rate",
        value=min(f.rate, 0.5),
        bind=alt.binding_range(min=0, max=0.5, step=0.01, name=_("Tariff rate ")),
    )
    elasticity = alt.param(
        name="elasticity",
        value=f.elasticity,
        bind=alt.binding_range(min=0, max=5, step=0.1, name=_("Import elasticity ")),
    )
    base = alt.Chart(grid).transform_calculate(
        duty=f"datum.rate * {imports} * pow(1 + datum.rate, -elasticity)",
        imports_after=f"{imports} * pow(1 + datum.rate, -elasticity)",
    )
    tooltip = charts.tooltip(
        ("rate:Q", _("Rate"), ".0%"),
        ("duty:Q", _("Duty, US$ bn"), ",.1f"),
        ("imports_after:Q", _("Imports after, US$ bn"), ",.1f"),
    )
    # the axis keeps its scale while the sliders move: up to the duty at 50% with no response
    curve = base.mark_line(color=palette.BLUE).encode(
        x=alt.X("rate:Q", title=_("Tariff rate"), axis=alt.Axis(format="%")),
        y=alt.Y("duty:Q", title=_("Duty, US$ billion a year"), scale=charts.room_above(0.5 * imports)),
        tooltip=tooltip,
    )
    chosen = base.transform_filter("abs(datum.rate - rate) < 0.005")
    point = chosen.mark_point(filled=True, size=140, color=palette.JAPAN_COLOR).encode(
        x=alt.X("rate:Q"), y=alt.Y("duty:Q"), tooltip=tooltip
    )
    # (Vega expressions: the words at the chosen point and the title's two lines, which follow
    # the sliders; an amount in billions of dollars is written ×10 in 億ドル in Japanese)
    label = charts.rising_line_label(
        chosen, "rate", "duty", _("'US$' + format(datum.duty, ',.1f') + ' bn at ' + format(datum.rate, '.0%')"), 0.25
    )
    pct, duty = v["scenario_rate_pct"], v["scenario_duty_bn"]
    return charts.finish(
        alt.layer(curve, point, label).add_params(rate, elasticity),
        title=_("A {pct:g}% tariff on imports from Japan would raise about {duty} a year").format(
            pct=pct, duty=usd_bn(duty, 0)
        ),
        live_title=[
            _("'A ' + format(rate, '.0%') + ' tariff on imports from Japan'"),
            _("'would raise about US$' + format({duty}, ',.0f') + ' billion a year'").format(
                duty=f"rate * {imports} * pow(1 + rate, -elasticity)"
            ),
        ],
        sliders={"rate": "percent", "elasticity": "number"},
        subtitle=_(
            "Annual duty on US goods imports from Japan at their {year} value ({imports}), "
            "by tariff rate, with full pass-through and the import elasticity set below"
        ).format(year=year, imports=usd_bn(imports)),
        source=_(
            "U.S. Census Bureau, U.S. Trade in Goods by Country ({year} imports); calculation by this book."
        ).format(year=year),
        note=_(
            "Assumes full pass-through and a constant import elasticity "
            "(slider); elasticity 0 = no response, an upper bound."
        ),
        description=_(
            "Interactive line chart of the duty a flat tariff would raise on {imports} of "
            "imports from Japan, for rates from 0 to 50%, with sliders for the rate and the elasticity. At "
            "{pct:g}% it is {duty}."
        ).format(imports=usd_bn(imports), pct=pct, duty=usd_bn(duty)),
    )


# How a position's counterpart is counted, as the prose says it.

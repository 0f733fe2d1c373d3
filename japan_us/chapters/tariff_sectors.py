"""Chapter 3, the burden and the deal by sector: where the US tariffs on Japan rose, and what
the July 2025 deal was worth once the car cut is priced apart from the general rate (issue 20,
analysis 2; it replaces the flat-rate value of the deal)."""

from __future__ import annotations

from japan_us import i18n, long_date, palette
from japan_us.chapters.base import Findings
from japan_us.chapters.frictions_trade import goods_trade, model, usd_bn
from japan_us.i18n import _, data_text
from japan_us.lazy import alt, charts, pd

SECTORS = "us_tariff_change_by_sector_japan"  # the table whose sector names the catalogue translates

MACHINES = "electrical, electronic and machinery"
SECTOR_GROUPS = {  # three groups of Japan's sales to the US, by GTAP code
    "mvh": "motor vehicles",
    "i_s": "metals",
    "nfm": "metals",
    "fmp": "metals",
    "eeq": MACHINES,
    "ele": MACHINES,
    "ome": MACHINES,
}


def sector_burden(tables: dict) -> Findings:
    """The modelled rise in US tariffs on Japan by sector, against its overall rise, with the
    share of Japan's 2024 exports to the US under Section 232."""
    sectors = tables[SECTORS].sort_values("etr_change_pp", ascending=False)
    sectors = sectors.assign(group=sectors.gtap_code.map(SECTOR_GROUPS))
    japan = tables["us_tariff_change_by_partner"].set_index("partner_group").loc["Japan"]
    by_code = sectors.set_index("gtap_code").etr_change_pp
    values = {
        "sector_count": len(sectors),
        "sector_top": _in_a_sentence(sectors.sector.iloc[0]),
        "sector_top_pp": sectors.etr_change_pp.iloc[0],
        "sector_cars_pp": by_code["mvh"],
        "sector_steel_pp": by_code["i_s"],
        "sector_metals_nec_pp": by_code["nfm"],
        "sector_metal_products_pp": by_code["fmp"],
        "sector_electrical_pp": by_code["eeq"],
        "sector_electronics_pp": by_code["ele"],
        "sector_above_overall": int((sectors.etr_change_pp > japan.etr_change_pp).sum()),
        "sector_overall_pp": japan.etr_change_pp,
        "sector_s232_share": japan.share_under_s232_pct,
    }
    return Findings(values, sectors=sectors)


def _in_a_sentence(sector: str) -> str:
    """A sector's name inside a sentence: "metal products" (金属製品)."""
    return data_text(SECTORS, sector) if i18n.is_japanese() else sector.lower()


def group_names() -> dict[str, str]:
    """The three groups of sectors as the legend names them, in the current language."""
    return {
        "motor vehicles": _("motor vehicles"),
        "metals": _("metals"),
        MACHINES: _("electrical, electronic and machinery"),
    }


def sector_burden_chart(f: Findings) -> alt.TopLevelMixin:
    v, sectors = f.values, f.sectors
    names = group_names()
    if i18n.is_japanese():
        sectors = sectors.assign(sector=[data_text(SECTORS, s) for s in sectors.sector], group=sectors.group.map(names))
    groups = {
        names["motor vehicles"]: palette.JAPAN_COLOR,
        names["metals"]: palette.JAPAN_DARK,
        names[MACHINES]: palette.LIGHT,
    }
    base = alt.Chart(sectors).encode(
        y=alt.Y("sector:N", title=None, sort=None, axis=alt.Axis(labelExpr=charts.two_line_labels(sectors.sector)))
    )
    bars = base.mark_bar().encode(
        # room after the longest bar for its value
        x=alt.X(
            "etr_change_pp:Q",
            title=_("Rise in the US tariff rate, points"),
            scale=alt.Scale(domain=[0, 1.2 * sectors.etr_change_pp.max()]),
        ),
        color=charts.colour_by("group", groups, legend=alt.Legend(orient="top", direction="vertical")),
        tooltip=charts.tooltip(
            ("sector:N", _("Sector (GTAP)")), ("group:N", _("Group")), ("etr_change_pp:Q", _("Rise, points"), ".1f")
        ),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        x=alt.X("etr_change_pp:Q"), text=alt.Text("etr_change_pp:Q", format=".1f")
    )
    overall = pd.DataFrame({"etr_change_pp": [v["sector_overall_pp"]], "label": [_("Japan, all goods")]})
    rule = charts.named_rule(
        overall, "etr_change_pp", words=_("all goods {rise:.1f}").format(rise=v["sector_overall_pp"]), side="right"
    )
    top = v["sector_top"] if i18n.is_japanese() else v["sector_top"].capitalize()
    return charts.finish(
        alt.layer(bars, labels, rule).properties(height=40 * len(sectors)),
        title=_(
            "{top} and motor vehicles took the largest rises in US tariffs on Japan: "
            "{top_rise:.1f} and {cars:.1f} points"
        ).format(top=top, top_rise=v["sector_top_pp"], cars=v["sector_cars_pp"]),
        subtitle=_(
            "Modelled rise in the US effective tariff rate on imports from Japan since early 2025, "
            "by sector (GTAP), percentage points; rule: all goods from Japan"
        ),
        source=_("{model} (sector file).").format(model=model()),
        note=_(
            "{share:.0f}% of 2024 US imports from Japan fell under Section 232 (cars, parts, "
            "steel, aluminum). The model's sector rates are its own reading of the tariffs in place on 17 "
            "November 2025; it gives no import values by sector."
        ).format(share=v["sector_s232_share"]),
        description=_(
            "Bar chart of the modelled rise in US tariffs on {count} sectors of imports from Japan; "
            "the largest is {top} at {top_rise:.1f} points, motor vehicles and parts "
            "{cars:.1f}, against {overall:.1f} for all goods."
        ).format(
            count=v["sector_count"],
            top=v["sector_top"],
            top_rise=v["sector_top_pp"],
            cars=v["sector_cars_pp"],
            overall=v["sector_overall_pp"],
        ),
    )


def deal_by_sector(tables: dict, p: dict) -> Findings:
    """What the deal was worth a year, by part, on one year's imports from Japan (static):
    the general rate (threatened 25% -> agreed 15%) on the goods the model puts under IEEPA,
    and the car cut (27.5% -> 15%) on the goods under Section 232, an upper bound because that
    share also holds steel and aluminum, whose 50% stayed. A flat 10 points on all imports, the
    book's earlier reading, is kept beside them for comparison."""
    year = p["tariff_base_year"]
    imports = goods_trade(tables, p).query("partner_code == 'JPN'").set_index("year").imports_bn[year]
    rate = tables["japan_headline_tariff"].set_index(["event_id", "status"]).rate_pct
    cars = tables["japan_auto_tariff"].set_index("status").rate_pct
    japan = tables["us_tariff_change_by_partner"].set_index("partner_group").loc["Japan"]
    threatened, agreed, after = rate["B1.7", "threatened"], rate["B1.9", "in force"], rate["B1.15", "in force"]
    ieepa_bn, s232_bn = imports * japan.share_under_ieepa_pct / 100, imports * japan.share_under_s232_pct / 100
    general = ieepa_bn * (threatened - agreed) / 100
    car_cut = s232_bn * (cars["replaced"] - cars["in force"]) / 100
    flat = imports * (threatened - agreed) / 100
    collected = tables["us_duties_by_partner_monthly"].query("partner_code == 'JPN' and year == 2025")
    package = tables["investment_package"].set_index("event_id").loc["B1.11"]
    signed = tables["events"].set_index("event_id").date["B1.11"]
    invest_years = (package.deadline - signed).days / 365.25
    bars = pd.DataFrame(
        [
            (_("General rate {before:g}% → {after:g}% ({share:.0f}% of imports)").format(
                before=threatened, after=agreed, share=japan.share_under_ieepa_pct), general, "part of the deal"),
            (_("Cars {before:g}% → {after:g}% (up to {share:.0f}% of imports)").format(
                before=cars["replaced"], after=cars["in force"], share=japan.share_under_s232_pct),
             car_cut, "part of the deal"),
            (_("Flat {points:g} points on all imports").format(points=threatened - agreed), flat, "for comparison"),
            (_("Duty collected in 2025"), collected.calculated_duties_usd.sum() / 1e9, "duty collected"),
        ],
        columns=["label", "usd_bn", "kind"],
    )  # fmt: skip
    values = {
        "deal_year": year,
        "deal_imports_bn": imports,
        "deal_threatened_pct": threatened,
        "deal_pct": agreed,
        "deal_after_ruling_pct": after,
        "deal_car_before_pct": cars["replaced"],
        "deal_car_after_pct": cars["in force"],
        "deal_ieepa_share": japan.share_under_ieepa_pct,
        "deal_s232_share": japan.share_under_s232_pct,
        "deal_general_bn": general,
        "deal_car_cut_bn": car_cut,
        "deal_saving_bn": general + car_cut,
        "deal_flat_bn": flat,
        # after the ruling the general rate fell again, to the Section 122 surcharge; Section 232 stood
        "deal_after_ruling_bn": ieepa_bn * (agreed - after) / 100,
        "deal_collected_bn": bars.usd_bn.iloc[3],
        "deal_invest_bn": package.usd_bn,
        "deal_invest_years": invest_years,
        "deal_invest_signed": long_date(signed),
        "deal_invest_deadline": long_date(package.deadline),
        "deal_invest_even_bn": package.usd_bn / invest_years,
    }
    values |= i18n.amounts(
        values,
        {
            key: ("USD", 1e9)
            for key in (
                "deal_imports_bn",
                "deal_general_bn",
                "deal_car_cut_bn",
                "deal_saving_bn",
                "deal_flat_bn",
                "deal_after_ruling_bn",
                "deal_collected_bn",
                "deal_invest_bn",
                "deal_invest_even_bn",
            )
        },
    )
    return Findings(values, bars=bars)


def deal_by_sector_chart(f: Findings) -> alt.TopLevelMixin:
    v, bars = f.values, f.bars
    words = {
        "part of the deal": _("part of the deal"),
        "for comparison": _("for comparison"),
        "duty collected": _("duty collected"),
    }
    if i18n.is_japanese():
        bars = bars.assign(kind=bars.kind.map(words))
    kinds = {
        words["part of the deal"]: palette.JAPAN_COLOR,
        words["for comparison"]: palette.LIGHT,
        words["duty collected"]: palette.BLUE,
    }
    base = alt.Chart(bars).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelExpr=charts.two_line_labels(bars.label)))
    )
    chart = base.mark_bar().encode(
        x=alt.X("usd_bn:Q", title=_("US$ billion a year")),
        color=charts.colour_by("kind", kinds, legend=alt.Legend(orient="top", direction="vertical")),
        tooltip=charts.tooltip(("label:N", _("What")), ("usd_bn:Q", _("US$ bn a year"), ",.1f")),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(
        x=alt.X("usd_bn:Q"), text=alt.Text("usd_bn:Q", format=",.1f")
    )
    return charts.finish(
        alt.layer(chart, labels).properties(height=48 * len(bars)),
        title=_(
            "The deal cut duties on Japan by about {general} a year on the general rate and up to {cars} on cars"
        ).format(general=usd_bn(v["deal_general_bn"]), cars=usd_bn(v["deal_car_cut_bn"])),
        subtitle=_(
            "Duty saved against the rates in force or threatened before the deal, on US imports from Japan at "
            "their {year} value ({imports}), by part, and the duty collected in 2025"
        ).format(year=v["deal_year"], imports=usd_bn(v["deal_imports_bn"])),
        source=_(
            "{model} (shares of 2024 imports under IEEPA and Section 232); U.S. Census Bureau (imports; "
            "calculated duties); rates: Federal Register, CBP and press (facts B1.7, B1.9, B1.12)."
        ).format(model=model()),
        note=_(
            "Static: imports do not respond. The car cut is priced on every good under Section 232, which "
            "includes steel and aluminum (their own rate stayed): an upper bound. The threatened "
            "{threatened:g}% came on top of ordinary duties and the {agreed:g}% includes "
            "them, so the general part is a lower bound."
        ).format(threatened=v["deal_threatened_pct"], agreed=v["deal_pct"]),
        description=_(
            "Bar chart: the deal saved about {general} a year on the general rate and "
            "up to {cars} on cars and parts, against {flat} "
            "for a flat reading, with {collected} of duty collected in 2025."
        ).format(
            general=usd_bn(v["deal_general_bn"]),
            cars=usd_bn(v["deal_car_cut_bn"]),
            flat=usd_bn(v["deal_flat_bn"]),
            collected=usd_bn(v["deal_collected_bn"]),
        ),
    )

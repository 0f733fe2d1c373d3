"""Chapter 4, areas of cooperation: energy, technology and the investment package."""

from __future__ import annotations

from japan_us import long_date, palette
from japan_us.chapters.base import AS_OF, Chapter, Findings, change_in_words, codes
from japan_us.lazy import alt, charts, metrics, pd, report
from japan_us.params import Param

COOPERATION = Chapter(
    slug="cooperation",
    notebook="04_cooperation",
    title="Areas of cooperation: energy, technology and the investment package",
    essay_section="3(4)",
    tables=(
        "lng_us_exports_by_destination",
        "lng_japan_imports_by_source",
        "us_oil_gas_production",
        "gas_prices",
        "rd_expenditure",
        "semiconductor_shares",
        "investment_package",
        "energy_deal_volumes",
        "energy_conversion_factors",
        "events",
    ),
    params=(
        AS_OF,
        Param(
            "lng_target_share",
            float,
            0.2,
            "US share of Japan's LNG imports (0.2 means 20%), at the latest year's volumes",
            bounds=(0.0, 1.0),
            percent=True,
        ),
        Param(
            "start_year",
            int,
            2000,
            "First year of the production and price charts",
            bounds=(1990, 2020),
        ),
        Param(
            "rd_countries",
            list,
            ["USA", "JPN", "CHN", "KOR", "DEU"],
            "Economies compared on R&D spending (ISO3 codes in the World Bank table)",
            choices=codes("rd_expenditure", "iso3"),
        ),
        Param(
            "chip_countries",
            list,
            ["USA", "JPN", "KOR", "TWN", "CHN", "NLD"],
            "Countries compared on semiconductor supply-chain shares (codes in the CSET table)",
            choices=codes("semiconductor_shares", "country_code"),
        ),
    ),
)

EI_LNG = "Energy Institute (bp to 2022), Statistical Review of World Energy, LNG trade matrix"
ALL_EXPORTERS, ALL_IMPORTERS = "Total (all exporters)", "Total (all importers)"


def lng(tables: dict, p: dict) -> Findings:
    """US LNG in Japan's imports and Japan in US exports, and the volume a target share implies."""
    jp_lng, us_lng = tables["lng_japan_imports_by_source"], tables["lng_us_exports_by_destination"]
    jp_total = jp_lng[jp_lng.source == ALL_EXPORTERS].set_index("year").bcm
    jp_from_us = jp_lng[jp_lng.source == "US"].set_index("year").bcm
    us_total = us_lng[us_lng.destination == ALL_IMPORTERS].set_index("year").bcm
    us_to_jp = us_lng[us_lng.destination == "Japan"].set_index("year").bcm
    last = int(jp_total.index.max())
    share = 100 * jp_from_us / jp_total
    suppliers = jp_lng[(jp_lng.year == last) & ~jp_lng.is_aggregate].sort_values("bcm", ascending=False)
    target = metrics.supply_at_share(jp_total[last], jp_from_us[last], p["lng_target_share"])
    values = {
        "lng_year": last,
        "lng_first_year": int(jp_total.index.min()),
        "jp_lng_total": jp_total[last],
        "jp_lng_from_us": jp_from_us[last],
        "us_share_of_jp": share[last],
        "us_share_first": share.iloc[0],
        "us_share_max": share.max(),
        "us_share_max_year": int(share.idxmax()),
        "jp_top_supplier": suppliers.source.iloc[0],
        "jp_top_share": 100 * suppliers.bcm.iloc[0] / jp_total[last],
        "us_lng_total": us_total[last],
        "us_lng_first": us_total.iloc[0],
        "jp_share_of_us": 100 * us_to_jp[last] / us_total[last],
        "jp_share_of_us_peak": (100 * us_to_jp / us_total).max(),
        "jp_share_of_us_peak_year": int((100 * us_to_jp / us_total).idxmax()),
        "target_share_pct": 100 * p["lng_target_share"],
        "target_bcm": target.target_bcm,
        "target_change_bcm": target.change_bcm,
        "target_change": change_in_words(target.change_bcm, "{:.1f} bcm", "up", "down"),
        "target_multiple": target.target_bcm / target.current_bcm,
    }
    main = suppliers.head(8).source
    # suppliers by the names the book gives them everywhere ("United States", not the data's "US")
    by_supplier = jp_lng[~jp_lng.is_aggregate & jp_lng.source.isin(main)].assign(
        share_pct=lambda d: 100 * d.bcm / d.year.map(jp_total),
        source=lambda d: d.source.replace(palette.ENTITY_ALIASES),
    )
    main = main.replace(palette.ENTITY_ALIASES)
    named = list(dict.fromkeys(["Japan"] + _largest_destinations(us_lng, last)))
    return Findings(
        values,
        by_supplier=by_supplier,
        suppliers=["United States"] + [s for s in main if s != "United States"],
        largest=main.iloc[0],
        by_destination=_us_exports_by_destination(us_lng, us_total, named),
        destinations=[*named, "Other destinations"],
        share=p["lng_target_share"],
    )


def _largest_destinations(us_lng: pd.DataFrame, year: int) -> list[str]:
    dest = us_lng[us_lng.destination != ALL_IMPORTERS]
    return dest[dest.year == year].nlargest(6, "bcm").destination.tolist()


def _us_exports_by_destination(us_lng: pd.DataFrame, us_total: pd.Series, shown: list[str]) -> pd.DataFrame:
    """Each year's exports to the ``shown`` destinations and to everything else."""
    dest = us_lng[us_lng.destination != ALL_IMPORTERS]
    named = dest[dest.destination.isin(shown)]
    # Everything else is the total minus the named destinations, so each bar adds up to the total
    # whatever regional rows an edition uses.
    rest = us_total - named.groupby("year").bcm.sum().reindex(us_total.index, fill_value=0)
    rest = rest.rename("bcm").reset_index()
    rest = rest.assign(destination="Other destinations", edition=rest.year.map(us_lng.groupby("year").edition.first()))
    return pd.concat([named, rest], ignore_index=True)


def lng_suppliers_chart(f: Findings) -> alt.TopLevelMixin:
    v, frame = f.values, f.by_supplier
    first, last, share = v["lng_first_year"], v["lng_year"], v["us_share_of_jp"]
    tooltip = charts.tooltip(
        ("source:N", "Supplier"),
        ("year:Q", "Year"),
        ("bcm:Q", "bcm", ".2f"),
        ("share_pct:Q", "% of Japan's LNG imports", ".1f"),
        ("edition:N", "Edition"),
    )
    lines = charts.multi_line(
        frame,
        y=alt.Y("share_pct:Q", title="% of Japan's LNG imports"),
        series="source",
        tooltip=tooltip,
        emphasis="United States",
        sort=f.suppliers,
    )
    return charts.finish(
        lines,
        title=f"The US supplied {share:.1f}% of Japan's LNG in {last}; {f.largest} remains the largest source",
        subtitle=(
            f"Japan's LNG imports by supplier, % of the total, {first}–{last}, "
            f"largest {len(f.suppliers)} suppliers in {last}"
        ),
        source=f"{EI_LNG}; each year from the next year's edition.",
        description=(
            f"Line chart of suppliers' shares of Japan's LNG imports, {first}–{last}; "
            f"the US share was {share:.1f}% in {last}."
        ),
    )


def lng_target_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    last, total, actual = v["lng_year"], v["jp_lng_total"], v["jp_lng_from_us"]
    grid = pd.DataFrame({"share": [s / 100 for s in range(0, 101)]})
    pick = alt.param(
        name="target_share",
        value=f.share,
        bind=alt.binding_range(min=0, max=1, step=0.01, name="US share of Japan's LNG "),
    )
    base = alt.Chart(grid).transform_calculate(
        volume=f"datum.share * {total}",
        change=f"datum.share * {total} - {actual}",
    )
    tooltip = charts.tooltip(
        ("share:Q", "Share", ".0%"), ("volume:Q", "bcm", ".1f"), ("change:Q", f"Change on {last}, bcm", "+.1f")
    )
    curve = base.mark_line(color=palette.BLUE).encode(
        x=alt.X("share:Q", title="US share of Japan's LNG imports", axis=alt.Axis(format="%")),
        y=alt.Y("volume:Q", title="US LNG to Japan, bcm a year", scale=charts.room_above(total)),
        tooltip=tooltip,
    )
    now = alt.Chart(
        pd.DataFrame({"share": [v["us_share_of_jp"] / 100], "volume": [actual], "label": [f"{last}: {actual:.1f} bcm"]})
    )
    now_mark = now.mark_point(shape="diamond", size=120, filled=True, color=palette.GREEN).encode(
        x=alt.X("share:Q"), y=alt.Y("volume:Q"), tooltip=charts.tooltip(("label:N", "Actual"))
    )
    chosen = base.transform_filter("abs(datum.share - target_share) < 0.005")
    point = chosen.mark_point(filled=True, size=140, color=palette.JAPAN_COLOR).encode(
        x=alt.X("share:Q"), y=alt.Y("volume:Q"), tooltip=tooltip
    )
    label = charts.rising_line_label(
        chosen, "share", "volume", "format(datum.volume, '.1f') + ' bcm at ' + format(datum.share, '.0%')", 0.5
    )
    pct, target = v["target_share_pct"], v["target_bcm"]
    return charts.finish(
        alt.layer(curve, now_mark, point, label).add_params(pick),
        title=(
            f"A {pct:g}% US share of Japan's LNG would mean {target:.1f} bcm a year, "
            f"{v['target_multiple']:.1f} times US shipments in {last}"
        ),
        live_title=[  # lines short enough for a phone's column
            "'A ' + format(target_share, '.0%') + ' US share of Japan\\'s LNG'",
            f"'would mean ' + format(target_share * {total}, '.1f') + ' bcm a year,'",
            f"format(target_share * {total} / {actual}, '.1f') + ' times US shipments in {last}'",
        ],
        sliders={"target_share": "percent"},
        subtitle=f"US LNG shipments to Japan implied by a share of Japan's {last} imports ({total:.1f} bcm)",
        source=(
            "Energy Institute, Statistical Review of World Energy 2025 (LNG trade matrix); calculation by this book."
        ),
        note="Holds Japan's total LNG imports at their latest level. Diamond: actual shipments.",
        description=(
            f"Interactive line of the LNG volume implied by each US share of Japan's imports, with a slider; at "
            f"{pct:g}% it is {target:.1f} bcm against {actual:.1f} bcm actual."
        ),
    )


def us_lng_exports_chart(f: Findings) -> alt.TopLevelMixin:
    v, order, frame = f.values, f.destinations, f.by_destination
    last, total = v["lng_year"], v["us_lng_total"]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("bcm:Q", title="billion cubic metres", stack="zero"),
            color=alt.Color(
                "destination:N", sort=order, title=None, legend=alt.Legend(columns=4), scale=charts.entity_scale(order)
            ),
            order=alt.Order("rank:Q"),
            tooltip=charts.tooltip(
                ("year:O", "Year"), ("destination:N", "Destination"), ("bcm:Q", "bcm", ".2f"), ("edition:N", "Edition")
            ),
        )
        .transform_calculate(rank=f"indexof({order}, datum.destination)")
        .properties(width=charts.WIDTH)
    )
    first = frame.year.min()
    to_japan = total * v["jp_share_of_us"] / 100
    return charts.finish(
        bars,
        title=(
            f"US LNG exports grew from {v['us_lng_first']:.1f} to {total:.1f} bcm; "
            f"Japan took {v['jp_share_of_us']:.1f}% in {last}"
        ),
        subtitle=(
            f"US LNG exports by destination, billion cubic metres, {first}–{last}; "
            f"Japan and the six largest destinations in {last}"
        ),
        source=f"{EI_LNG}; each year from the next year's edition (in the tooltip).",
        note="Energy Institute volumes, not EIA's (EIA's are about 6–7% higher for 2024); 2016–17 include re-exports.",
        description=(
            f"Stacked bars of US LNG exports by destination from {first} to {last}; total {total:.1f} bcm "
            f"in {last}, of which Japan {to_japan:.1f} bcm."
        ),
    )


# PNGASJP is the IMF's LNG price for Japan, a market benchmark by the way it moves, not Japan's
# average import cost: the name says so.
MARKETS = {"PNGASJP": "IMF LNG benchmark, Japan", "PNGASUS": "US Henry Hub"}
PRODUCTION = {"gas_production": "Natural gas, bcm", "oil_production_total_liquids": "Oil, thousand barrels a day"}


def gas(tables: dict, p: dict) -> Findings:
    """Gas prices in Japan and the US, and US oil and gas output."""
    start = p["start_year"]
    prices = tables["gas_prices"]
    prices = prices[prices.series.isin(list(MARKETS)) & (prices.year >= start)].assign(
        market=lambda d: d.series.map(MARKETS),
        status=lambda d: d.projection.map({True: "IMF projection", False: "actual"}),
    )
    wide = prices.pivot(index="year", columns="series", values="usd_per_mmbtu")
    gap = wide.PNGASJP - wide.PNGASUS
    last_actual = int(prices[~prices.projection].year.max())
    production = tables["us_oil_gas_production"]
    prod = production.set_index(["variable", "year"]).value
    values = {
        "price_year": last_actual,
        "jp_price": wide.PNGASJP[last_actual],
        "us_price": wide.PNGASUS[last_actual],
        "price_gap": gap[last_actual],
        "price_gap_max": gap.max(),
        "price_gap_max_year": int(gap.idxmax()),
        "price_proj_year": int(prices.year.max()),
        "price_gap_proj": gap[prices.year.max()],
        "jp_price_low": wide.PNGASJP[:last_actual].min(),
        "jp_price_low_year": int(wide.PNGASJP[:last_actual].idxmin()),
        "jp_price_high": wide.PNGASJP[:last_actual].max(),
        "jp_price_high_year": int(wide.PNGASJP[:last_actual].idxmax()),
        "gas_prod_latest": prod["gas_production"].iloc[-1],
        "gas_prod_year": int(prod["gas_production"].index.max()),
        "gas_prod_start": prod["gas_production"][start],
        "oil_prod_latest": prod["oil_production_total_liquids"].iloc[-1] / 1000,
        "oil_prod_start": prod["oil_production_total_liquids"][start] / 1000,
        "prod_start_year": start,
    }
    production = production[production.year >= start].assign(series=lambda d: d.variable.map(PRODUCTION))
    return Findings(values, prices=prices, production=production)


def gas_prices_chart(f: Findings) -> alt.TopLevelMixin:
    v, prices = f.values, f.prices
    year, jp, us = v["price_year"], v["jp_price"], v["us_price"]
    tooltip = charts.tooltip(
        ("market:N", "Price"), ("year:Q", "Year"), ("usd_per_mmbtu:Q", "US$ per MMBtu", ".2f"), ("status:N", "Status")
    )
    pick = charts.legend_selection("market")
    # each price in the colour of its country: Japan's LNG, the US Henry Hub
    colours = alt.Scale(
        domain=list(MARKETS.values()), range=[palette.JAPAN_COLOR, palette.entity_colour("United States")]
    )
    line = (
        alt.Chart(prices)
        .mark_line()
        .encode(
            x=charts.year_axis(),
            y=alt.Y("usd_per_mmbtu:Q", title="US$ per million BTU"),
            color=alt.Color("market:N", title=None, scale=colours),
            strokeDash=alt.StrokeDash("status:N", title=None, sort=["actual", "IMF projection"]),
            detail=alt.Detail("status:N"),
            opacity=charts.picked(pick, 1, 0.15),
        )
        .add_params(pick)
    )
    points = (
        alt.Chart(prices)
        .mark_circle(size=30)
        .encode(
            x=alt.X("year:Q"), y=alt.Y("usd_per_mmbtu:Q"), color=alt.Color("market:N", scale=colours), tooltip=tooltip
        )
    )
    first, last = prices.year.min(), prices.year.max()
    return charts.finish(
        alt.layer(line, points),
        title=f"The IMF's LNG benchmark for Japan stood at {jp / us:.1f}× the US Henry Hub gas price in {year}",
        subtitle=f"Natural gas prices, US$ per million BTU, annual averages, {first}–{last} (dashed: IMF projections)",
        source="IMF, World Economic Outlook October 2025, commodity price series PNGASJP and PNGASUS.",
        note="PNGASJP moves like a market benchmark; it is not read here as Japan's average LNG import cost.",
        description=(
            f"Line chart of the IMF's LNG benchmark price for Japan and the US Henry Hub price from {first} to "
            f"{last}; in {year} the benchmark stood at US${jp:.2f} against US${us:.2f} at Henry Hub."
        ),
    )


def production_chart(f: Findings) -> alt.TopLevelMixin:
    production = f.production
    lines = (
        alt.Chart(production)
        .mark_line(point=True)
        .encode(
            x=charts.year_axis(),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("series:N", legend=None),
            tooltip=charts.tooltip(("series:N", "Series"), ("year:Q", "Year"), ("value:Q", "Amount", ",.0f")),
        )
        .properties(width=charts.WIDTH, height=140)
        .facet(
            row=alt.Row(
                "series:N",
                title=None,
                header=charts.panel_header(),
            )
        )
        .resolve_scale(y="independent")
    )
    gas = production[production.variable == "gas_production"].set_index("year").value
    oil = production[production.variable != "gas_production"].set_index("year").value
    first, last = gas.index[0], gas.index[-1]
    return charts.finish(
        lines,
        title=(
            f"US gas output rose {gas.iloc[-1] / gas.iloc[0]:.1f}× and oil output "
            f"{oil.iloc[-1] / oil.iloc[0]:.1f}× between {first} and {last}"
        ),
        subtitle=(
            "US natural gas production (billion cubic metres) and oil production "
            f"(thousand barrels a day), {first}–{last}"
        ),
        source="Energy Institute, Statistical Review of World Energy 2025.",
        reserve=80,
        note="Gas excludes flared and recycled gas; oil includes crude, shale oil, oil sands, condensates and NGLs.",
        description=(
            f"Two line charts of US natural gas and oil production from {first} to {last}; gas reached "
            f"{gas.iloc[-1]:,.0f} bcm and oil {oil.iloc[-1]:,.0f} thousand barrels a day."
        ),
    )


STAGES = ["Design", "Fabrication", "Assembly, testing, and packaging (ATP)"]
# The codes of the CSET chip table (MAL is its code for Malaysia) and World Bank names, as
# readers know them: the charts and the text name countries, not codes.
CHIP_COUNTRIES = {
    "AUT": "Austria", "BLR": "Belarus", "CHE": "Switzerland", "CHN": "China", "CZE": "Czechia",
    "DEU": "Germany", "FRA": "France", "GBR": "United Kingdom", "ISR": "Israel", "ITA": "Italy",
    "JPN": "Japan", "KOR": "South Korea", "MAL": "Malaysia", "NLD": "Netherlands", "SGP": "Singapore",
    "SWE": "Sweden", "TWN": "Taiwan", "USA": "United States", "Various": "Various",
}  # fmt: skip
WORLD_BANK_NAMES = {"Korea, Rep.": "South Korea", "Viet Nam": "Vietnam", "Russian Federation": "Russia"}


def technology(tables: dict, p: dict) -> Findings:
    """Research spending and the two countries' places in the chip supply chain."""
    all_rd = tables["rd_expenditure"].assign(country=lambda d: d.country.replace(WORLD_BANK_NAMES))
    latest_all = all_rd.sort_values("year").groupby("iso3").tail(1).set_index("iso3")
    rd = all_rd[all_rd.iso3.isin(["JPN"] + p["rd_countries"])]
    others = latest_all.loc[latest_all.index.isin(rd.iso3)].drop(index="JPN").sort_values("rd_pct_gdp", ascending=False)
    semis = tables["semiconductor_shares"]
    stages = semis[(semis.level == "stage") & semis.country_code.isin(p["chip_countries"])]
    jp_inputs = semis[(semis.level == "input") & (semis.country_code == "JPN")].sort_values(
        "share_pct", ascending=False
    )

    def stage_share(country: str, segment: str) -> float:
        return semis[
            (semis.level == "stage") & (semis.country_code == country) & (semis.segment == segment)
        ].share_pct.sum()

    japan = latest_all.rd_pct_gdp["JPN"]
    values = {
        "rd_jp": japan,
        "rd_jp_year": int(latest_all.year["JPN"]),
        "rd_others": report.join_and([f"{r.country} {r.rd_pct_gdp:.2f}% ({r.year})" for r in others.itertuples()])
        or "no other economy chosen",
        "chip_jp_design": stage_share("JPN", "Design"),
        "chip_jp_fab": stage_share("JPN", "Fabrication"),
        "chip_us_design": stage_share("USA", "Design"),
        "chip_jp_inputs_over_50": int((jp_inputs.share_pct >= 50).sum()),
        "chip_jp_top_input": jp_inputs.segment.iloc[0],
        "chip_jp_top_input_share": jp_inputs.share_pct.iloc[0],
    }
    return Findings(
        values,
        rd=rd,
        ahead=others[others.rd_pct_gdp > japan].country.tolist(),
        stages=stages.assign(country=stages.country_code.map(CHIP_COUNTRIES)),
        chip_countries=[CHIP_COUNTRIES[code] for code in p["chip_countries"]],
        # every input Japan leads, as many as the title counts
        top_inputs=jp_inputs[jp_inputs.share_pct >= 50],
    )


def rd_chart(f: Findings) -> alt.TopLevelMixin:
    v, rd = f.values, f.rd
    tooltip = charts.tooltip(("country:N", "Economy"), ("year:Q", "Year"), ("rd_pct_gdp:Q", "R&D, % of GDP", ".2f"))
    order = charts.subject_first(rd.country)
    lines = charts.multi_line(
        rd, y=alt.Y("rd_pct_gdp:Q", title="% of GDP"), series="country",
        tooltip=tooltip, sort=order,
    )  # fmt: skip
    ahead = (
        f"only {report.join_and([report.in_a_sentence(c) for c in f.ahead])} spend more of those compared"
        if f.ahead
        else "none of the others compared spend more"
    )
    return charts.finish(
        lines,
        title=f"Japan spends {v['rd_jp']:.1f}% of GDP on R&D; {ahead}",
        subtitle=f"Gross domestic expenditure on research and development, % of GDP, {rd.year.min()}–{rd.year.max()}",
        source=(
            "World Bank, World Development Indicators (GB.XPD.RSDV.GD.ZS, from the UNESCO Institute for Statistics)."
        ),
        note="The source has gaps; most series end in 2022.",
        description=(
            f"Line chart of R&D spending as a share of GDP for {len(order)} economies; "
            f"Japan {v['rd_jp']:.2f}% in its latest year."
        ),
    )


def chips_chart(f: Findings) -> alt.TopLevelMixin:
    v, countries, top_inputs = f.values, f.chip_countries, f.top_inputs
    bars = (
        alt.Chart(f.stages)
        .mark_bar()
        .encode(
            x=alt.X("share_pct:Q", title="% of global market", stack="zero"),
            y=alt.Y("segment:N", title=None, sort=STAGES, axis=alt.Axis(labelExpr=charts.two_line_labels(STAGES))),
            color=alt.Color(
                "country:N",
                title=None,
                sort=countries,
                legend=alt.Legend(columns=6),
                scale=charts.entity_scale(countries),
            ),
            order=alt.Order("share_pct:Q", sort="descending"),
            tooltip=charts.tooltip(
                ("segment:N", "Stage"),
                ("country:N", "Country"),
                ("share_pct:Q", "% share", ".0f"),
                ("market_size_note:N", "Market size"),
            ),
        )
    )
    inputs = (
        alt.Chart(top_inputs)
        .mark_bar(color=palette.JAPAN_COLOR)
        .encode(
            x=alt.X("share_pct:Q", title="Japan's % of global market", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "segment:N", title=None, sort="-x", axis=alt.Axis(labelExpr=charts.two_line_labels(top_inputs.segment))
            ),
            tooltip=charts.tooltip(
                ("segment:N", "Input"),
                ("share_pct:Q", "Japan's % share", ".0f"),
                ("input_type:N", "Kind"),
                ("market_size_note:N", "Market size"),
            ),
        )
    )
    leading = v["chip_jp_inputs_over_50"]
    return charts.finish(
        alt.vconcat(
            bars.properties(height=110, title="Stages: shares of the countries chosen"),
            inputs.properties(height=36 * len(top_inputs), title="Inputs where Japan holds half the market or more"),
        ),
        title=f"US firms lead chip design; Japanese firms lead {leading} equipment and materials inputs",
        reserve=270,
        subtitle=(
            "Shares of the global semiconductor market by stage and input, by headquarters country, about 2019–2020"
        ),
        source=(
            "CSET, The Semiconductor Supply Chain: Assessing National Competitiveness (2021), "
            "via ETO Chip Explorer. CC BY-NC 4.0."
        ),
        note=(
            "Fabrication share is logic capacity at 45 nm and below (2020). "
            "Non-commercial licence: not for commercial reuse."
        ),
        description=(
            f"Stacked bars of stage shares for {len(countries)} countries and bars of the {leading} inputs "
            "where Japan holds at least half of the global market."
        ),
    )


def investment_package(tables: dict) -> Findings:
    """The investment package tied to the tariff deal, and the projects announced so far (what
    is known on the chapter's date: nothing before the MOU)."""
    package = tables["investment_package"].set_index("event_id")
    values = report.event_dates(tables["events"], ["B2.6", "B2.5", "B3.5"])
    if "B1.11" in package.index:
        committed = package.loc["B1.11", "usd_bn"]
        values |= {"package_usd_bn": committed, "package_deadline": long_date(package.loc["B1.11", "deadline"])}
        announced = package.loc[package.kind == "projects announced", "usd_bn"]
        if len(announced):
            values |= {"package_announced_bn": announced.sum(), "package_share_pct": 100 * announced.sum() / committed}
    return Findings(values)


# What the energy "win-win" has put on paper, and how each volume is told on the chart
SCALE_KINDS = {"recorded": "Trade, latest year", "announced": "Announced, not shipped"}


def energy_scale(tables: dict, p: dict) -> Findings:
    """The scale of the energy win-win so far: the LNG volumes named since the deal (JERA's
    letter of intent for Alaska LNG, the project's planned capacity) and the first package's
    energy projects, against Japan's LNG imports and US shipments to Japan in the latest year
    of trade data (the chapter's LNG findings, which also price the target share).

    Deal volumes are in tonnes of LNG, trade in cubic metres of gas: one conversion factor,
    from the publisher of the trade volumes, puts them on one basis. A row is known from the
    date of its event (the events table is cut at the chapter's as_of)."""
    deals = tables["energy_deal_volumes"]
    deals = deals[deals.event_id.isin(tables["events"].event_id)]
    factor = tables["energy_conversion_factors"].set_index(["from_unit", "to_unit"]).factor
    bcm_per_mt = factor[("million tonnes LNG", "billion cubic metres natural gas")]
    v = lng(tables, p).values
    year, imports, from_us = v["lng_year"], v["jp_lng_total"], v["jp_lng_from_us"]
    offtake = deals[deals.kind == "offtake_letter_of_intent"].lng_mtpa.sum() * bcm_per_mt
    capacity = deals[deals.kind == "project_capacity"].lng_mtpa.sum() * bcm_per_mt
    projects = deals[deals.kind == "package_energy_project"]
    values = {
        "energy_bcm_per_mt": bcm_per_mt,
        "energy_offtake_mtpa": deals[deals.kind == "offtake_letter_of_intent"].lng_mtpa.sum(),
        "energy_offtake_bcm": offtake,
        "energy_offtake_years": int(deals[deals.kind == "offtake_letter_of_intent"].term_years.max()),
        "energy_offtake_share_of_imports": 100 * offtake / imports,
        "energy_offtake_share_of_us": 100 * offtake / from_us,
        "energy_offtake_share_of_target_gap": 100 * offtake / v["target_change_bcm"],
        "energy_capacity_mtpa": deals[deals.kind == "project_capacity"].lng_mtpa.sum(),
        "energy_capacity_bcm": capacity,
        "energy_capacity_share_of_imports": 100 * capacity / imports,
        "energy_package_projects": len(projects),
        "energy_package_lng": _lng_added(projects.lng_mtpa.fillna(0).sum(), bcm_per_mt),
    }
    # short names fit a phone's axis; the tooltip says what each is
    rows = [
        (f"Japan's imports, {year}", f"Japan's LNG imports, {year}", imports, "recorded", "Energy Institute"),
        (f"from the US, {year}", f"Japan's LNG imports from the US, {year}", from_us, "recorded", "Energy Institute"),
        (
            "Alaska LNG capacity",
            "Alaska LNG, planned export capacity, for all buyers",
            capacity,
            "announced",
            _publishers(deals, "project_capacity"),
        ),
        (
            "JERA letter of intent",
            "JERA's letter of intent to buy Alaska LNG (not a contract)",
            offtake,
            "announced",
            _publishers(deals, "offtake_letter_of_intent"),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["volume", "what", "bcm", "kind", "source"]).assign(
        kind=lambda d: d.kind.map(SCALE_KINDS)
    )
    return Findings(values, volumes=frame[frame.bcm > 0], year=year)


def _lng_added(mtpa: float, bcm_per_mt: float) -> str:
    return f"add {mtpa * bcm_per_mt:.1f} bcm of LNG a year" if mtpa else "add no LNG export capacity"


def _publishers(deals: pd.DataFrame, kind: str) -> str:
    return ", ".join(dict.fromkeys(deals[deals.kind == kind].source_publisher))


def energy_scale_chart(f: Findings) -> alt.TopLevelMixin:
    v, frame = f.values, f.volumes
    bars = alt.Chart(frame).encode(
        y=alt.Y("volume:N", title=None, sort=list(frame.volume)),
        # room past the longest bar for its value
        x=alt.X("bcm:Q", title="bcm of gas a year", scale=alt.Scale(domain=[0, 1.15 * frame.bcm.max()])),
    )
    chart = alt.layer(
        bars.mark_bar().encode(
            color=charts.colour_by(
                "kind",
                {SCALE_KINDS["recorded"]: palette.BLUE, SCALE_KINDS["announced"]: palette.JAPAN_COLOR},
                legend=alt.Legend(columns=1),
            ),
            tooltip=charts.tooltip(
                ("what:N", "Volume"), ("bcm:Q", "bcm a year", ".2f"), ("kind:N", "Kind"), ("source:N", "Source")
            ),
        ),
        bars.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(text=alt.Text("bcm:Q", format=".1f")),
    ).properties(height=34 * len(frame))
    return charts.finish(
        chart,
        title=(
            f"JERA's Alaska LNG letter of intent is for {v['energy_offtake_share_of_imports']:.1f}% of Japan's "
            f"{f.year} LNG imports, {v['energy_offtake_share_of_us']:.0f}% of US shipments to Japan"
        ),
        subtitle=(
            f"LNG volumes, billion cubic metres of gas a year: trade in {f.year} and volumes announced since the "
            "2025 deal"
        ),
        source=(
            f"{EI_LNG}; JERA and Glenfarne's letter of intent and the project's capacity as reported by "
            f"{_publishers_line(frame)}; tonnes converted at {v['energy_bcm_per_mt']:.2f} bcm per million "
            "tonnes (Statistical Review of World Energy, approximate conversion factors)."
        ),
        note=" ".join(
            ["A letter of intent is not a contract and the project's capacity is not Japan's: neither is a shipment."]
            + [f"The first package's {v['energy_package_projects']} energy projects {v['energy_package_lng']}."]
            * bool(v["energy_package_projects"])
        ),
        description=(
            f"Bar chart: Japan imported {frame.bcm.iloc[0]:.1f} bcm of LNG in {f.year}, "
            f"{frame.bcm.iloc[1]:.1f} bcm from the US; JERA's letter of intent is for "
            f"{v['energy_offtake_bcm']:.2f} bcm a year and Alaska LNG's planned capacity "
            f"{v['energy_capacity_bcm']:.1f} bcm."
        ),
    )


def _publishers_line(frame: pd.DataFrame) -> str:
    return " and ".join(dict.fromkeys(s for s in frame.source if s != "Energy Institute"))


def cooperation_events(tables: dict) -> report.HTML:
    events = tables["events"]
    coop = events[events.event_id.isin(["B1.8", "B1.11", "B1.17", "B2.4", "B2.5", "B2.6", "B3.5"])]
    return report.events_table(coop, caption="Cooperation since the essay: investment and energy (dated facts)")

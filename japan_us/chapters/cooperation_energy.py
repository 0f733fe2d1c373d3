"""Chapter 4, cooperation: energy. US LNG in Japan's imports and Japan in US exports, the
volume a target share implies, gas prices in the two countries and US oil and gas output."""

from __future__ import annotations

import re

from japan_us import i18n, palette
from japan_us.chapters.base import Findings, change_in_words
from japan_us.i18n import _
from japan_us.lazy import alt, charts, metrics, pd

ALL_EXPORTERS, ALL_IMPORTERS = "Total (all exporters)", "Total (all importers)"


def ei_lng() -> str:
    """The source line of the LNG trade volumes."""
    return _("Energy Institute (bp to 2022), Statistical Review of World Energy, LNG trade matrix")


# ---------------------------------------------------------------- volumes as the language writes them


def bcm(volume: float, digits: int = 1, *, grouped: bool = False) -> str:
    """A volume of gas in billion cubic metres as the language writes it in a sentence: "17.8"
    in English (the text says "bcm" after it); 17.8bcm in Japanese, as Japanese energy
    writing gives the unit (bcm, 10億立方メートル), the figure unchanged. ``grouped``:
    thousands separated in English too (Japanese always groups them)."""
    if not i18n.is_japanese():
        return f"{volume:{',' if grouped else ''}.{digits}f}"
    return f"{volume:,.{digits}f}bcm"


def vega_text(template: str, **expressions: str) -> str:
    """A Vega expression that writes ``template`` (translated words), each ``{name}`` in it
    replaced by the value of the Vega expression ``expressions[name]``."""
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        name = piece[1:-1]
        if piece and name in expressions and piece == f"{{{name}}}":
            parts.append(expressions[name])
        elif piece:
            parts.append("'" + piece.replace("\\", "\\\\").replace("'", "\\'") + "'")
    return " + ".join(parts)


def vega_bcm(expression: str, digits: int = 1) -> str:
    """A Vega expression writing a volume in bcm as :func:`bcm` does."""
    if not i18n.is_japanese():
        return f"format({expression}, '.{digits}f')"
    return f"format({expression}, ',.{digits}f') + 'bcm'"


def name(english: str) -> str:
    """A supplier's or destination's name as the language writes it."""
    return i18n.term(english) if english != "Other destinations" else _("Other destinations")


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
        "target_change": _target_change(target.change_bcm),
        "target_multiple": target.target_bcm / target.current_bcm,
    }
    if i18n.is_japanese():  # the data's "US" is the United States
        top = values["jp_top_supplier"]
        values["jp_top_supplier"] = name(palette.ENTITY_ALIASES.get(top, top))
    main = suppliers.head(8).source
    # suppliers by the names the book gives them everywhere ("United States", not the data's "US")
    by_supplier = jp_lng[~jp_lng.is_aggregate & jp_lng.source.isin(main)].assign(
        share_pct=lambda d: 100 * d.bcm / d.year.map(jp_total),
        source=lambda d: d.source.replace(palette.ENTITY_ALIASES).map(name),
    )
    main = main.replace(palette.ENTITY_ALIASES).map(name)
    us = name("United States")
    named = list(dict.fromkeys(["Japan"] + _largest_destinations(us_lng, last)))
    by_destination = _us_exports_by_destination(us_lng, us_total, named)
    return Findings(
        values,
        by_supplier=by_supplier,
        suppliers=[us] + [s for s in main if s != us],
        largest=main.iloc[0],
        by_destination=by_destination.assign(destination=by_destination.destination.map(name)),
        destinations=[name(n) for n in [*named, "Other destinations"]],
        share=p["lng_target_share"],
    )


def _target_change(change: float) -> str:
    """The change a target share needs, in words: "up 9.2 bcm", 92億立方メートル増."""
    if not i18n.is_japanese():
        return change_in_words(change, "{:.1f} bcm", "up", "down")
    size = bcm(abs(change), 1)
    return _("down {volume}").format(volume=size) if change < 0 else _("up {volume}").format(volume=size)


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
        ("source:N", _("Supplier")),
        ("year:Q", _("Year")),
        ("bcm:Q", _("bcm"), ".2f"),
        ("share_pct:Q", _("% of Japan's LNG imports"), ".1f"),
        ("edition:N", _("Edition")),
    )
    lines = charts.multi_line(
        frame,
        y=alt.Y("share_pct:Q", title=_("% of Japan's LNG imports")),
        series="source",
        tooltip=tooltip,
        emphasis=name("United States"),
        sort=f.suppliers,
    )
    return charts.finish(
        lines,
        title=_("The US supplied {share:.1f}% of Japan's LNG in {year}; {largest} remains the largest source").format(
            share=share, year=last, largest=f.largest
        ),
        subtitle=_(
            "Japan's LNG imports by supplier, % of the total, {first}–{last}, largest {count} suppliers in {last}"
        ).format(first=first, last=last, count=len(f.suppliers)),
        source=_("{source}; each year from the next year's edition.").format(source=ei_lng()),
        description=_(
            "Line chart of suppliers' shares of Japan's LNG imports, {first}–{last}; "
            "the US share was {share:.1f}% in {last}."
        ).format(first=first, last=last, share=share),
    )


def lng_target_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    last, total, actual = v["lng_year"], v["jp_lng_total"], v["jp_lng_from_us"]
    grid = pd.DataFrame({"share": [s / 100 for s in range(0, 101)]})
    pick = alt.param(
        name="target_share",
        value=f.share,
        bind=alt.binding_range(min=0, max=1, step=0.01, name=_("US share of Japan's LNG ")),
    )
    base = alt.Chart(grid).transform_calculate(
        volume=f"datum.share * {total}",
        change=f"datum.share * {total} - {actual}",
    )
    tooltip = charts.tooltip(
        ("share:Q", _("Share"), ".0%"),
        ("volume:Q", _("bcm"), ".1f"),
        ("change:Q", _("Change on {year}, bcm").format(year=last), "+.1f"),
    )
    curve = base.mark_line(color=palette.BLUE).encode(
        x=alt.X("share:Q", title=_("US share of Japan's LNG imports"), axis=alt.Axis(format="%")),
        y=alt.Y("volume:Q", title=_("US LNG to Japan, bcm a year"), scale=charts.room_above(total)),
        tooltip=tooltip,
    )
    now = alt.Chart(
        pd.DataFrame(
            {
                "share": [v["us_share_of_jp"] / 100],
                "volume": [actual],
                "label": [_("{year}: {volume} bcm").format(year=last, volume=bcm(actual))],
            }
        )
    )
    now_mark = now.mark_point(shape="diamond", size=120, filled=True, color=palette.GREEN).encode(
        x=alt.X("share:Q"), y=alt.Y("volume:Q"), tooltip=charts.tooltip(("label:N", _("Actual")))
    )
    chosen = base.transform_filter("abs(datum.share - target_share) < 0.005")
    point = chosen.mark_point(filled=True, size=140, color=palette.JAPAN_COLOR).encode(
        x=alt.X("share:Q"), y=alt.Y("volume:Q"), tooltip=tooltip
    )
    words = vega_text(_("{volume} bcm at {share}"), volume=vega_bcm("datum.volume"), share="format(datum.share, '.0%')")
    label = charts.rising_line_label(chosen, "share", "volume", words, 0.5)
    pct, target = v["target_share_pct"], v["target_bcm"]
    share, chosen_volume = "format(target_share, '.0%')", vega_bcm(f"target_share * {total}")
    multiple = f"format(target_share * {total} / {actual}, '.1f')"
    return charts.finish(
        alt.layer(curve, now_mark, point, label).add_params(pick),
        title=_(
            "A {share:g}% US share of Japan's LNG would mean {volume} bcm a year, "
            "{multiple:.1f} times US shipments in {year}"
        ).format(share=pct, volume=bcm(target), multiple=v["target_multiple"], year=last),
        live_title=[  # lines short enough for a phone's column
            vega_text(_("A {share} US share of Japan's LNG"), share=share),
            vega_text(_("would mean {volume} bcm a year,"), volume=chosen_volume),
            vega_text(_("{multiple} times US shipments in {year}").replace("{year}", str(last)), multiple=multiple),
        ],
        sliders={"target_share": "percent"},
        subtitle=_("US LNG shipments to Japan implied by a share of Japan's {year} imports ({volume} bcm)").format(
            year=last, volume=bcm(total)
        ),
        source=_(
            "Energy Institute, Statistical Review of World Energy 2025 (LNG trade matrix); calculation by this book."
        ),
        note=_("Holds Japan's total LNG imports at their latest level. Diamond: actual shipments."),
        description=_(
            "Interactive line of the LNG volume implied by each US share of Japan's imports, with a slider; at "
            "{share:g}% it is {volume} bcm against {actual} bcm actual."
        ).format(share=pct, volume=bcm(target), actual=bcm(actual)),
    )


def us_lng_exports_chart(f: Findings) -> alt.TopLevelMixin:
    v, order, frame = f.values, f.destinations, f.by_destination
    last, total = v["lng_year"], v["us_lng_total"]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("bcm:Q", title=_("billion cubic metres"), stack="zero"),
            color=alt.Color(
                "destination:N", sort=order, title=None, legend=alt.Legend(columns=4), scale=charts.entity_scale(order)
            ),
            order=alt.Order("rank:Q"),
            tooltip=charts.tooltip(
                ("year:O", _("Year")),
                ("destination:N", _("Destination")),
                ("bcm:Q", _("bcm"), ".2f"),
                ("edition:N", _("Edition")),
            ),
        )
        .transform_calculate(rank=f"indexof({order}, datum.destination)")
        .properties(width=charts.WIDTH)
    )
    first = frame.year.min()
    to_japan = total * v["jp_share_of_us"] / 100
    return charts.finish(
        bars,
        title=_("US LNG exports grew from {first} to {total} bcm; Japan took {share:.1f}% in {year}").format(
            first=bcm(v["us_lng_first"]), total=bcm(total), share=v["jp_share_of_us"], year=last
        ),
        subtitle=_(
            "US LNG exports by destination, billion cubic metres, {first}–{last}; "
            "Japan and the six largest destinations in {last}"
        ).format(first=first, last=last),
        source=_("{source}; each year from the next year's edition (in the tooltip).").format(source=ei_lng()),
        note=_(
            "Energy Institute volumes, not EIA's (EIA's are about 6–7% higher for 2024); 2016–17 include re-exports."
        ),
        description=_(
            "Stacked bars of US LNG exports by destination from {first} to {last}; total {total} bcm "
            "in {last}, of which Japan {japan} bcm."
        ).format(first=first, last=last, total=bcm(total), japan=bcm(to_japan)),
    )


# PNGASJP is the IMF's LNG price for Japan, a market benchmark by the way it moves, not Japan's
# average import cost: the name says so.
def markets() -> dict[str, str]:
    return {"PNGASJP": _("IMF LNG benchmark, Japan"), "PNGASUS": _("US Henry Hub")}


def statuses() -> dict[bool, str]:
    return {False: _("actual"), True: _("IMF projection")}


def output_series() -> dict[str, str]:
    return {"gas_production": _("Natural gas, bcm"), "oil_production_total_liquids": _("Oil, thousand barrels a day")}


def gas(tables: dict, p: dict) -> Findings:
    """Gas prices in Japan and the US, and US oil and gas output."""
    start = p["start_year"]
    prices = tables["gas_prices"]
    prices = prices[prices.series.isin(list(markets())) & (prices.year >= start)].assign(
        market=lambda d: d.series.map(markets()),
        status=lambda d: d.projection.map(statuses()),
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
    production = production[production.year >= start].assign(series=lambda d: d.variable.map(output_series()))
    return Findings(values, prices=prices, production=production)


def gas_prices_chart(f: Findings) -> alt.TopLevelMixin:
    v, prices = f.values, f.prices
    year, jp, us = v["price_year"], v["jp_price"], v["us_price"]
    tooltip = charts.tooltip(
        ("market:N", _("Price")),
        ("year:Q", _("Year")),
        ("usd_per_mmbtu:Q", _("US$ per MMBtu"), ".2f"),
        ("status:N", _("Status")),
    )
    pick = charts.legend_selection("market")
    # each price in the colour of its country: Japan's LNG, the US Henry Hub
    colours = alt.Scale(
        domain=list(markets().values()), range=[palette.JAPAN_COLOR, palette.entity_colour("United States")]
    )
    line = (
        alt.Chart(prices)
        .mark_line()
        .encode(
            x=charts.year_axis(),
            y=alt.Y("usd_per_mmbtu:Q", title=_("US$ per million BTU")),
            color=alt.Color("market:N", title=None, scale=colours),
            strokeDash=alt.StrokeDash("status:N", title=None, sort=list(statuses().values())),
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
        title=_("The IMF's LNG benchmark for Japan stood at {ratio:.1f}× the US Henry Hub gas price in {year}").format(
            ratio=jp / us, year=year
        ),
        subtitle=_(
            "Natural gas prices, US$ per million BTU, annual averages, {first}–{last} (dashed: IMF projections)"
        ).format(first=first, last=last),
        source=_("IMF, World Economic Outlook October 2025, commodity price series PNGASJP and PNGASUS."),
        note=_("PNGASJP moves like a market benchmark; it is not read here as Japan's average LNG import cost."),
        description=_(
            "Line chart of the IMF's LNG benchmark price for Japan and the US Henry Hub price from {first} to "
            "{last}; in {year} the benchmark stood at US${japan:.2f} against US${us:.2f} at Henry Hub."
        ).format(first=first, last=last, year=year, japan=jp, us=us),
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
            tooltip=charts.tooltip(("series:N", _("Series")), ("year:Q", _("Year")), ("value:Q", _("Amount"), ",.0f")),
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
        title=_("US gas output rose {gas:.1f}× and oil output {oil:.1f}× between {first} and {last}").format(
            gas=gas.iloc[-1] / gas.iloc[0], oil=oil.iloc[-1] / oil.iloc[0], first=first, last=last
        ),
        subtitle=_(
            "US natural gas production (billion cubic metres) and oil production "
            "(thousand barrels a day), {first}–{last}"
        ).format(first=first, last=last),
        source=_("Energy Institute, Statistical Review of World Energy 2025."),
        reserve=80,
        note=_("Gas excludes flared and recycled gas; oil includes crude, shale oil, oil sands, condensates and NGLs."),
        description=_(
            "Two line charts of US natural gas and oil production from {first} to {last}; gas reached "
            "{gas} bcm and oil {oil} thousand barrels a day."
        ).format(first=first, last=last, gas=bcm(gas.iloc[-1], 0, grouped=True), oil=f"{oil.iloc[-1]:,.0f}"),
    )

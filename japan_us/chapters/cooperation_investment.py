"""Chapter 4, cooperation: the investment package tied to the tariff deal, and the scale of the
energy volumes named since the deal against Japan's LNG trade."""

from __future__ import annotations

from japan_us import i18n, long_date, palette
from japan_us.chapters.base import Findings
from japan_us.chapters.cooperation_energy import bcm, ei_lng, lng
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, pd, report


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
    values |= i18n.amounts(
        values, {key: ("USD", 1e9) for key in ("package_usd_bn", "package_announced_bn") if key in values}
    )
    return Findings(values)


def scale_kinds() -> dict[str, str]:
    """What the energy "win-win" has put on paper, and how each volume is told on the chart."""
    return {"recorded": _("Trade, latest year"), "announced": _("Announced, not shipped")}


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
        (
            _("Japan's imports, {year}").format(year=year),
            _("Japan's LNG imports, {year}").format(year=year),
            imports,
            "recorded",
            "Energy Institute",
        ),
        (
            _("from the US, {year}").format(year=year),
            _("Japan's LNG imports from the US, {year}").format(year=year),
            from_us,
            "recorded",
            "Energy Institute",
        ),
        (
            _("Alaska LNG capacity"),
            _("Alaska LNG, planned export capacity, for all buyers"),
            capacity,
            "announced",
            _publishers(deals, "project_capacity"),
        ),
        (
            _("JERA letter of intent"),
            _("JERA's letter of intent to buy Alaska LNG (not a contract)"),
            offtake,
            "announced",
            _publishers(deals, "offtake_letter_of_intent"),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["volume", "what", "bcm", "kind", "source"]).assign(
        kind=lambda d: d.kind.map(scale_kinds())
    )
    return Findings(values, volumes=frame[frame.bcm > 0], year=year)


def _lng_added(mtpa: float, bcm_per_mt: float) -> str:
    """What the package's energy projects add to LNG supply, as the prose says it after their
    number ("... add no LNG export capacity")."""
    if not mtpa:
        return _("add no LNG export capacity")
    return _("add {volume} bcm of LNG a year").format(volume=bcm(mtpa * bcm_per_mt))


def _publishers(deals: pd.DataFrame, kind: str) -> str:
    return ", ".join(dict.fromkeys(deals[deals.kind == kind].source_publisher))


def energy_scale_chart(f: Findings) -> alt.TopLevelMixin:
    v, frame = f.values, f.volumes
    bars = alt.Chart(frame).encode(
        y=alt.Y("volume:N", title=None, sort=list(frame.volume)),
        # room past the longest bar for its value
        x=alt.X("bcm:Q", title=_("bcm of gas a year"), scale=alt.Scale(domain=[0, 1.15 * frame.bcm.max()])),
    )
    kinds = scale_kinds()
    chart = alt.layer(
        bars.mark_bar().encode(
            color=charts.colour_by(
                "kind",
                {kinds["recorded"]: palette.BLUE, kinds["announced"]: palette.JAPAN_COLOR},
                legend=alt.Legend(columns=1),
            ),
            tooltip=charts.tooltip(
                ("what:N", _("Volume")),
                ("bcm:Q", _("bcm a year"), ".2f"),
                ("kind:N", _("Kind")),
                ("source:N", _("Source")),
            ),
        ),
        bars.mark_text(align="left", dx=4, fontSize=11, color="#333").encode(text=alt.Text("bcm:Q", format=".1f")),
    ).properties(height=34 * len(frame))
    return charts.finish(
        chart,
        title=_(
            "JERA's Alaska LNG letter of intent is for {share:.1f}% of Japan's {year} LNG imports, "
            "{of_us:.0f}% of US shipments to Japan"
        ).format(share=v["energy_offtake_share_of_imports"], year=f.year, of_us=v["energy_offtake_share_of_us"]),
        subtitle=_(
            "LNG volumes, billion cubic metres of gas a year: trade in {year} and volumes announced since the 2025 deal"
        ).format(year=f.year),
        source=_(
            "{source}; JERA and Glenfarne's letter of intent and the project's capacity as reported by "
            "{publishers}; tonnes converted at {factor} bcm per million "
            "tonnes (Statistical Review of World Energy, approximate conversion factors)."
        ).format(source=ei_lng(), publishers=_publishers_line(frame), factor=bcm(v["energy_bcm_per_mt"], 2)),
        note=(
            _(
                "A letter of intent is not a contract and the project's capacity is not Japan's: neither is a "
                "shipment. The first package's {count} energy projects {lng}."
            ).format(count=v["energy_package_projects"], lng=v["energy_package_lng"])
            if v["energy_package_projects"]
            else _(
                "A letter of intent is not a contract and the project's capacity is not Japan's: neither is a shipment."
            )
        ),
        description=_(
            "Bar chart: Japan imported {imports} bcm of LNG in {year}, "
            "{from_us} bcm from the US; JERA's letter of intent is for "
            "{offtake} bcm a year and Alaska LNG's planned capacity "
            "{capacity} bcm."
        ).format(
            imports=bcm(frame.bcm.iloc[0]),
            year=f.year,
            from_us=bcm(frame.bcm.iloc[1]),
            offtake=bcm(v["energy_offtake_bcm"], 2),
            capacity=bcm(v["energy_capacity_bcm"]),
        ),
    )


def _publishers_line(frame: pd.DataFrame) -> str:
    publishers = list(dict.fromkeys(s for s in frame.source if s != "Energy Institute"))
    return pgettext("list of publishers", " and ").join(publishers)

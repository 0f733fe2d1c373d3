"""Chapter 5, third countries: the economic weight of the G7 and the rest, the defence burden
of allies and partners, and the scale of the neighbours' military budgets (the notebook calls
them as ``third_countries.<name>``). Also the helpers both parts write names with."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import SIPRI, Findings, named
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, metrics, pd, report

GROUPS = ["G7", "China", "India", "ASEAN", "Rest of the world"]


def economic_weight(tables: dict, p: dict) -> Findings:
    """Shares of world GDP: the G7 against China, India and ASEAN."""
    weo = tables["weo_gdp_usd"]
    asean = sorted(weo.loc[weo.group == "ASEAN", "code"].unique())
    shares = metrics.gdp_shares(weo, {"G7": ["G119"], "China": ["CHN"], "India": ["IND"], "ASEAN": asean})
    shares = shares[(shares.year >= p["start_year"]) & (shares.year <= p["end_year"])]
    by = shares.pivot(index="year", columns="group", values="share_pct")
    actual = shares[~shares.projection].year.max()
    values = {
        "gdp_start_year": int(by.index.min()),
        "gdp_end_year": int(by.index.max()),
        "gdp_last_actual": int(actual),
        "g7_start": by.G7.iloc[0],
        "g7_actual": by.G7[actual],
        "g7_end": by.G7.iloc[-1],
        "china_start": by.China.iloc[0],
        "china_actual": by.China[actual],
        "china_end": by.China.iloc[-1],
        "india_end": by.India.iloc[-1],
        "asean_end": by.ASEAN.iloc[-1],
        "asean_members": len(asean),
        "end_is_projection": _("an IMF projection") if by.index.max() > actual else _("actual"),
    }
    shares = shares.assign(status=shares.projection.map({True: _("IMF projection"), False: _("actual")}))
    return Findings(values, shares=shares)


def estimates(frame: pd.DataFrame) -> pd.DataFrame:
    """A publisher's estimate flag as words in Japanese (English shows true/false as before)."""
    if not i18n.is_japanese():
        return frame
    return frame.assign(
        estimate=frame.estimate.map({True: pgettext("estimate", "yes"), False: pgettext("estimate", "no")})
    )


def economic_weight_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    first, last, actual = v["gdp_start_year"], v["gdp_end_year"], v["gdp_last_actual"]
    groups = [i18n.term(group) for group in GROUPS]
    area = (
        alt.Chart(named(f.shares, "group"))
        .mark_area(opacity=0.85)
        .encode(
            x=charts.year_axis(),
            y=alt.Y(
                "share_pct:Q",
                title=_("% of world GDP (market exchange rates)"),
                stack="zero",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color("group:N", sort=groups, title=None, scale=charts.entity_scale(groups)),
            order=alt.Order("order:Q"),
            tooltip=charts.tooltip(
                ("group:N", _("Group")),
                ("year:Q", _("Year")),
                ("share_pct:Q", _("% of world GDP"), ".1f"),
                ("gdp_usd_bn:Q", _("GDP, US$ bn"), ",.0f"),
                ("status:N", _("Status")),
            ),
        )
        .transform_calculate(order=f"indexof({groups}, datum.group)")
    )
    projection = charts.named_rule(
        pd.DataFrame({"year": [actual + 0.5], "label": [_("IMF projections after {year}").format(year=actual)]}),
        "year",
        words=_("projections →"),
        side="right",
    )
    return charts.finish(
        alt.layer(area, projection),
        title=_(
            "The G7's share of world GDP fell from {g7_start:.0f}% to {g7_actual:.0f}% "
            "while China's rose to {china_actual:.0f}%"
        ).format(g7_start=v["g7_start"], g7_actual=v["g7_actual"], china_actual=v["china_actual"]),
        subtitle=_("Shares of world GDP at current prices and exchange rates, {first}–{last}").format(
            first=first, last=last
        ),
        source=_("IMF, World Economic Outlook database, October 2025 (NGDPD; G7 = IMF group G119)."),
        note=_(
            "Right of the dashed line: IMF projections. ASEAN: the {members} members "
            "before Timor-Leste joined in October 2025."
        ).format(members=v["asean_members"]),
        description=_(
            "Stacked area chart of shares of world GDP for the G7, China, India, ASEAN and the rest of the "
            "world, {first}–{last}; the G7 share falls from {g7_start:.1f}% to {g7_end:.1f}%."
        ).format(first=first, last=last, g7_start=v["g7_start"], g7_end=v["g7_end"]),
    )


def defense_burden(tables: dict, p: dict) -> Findings:
    """Military spending as a share of GDP: Indo-Pacific partners (SIPRI) and NATO allies (NATO)."""
    sipri = tables["military_expenditure_sipri"]
    indo = sipri[sipri.iso3.isin(["JPN"] + p["indo_pacific"])].dropna(subset=["share_gdp_pct"])
    indo_year = int(indo.year.max())
    indo = indo[indo.year == indo_year].sort_values("share_gdp_pct", ascending=False).reset_index(drop=True)
    nato = tables["military_expenditure_nato"]
    nato_year = int(nato.year.max())
    latest = nato[nato.year == nato_year]
    allies = latest[latest.code.isin(p["nato_allies"])].sort_values("share_real_gdp_pct", ascending=False)
    all_allies = latest[~latest.code.isin(["NATO", "NATO_EUCA"])]
    europe = all_allies[~all_allies.code.isin(["USA", "CAN"])]  # the allies in Europe: not the US or Canada
    values = {
        "indo_year": indo_year,
        "indo_count": len(indo),
        "japan_indo_rank": int(indo.index[indo.iso3 == "JPN"][0]) + 1,
        "japan_share": indo.set_index("iso3").share_gdp_pct["JPN"],
        "indo_top": i18n.term(indo.country.iloc[0]),
        "indo_top_share": indo.share_gdp_pct.iloc[0],
        "nato_year": nato_year,
        "nato_europe_at_2": int((europe.share_real_gdp_pct >= 2).sum()),
        "nato_europe_total": len(europe),
        "nato_alliance_share": latest[latest.code == "NATO"].share_real_gdp_pct.iloc[0],
    }
    return Findings(values, indo=indo, allies=allies)


def defense_burden_chart(f: Findings) -> alt.TopLevelMixin:
    v, indo, allies = f.values, f.indo, f.allies
    left = (
        alt.Chart(estimates(named(indo, "country")))
        .mark_bar()
        .encode(
            x=alt.X("share_gdp_pct:Q", title=_("% of GDP (SIPRI)")),
            y=alt.Y("country:N", sort="-x", title=None),
            color=charts.highlight("iso3", "JPN"),
            tooltip=charts.tooltip(
                ("country:N", _("Country")),
                ("share_gdp_pct:Q", _("% of GDP"), ".2f"),
                ("current_usd_m:Q", _("US$ million"), ",.0f"),
                ("estimate:N", _("SIPRI estimate")),
            ),
        )
        .properties(
            width=charts.WIDTH,
            height=22 * len(indo),
            title=_("Indo-Pacific, SIPRI definition, {year}").format(year=v["indo_year"]),
        )
    )
    two = charts.named_rule(pd.DataFrame({"x": [2.0], "label": [_("NATO 2% guideline")]}), "x", words=_("2% guideline"))
    right = alt.layer(
        alt.Chart(estimates(named(allies, "country")))
        .mark_bar(color=palette.REST)  # the allies as a group: no country's colour
        .encode(
            x=alt.X("share_real_gdp_pct:Q", title=_("% of GDP (NATO)")),
            y=alt.Y("country:N", sort="-x", title=None),
            tooltip=charts.tooltip(
                ("country:N", _("Ally")),
                ("share_real_gdp_pct:Q", _("% of GDP"), ".2f"),
                ("estimate:N", _("NATO estimate")),
            ),
        ),
        two,
    ).properties(
        width=charts.WIDTH,
        height=22 * len(allies),
        title=_("NATO allies, NATO definition, {year} (estimates)").format(year=v["nato_year"]),
    )
    return charts.finish(
        alt.vconcat(left, right).resolve_scale(x="independent"),
        title=_("Japan ranks {rank} of {count} Indo-Pacific partners on defense burden").format(
            rank=v["japan_indo_rank"], count=len(indo)
        ),
        reserve=150,
        subtitle=_(
            "Military spending as % of GDP: Indo-Pacific partners (SIPRI) and NATO allies (NATO), "
            "latest year of each source"
        ),
        source=_("{sipri}; NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024.").format(sipri=SIPRI),
        note=_("Different definitions in the two panels; Japan in orange."),
        description=_(
            "Two bar charts: defense spending as a share of GDP for {indo_count} Indo-Pacific economies in "
            "{indo_year} (SIPRI) and {ally_count} NATO allies in {nato_year} (NATO); "
            "Japan at {japan_share:.2f}%."
        ).format(
            indo_count=len(indo),
            indo_year=v["indo_year"],
            ally_count=len(allies),
            nato_year=v["nato_year"],
            japan_share=v["japan_share"],
        ),
    )


NEIGHBOURS = {"JPN": "Japan", "CHN": "China", "RUS": "Russia"}


def neighbours(tables: dict, p: dict) -> Findings:
    """The scale of China's and Russia's military budgets against Japan's, and US forces in Korea."""
    sipri = tables["military_expenditure_sipri"]
    spending = (
        sipri[sipri.iso3.isin(list(NEIGHBOURS)) & (sipri.year >= p["start_year"])]
        .assign(usd_bn=lambda d: d.current_usd_m / 1000, country=lambda d: d.iso3.map(NEIGHBOURS))
        .dropna(subset=["usd_bn"])
    )
    by = spending.pivot(index="year", columns="iso3", values="usd_bn")
    year = int(by.dropna().index.max())
    troops = tables["us_troops_by_host"].query("iso3 == 'KOR'").set_index("year").troops_active_duty
    values = {
        "rival_year": year,
        "chn_bn": by.CHN[year],
        "rus_bn": by.RUS[year],
        "jpn_bn": by.JPN[year],
        "chn_multiple": by.CHN[year] / by.JPN[year],
        "rus_multiple": by.RUS[year] / by.JPN[year],
        "kor_troops": troops.iloc[-1],
        "kor_troops_year": int(troops.index[-1]),
    } | report.event_dates(tables["events"], ["B5.10"])
    values |= i18n.amounts(values, {"chn_bn": ("USD", 1e9), "rus_bn": ("USD", 1e9), "jpn_bn": ("USD", 1e9)})
    return Findings(values, spending=spending)


def neighbours_chart(f: Findings) -> alt.TopLevelMixin:
    v, spending = f.values, estimates(named(f.spending, "country"))
    year, china, russia = v["rival_year"], v["chn_multiple"], v["rus_multiple"]
    tooltip = charts.tooltip(
        ("country:N", _("Country")),
        ("year:Q", _("Year")),
        ("usd_bn:Q", _("US$ billion (current)"), ",.1f"),
        ("share_gdp_pct:Q", _("% of GDP"), ".2f"),
        ("estimate:N", _("SIPRI estimate")),
    )
    lines = charts.multi_line(
        spending,
        y=alt.Y("usd_bn:Q", title=_("US$ billion, current")),
        series="country",
        tooltip=tooltip,
        emphasis=i18n.term("Japan"),
        sort=[i18n.term(name) for name in NEIGHBOURS.values()],
    )
    return charts.finish(
        lines,
        title=_("China spends {china:.1f}× and Russia {russia:.1f}× what Japan spends on its military").format(
            china=china, russia=russia
        ),
        subtitle=_("Military expenditure, US$ billion at current prices and exchange rates, {first}–{last}").format(
            first=spending.year.min(), last=year
        ),
        source=_("{source}.").format(source=SIPRI),
        note=_(
            "China's and Russia's figures are SIPRI estimates; "
            "Russia's dollar series has gaps where exchange rates are missing."
        ),
        description=_(
            "Line chart of military spending by Japan, China and Russia; in {year} China spent "
            "{china:.1f} times Japan's."
        ).format(year=year, china=china),
    )

"""Chapter 5, third countries and key policies."""

from __future__ import annotations

from japan_us import palette
from japan_us.chapters.base import (
    AS_OF,
    DONORS,
    LANG,
    OECD_DAC,
    OPINION_COUNTRIES,
    SIPRI,
    Chapter,
    Findings,
    change_in_words,
    codes,
    views_of_us_and_china,
)
from japan_us.lazy import alt, charts, metrics, pd, report
from japan_us.params import Param

THIRD_COUNTRIES = Chapter(
    slug="third_countries",
    notebook="05_third_countries",
    title="Third countries and key policies: who else is at the table",
    essay_section="3(5)-(6)",
    tables=(
        "weo_gdp_usd",
        "military_expenditure_sipri",
        "military_expenditure_nato",
        "oda_by_donor",
        "pew_favorability",
        "us_troops_by_host",
        "events",
    ),
    params=(
        AS_OF,
        LANG,
        Param("start_year", int, 1990, "First year of the economic-weight chart", bounds=(1990, 2020)),
        Param(
            "end_year",
            int,
            2030,
            "Last year of the economic-weight chart (after 2024: IMF projections)",
            bounds=(2024, 2030),
        ),
        Param(
            "indo_pacific",
            list,
            ["JPN", "KOR", "AUS", "PHL", "TWN", "SGP", "IND", "NZL"],
            "Indo-Pacific partners compared on defense burden (ISO3 codes in the SIPRI table)",
            choices=codes("military_expenditure_sipri", "iso3"),
        ),
        Param(
            "nato_allies",
            list,
            ["USA", "POL", "GBR", "FRA", "DEU", "ITA", "CAN", "ESP"],
            "NATO allies compared on defense burden (codes in the NATO table)",
            choices=codes("military_expenditure_nato", "code"),
        ),
        DONORS,
        OPINION_COUNTRIES,
    ),
)

GROUPS = ["G7", "China", "India", "ASEAN", "Rest of the world"]
# One rule for "US ally", used by the chart and the prose alike: a country bound to the US by a
# mutual-defence treaty in the Indo-Pacific (Japan, South Korea, the Philippines, Australia
# through ANZUS: the allies the essay names there) or by the North Atlantic Treaty. The Rio
# Treaty, a hemispheric pact, is not counted. Every other country compared is in the Global South.
ALLIES = ["Japan", "South Korea", "Philippines", "Australia", "Germany", "United Kingdom"]
ALLY_RULE = "US allies: a mutual-defence treaty with the US in the Indo-Pacific or NATO membership"
GROUPS_BY_TREATY = {True: "US ally", False: "Global South"}


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
        "end_is_projection": "an IMF projection" if by.index.max() > actual else "actual",
    }
    shares = shares.assign(status=shares.projection.map({True: "IMF projection", False: "actual"}))
    return Findings(values, shares=shares)


def economic_weight_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    first, last, actual = v["gdp_start_year"], v["gdp_end_year"], v["gdp_last_actual"]
    area = (
        alt.Chart(f.shares)
        .mark_area(opacity=0.85)
        .encode(
            x=charts.year_axis(),
            y=alt.Y(
                "share_pct:Q",
                title="% of world GDP (market exchange rates)",
                stack="zero",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color("group:N", sort=GROUPS, title=None, scale=charts.entity_scale(GROUPS)),
            order=alt.Order("order:Q"),
            tooltip=charts.tooltip(
                ("group:N", "Group"),
                ("year:Q", "Year"),
                ("share_pct:Q", "% of world GDP", ".1f"),
                ("gdp_usd_bn:Q", "GDP, US$ bn", ",.0f"),
                ("status:N", "Status"),
            ),
        )
        .transform_calculate(order=f"indexof({GROUPS}, datum.group)")
    )
    projection = charts.named_rule(
        pd.DataFrame({"year": [actual + 0.5], "label": [f"IMF projections after {actual}"]}),
        "year",
        words="projections →",
        side="right",
    )
    return charts.finish(
        alt.layer(area, projection),
        title=(
            f"The G7's share of world GDP fell from {v['g7_start']:.0f}% to {v['g7_actual']:.0f}% "
            f"while China's rose to {v['china_actual']:.0f}%"
        ),
        subtitle=f"Shares of world GDP at current prices and exchange rates, {first}–{last}",
        source="IMF, World Economic Outlook database, October 2025 (NGDPD; G7 = IMF group G119).",
        note=(
            f"Right of the dashed line: IMF projections. ASEAN: the {v['asean_members']} members "
            "before Timor-Leste joined in October 2025."
        ),
        description=(
            "Stacked area chart of shares of world GDP for the G7, China, India, ASEAN and the rest of the "
            f"world, {first}–{last}; the G7 share falls from {v['g7_start']:.1f}% to {v['g7_end']:.1f}%."
        ),
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
        "indo_top": indo.country.iloc[0],
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
        alt.Chart(indo)
        .mark_bar()
        .encode(
            x=alt.X("share_gdp_pct:Q", title="% of GDP (SIPRI)"),
            y=alt.Y("country:N", sort="-x", title=None),
            color=charts.highlight("iso3", "JPN"),
            tooltip=charts.tooltip(
                ("country:N", "Country"),
                ("share_gdp_pct:Q", "% of GDP", ".2f"),
                ("current_usd_m:Q", "US$ million", ",.0f"),
                ("estimate:N", "SIPRI estimate"),
            ),
        )
        .properties(
            width=charts.WIDTH, height=22 * len(indo), title=f"Indo-Pacific, SIPRI definition, {v['indo_year']}"
        )
    )
    two = charts.named_rule(pd.DataFrame({"x": [2.0], "label": ["NATO 2% guideline"]}), "x", words="2% guideline")
    right = alt.layer(
        alt.Chart(allies)
        .mark_bar(color=palette.REST)  # the allies as a group: no country's colour
        .encode(
            x=alt.X("share_real_gdp_pct:Q", title="% of GDP (NATO)"),
            y=alt.Y("country:N", sort="-x", title=None),
            tooltip=charts.tooltip(
                ("country:N", "Ally"), ("share_real_gdp_pct:Q", "% of GDP", ".2f"), ("estimate:N", "NATO estimate")
            ),
        ),
        two,
    ).properties(
        width=charts.WIDTH,
        height=22 * len(allies),
        title=f"NATO allies, NATO definition, {v['nato_year']} (estimates)",
    )
    return charts.finish(
        alt.vconcat(left, right).resolve_scale(x="independent"),
        title=f"Japan ranks {v['japan_indo_rank']} of {len(indo)} Indo-Pacific partners on defense burden",
        reserve=150,
        subtitle=(
            "Military spending as % of GDP: Indo-Pacific partners (SIPRI) and NATO allies (NATO), "
            "latest year of each source"
        ),
        source=f"{SIPRI}; NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024.",
        note="Different definitions in the two panels; Japan in orange.",
        description=(
            f"Two bar charts: defense spending as a share of GDP for {len(indo)} Indo-Pacific economies in "
            f"{v['indo_year']} (SIPRI) and {len(allies)} NATO allies in {v['nato_year']} (NATO); "
            f"Japan at {v['japan_share']:.2f}%."
        ),
    )


def aid_and_opinion(tables: dict, p: dict) -> Findings:
    """Aid relative to each economy, and views of the US and China in the Global South."""
    oda = tables["oda_by_donor"]
    # Japan and the US are drawn whatever the donors chosen
    aid = oda[oda.donor.isin(p["donors"] + ["Japan", "United States"])].dropna(subset=["oda_pct_gni"])
    aid = aid.assign(
        status=lambda d: d.preliminary.map({True: "preliminary", False: "final"}),
        donor=lambda d: d.donor.replace(palette.ENTITY_ALIASES),  # "South Korea", as the book names it
    )
    gni = oda.pivot(index="year", columns="donor", values="oda_pct_gni")
    last = int(oda.year.max())
    pew = tables["pew_favorability"]
    views = pew[pew.iso3.isin(p["opinion_countries"])].assign(
        view=lambda d: d.opinion_of.map({"USA": "United States", "CHN": "China"})
    )
    latest, opinion = views_of_us_and_china(pew, p["opinion_countries"])
    latest = latest.assign(group=latest.country.isin(ALLIES).map(GROUPS_BY_TREATY))
    views = views.assign(group=views.country.isin(ALLIES).map(GROUPS_BY_TREATY))
    south, allies = latest[latest.group == "Global South"], latest[latest.group == "US ally"]
    values = opinion | {
        "aid_year": last,
        "jp_gni": gni["Japan"][last],
        "us_gni": gni["United States"][last],
        "us_gni_prev": gni["United States"][last - 1],
        "op_south_count": len(south),
        "op_south_us_ahead": int((south.USA > south.CHN).sum()),
        "op_south_names": _names(south.country) or "none",
        "op_allies_count": len(allies),
        "op_allies_us_ahead": int((allies.USA > allies.CHN).sum()),
        "op_allies_names": _names(allies.country) or "none",
    }
    return Findings(values, aid=aid, views=views, latest=latest)


def _names(countries) -> str:
    return report.join_and([report.in_a_sentence(c) for c in countries])


def aid_chart(f: Findings) -> alt.TopLevelMixin:
    v, aid = f.values, f.aid
    last = v["aid_year"]
    tooltip = charts.tooltip(
        ("donor:N", "Donor"), ("year:Q", "Year"), ("oda_pct_gni:Q", "% of GNI", ".2f"), ("status:N", "Status")
    )
    order = charts.subject_first(aid.donor)
    lines = charts.multi_line(
        aid,
        y=alt.Y("oda_pct_gni:Q", title="% of gross national income"),
        series="donor",
        tooltip=tooltip,
        sort=order,
    )
    moved = "fell" if v["us_gni"] < v["us_gni_prev"] else "rose"
    return charts.finish(
        lines,
        title=(
            f"Relative to its economy, US aid {moved} to {v['us_gni']:.2f}% of GNI in {last}; "
            f"Japan's was {v['jp_gni']:.2f}%"
        ),
        subtitle=f"Official development assistance as % of gross national income, {aid.year.min()}–{last}",
        source=f"{OECD_DAC}.",
        note=(
            f"{last} preliminary. Net disbursements to 2017, grant equivalent from 2018. "
            "Levels in US$ are in the Goals chapter."
        ),
        description=f"Line chart of aid as a share of GNI for {len(order)} donors from {aid.year.min()} to {last}.",
    )


AGGREGATES = ["DAC countries"]  # a total of the donors, not a donor
# The EU's own aid is paid for largely by its member states, which are donors here too: the gap
# counts the member states and leaves the EU Institutions out, so no money is counted twice.
FUNDED_BY_MEMBERS = "EU Institutions"


def aid_gap(tables: dict) -> Findings:
    """Who filled the gap when US aid fell: each donor's change in aid on the year before, in the
    latest year (preliminary), at constant prices."""
    oda = tables["oda_by_donor"]
    last = int(oda.year.max())
    by_donor = (
        oda[~oda.donor.isin(AGGREGATES)]
        .pivot_table(index="donor", columns="year", values="oda_usd_m_const2025")[[last - 1, last]]
        .dropna()
    )
    change = ((by_donor[last] - by_donor[last - 1]) / 1000).rename("change_bn").reset_index()
    left_out = change[change.donor == FUNDED_BY_MEMBERS].change_bn
    change = change[change.donor != FUNDED_BY_MEMBERS]
    change = change.assign(donor=change.donor.replace(palette.ENTITY_ALIASES))  # as the book names them
    change = change.assign(
        role=change.donor.map(lambda d: d if d in ("United States", "Japan") else "other donors")
    ).sort_values("change_bn")
    others = change[change.donor != "United States"]
    risers = others[others.change_bn > 0].sort_values("change_bn", ascending=False)
    values = {
        "gap_year": last,
        "gap_fall_bn": -change.set_index("donor").change_bn["United States"],
        "gap_japan_change": _moved(change.set_index("donor").change_bn["Japan"]),
        "gap_donors": len(others),
        "gap_risers": len(risers),
        "gap_rise_bn": risers.change_bn.sum(),
        "gap_top_riser": risers.donor.iloc[0] if len(risers) else "none",
        "gap_others_change": _moved(others.change_bn.sum()),
        "gap_left_out": FUNDED_BY_MEMBERS,
        "gap_left_out_change": _moved(left_out.sum()) if len(left_out) else "is not in the data",
    }
    return Findings(values, change=change)


def _moved(change_bn: float) -> str:
    return change_in_words(change_bn, "US${:,.2f} billion")


def aid_gap_chart(f: Findings) -> alt.TopLevelMixin:
    v, change = f.values, f.change
    roles = {
        "United States": palette.entity_colour("United States"),
        "Japan": palette.JAPAN_COLOR,
        "other donors": palette.LIGHT,
    }
    chart = (
        alt.Chart(change)
        .mark_bar()
        .encode(
            x=alt.X("change_bn:Q", title="Change, US$ billion"),
            y=alt.Y("donor:N", title=None, sort="x"),
            color=charts.colour_by("role", roles),
            tooltip=charts.tooltip(("donor:N", "Donor"), ("change_bn:Q", "Change, US$ bn", "+,.2f")),
        )
        .properties(height=14 * len(change))
    )
    fall = v["gap_fall_bn"]
    return charts.finish(
        chart,
        title=(
            f"US aid fell US${fall:,.1f} billion in {v['gap_year']}; the {v['gap_risers']} donors that gave more "
            f"added US${v['gap_rise_bn']:,.1f} billion"
        ),
        subtitle=(
            f"Change in official development assistance by donor, {v['gap_year'] - 1} to {v['gap_year']}, "
            "US$ billion at 2025 prices"
        ),
        source=f"{OECD_DAC}.",
        note=(
            f"{v['gap_year']} values are preliminary. {v['gap_left_out']} left out, as the member states that "
            f"fund them are counted; their own aid {v['gap_left_out_change']}."
        ),
        description=(
            f"Bar chart of the change in aid by {len(change)} donors; the US fell by US${fall:,.1f} billion and "
            f"the other donors' aid together {v['gap_others_change']}."
        ),
    )


def views_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    # each panel names its country's group, Global South first, so the title's counts can be checked
    views = f.views.assign(panel=lambda d: d.country + " (" + d.group + ")").sort_values(["group", "country"])
    small = (
        alt.Chart(views)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", labelAngle=0, tickCount=4)),
            y=alt.Y("pct_favorable:Q", title="% favourable", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("view:N", title="View of", scale=charts.entity_scale(["United States", "China"])),
            strokeDash=alt.StrokeDash("view:N", title="View of", scale=alt.Scale(domain=["United States", "China"])),
            tooltip=charts.tooltip(
                ("country:N", "Country"),
                ("group:N", "Counted as"),
                ("year:Q", "Wave"),
                ("view:N", "View of"),
                ("pct_favorable:Q", "% favourable", ".1f"),
                ("respondents:Q", "Respondents", ","),
            ),
        )
        .properties(width=150, height=110)
        .facet(facet=alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(views.panel))), columns=3)
    )
    return charts.finish(
        small,
        title=(
            f"In {v['opinion_us_ahead']} of {v['opinion_count']} countries the US was viewed more favourably than "
            f"China at their latest wave: {v['op_south_us_ahead']} of {v['op_south_count']} Global South countries "
            f"and {v['op_allies_us_ahead']} of {v['op_allies_count']} US allies"
        ),
        reserve=70,
        subtitle=(
            "Share with a favourable view of the United States and of China, "
            f"Pew waves {views.year.min()}–{views.year.max()}"
        ),
        source="Pew Research Center, Global Attitudes Survey (computed from respondent-level data, weighted).",
        note=(
            f"{ALLY_RULE}; every other country is counted in the Global South. Not every country is surveyed "
            "every year; China 2013 removed (a defect in the harmonised data). No waves after 2023 here."
        ),
        description=(
            f"Small multiples for {views.country.nunique()} countries showing favourable views of the US and "
            "China over time."
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
    return Findings(values, spending=spending)


def neighbours_chart(f: Findings) -> alt.TopLevelMixin:
    v, spending = f.values, f.spending
    year, china, russia = v["rival_year"], v["chn_multiple"], v["rus_multiple"]
    tooltip = charts.tooltip(
        ("country:N", "Country"),
        ("year:Q", "Year"),
        ("usd_bn:Q", "US$ billion (current)", ",.1f"),
        ("share_gdp_pct:Q", "% of GDP", ".2f"),
        ("estimate:N", "SIPRI estimate"),
    )
    lines = charts.multi_line(
        spending,
        y=alt.Y("usd_bn:Q", title="US$ billion, current"),
        series="country",
        tooltip=tooltip,
        sort=list(NEIGHBOURS.values()),
    )
    return charts.finish(
        lines,
        title=f"China spends {china:.1f}× and Russia {russia:.1f}× what Japan spends on its military",
        subtitle=(
            f"Military expenditure, US$ billion at current prices and exchange rates, {spending.year.min()}–{year}"
        ),
        source=f"{SIPRI}.",
        note=(
            "China's and Russia's figures are SIPRI estimates; "
            "Russia's dollar series has gaps where exchange rates are missing."
        ),
        description=(
            f"Line chart of military spending by Japan, China and Russia; in {year} China spent "
            f"{china:.1f} times Japan's."
        ),
    )


SINCE = ["B5.7", "B5.9", "B5.10", "B5.11", "B5.12", "B5.13", "B5.14", "B6.1", "B6.2", "B6.3"]


def events_since(tables: dict) -> report.HTML:
    events = tables["events"]
    return report.events_table(
        events[events.event_id.isin(SINCE)],
        caption="Third countries, China and the alliance network since the essay (dated facts)",
        with_category=True,
    )

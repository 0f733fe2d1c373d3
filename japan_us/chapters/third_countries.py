"""Chapter 5, third countries and key policies."""

from __future__ import annotations

from japan_us import i18n, palette
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
from japan_us.i18n import _, pgettext
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
        "end_is_projection": _("an IMF projection") if by.index.max() > actual else _("actual"),
    }
    shares = shares.assign(status=shares.projection.map({True: _("IMF projection"), False: _("actual")}))
    return Findings(values, shares=shares)


def _sipri() -> str:
    """The SIPRI source line (``base.SIPRI``) in the reader's language."""
    return _("SIPRI Military Expenditure Database, 2025 release") if i18n.is_japanese() else SIPRI


def _oecd_dac() -> str:
    """The OECD DAC source line (``base.OECD_DAC``) in the reader's language."""
    if i18n.is_japanese():
        return _("OECD Development Assistance Committee (DAC1), processed by the ONE Campaign")
    return OECD_DAC


def _named(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """The frame with the names in these columns as the reader's language writes them (the
    glossary's; the frame itself unchanged in English)."""
    if not i18n.is_japanese():
        return frame
    return frame.assign(**{column: frame[column].map(_name) for column in columns})


def _name(english: str) -> str:
    """A country's or group's name in the reader's language."""
    if english == "Rest of the world":
        return _("Rest of the world")
    return i18n.term(english)


def _estimate(frame: pd.DataFrame) -> pd.DataFrame:
    """A publisher's estimate flag as words in Japanese (English shows true/false as before)."""
    if not i18n.is_japanese():
        return frame
    return frame.assign(
        estimate=frame.estimate.map({True: pgettext("estimate", "yes"), False: pgettext("estimate", "no")})
    )


def economic_weight_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    first, last, actual = v["gdp_start_year"], v["gdp_end_year"], v["gdp_last_actual"]
    groups = [_name(group) for group in GROUPS] if i18n.is_japanese() else GROUPS
    area = (
        alt.Chart(_named(f.shares, "group"))
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
        alt.Chart(_estimate(_named(indo, "country")))
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
        alt.Chart(_estimate(_named(allies, "country")))
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
        source=_("{sipri}; NATO, Defence Expenditure of NATO Countries (2014–2024), June 2024.").format(sipri=_sipri()),
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


def aid_and_opinion(tables: dict, p: dict) -> Findings:
    """Aid relative to each economy, and views of the US and China in the Global South."""
    oda = tables["oda_by_donor"]
    # Japan and the US are drawn whatever the donors chosen
    aid = oda[oda.donor.isin(p["donors"] + ["Japan", "United States"])].dropna(subset=["oda_pct_gni"])
    aid = aid.assign(
        status=lambda d: d.preliminary.map({True: _("preliminary"), False: _("final")}),
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
        "op_south_names": _names(south.country) or _("none"),
        "op_allies_count": len(allies),
        "op_allies_us_ahead": int((allies.USA > allies.CHN).sum()),
        "op_allies_names": _names(allies.country) or _("none"),
    }
    return Findings(values, aid=aid, views=views, latest=latest)


def _names(countries) -> str:
    return report.join_and([report.in_a_sentence(c) for c in countries])


def aid_chart(f: Findings) -> alt.TopLevelMixin:
    v, aid = f.values, _named(f.aid, "donor")
    last = v["aid_year"]
    tooltip = charts.tooltip(
        ("donor:N", _("Donor")),
        ("year:Q", _("Year")),
        ("oda_pct_gni:Q", _("% of GNI"), ".2f"),
        ("status:N", _("Status")),
    )
    order = charts.subject_first(aid.donor, i18n.term("Japan"))
    lines = charts.multi_line(
        aid,
        y=alt.Y("oda_pct_gni:Q", title=_("% of gross national income")),
        series="donor",
        tooltip=tooltip,
        emphasis=i18n.term("Japan"),
        sort=order,
    )
    if v["us_gni"] < v["us_gni_prev"]:
        title = _("Relative to its economy, US aid fell to {us_gni:.2f}% of GNI in {year}; Japan's was {jp_gni:.2f}%")
    else:
        title = _("Relative to its economy, US aid rose to {us_gni:.2f}% of GNI in {year}; Japan's was {jp_gni:.2f}%")
    first = aid.year.min()
    return charts.finish(
        lines,
        title=title.format(us_gni=v["us_gni"], year=last, jp_gni=v["jp_gni"]),
        subtitle=_("Official development assistance as % of gross national income, {first}–{last}").format(
            first=first, last=last
        ),
        source=_("{source}.").format(source=_oecd_dac()),
        note=_(
            "{year} preliminary. Net disbursements to 2017, grant equivalent from 2018. "
            "Levels in US$ are in the Goals chapter."
        ).format(year=last),
        description=_("Line chart of aid as a share of GNI for {count} donors from {first} to {last}.").format(
            count=len(order), first=first, last=last
        ),
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
        "gap_top_riser": i18n.term(risers.donor.iloc[0]) if len(risers) else _("none"),
        "gap_others_change": _moved(others.change_bn.sum()),
        "gap_left_out": i18n.term(FUNDED_BY_MEMBERS),
        "gap_left_out_change": _moved(left_out.sum()) if len(left_out) else _("is not in the data"),
    }
    values |= i18n.amounts(values, {"gap_fall_bn": ("USD", 1e9), "gap_rise_bn": ("USD", 1e9)})
    return Findings(values, change=change)


def _moved(change_bn: float) -> str:
    """A change in aid told in words: "fell by US$0.97 billion" (in Japanese 10億ドル減少した)."""
    if i18n.is_japanese():
        amount = i18n.japanese_amount(abs(change_bn) * 1e9, "USD")
        words = _("fell by {amount}") if change_bn < 0 else _("rose by {amount}")
        return words.format(amount=amount)
    return change_in_words(change_bn, "US${:,.2f} billion")


def aid_gap_chart(f: Findings) -> alt.TopLevelMixin:
    v, change = f.values, f.change
    roles = {
        "United States": palette.entity_colour("United States"),
        "Japan": palette.JAPAN_COLOR,
        "other donors": palette.LIGHT,
    }
    if i18n.is_japanese():
        roles = {_role(role): colour for role, colour in roles.items()}
        change = _named(change, "donor").assign(role=change.role.map(_role))
    chart = (
        alt.Chart(change)
        .mark_bar()
        .encode(
            x=alt.X("change_bn:Q", title=_("Change, US$ billion")),
            y=alt.Y("donor:N", title=None, sort="x"),
            color=charts.colour_by("role", roles),
            tooltip=charts.tooltip(("donor:N", _("Donor")), ("change_bn:Q", _("Change, US$ bn"), "+,.2f")),
        )
        .properties(height=14 * len(change))
    )
    fall, year = v["gap_fall_bn"], v["gap_year"]
    if i18n.is_japanese():  # amounts as Japanese writes them (553億ドル)
        fall_words, rise_words = v["gap_fall_bn_ja"], v["gap_rise_bn_ja"]
    else:
        fall_words, rise_words = f"US${fall:,.1f} billion", f"US${v['gap_rise_bn']:,.1f} billion"
    return charts.finish(
        chart,
        title=_("US aid fell {fall} in {year}; the {risers} donors that gave more added {rise}").format(
            fall=fall_words, year=year, risers=v["gap_risers"], rise=rise_words
        ),
        subtitle=_(
            "Change in official development assistance by donor, {before} to {year}, US$ billion at 2025 prices"
        ).format(before=year - 1, year=year),
        source=_("{source}.").format(source=_oecd_dac()),
        note=_(
            "{year} values are preliminary. {left_out} left out, as the member states that "
            "fund them are counted; their own aid {left_out_change}."
        ).format(year=year, left_out=v["gap_left_out"], left_out_change=v["gap_left_out_change"]),
        description=_(
            "Bar chart of the change in aid by {count} donors; the US fell by {fall} and "
            "the other donors' aid together {others_change}."
        ).format(count=len(change), fall=fall_words, others_change=v["gap_others_change"]),
    )


def _role(role: str) -> str:
    """A bar's role in the aid-gap chart in the reader's language: a donor's name, or the others."""
    return _("other donors") if role == "other donors" else i18n.term(role)


def views_chart(f: Findings) -> alt.TopLevelMixin:
    v = f.values
    # each panel names its country's group, Global South first, so the title's counts can be checked
    views = f.views.sort_values(["group", "country"])  # in English: the order is the same in both editions
    if i18n.is_japanese():
        views = _named(views, "country", "view").assign(group=views.group.map(_group))
    panel = _("{country} ({group})")
    views = views.assign(
        panel=[panel.format(country=c, group=g) for c, g in zip(views.country, views.group, strict=True)]
    )
    us_china = [i18n.term("United States"), i18n.term("China")]
    small = (
        alt.Chart(views)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", labelAngle=0, tickCount=4)),
            y=alt.Y("pct_favorable:Q", title=_("% favourable"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("view:N", title=_("View of"), scale=charts.entity_scale(us_china)),
            strokeDash=alt.StrokeDash("view:N", title=_("View of"), scale=alt.Scale(domain=us_china)),
            tooltip=charts.tooltip(
                ("country:N", _("Country")),
                ("group:N", _("Counted as")),
                ("year:Q", _("Wave")),
                ("view:N", _("View of")),
                ("pct_favorable:Q", _("% favourable"), ".1f"),
                ("respondents:Q", _("Respondents"), ","),
            ),
        )
        .properties(width=150, height=110)
        .facet(facet=alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(views.panel))), columns=3)
    )
    return charts.finish(
        small,
        title=_(
            "In {us_ahead} of {count} countries the US was viewed more favourably than "
            "China at their latest wave: {south_us_ahead} of {south_count} Global South countries "
            "and {allies_us_ahead} of {allies_count} US allies"
        ).format(
            us_ahead=v["opinion_us_ahead"],
            count=v["opinion_count"],
            south_us_ahead=v["op_south_us_ahead"],
            south_count=v["op_south_count"],
            allies_us_ahead=v["op_allies_us_ahead"],
            allies_count=v["op_allies_count"],
        ),
        reserve=70,
        subtitle=_("Share with a favourable view of the United States and of China, Pew waves {first}–{last}").format(
            first=views.year.min(), last=views.year.max()
        ),
        source=_("Pew Research Center, Global Attitudes Survey (computed from respondent-level data, weighted)."),
        note=_(
            "US allies: a mutual-defence treaty with the US in the Indo-Pacific or NATO membership; every other "
            "country is counted in the Global South. Not every country is surveyed every year; China 2013 removed "
            "(a defect in the harmonised data). No waves after 2023 here."
        ),
        description=_(
            "Small multiples for {count} countries showing favourable views of the US and China over time."
        ).format(count=views.country.nunique()),
    )


def _group(group: str) -> str:
    """A country's group in the views chart, in the reader's language."""
    return _("US ally") if group == "US ally" else i18n.term(group)


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
    v, spending = f.values, _estimate(_named(f.spending, "country"))
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
        source=_("{source}.").format(source=_sipri()),
        note=_(
            "China's and Russia's figures are SIPRI estimates; "
            "Russia's dollar series has gaps where exchange rates are missing."
        ),
        description=_(
            "Line chart of military spending by Japan, China and Russia; in {year} China spent "
            "{china:.1f} times Japan's."
        ).format(year=year, china=china),
    )


SINCE = ["B5.7", "B5.9", "B5.10", "B5.11", "B5.12", "B5.13", "B5.14", "B6.1", "B6.2", "B6.3"]


def events_since(tables: dict) -> report.HTML:
    events = tables["events"]
    return report.events_table(
        events[events.event_id.isin(SINCE)],
        caption=_("Third countries, China and the alliance network since the essay (dated facts)"),
        with_category=True,
    )

"""Chapter 5, third countries: aid and the Global South, who filled the gap US aid left, and
views of the US and China (the notebook calls them as ``third_countries.<name>``)."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import OECD_DAC, Findings, change_in_words, named, views_of_us_and_china
from japan_us.i18n import _
from japan_us.lazy import alt, charts, report

# One rule for "US ally", used by the chart and the prose alike: a country bound to the US by a
# mutual-defence treaty in the Indo-Pacific (Japan, South Korea, the Philippines, Australia
# through ANZUS: the allies the essay names there) or by the North Atlantic Treaty. The Rio
# Treaty, a hemispheric pact, is not counted. Every other country compared is in the Global South.
ALLIES = ["Japan", "South Korea", "Philippines", "Australia", "Germany", "United Kingdom"]
ALLY_RULE = "US allies: a mutual-defence treaty with the US in the Indo-Pacific or NATO membership"
GROUPS_BY_TREATY = {True: "US ally", False: "Global South"}


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
    v, aid = f.values, named(f.aid, "donor")
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
        source=_("{source}.").format(source=OECD_DAC),
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
        change = named(change, "donor").assign(role=change.role.map(_role))
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
        source=_("{source}.").format(source=OECD_DAC),
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
        views = named(views, "country", "view").assign(group=views.group.map(_group))
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

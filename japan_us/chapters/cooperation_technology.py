"""Chapter 4, cooperation: technology. Research spending, and the two countries' places in the
semiconductor supply chain."""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import Findings
from japan_us.i18n import _
from japan_us.lazy import alt, charts, report

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


def _chips(text: str) -> str:
    """A text of the CSET table (a stage, an input, a market size) in the current language."""
    return i18n.data_text("semiconductor_shares", text)


def technology(tables: dict, p: dict) -> Findings:
    """Research spending and the two countries' places in the chip supply chain."""
    all_rd = tables["rd_expenditure"].assign(country=lambda d: d.country.replace(WORLD_BANK_NAMES).map(i18n.term))
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
        "rd_others": report.join_and(
            [
                _("{country} {share:.2f}% ({year})").format(country=r.country, share=r.rd_pct_gdp, year=r.year)
                for r in others.itertuples()
            ]
        )
        or _("no other economy chosen"),
        "chip_jp_design": stage_share("JPN", "Design"),
        "chip_jp_fab": stage_share("JPN", "Fabrication"),
        "chip_us_design": stage_share("USA", "Design"),
        "chip_jp_inputs_over_50": int((jp_inputs.share_pct >= 50).sum()),
        "chip_jp_top_input": _chips(jp_inputs.segment.iloc[0]),
        "chip_jp_top_input_share": jp_inputs.share_pct.iloc[0],
    }
    stages = stages.assign(country=stages.country_code.map(CHIP_COUNTRIES).map(i18n.term))
    return Findings(
        values,
        rd=rd,
        ahead=others[others.rd_pct_gdp > japan].country.tolist(),
        stages=_in_words(stages),
        chip_countries=[i18n.term(CHIP_COUNTRIES[code]) for code in p["chip_countries"]],
        # every input Japan leads, as many as the title counts
        top_inputs=_in_words(jp_inputs[jp_inputs.share_pct >= 50]),
    )


def _in_words(rows):
    """The CSET table's texts a reader sees (stage or input, its kind, the market's size) in
    the current language (left as they are in English)."""
    if not i18n.is_japanese():
        return rows
    return rows.assign(
        **{c: rows[c].map(_chips, na_action="ignore") for c in ("segment", "input_type", "market_size_note")}
    )


def rd_chart(f: Findings) -> alt.TopLevelMixin:
    v, rd = f.values, f.rd
    tooltip = charts.tooltip(
        ("country:N", _("Economy")), ("year:Q", _("Year")), ("rd_pct_gdp:Q", _("R&D, % of GDP"), ".2f")
    )
    order = charts.subject_first(rd.country, i18n.term("Japan"))
    lines = charts.multi_line(
        rd, y=alt.Y("rd_pct_gdp:Q", title=_("% of GDP")), series="country",
        tooltip=tooltip, sort=order, emphasis=i18n.term("Japan"),
    )  # fmt: skip
    if f.ahead:
        names = report.join_and([c if i18n.is_japanese() else report.in_a_sentence(c) for c in f.ahead])
        title = _("Japan spends {share:.1f}% of GDP on R&D; only {names} spend more of those compared").format(
            share=v["rd_jp"], names=names
        )
    else:
        title = _("Japan spends {share:.1f}% of GDP on R&D; none of the others compared spend more").format(
            share=v["rd_jp"]
        )
    return charts.finish(
        lines,
        title=title,
        subtitle=_("Gross domestic expenditure on research and development, % of GDP, {first}–{last}").format(
            first=rd.year.min(), last=rd.year.max()
        ),
        source=_(
            "World Bank, World Development Indicators (GB.XPD.RSDV.GD.ZS, from the UNESCO Institute for Statistics)."
        ),
        note=_("The source has gaps; most series end in 2022."),
        description=_(
            "Line chart of R&D spending as a share of GDP for {count} economies; Japan {share:.2f}% in its latest year."
        ).format(count=len(order), share=v["rd_jp"]),
    )


def chips_chart(f: Findings) -> alt.TopLevelMixin:
    v, countries, top_inputs = f.values, f.chip_countries, f.top_inputs
    stages = [_chips(stage) for stage in STAGES]
    bars = (
        alt.Chart(f.stages)
        .mark_bar()
        .encode(
            x=alt.X("share_pct:Q", title=_("% of global market"), stack="zero"),
            y=alt.Y("segment:N", title=None, sort=stages, axis=alt.Axis(labelExpr=charts.two_line_labels(stages))),
            color=alt.Color(
                "country:N",
                title=None,
                sort=countries,
                legend=alt.Legend(columns=6),
                scale=charts.entity_scale(countries),
            ),
            order=alt.Order("share_pct:Q", sort="descending"),
            tooltip=charts.tooltip(
                ("segment:N", _("Stage")),
                ("country:N", _("Country")),
                ("share_pct:Q", _("% share"), ".0f"),
                ("market_size_note:N", _("Market size")),
            ),
        )
    )
    inputs = (
        alt.Chart(top_inputs)
        .mark_bar(color=palette.JAPAN_COLOR)
        .encode(
            x=alt.X("share_pct:Q", title=_("Japan's % of global market"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "segment:N", title=None, sort="-x", axis=alt.Axis(labelExpr=charts.two_line_labels(top_inputs.segment))
            ),
            tooltip=charts.tooltip(
                ("segment:N", _("Input")),
                ("share_pct:Q", _("Japan's % share"), ".0f"),
                ("input_type:N", _("Kind")),
                ("market_size_note:N", _("Market size")),
            ),
        )
    )
    leading = v["chip_jp_inputs_over_50"]
    return charts.finish(
        alt.vconcat(
            bars.properties(height=110, title=_("Stages: shares of the countries chosen")),
            inputs.properties(height=36 * len(top_inputs), title=_("Inputs where Japan holds half the market or more")),
        ),
        title=_("US firms lead chip design; Japanese firms lead {count} equipment and materials inputs").format(
            count=leading
        ),
        reserve=270,
        subtitle=_(
            "Shares of the global semiconductor market by stage and input, by headquarters country, about 2019–2020"
        ),
        source=_(
            "CSET, The Semiconductor Supply Chain: Assessing National Competitiveness (2021), "
            "via ETO Chip Explorer. CC BY-NC 4.0."
        ),
        note=_(
            "Fabrication share is logic capacity at 45 nm and below (2020). "
            "Non-commercial licence: not for commercial reuse."
        ),
        description=_(
            "Stacked bars of stage shares for {count} countries and bars of the {leading} inputs "
            "where Japan holds at least half of the global market."
        ).format(count=len(countries), leading=leading),
    )

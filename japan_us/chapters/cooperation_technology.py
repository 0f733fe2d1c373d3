"""Chapter 4, cooperation: technology. Research spending, and the two countries' places in the
semiconductor supply chain."""

from __future__ import annotations

from japan_us import palette
from japan_us.chapters.base import Findings
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

"""Chapter 3, frictions: Japanese investment and jobs in the United States."""

from __future__ import annotations

from japan_us.chapters.base import Findings
from japan_us.lazy import alt, charts, report

FDI_BASIS = {
    "ultimate_beneficial_owner": "By ultimate beneficial owner",
    "immediate_foreign_parent": "By immediate foreign parent",
    "not_stated": "On a basis its source does not state",
}


def investment(tables: dict) -> Findings:
    """Japanese direct investment and jobs in the United States: published observations."""
    fdi = tables["fdi_in_us_observations"]
    positions = fdi[(fdi.measure == "direct_investment_position") & (fdi.counterpart == "Japan")]
    positions = positions.assign(
        basis=positions.counterpart_basis.str.replace("_", " "),
        source_type=positions.source_type.str.replace("_", " "),
    )
    jobs = fdi[fdi.measure == "employment_majority_owned_US_affiliates"].set_index(["counterpart", "year"]).value
    latest = positions.sort_values("year").iloc[-1]
    by_owner = fdi[(fdi.year == latest.year) & (fdi.counterpart_basis == "ultimate_beneficial_owner")]
    by_owner = by_owner.set_index("counterpart").value
    rivals = [f"{name} (US${by_owner[name]:,.1f} billion)" for name in ("Canada", "Germany") if name in by_owner]
    values = {
        "fdi_japan_latest_bn": latest.value,
        "fdi_japan_latest_year": int(latest.year),
        "fdi_japan_latest_basis": latest.basis,
        "fdi_japan_latest_by": FDI_BASIS[latest.counterpart_basis],
        # said on the page: a figure no primary source was found for (data/fdi_in_us_observations.csv, note)
        "fdi_japan_latest_sourcing": "BEA's own figure"
        if latest.source_kind == "primary"
        else "BEA's figure as quoted by a secondary source; BEA's own page for it was not found",
        # the ranking by owner is published with each year's figures (BEA, July): a book dated
        # before it ends on a year without one
        "fdi_japan_rank": "ahead of " + report.join_and(rivals)
        if rivals
        else "a year for which the data hold no ranking of investing countries",
        "fdi_japan_2016_bn": positions.set_index("year").value[2016],
        "jobs_japan_2019": jobs[("Japan", 2019)],
        "jobs_japan_2012": jobs[("Japan", 2012)],
        "jobs_all_2021": jobs[("All countries", 2021)],
    }
    return Findings(values, positions=positions)


def investment_chart(f: Findings) -> alt.TopLevelMixin:
    v, positions = f.values, f.positions
    first, last = positions.year.min(), positions.year.max()
    dots = (
        alt.Chart(positions)
        .mark_point(filled=True, size=120)
        .encode(
            x=charts.year_axis("year", "Year-end", domain=[2002, 2026]),
            y=alt.Y("value:Q", title="US$ billion, historical cost"),
            shape=alt.Shape("basis:N", title="Country basis"),
            color=alt.Color("basis:N", title="Country basis"),
            tooltip=charts.tooltip(
                ("year:Q", "Year-end"),
                ("value:Q", "US$ billion", ",.1f"),
                ("basis:N", "Basis"),
                ("source_type:N", "Source type"),
                ("cited_document:N", "Cited document"),
                ("cited_document_date:N", "Vintage"),
            ),
        )
    )
    latest = v["fdi_japan_latest_bn"]
    return charts.finish(
        dots,
        title=f"Japan's direct investment in the US: published observations up to US${latest:,.0f} billion",
        subtitle=(
            "Japan's direct-investment position in the United States, US$ billion, historical cost, "
            f"published BEA figures {first}–{last}"
        ),
        source=(
            "U.S. Bureau of Economic Analysis, direct-investment positions, "
            "as published or quoted in the documents named in each tooltip."
        ),
        note=(
            "Separate observations of different vintages and country bases (immediate parent vs "
            "ultimate owner); not joined as a series. 2014 is a lower bound."
        ),
        description=(
            f"Scatter of {len(positions)} published observations of Japan's direct-investment position in the US "
            f"between {first} and {last}, the latest US${latest:,.1f} billion."
        ),
    )


def investment_events(tables: dict) -> report.HTML:
    events = tables["events"]
    invest = events[events.category.eq("investment_energy") | events.event_id.isin(["B1.8"])]
    return report.events_table(invest, caption="Investment commitments and decisions (dated facts)")

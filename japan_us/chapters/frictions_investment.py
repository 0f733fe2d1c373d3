"""Chapter 3, frictions: Japanese investment and jobs in the United States."""

from __future__ import annotations

from japan_us import i18n
from japan_us.chapters.base import Findings
from japan_us.chapters.frictions_trade import usd_bn
from japan_us.i18n import _, data_text, pgettext, term
from japan_us.lazy import alt, charts, report

FDI_BASIS = {
    "ultimate_beneficial_owner": "By ultimate beneficial owner",
    "immediate_foreign_parent": "By immediate foreign parent",
    "not_stated": "On a basis its source does not state",
}


def fdi_basis() -> dict[str, str]:
    """How a position is attributed to Japan, as a sentence opens with it, in the current language."""
    return {
        "ultimate_beneficial_owner": _("By ultimate beneficial owner"),
        "immediate_foreign_parent": _("By immediate foreign parent"),
        "not_stated": _("On a basis its source does not state"),
    }


def basis_words() -> dict[str, str]:
    """A position's country basis as the legend names it ("ultimate beneficial owner")."""
    return {
        "ultimate beneficial owner": pgettext("country basis", "ultimate beneficial owner"),
        "immediate foreign parent": pgettext("country basis", "immediate foreign parent"),
        "not stated": pgettext("country basis", "not stated"),
        "all countries": pgettext("country basis", "all countries"),
    }


def source_type_words() -> dict[str, str]:
    """How a position's document relates to BEA, as the tooltip says it ("BEA primary text")."""
    return {
        "BEA primary text": _("BEA primary text"),
        "BEA text via mirror": _("BEA text via mirror"),
        "USG document citing BEA": _("USG document citing BEA"),
        "secondary quoting BEA": _("secondary quoting BEA"),
        "secondary citing BEA": _("secondary citing BEA"),
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
    rivals = [
        _("{name} ({amount})").format(name=term(name), amount=usd_bn(by_owner[name]))
        for name in ("Canada", "Germany")
        if name in by_owner
    ]
    values = {
        "fdi_japan_latest_bn": latest.value,
        "fdi_japan_latest_year": int(latest.year),
        "fdi_japan_latest_basis": basis_words().get(latest.basis, latest.basis),
        "fdi_japan_latest_by": fdi_basis()[latest.counterpart_basis],
        # said on the page: a figure no primary source was found for (data/fdi_in_us_observations.csv, note)
        "fdi_japan_latest_sourcing": _("BEA's own figure")
        if latest.source_kind == "primary"
        else _("BEA's figure as quoted by a secondary source; BEA's own page for it was not found"),
        # the ranking by owner is published with each year's figures (BEA, July): a book dated
        # before it ends on a year without one
        "fdi_japan_rank": _("ahead of {rivals}").format(rivals=report.join_and(rivals))
        if rivals
        else _("a year for which the data hold no ranking of investing countries"),
        "fdi_japan_2016_bn": positions.set_index("year").value[2016],
        "jobs_japan_2019": jobs[("Japan", 2019)],
        "jobs_japan_2012": jobs[("Japan", 2012)],
        "jobs_all_2021": jobs[("All countries", 2021)],
    }
    values |= i18n.amounts(values, {key: ("USD", 1e9) for key in ("fdi_japan_latest_bn", "fdi_japan_2016_bn")})
    return Findings(values, positions=positions)


def investment_chart(f: Findings) -> alt.TopLevelMixin:
    v, positions = f.values, f.positions
    if i18n.is_japanese():
        bases, kinds = basis_words(), source_type_words()
        positions = positions.assign(
            basis=positions.basis.map(lambda b: bases.get(b, b)),
            source_type=positions.source_type.map(lambda k: kinds.get(k, k)),
            cited_document=[data_text("fdi_in_us_observations", d) for d in positions.cited_document],
            cited_document_date=positions.cited_document_date.str.replace(r"^c\.(\d{4})$", r"\1年頃", regex=True),
        )
    first, last = positions.year.min(), positions.year.max()
    dots = (
        alt.Chart(positions)
        .mark_point(filled=True, size=120)
        .encode(
            x=charts.year_axis("year", _("Year-end"), domain=[2002, 2026]),
            y=alt.Y("value:Q", title=_("US$ billion, historical cost")),
            shape=alt.Shape("basis:N", title=_("Country basis")),
            color=alt.Color("basis:N", title=_("Country basis")),
            tooltip=charts.tooltip(
                ("year:Q", _("Year-end")),
                ("value:Q", _("US$ billion"), ",.1f"),
                ("basis:N", _("Basis")),
                ("source_type:N", _("Source type")),
                ("cited_document:N", _("Cited document")),
                ("cited_document_date:N", _("Vintage")),
            ),
        )
    )
    latest = v["fdi_japan_latest_bn"]
    return charts.finish(
        dots,
        title=_("Japan's direct investment in the US: published observations up to {latest}").format(
            latest=usd_bn(latest) if i18n.is_japanese() else f"US${latest:,.0f} billion"
        ),
        subtitle=_(
            "Japan's direct-investment position in the United States, US$ billion, historical cost, "
            "published BEA figures {first}–{last}"
        ).format(first=first, last=last),
        source=_(
            "U.S. Bureau of Economic Analysis, direct-investment positions, "
            "as published or quoted in the documents named in each tooltip."
        ),
        note=_(
            "Separate observations of different vintages and country bases (immediate parent vs "
            "ultimate owner); not joined as a series. 2014 is a lower bound."
        ),
        description=_(
            "Scatter of {count} published observations of Japan's direct-investment position in the US "
            "between {first} and {last}, the latest {latest}."
        ).format(count=len(positions), first=first, last=last, latest=usd_bn(latest)),
    )


def investment_events(tables: dict) -> report.HTML:
    events = tables["events"]
    invest = events[events.category.eq("investment_energy") | events.event_id.isin(["B1.8"])]
    return report.events_table(invest, caption=_("Investment commitments and decisions (dated facts)"))

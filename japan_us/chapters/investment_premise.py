"""Chapter 3's investment section, the premise of the essay's investment narrative: did Japanese
firms keep building in the United States while American firms invested abroad?

BEA's figures, as published one document at a time, set the US direct-investment position abroad
against Japan's position in the United States and the jobs at Japanese-owned US affiliates. They
are observations of different vintages and bases, not one series: each keeps its document, and
the comparisons below say which years and bases they join.
"""

from __future__ import annotations

from typing import Any

from japan_us import i18n, palette
from japan_us.chapters.base import Findings
from japan_us.chapters.frictions_trade import usd_bn
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, pd

# (legend names short enough for a legend's line)
OUTWARD = "US investment abroad"
INWARD = "Foreign investment in the US"
JAPAN_IN_US = "Japan's investment in the US"
US_IN_JAPAN = "US investment in Japan"
SERIES_COLOURS = {  # the two US series apart: the US hue for all its investment abroad
    OUTWARD: palette.entity_colour("United States"),
    INWARD: palette.MUTED,
    JAPAN_IN_US: palette.JAPAN_COLOR,
    US_IN_JAPAN: palette.GREEN,
}
# How each row's document relates to BEA, as a reader is told it
SOURCE_KINDS = {
    "BEA_primary_text": "BEA",
    "BEA_text_via_mirror": "BEA (copy on another site)",
    "USG_document_citing_BEA": "BEA figure in a US government document",
    "secondary_quoting_BEA": "secondary report of a BEA figure",
    "secondary_citing_BEA": "secondary report of a BEA figure",
    "primary": "BEA",
}
FIRST_YEAR = 2004  # the first year with Japan's position in the data


def series_names() -> dict[str, str]:
    """The four series as the legend names them, in the current language."""
    return {
        OUTWARD: _("US investment abroad"),
        INWARD: _("Foreign investment in the US"),
        JAPAN_IN_US: _("Japan's investment in the US"),
        US_IN_JAPAN: _("US investment in Japan"),
    }


def source_kinds() -> dict[str, str]:
    """:data:`SOURCE_KINDS` in the current language."""
    words = {
        "BEA": pgettext("source kind", "BEA"),
        "BEA (copy on another site)": _("BEA (copy on another site)"),
        "BEA figure in a US government document": _("BEA figure in a US government document"),
        "secondary report of a BEA figure": _("secondary report of a BEA figure"),
    }
    return {kind: words[text] for kind, text in SOURCE_KINDS.items()}


def basis_words() -> dict[str, str]:
    """How each row attributes investment to a country, as the tooltip says it."""
    return {
        "not applicable": pgettext("country basis", "not applicable"),
        "all countries": pgettext("country basis", "all countries"),
        "ultimate beneficial owner": pgettext("country basis", "ultimate beneficial owner"),
        "immediate foreign parent": pgettext("country basis", "immediate foreign parent"),
        "not stated": pgettext("country basis", "not stated"),
        "country of affiliate": pgettext("country basis", "country of affiliate"),
    }


def investment_premise(tables: dict, p: dict) -> Findings:
    """US direct investment abroad against Japan's direct investment in the US and the jobs at
    Japanese-owned affiliates: the growth of each over the years both are observed, Japan's
    share of all foreign investment in the US, and the two countries' stakes in each other."""
    outward = _outward(tables["us_direct_investment_abroad_observations"], p["as_of"])
    fdi = tables["fdi_in_us_observations"]
    positions = fdi[fdi.measure == "direct_investment_position"]
    japan = positions[positions.counterpart == "Japan"].set_index("year").sort_index()
    inward = positions[positions.counterpart == "All countries"].set_index("year").sort_index()
    jobs = fdi[(fdi.measure == "employment_majority_owned_US_affiliates")]
    jp_jobs = jobs[jobs.counterpart == "Japan"].set_index("year").sort_index()
    all_jobs = jobs[jobs.counterpart == "All countries"].set_index("year").value.sort_index()
    world_out = outward[outward.counterpart == "All countries"].set_index("year").value_usd_bn
    in_japan = outward[outward.counterpart == "Japan"].set_index("year").value_usd_bn

    # both from the first year observed for both, each to its own latest observation
    first = min(set(japan.index) & set(world_out.index))
    jp_last, out_last = japan.index.max(), world_out.index.max()
    shared = sorted(set(japan.index) & set(inward.index))
    stake_year = int(sorted(set(japan.index) & set(in_japan.index))[-1])
    values = {
        "premise_first_year": int(first),
        "premise_jp_last_year": int(jp_last),
        "premise_jp_first_bn": japan.value[first],
        "premise_jp_last_bn": japan.value[jp_last],
        "premise_jp_multiple": japan.value[jp_last] / japan.value[first],
        "premise_out_last_year": int(out_last),
        "premise_out_first_bn": world_out[first],
        "premise_out_last_bn": world_out[out_last],
        "premise_out_multiple": world_out[out_last] / world_out[first],
        "premise_jp_bases": _bases(japan, [first, jp_last]),
        "premise_share_first_year": int(shared[0]),
        "premise_share_first": 100 * japan.value[shared[0]] / inward.value[shared[0]],
        "premise_share_last_year": int(shared[-1]),
        "premise_share_last": 100 * japan.value[shared[-1]] / inward.value[shared[-1]],
        "premise_out_in_year": int(out_last),
        "premise_out_in_ratio": world_out[out_last] / inward.value[out_last],
        "premise_stake_year": stake_year,
        "premise_jp_in_us_bn": japan.value[stake_year],
        "premise_us_in_jp_bn": in_japan[stake_year],
        "premise_stake_ratio": japan.value[stake_year] / in_japan[stake_year],
    } | _jobs(jp_jobs.value, all_jobs)
    values |= {
        "premise_faster": _faster(values["premise_jp_multiple"], values["premise_out_multiple"]),
        "premise_jobs_faster": _faster(values["premise_jobs_jp_growth_pct"], values["premise_jobs_all_growth_pct"]),
        "premise_jobs_jp_sources": pgettext("joining sources", " and ").join(
            sorted({source_kinds()[k] for k in jp_jobs.source_type})
        ),
    }
    values |= i18n.amounts(
        values,
        {
            key: ("USD", 1e9)
            for key in (
                "premise_jp_first_bn",
                "premise_jp_last_bn",
                "premise_out_first_bn",
                "premise_out_last_bn",
                "premise_jp_in_us_bn",
                "premise_us_in_jp_bn",
            )
        },
    )
    frame = pd.concat(
        [
            _rows(world_out.index, world_out, OUTWARD, outward.set_index("year").source_kind, "not applicable"),
            _rows(inward.index[inward.index >= FIRST_YEAR], inward.value, INWARD, inward.source_type, "all countries"),
            _rows(japan.index, japan.value, JAPAN_IN_US, japan.source_type, japan.counterpart_basis),
            _rows(in_japan.index, in_japan, US_IN_JAPAN, pd.Series("primary", in_japan.index), "country of affiliate"),
        ],
        ignore_index=True,
    )
    return Findings(values, frame=frame)


def _faster(growth: float, against: float) -> str:
    return _("faster than") if growth > against else _("no faster than")


def _outward(table: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """The outward observations published on or before the chapter's date."""
    return table[table.published <= pd.Timestamp(as_of)]


def _bases(japan: pd.DataFrame, years: list[int]) -> str:
    """How the two ends of Japan's comparison attribute investment to Japan, in words."""
    words = {
        "immediate_foreign_parent": _("immediate parent"),
        "ultimate_beneficial_owner": _("ultimate owner"),
        "not_stated": _("basis not stated"),
    }
    return pgettext("one part after another", ", ").join(
        _("{basis} for {year}").format(basis=words[japan.counterpart_basis[y]], year=y) for y in years
    )


def _jobs(japan: pd.Series, everyone: pd.Series) -> dict[str, Any]:
    """Jobs at majority-owned affiliates, Japanese-owned and all: first and last observation of
    each and the yearly growth between them (over each series' own years, which differ)."""
    values = {}
    for key, jobs in (("jp", japan), ("all", everyone)):
        first, last = int(jobs.index[0]), int(jobs.index[-1])
        values |= {
            f"premise_jobs_{key}_first_year": first,
            f"premise_jobs_{key}_first": jobs[first],
            f"premise_jobs_{key}_last_year": last,
            f"premise_jobs_{key}_last": jobs[last],
            f"premise_jobs_{key}_growth_pct": 100 * ((jobs[last] / jobs[first]) ** (1 / (last - first)) - 1),
        }
    return values


def _rows(years, values: pd.Series, series: str, kinds: pd.Series, basis) -> pd.DataFrame:
    years = list(years)
    basis = basis.reindex(years) if isinstance(basis, pd.Series) else [basis] * len(years)
    return pd.DataFrame(
        {
            "year": years,
            "usd_bn": list(values.reindex(years)),
            "series": series,
            "source": [SOURCE_KINDS.get(k, k) for k in kinds.reindex(years)],
            "basis": [str(b).replace("_", " ") for b in basis],
        }
    )


def investment_premise_chart(f: Findings) -> alt.TopLevelMixin:
    v, frame = f.values, f.frame
    names = series_names()
    colours = {names[series]: colour for series, colour in SERIES_COLOURS.items()}
    if i18n.is_japanese():
        kinds, bases = dict(zip(SOURCE_KINDS.values(), source_kinds().values(), strict=True)), basis_words()
        frame = frame.assign(
            series=frame.series.map(names),
            source=frame.source.map(lambda k: kinds.get(k, k)),
            basis=frame.basis.map(lambda b: bases.get(b, b)),
        )
    order = list(colours)
    base = alt.Chart(frame).encode(
        x=charts.year_axis(),
        y=alt.Y("usd_bn:Q", title=_("US$ billion, historical cost (log scale)"), scale=alt.Scale(type="log")),
        color=charts.colour_by("series", colours, legend=alt.Legend(columns=1)),  # long names: one a line
    )
    pick = charts.legend_selection("series")
    lines = base.mark_line(strokeDash=[4, 3]).encode(opacity=charts.picked(pick, 0.9, 0.1))
    points = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("series:N", sort=order, legend=None),
        opacity=charts.picked(pick, 1, 0.1),
        tooltip=charts.tooltip(
            ("series:N", _("Position")),
            ("year:Q", _("Year-end")),
            ("usd_bn:Q", _("US$ billion"), ",.1f"),
            ("basis:N", _("Attributed")),
            ("source:N", _("Source")),
        ),
    )
    first, jp_last, out_last = v["premise_first_year"], v["premise_jp_last_year"], v["premise_out_last_year"]
    return charts.finish(
        alt.layer(lines, points.add_params(pick)),
        title=_(
            "Japan's direct investment in the US grew {jp:.1f}-fold from {first} to "
            "{jp_last}; US direct investment abroad {out:.1f}-fold to {out_last}"
        ).format(
            jp=v["premise_jp_multiple"], first=first, jp_last=jp_last, out=v["premise_out_multiple"], out_last=out_last
        ),
        subtitle=_(
            "Direct-investment positions at year-end, US$ billion at historical cost, {first}–{last}, "
            "as BEA published them"
        ).format(first=frame.year.min(), last=frame.year.max()),
        source=_(
            "U.S. Bureau of Economic Analysis, direct-investment positions (releases, Survey of Current Business, "
            "blog), some figures as printed by the State Department or reported by others (in the tooltip)."
        ),
        note=_(
            "Points are published observations of different vintages; dashed lines only join them. For Japan "
            "the title compares two bases: {bases}."
        ).format(bases=v["premise_jp_bases"]),
        description=_(
            "Points and dashed lines, log scale: Japan's direct-investment position in the US went from "
            "{jp_first} in {first} to {jp_last_bn} in {jp_last}; the US position abroad from {out_first} to "
            "{out_last_bn} in {out_last}; in {stake_year} the US held {us_in_jp} in Japan."
        ).format(
            jp_first=usd_bn(v["premise_jp_first_bn"], 0),
            first=first,
            jp_last_bn=usd_bn(v["premise_jp_last_bn"], 0),
            jp_last=jp_last,
            out_first=usd_bn(v["premise_out_first_bn"], 0),
            out_last_bn=usd_bn(v["premise_out_last_bn"], 0),
            out_last=out_last,
            stake_year=v["premise_stake_year"],
            us_in_jp=usd_bn(v["premise_us_in_jp_bn"], 0),
        ),
    )

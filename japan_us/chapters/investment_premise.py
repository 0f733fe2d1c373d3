"""Chapter 3's investment section, the premise of the essay's investment narrative: did Japanese
firms keep building in the United States while American firms invested abroad?

BEA's figures, as published one document at a time, set the US direct-investment position abroad
against Japan's position in the United States and the jobs at Japanese-owned US affiliates. They
are observations of different vintages and bases, not one series: each keeps its document, and
the comparisons below say which years and bases they join.
"""

from __future__ import annotations

from typing import Any

from japan_us import palette
from japan_us.chapters.base import Findings
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
        "premise_jobs_jp_sources": " and ".join(sorted({SOURCE_KINDS[k] for k in jp_jobs.source_type})),
    }
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
    return "faster than" if growth > against else "no faster than"


def _outward(table: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """The outward observations published on or before the chapter's date."""
    return table[table.published <= pd.Timestamp(as_of)]


def _bases(japan: pd.DataFrame, years: list[int]) -> str:
    """How the two ends of Japan's comparison attribute investment to Japan, in words."""
    words = {
        "immediate_foreign_parent": "immediate parent",
        "ultimate_beneficial_owner": "ultimate owner",
        "not_stated": "basis not stated",
    }
    return ", ".join(f"{words[japan.counterpart_basis[y]]} for {y}" for y in years)


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
    order = list(SERIES_COLOURS)
    base = alt.Chart(frame).encode(
        x=charts.year_axis(),
        y=alt.Y("usd_bn:Q", title="US$ billion, historical cost (log scale)", scale=alt.Scale(type="log")),
        color=charts.colour_by("series", SERIES_COLOURS, legend=alt.Legend(columns=1)),  # long names: one a line
    )
    pick = charts.legend_selection("series")
    lines = base.mark_line(strokeDash=[4, 3]).encode(opacity=charts.picked(pick, 0.9, 0.1))
    points = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("series:N", sort=order, legend=None),
        opacity=charts.picked(pick, 1, 0.1),
        tooltip=charts.tooltip(
            ("series:N", "Position"),
            ("year:Q", "Year-end"),
            ("usd_bn:Q", "US$ billion", ",.1f"),
            ("basis:N", "Attributed"),
            ("source:N", "Source"),
        ),
    )
    first, jp_last, out_last = v["premise_first_year"], v["premise_jp_last_year"], v["premise_out_last_year"]
    return charts.finish(
        alt.layer(lines, points.add_params(pick)),
        title=(
            f"Japan's direct investment in the US grew {v['premise_jp_multiple']:.1f}-fold from {first} to "
            f"{jp_last}; US direct investment abroad {v['premise_out_multiple']:.1f}-fold to {out_last}"
        ),
        subtitle=(
            f"Direct-investment positions at year-end, US$ billion at historical cost, {frame.year.min()}–"
            f"{frame.year.max()}, as BEA published them"
        ),
        source=(
            "U.S. Bureau of Economic Analysis, direct-investment positions (releases, Survey of Current Business, "
            "blog), some figures as printed by the State Department or reported by others (in the tooltip)."
        ),
        note=(
            "Points are published observations of different vintages; dashed lines only join them. For Japan "
            f"the title compares two bases: {v['premise_jp_bases']}."
        ),
        description=(
            f"Points and dashed lines, log scale: Japan's direct-investment position in the US went from "
            f"US${v['premise_jp_first_bn']:,.0f} billion in {first} to US${v['premise_jp_last_bn']:,.0f} billion in "
            f"{jp_last}; the US position abroad from US${v['premise_out_first_bn']:,.0f} billion to "
            f"US${v['premise_out_last_bn']:,.0f} billion in {out_last}; in {v['premise_stake_year']} the US held "
            f"US${v['premise_us_in_jp_bn']:,.0f} billion in Japan."
        ),
    )

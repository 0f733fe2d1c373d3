"""Ranges on the book's modelled numbers, and the tornado charts of "How the numbers move".

A modelled number is computed from an assumption rather than read from data (what a tariff
would raise, what a defence target would cost, what the deal was worth, the LNG a target share
implies). Each is a :class:`Headline`: the glued value, the chapter's own section function that
computes it, and its assumptions, declared parameters of the chapter. For each assumption the
section function runs again with only that parameter moved across its range (one at a time,
the others at the chapter's values), so a point and its range come from one code path. It runs
inside the chapter's notebook, so the ranges are cached with the chapter and follow its
scenario: a book built with another ``tariff_rate`` ranges around that rate.

A range is a parameter's declared range unless the data name the values that matter (the
rates Japan was announced, threatened or charged; the shares of GDP the chapter prices; the
years the trade table holds). No literature range is used: the book's sources give no
sourced estimate of an import elasticity, and the page says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from japan_us import i18n, palette
from japan_us.chapters import COOPERATION, FRICTIONS, cooperation, frictions, tariff_sectors
from japan_us.chapters.base import Chapter, Findings
from japan_us.chapters.cooperation_energy import bcm
from japan_us.chapters.frictions_defence import TARGETS
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, pd, report
from japan_us.params import Param

GRID = 11  # settings tried across a float parameter's range, ends included
# Why a range is a parameter's declared range when the data named no values on the book's date
UNNAMED = "the parameter's declared range: the data named no values yet on the book's date"

# The words of the headlines and assumptions below are English constants, written where they
# are declared; a function in the current language writes each (Babel extracts the literals).
Words = Callable[[], str]


def unnamed() -> str:
    return _("the parameter's declared range: the data named no values yet on the book's date")


@dataclass(frozen=True)
class Assumption:
    param: str  # a declared parameter of the headline's chapter
    label: Words  # as a chart's axis names it: "Import elasticity"
    plural: Words  # as a sentence ranges over it: "import elasticities"
    basis: Words  # why this range, in words for the page
    # the settings the data name (tables, parameter -> values); empty or None: the declared range
    named: Callable[[dict, Param], list] | None = None
    # where a headline is proportional to a quantity each setting gives, the settings of its
    # least and most (tables, settings -> the two): the only ones its lowest and highest can be at
    extremes: Callable[[dict, list], list] | None = None
    years: bool = False  # its settings are years (2024年 in Japanese)


@dataclass(frozen=True)
class Headline:
    key: str  # the value the chapter glues
    chapter: Chapter
    section: Callable[[dict, dict], Findings]  # the chapter's function that computes it
    what: Words  # "The duty a flat tariff would raise"
    subject: Words  # as a chart's title names it: "the duty"
    unit: Words  # "US$ billion a year"
    amount: str  # one value in words in English: "US${:,.1f} billion"
    amount_ja: Callable[[float], str]  # one value in Japanese: 553億ドル
    source: Words  # the chart's source line
    assumptions: tuple[Assumption, ...]
    in_prose: str  # the assumption whose range the prose gives beside the point
    # an amount of money: its ends have Japanese twins for the prose (553億ドル); a volume is
    # glued as it is (17.8, the prose says bcm)
    twins: bool = True

    def shown(self, value: float) -> str:
        """One value as the language writes it: "US$55.3 billion", 553億ドル."""
        return self.amount_ja(value) if i18n.is_japanese() else self.amount.format(value)


def _billion_dollars(value: float) -> str:
    return i18n.japanese_amount(value * 1e9, "USD")


def _rates_for_japan(tables: dict, param: Param) -> list[float]:
    """The general rates announced, threatened or in force for Japan known on the chapter's date."""
    return sorted(float(rate) / 100 for rate in tables["japan_headline_tariff"].rate_pct.unique())


def _priced_targets(tables: dict, param: Param) -> list[float]:
    """The shares of GDP the chapter prices (NATO's 2% guideline to its 5% pledge)."""
    return [min(TARGETS) / 100, max(TARGETS) / 100]


def _years_of_japan_imports(tables: dict, param: Param) -> list[int]:
    """The years of US imports from Japan in the trade table, within the declared range."""
    trade = tables["us_goods_trade_annual"]
    years = trade.loc[trade.partner_code == "JPN", "year"].astype(int)
    low, high = param.bounds
    return sorted(y for y in years.unique().tolist() if low <= y <= high)


def _least_and_most(table: str, code: str, value: str) -> Callable[[dict, list], list]:
    """For a headline proportional to one of Japan's yearly values (a duty or a saving on a
    year's imports, a target's cost on a year's GDP), the years of ``years`` with the least and
    the most of it (tests/test_ranges.py runs every year). A year the table does not hold yet
    (the chapter's own, in a book dated before its release) is run as it is: the chapter
    decides what it reads for it."""

    def extremes(tables: dict, years: list[int]) -> list[int]:
        rows = tables[table]
        by_year = rows[rows[code] == "JPN"].set_index("year")[value]
        held = by_year.loc[[y for y in years if y in by_year.index]]
        ends = [int(held.idxmin()), int(held.idxmax())] if len(held) else []
        return sorted({*ends, *(y for y in years if y not in by_year.index)})

    return extremes


def _ends(tables: dict, settings: list) -> list:
    """For a headline proportional to the setting itself (a cost at a share of GDP)."""
    return [settings[0], settings[-1]]


ELASTICITY = Assumption(
    "import_elasticity",
    lambda: _("Import elasticity"),
    lambda: _("import elasticities"),
    lambda: _("the parameter's declared range: the book's sources give no sourced estimate"),
)
RATE = Assumption(
    "tariff_rate",
    lambda: _("Tariff rate"),
    lambda: _("tariff rates"),
    lambda: _("the general rates announced, threatened or in force for Japan"),
    _rates_for_japan,
)
BASE_YEAR = Assumption(
    "tariff_base_year",
    lambda: _("Year of imports"),
    lambda: _("years of imports"),
    lambda: _("every year of US imports from Japan in the trade table"),
    _years_of_japan_imports,
    _least_and_most("us_goods_trade_annual", "partner_code", "imports_musd"),
    years=True,
)

TARIFF_DUTY = Headline(
    "scenario_duty_bn",
    FRICTIONS,
    frictions.tariff_scenario,
    lambda: _("The duty a flat tariff on imports from Japan would raise"),
    lambda: _("the duty"),
    lambda: _("US$ billion a year"),
    "US${:,.1f} billion",
    _billion_dollars,
    lambda: _("U.S. Census Bureau, U.S. Trade in Goods by Country; calculation by this book."),
    (ELASTICITY, RATE, BASE_YEAR),
    "import_elasticity",
)
DEFENCE_TARGET_COST = Headline(
    "target_usd_bn",
    FRICTIONS,
    frictions.defense_target,
    lambda: _("What the defence target would cost Japan"),
    lambda: _("its cost"),
    lambda: _("US$ billion a year"),
    "US${:,.1f} billion",
    _billion_dollars,
    lambda: _("IMF World Economic Outlook (GDP, US dollars); calculation by this book."),
    (
        Assumption(
            "defense_target",
            lambda: _("Target share of GDP"),
            lambda: _("target shares"),
            lambda: _("the shares of GDP the chapter prices, NATO's 2% guideline to its 5% pledge"),
            _priced_targets,
            _ends,
        ),
        Assumption(
            "target_year",
            lambda: _("Year of GDP"),
            lambda: _("IMF GDP years"),
            lambda: _("the parameter's declared range; after 2024, IMF projections"),
            extremes=_least_and_most("weo_gdp_usd", "code", "gdp_usd_bn"),
            years=True,
        ),
    ),
    "target_year",
)
DEAL_WORTH = Headline(
    "deal_saving_bn",
    FRICTIONS,
    tariff_sectors.deal_by_sector,
    lambda: _("What the deal saved a year"),
    lambda: _("the saving"),
    lambda: _("US$ billion a year"),
    "US${:,.1f} billion",
    _billion_dollars,
    lambda: _("U.S. Census Bureau; The Budget Lab at Yale (shares under each authority); calculation by this book."),
    (BASE_YEAR,),
    "tariff_base_year",
)
LNG_TARGET = Headline(
    "target_bcm",
    COOPERATION,
    cooperation.lng,
    lambda: _("US LNG shipments a target share would imply"),
    lambda: _("the volume"),
    lambda: _("bcm of gas a year"),
    "{:.1f} bcm",
    bcm,
    lambda: _("Energy Institute, Statistical Review of World Energy (LNG trade); calculation by this book."),
    (
        Assumption(
            "lng_target_share",
            lambda: _("US share of Japan's LNG"),
            lambda: _("US shares"),
            lambda: _("the parameter's declared range, none to all of Japan's imports"),
        ),
    ),
    "lng_target_share",
    twins=False,
)
HEADLINES = (TARIFF_DUTY, DEFENCE_TARGET_COST, DEAL_WORTH, LNG_TARGET)


def settings(headline: Headline, assumption: Assumption, tables: dict, p: dict) -> tuple[list, str]:
    """The values an assumption is tried at, and why: those the data name, else a grid over the
    declared range; the chapter's own value always among them, so every range brackets its point."""
    param, point = headline.chapter.param_set.param(assumption.param, "ranges"), p[assumption.param]
    named = assumption.named(tables, param) if assumption.named else []
    if named:
        return sorted({*named, point}), assumption.basis()
    low, high = param.bounds
    if param.type is int:
        grid = list(range(low, high + 1))
    else:  # rounded so that 0.1 × 3 reads 0.3
        grid = [round(low + (high - low) * i / (GRID - 1), 10) for i in range(GRID)]
    return sorted({*grid, point}), unnamed() if assumption.named else assumption.basis()


def _shown(assumption: Assumption, param: Param, value) -> str:
    """A setting as a reader knows it (:meth:`Param.shown`); a year is 2024年 in Japanese."""
    text = param.shown(value)
    return f"{text}年" if assumption.years and i18n.is_japanese() else text


def swing(headline: Headline, assumption: Assumption, tables: dict, p: dict) -> dict[str, Any]:
    """The headline at each setting of one assumption, the others held at the chapter's values:
    its lowest and highest result and the settings that give them."""
    param = headline.chapter.param_set.param(assumption.param, "ranges")
    tried, basis = settings(headline, assumption, tables, p)
    run = assumption.extremes(tables, tried) if assumption.extremes else tried
    results = {s: headline.section(tables, p | {assumption.param: s}).values[headline.key] for s in run}
    low_at, high_at = min(results, key=results.get), max(results, key=results.get)
    first, last = param.shown(tried[0]), param.shown(tried[-1])
    # a span of years is 1985〜2025年 in Japanese: its own words
    span, across = (
        (pgettext("years", "{low} to {high}"), pgettext("years", "{things} from {low} to {high}"))
        if assumption.years
        else (_("{low} to {high}"), _("{things} from {low} to {high}"))
    )
    return {
        "param": assumption.param,
        "assumption": assumption.label(),
        "range": span.format(low=first, high=last),
        "across": across.format(things=assumption.plural(), low=first, high=last),
        "basis": basis,
        "low": results[low_at],
        "high": results[high_at],
        "low_at": _shown(assumption, param, low_at),
        "high_at": _shown(assumption, param, high_at),
        "low_setting": low_at,  # the parameter's values that give each end, as the chapter takes them
        "high_setting": high_at,
        "swing": results[high_at] - results[low_at],
    }


def moves(headline: Headline, tables: dict, p: dict) -> Findings:
    """How one modelled headline moves with each of its assumptions. Glues, beside the
    chapter's own point, the range across the assumption the prose names (``KEY_low``,
    ``KEY_high``, ``KEY_across``), every assumption's range and why (``KEY_ranges``), and the
    one that moves it most (``KEY_mover_...``)."""
    point = headline.section(tables, p).values[headline.key]
    swings = pd.DataFrame([swing(headline, a, tables, p) for a in headline.assumptions])
    swings = swings.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    named, top = swings.set_index("param").loc[headline.in_prose], swings.iloc[0]
    key = headline.key
    values = {
        f"{key}_low": named.low,
        f"{key}_high": named.high,
        f"{key}_across": named.across,
        f"{key}_ranges": pgettext("between ranges", "; ").join(
            _("{across} ({basis})").format(across=r.across, basis=r.basis) for r in swings.itertuples()
        ),
        f"{key}_mover_across": top.across,
        f"{key}_mover_low": top.low,
        f"{key}_mover_high": top.high,
    }
    if headline.twins and i18n.is_japanese():  # the amounts as Japanese writes them (553億ドル), for its prose
        ends = ("low", "high", "mover_low", "mover_high")
        values |= {f"{key}_{end}_ja": headline.shown(values[f"{key}_{end}"]) for end in ends}
    return Findings(values, swings=swings, point=point, headline=headline)


def glued(headline: Headline, tables: dict, p: dict) -> Findings:
    """:func:`moves`, glued for the chapter's prose, and its tornado glued as ``KEY_tornado``
    for the page "How the numbers move" (not shown in the chapter)."""
    found = moves(headline, tables, p).glued()
    report.glue_output(f"{headline.key}_tornado", tornado_chart(found))
    return found


def _row_labels(bars: pd.DataFrame) -> str:
    """The axis's ``labelExpr`` for the bars' rows: long English names on two lines, broken at
    a space; in Japanese (no spaces) the assumption in phrases that fit a phone's axis, then
    its range on a line of its own."""
    if not i18n.is_japanese():
        return charts.two_line_labels(bars.row)
    expression = "datum.label"
    for row, assumption, span in zip(bars.row, bars.assumption, bars.range, strict=True):
        lines = [*i18n.wrap(assumption, 16), _("({range})").format(range=span)]
        row, lines = (json.dumps(x, ensure_ascii=False) for x in (row, lines))
        expression = f"datum.label === {row} ? {lines} : {expression}"
    return expression


def tornado_chart(f: Findings) -> alt.TopLevelMixin:
    """One bar per assumption, from the headline's lowest to its highest result over the
    assumption's range, largest swing on top; a tick on each bar marks the chapter's point."""
    h, bars, point = f.headline, f.swings, f.point
    amount = h.shown
    bars = bars.assign(
        lowest=[amount(v) for v in bars.low],
        highest=[amount(v) for v in bars.high],
        row=[
            _("{assumption} ({range})").format(assumption=a, range=r)
            for a, r in zip(bars.assumption, bars.range, strict=True)
        ],
        point=point,
        at_point=amount(point),
    )
    y = alt.Y("row:N", title=None, sort=list(bars.row), axis=alt.Axis(labelExpr=_row_labels(bars)))
    tooltip = charts.tooltip(
        ("assumption:N", _("Assumption")),
        ("range:N", _("Tried from … to")),
        ("lowest:N", _("Lowest")),
        ("low_at:N", pgettext("the setting that gives the lowest", "… at")),
        ("highest:N", _("Highest")),
        ("high_at:N", pgettext("the setting that gives the highest", "… at")),
        ("basis:N", _("Range")),
        ("at_point:N", _("At this book's settings")),
    )
    span = (
        alt.Chart(bars)
        .mark_bar(color=palette.WINE, height={"band": 0.6})
        .encode(
            y=y,
            x=alt.X("low:Q", title=h.unit(), scale=alt.Scale(zero=False, nice=True)),
            x2=alt.X2("high"),
            tooltip=tooltip,
        )
    )
    # the point on every bar, from the same rows (one CSV under the chart)
    tick = (
        alt.Chart(bars)
        .mark_tick(color=palette.BLACK, thickness=3, size=28)
        .encode(y=y, x=alt.X("point:Q"), tooltip=tooltip)
    )
    top = bars.iloc[0]
    what = h.what()
    return charts.finish(
        alt.layer(span, tick).properties(height=44 * len(bars)),
        title=_("{assumption} moves {subject} most: {lowest} to {highest} over {range}").format(
            assumption=top.assumption, subject=h.subject(), lowest=top.lowest, highest=top.highest, range=top.range
        ),
        subtitle=_(
            "{what}, {unit}: lowest to highest over each assumption's range, the others held at "
            "this book's values; black mark: {point} at this book's settings"
        ).format(what=what, unit=h.unit(), point=amount(point)),
        source=h.source(),
        note=_("Each assumption is moved on its own; the ranges are explained on this page."),
        description=_("Tornado chart of {what}, {point} at this book's settings.").format(
            what=what[0].lower() + what[1:] if not i18n.is_japanese() else what, point=amount(point)
        )
        + "".join(  # each sentence after a space in English, none in Japanese
            _(" {assumption} over {range}: {lowest} to {highest}.").format(
                assumption=r.assumption, range=r.range, lowest=r.lowest, highest=r.highest
            )
            for r in bars.itertuples()
        ),
    )

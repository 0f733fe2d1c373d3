"""Chapter 3, bracing for frictions: defense spending, host-nation support, tariffs and trade.

This module declares the chapter and holds what it says of events since the essay; each section's
functions live in a module of their own (``frictions_defence``, ``frictions_trade``,
``frictions_investment``), and the notebook calls them all as ``frictions.<name>``.
"""

from __future__ import annotations

from japan_us.chapters.base import AS_OF, LANG, Chapter, Findings, codes
from japan_us.chapters.frictions_defence import (  # noqa: F401 (the notebook's calls)
    defense_target,
    defense_target_chart,
    definitions,
    definitions_chart,
    host_nation_support,
    host_nation_support_chart,
    host_nation_support_table,
    military_spending,
    military_spending_chart,
)
from japan_us.chapters.frictions_investment import investment, investment_chart, investment_events  # noqa: F401
from japan_us.chapters.frictions_trade import (  # noqa: F401 (the notebook's calls)
    collected_duties,
    collected_duties_chart,
    indirect_exposure,
    indirect_exposure_chart,
    statutory_rate,
    statutory_rate_chart,
    tariff_burden,
    tariff_burden_chart,
    tariff_scenario,
    tariff_scenario_chart,
    trade_balance,
    trade_balance_chart,
)
from japan_us.i18n import _
from japan_us.lazy import report
from japan_us.params import Param

FRICTIONS = Chapter(
    slug="frictions",
    notebook="03_frictions",
    title="Bracing for frictions: defense spending, host-nation support, tariffs and trade",
    essay_section="3(3)",
    tables=(
        "military_expenditure_sipri",
        "military_expenditure_nato",
        "weo_gdp_usd",
        "jpy_per_usd_annual",
        "japan_defense_budget_observations",
        "defense_benchmarks",
        "host_nation_support_observations",
        "us_goods_trade_annual",
        "us_duties_by_partner_monthly",
        "us_statutory_tariff_rate",
        "us_tariff_change_by_partner",
        "us_tariff_change_by_sector_japan",
        "japan_exports_by_destination",
        "investment_package",
        "japan_headline_tariff",
        "japan_auto_tariff",
        "events",
        "fdi_in_us_observations",
        "us_direct_investment_abroad_observations",
    ),
    params=(
        AS_OF,
        LANG,
        Param(
            "countries",
            list,
            ["USA", "KOR", "AUS", "GBR", "DEU", "FRA", "POL", "CHN"],
            "Economies compared with Japan on military spending (ISO3 codes in the SIPRI table)",
            choices=codes("military_expenditure_sipri", "iso3"),
        ),
        Param(
            "start_year",
            int,
            1990,
            "First year of the military-spending comparison",
            bounds=(1990, 2020),
        ),
        Param(
            "defense_target",
            float,
            0.035,
            "Defense-spending target as a share of GDP (0.035 means 3.5%) to price for Japan",
            bounds=(0.005, 0.10),
            percent=True,
        ),
        Param(
            "target_year",
            int,
            2027,
            "Year whose IMF GDP the target is applied to (after 2024: projection)",
            bounds=(2024, 2030),
        ),
        Param(
            "tariff_rate",
            float,
            0.15,
            "Tariff rate on all imports from Japan in the scenario (0.15 means 15%)",
            bounds=(0.0, 1.0),
            percent=True,
        ),
        Param(
            "tariff_base_year",
            int,
            2024,
            "Year of US imports from Japan the scenario tariff applies to",
            bounds=(1985, 2025),
        ),
        Param(
            "import_elasticity",
            float,
            0.0,
            "Assumed elasticity of import value to the tariff-inclusive price (0: no response)",
            bounds=(0.0, 5.0),
        ),
        Param(
            "trade_partners",
            list,
            ["CHN", "MEX", "VNM", "KOR", "DEU", "CAN"],
            "US trading partners compared with Japan (ISO3 codes in the Census table)",
            choices=codes("us_goods_trade_annual", "partner_code"),
        ),
    ),
)


def since_the_essay(tables: dict) -> Findings:
    """The headline tariff on Japan, step by step, and the dates of each step known on the
    chapter's date."""
    rate = tables["japan_headline_tariff"].set_index(["event_id", "status"]).rate_pct
    steps = {
        "tariff_announced": ("B1.3", "announced"),
        "tariff_threatened": ("B1.7", "threatened"),
        "tariff_agreed": ("B1.9", "in force"),
        "tariff_section122": ("B1.15", "in force"),
    }
    values = report.event_dates(tables["events"], ["B1.3", "B1.4", "B1.7", "B1.8", "B1.9", "B1.14", "B1.15"]) | {
        key: rate[step] for key, step in steps.items() if step in rate.index
    }
    return Findings(values)


def events_since(tables: dict) -> report.HTML:
    events = tables["events"]
    since = events[events.category.isin(["tariffs_trade", "defense"]) & (events.date >= "2024-11-05")]
    return report.events_table(
        since,
        caption=_(
            "Tariff and defense events since the essay (V = verified in the "
            "cited page; V* = verified with the caveat shown)"
        ),
        with_category=True,
    )

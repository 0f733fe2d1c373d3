"""The chapters of the report: notebook, essay section, tables read and parameters.

This is the single declaration of every chapter parameter. The notebooks' ``parameters``
cells are generated from it (``python -m japan_us sync-notebooks``), and a test fails if
a notebook drifts from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from japan_us import NOTEBOOK_DIR, data
from japan_us.params import Param, ParameterError, ParamSet


@dataclass(frozen=True)
class Chapter:
    slug: str
    notebook: str
    title: str
    essay_section: str
    tables: tuple[str, ...]
    params: tuple[Param, ...]

    @property
    def path(self) -> Path:
        return NOTEBOOK_DIR / f"{self.notebook}.ipynb"

    @property
    def param_set(self) -> ParamSet:
        return ParamSet(self.slug, self.params)


def _codes(table: str, column: str) -> Callable[[], list[str]]:
    """Allowed items for a list parameter: the codes present in a data table."""
    return lambda: data.column_values(table, column)


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
        "japan_headline_tariff",
        "events",
        "fdi_in_us_observations",
    ),
    params=(
        Param(
            "countries",
            list,
            ["USA", "KOR", "AUS", "GBR", "DEU", "FRA", "POL", "CHN"],
            "Economies compared with Japan on military spending (ISO3 codes in the SIPRI table)",
            choices=_codes("military_expenditure_sipri", "iso3"),
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
        ),
        Param(
            "target_year",
            int,
            2027,
            "Year whose IMF GDP the target is applied to (after 2024: projection)",
            bounds=(2024, 2030),
        ),
        Param(
            "fx_year",
            int,
            2025,
            "Year whose average yen-dollar rate converts dollars to yen",
            bounds=(1985, 2025),
        ),
        Param(
            "tariff_rate",
            float,
            0.15,
            "Tariff rate on all imports from Japan in the scenario (0.15 means 15%)",
            bounds=(0.0, 1.0),
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
            choices=_codes("us_goods_trade_annual", "partner_code"),
        ),
    ),
)

# Used by two chapters (Goals, Third countries): one declaration.
DONORS = Param(
    "donors",
    list,
    ["Japan", "United States", "Germany", "United Kingdom", "France"],
    "Aid donors compared (names in the OECD DAC table)",
    choices=_codes("oda_by_donor", "donor"),
)

POSTS = [
    "secretary_of_state",
    "secretary_of_defense",
    "ambassador_to_japan",
    "assistant_secretary_eap",
]

TRANSITION = Chapter(
    slug="transition",
    notebook="01_transition",
    title="Practical issues of the transition: how fast each administration reached Japan",
    essay_section="1",
    tables=("administrations", "transition_milestones", "confirmation_pace_observations", "events"),
    params=(
        Param(
            "administrations",
            list,
            ["bush41", "clinton", "bush43", "obama", "trump1", "biden", "trump2"],
            "Administrations compared (keys in the administrations table)",
            choices=_codes("administrations", "administration"),
        ),
        Param(
            "posts",
            list,
            POSTS,
            "Senate-confirmed posts whose vacancy is charted",
            choices=lambda: POSTS,
        ),
        Param(
            "as_of",
            dt.date,
            "2026-11-29",
            "Date of the record: confirmations and meetings after it count as not yet happened",
            bounds=("1989-01-20", "2026-12-31"),
        ),
    ),
)

GOALS = Chapter(
    slug="goals",
    notebook="02_goals",
    title="Japan's five basic goals, one indicator set each",
    essay_section="2",
    tables=(
        "us_troops_by_host",
        "pew_favorability",
        "japan_affinity_survey",
        "military_expenditure_sipri",
        "us_duties_by_partner_monthly",
        "oda_by_donor",
        "events",
    ),
    params=(
        Param(
            "start_year",
            int,
            1990,
            "First year shown in the time-series charts",
            bounds=(1950, 2020),
        ),
        Param(
            "hosts",
            list,
            ["JPN", "KOR", "DEU", "ITA", "GBR"],
            "Countries hosting US forces compared with Japan (ISO3 codes in the troops table)",
            choices=_codes("us_troops_by_host", "iso3"),
        ),
        DONORS,
        Param(
            "opinion_countries",
            list,
            ["JPN", "KOR", "AUS", "IND", "IDN", "PHL", "DEU", "GBR", "BRA", "NGA"],
            "Countries whose views of the US and China are compared (ISO3 codes in the Pew table)",
            choices=_codes("pew_favorability", "iso3"),
        ),
    ),
)

COOPERATION = Chapter(
    slug="cooperation",
    notebook="04_cooperation",
    title="Areas of cooperation: energy, technology and the investment package",
    essay_section="3(4)",
    tables=(
        "lng_us_exports_by_destination",
        "lng_japan_imports_by_source",
        "us_oil_gas_production",
        "gas_prices",
        "rd_expenditure",
        "semiconductor_shares",
        "investment_package",
        "events",
    ),
    params=(
        Param(
            "lng_target_share",
            float,
            0.2,
            "Target US share of Japan's LNG imports (0.2 means 20%), priced against 2024 volumes",
            bounds=(0.0, 1.0),
        ),
        Param(
            "start_year",
            int,
            2000,
            "First year of the production and price charts",
            bounds=(1990, 2020),
        ),
        Param(
            "rd_countries",
            list,
            ["USA", "JPN", "CHN", "KOR", "DEU"],
            "Economies compared on R&D spending (ISO3 codes in the World Bank table)",
            choices=_codes("rd_expenditure", "iso3"),
        ),
        Param(
            "chip_countries",
            list,
            ["USA", "JPN", "KOR", "TWN", "CHN", "NLD"],
            "Countries compared on semiconductor supply-chain shares (codes in the CSET table)",
            choices=_codes("semiconductor_shares", "country_code"),
        ),
    ),
)

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
            choices=_codes("military_expenditure_sipri", "iso3"),
        ),
        Param(
            "nato_allies",
            list,
            ["USA", "POL", "GBR", "FRA", "DEU", "ITA", "CAN", "ESP"],
            "NATO allies compared on defense burden (codes in the NATO table)",
            choices=_codes("military_expenditure_nato", "code"),
        ),
        DONORS,
        Param(
            "opinion_countries",
            list,
            ["JPN", "KOR", "AUS", "IND", "IDN", "PHL", "BRA", "NGA", "KEN", "MEX"],
            "Countries whose views of the US and China are followed over time (ISO3 codes in the Pew table)",
            choices=_codes("pew_favorability", "iso3"),
        ),
    ),
)

SCORECARD = Chapter(
    slug="scorecard",
    notebook="06_scorecard",
    title="Two years on: the essay against the record",
    essay_section="all",
    tables=(
        "claim_ledger",
        "events",
        "transition_milestones",
        "japan_headline_tariff",
        "us_duties_by_partner_monthly",
    ),
    params=(
        Param(
            "as_of",
            dt.date,
            "2026-11-29",
            "Date of the record: events after it are left out and later verdicts read 'too early to tell'",
            bounds=("2024-11-05", "2026-12-31"),
        ),
        Param(
            "categories",
            list,
            data.vocabulary("events", "category"),
            "Event categories shown on the timeline",
            choices=_codes("events", "category"),
        ),
    ),
)

CHAPTERS: tuple[Chapter, ...] = (
    TRANSITION,
    GOALS,
    FRICTIONS,
    COOPERATION,
    THIRD_COUNTRIES,
    SCORECARD,
)


def get(name: str) -> Chapter:
    """A chapter by slug (``frictions``) or notebook name (``03_frictions``)."""
    for chapter in CHAPTERS:
        if name in (chapter.slug, chapter.notebook):
            return chapter
    known = ", ".join(c.slug for c in CHAPTERS)
    raise ParameterError(f"unknown chapter {name!r}; chapters: {known}")


# The first line of the cell papermill injects after the ``parameters`` cell.
INJECTED_HEADER = "# Parameters"


def guard_parameters(name: str, shell=None) -> None:
    """First code a chapter runs, before its parameters cell: check papermill's injected cell
    before it executes.

    Papermill writes each ``-p NAME VALUE`` as a line of code, so a crafted name runs as
    code, and it only warns about unknown names. This registers an IPython input transformer
    that lets the injected cell run only if it assigns plain values to declared parameters;
    otherwise the cell is replaced by a ParameterError naming the problem, and nothing of
    it runs.
    """
    chapter = get(name)
    shell = shell or get_ipython()  # noqa: F821 (defined in a kernel)

    def japan_us_parameter_guard(lines: list[str]) -> list[str]:
        if not lines or lines[0].rstrip() != INJECTED_HEADER:
            return lines
        problem = chapter.param_set.check_injected_source("".join(lines))
        if problem is None:
            return lines
        message = f"chapter {chapter.slug!r}: {problem} (the injected parameters were not run)"
        return [f"raise __import__('japan_us.params').params.ParameterError({message!r})\n"]

    transformers = shell.input_transformers_cleanup
    transformers[:] = [t for t in transformers if getattr(t, "__name__", "") != japan_us_parameter_guard.__name__]
    transformers.append(japan_us_parameter_guard)


def setup_notebook(name: str, namespace: dict) -> dict:
    """First code a chapter runs after its parameters: validate them and scope data reads."""
    chapter = get(name)
    checked = chapter.param_set.validate_namespace(namespace)
    data.restrict_to(chapter.slug, chapter.tables)
    return checked

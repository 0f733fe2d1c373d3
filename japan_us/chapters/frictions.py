"""Chapter 3, bracing for frictions: defense spending, host-nation support, tariffs and trade."""

from __future__ import annotations

from japan_us.chapters import Chapter, codes
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
            choices=codes("us_goods_trade_annual", "partner_code"),
        ),
    ),
)

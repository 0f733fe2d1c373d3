"""Chapters execute with papermill's parameters (the project's runner, and plain papermill);
glued numbers follow the parameters; bad input is refused."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pandas as pd
import pytest
from conftest import ROOT, glued, run_cli

from japan_us import build, data, executor, metrics
from japan_us.chapters import CHAPTERS, FRICTIONS, ranges

trade = data.load("us_goods_trade_annual").set_index(["partner_code", "year"])
gdp = data.load("weo_gdp_usd").query("code == 'JPN'").set_index("year").gdp_usd_bn


def run_chapter(chapter, tmp_path, name, **params) -> dict:
    """Execute a chapter with the project's runner (papermill's parameters, forked from this
    warm process) and return the values it glued."""
    out = tmp_path / f"{chapter.slug}-{name}.ipynb"
    build.run_notebook(chapter, params, out, executor.Limits(cell=300))
    return glued(out)


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    return run_chapter(FRICTIONS, tmp_path_factory.mktemp("nb"), "defaults")


@pytest.fixture(scope="module")
def changed_run(tmp_path_factory):
    return run_chapter(
        FRICTIONS,
        tmp_path_factory.mktemp("nb"),
        "changed",
        tariff_rate=0.25,
        tariff_base_year=2025,
        import_elasticity=1.0,
        defense_target=0.05,
        target_year=2030,
        countries=["USA", "KOR"],
        start_year=2000,
        trade_partners=["CHN"],
    )


def test_defaults_glue_the_numbers_the_prose_uses(default_run):
    imports_2024 = trade.imports_musd[("JPN", 2024)] / 1000
    assert default_run["scenario_rate_pct"] == pytest.approx(15)
    assert default_run["scenario_duty_bn"] == pytest.approx(0.15 * imports_2024)
    assert default_run["target_usd_bn"] == pytest.approx(0.035 * gdp[2027])
    assert default_run["target_gdp_basis"] == "an IMF projection"
    assert default_run["comparison_count"] == len(FRICTIONS.param_set.defaults()["countries"])
    assert default_run["japan_share_latest"] == pytest.approx(1.37, abs=0.005)
    assert default_run["milex_start_year"] == 1990
    assert default_run["sma_expiry"] == "March 2027"
    assert default_run["tariff_agreed"] == 15 and default_run["tariff_announced"] == 24
    assert default_run["date_B1_14"] == "20 February 2026"


def test_changed_parameters_move_the_glued_values(default_run, changed_run):
    imports_2025 = trade.imports_musd[("JPN", 2025)] / 1000
    assert changed_run["scenario_rate_pct"] == pytest.approx(25)
    assert changed_run["scenario_imports_bn"] == pytest.approx(imports_2025)
    assert changed_run["scenario_imports_after_bn"] == pytest.approx(imports_2025 / 1.25)
    assert changed_run["scenario_duty_bn"] == pytest.approx(0.25 * imports_2025 / 1.25)
    assert changed_run["target_usd_bn"] == pytest.approx(0.05 * gdp[2030])
    assert changed_run["target_usd_bn"] > default_run["target_usd_bn"]
    assert changed_run["target_sipri_multiple"] == pytest.approx(5 / changed_run["sipri_share_pct"])
    assert changed_run["comparison_count"] == 2
    assert changed_run["milex_start_year"] == 2000
    assert changed_run["japan_share_start"] != default_run["japan_share_start"]
    assert changed_run["trade_partner_count"] == 2
    # Values that do not depend on the changed parameters stay put.
    assert changed_run["japan_share_latest"] == default_run["japan_share_latest"]
    assert changed_run["sma_total_bn"] == default_run["sma_total_bn"]


def _papermill(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "papermill", str(FRICTIONS.path), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_plain_papermill_refuses_an_unknown_name(tmp_path):
    proc = _papermill(str(tmp_path / "out.ipynb"), "-p", "tarif_rate", "0.25")
    assert proc.returncode != 0
    assert "unknown parameter 'tarif_rate' (did you mean 'tariff_rate'?)" in proc.stderr


def test_plain_papermill_refuses_a_wrong_type(tmp_path):
    proc = _papermill(str(tmp_path / "out.ipynb"), "-p", "tariff_rate", "abc")
    assert proc.returncode != 0
    assert "tariff_rate must be float, got str 'abc'" in proc.stderr


def test_plain_papermill_works_from_any_directory(tmp_path):
    proc = _papermill(str(tmp_path / "out.ipynb"), "-p", "tariff_rate", "0.3", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert glued(tmp_path / "out.ipynb")["scenario_rate_pct"] == pytest.approx(30)


def test_plain_papermill_as_of_an_earlier_day_skips_the_later_sections(tmp_path):
    """The deal's value needs the MOU and the ruling (2025-09 and 2026-02): on 15 July 2025
    plain papermill runs the chapter without that code, and without its values."""
    proc = _papermill(str(tmp_path / "out.ipynb"), "-p", "as_of", "2025-07-15")
    assert proc.returncode == 0, proc.stderr
    values = glued(tmp_path / "out.ipynb")
    assert "deal_saving_bn" not in values and "date_B1_8" not in values and "date_B1_7" in values
    skipped = [c for c in nbformat.read(tmp_path / "out.ipynb", as_version=4).cells if "deal_by_sector(" in c.source]
    assert skipped and all(not c.outputs for c in skipped)


def test_project_command_refuses_bad_parameters_before_any_kernel(tmp_path):
    out = tmp_path / "out.ipynb"
    for args, message in [
        (["-p", "tariff_rate", "abc"], "tariff_rate must be float"),
        (["-p", "tarif_rate", "0.2"], "unknown parameter 'tarif_rate'"),
        (["-p", "tariff_rate", "1.5"], "out of range"),
    ]:
        proc = run_cli("run", "frictions", *args, "-o", str(out))
        assert proc.returncode == 2 and message in proc.stderr
        assert not out.exists() and "Running" not in proc.stdout


def test_project_command_runs_one_chapter(tmp_path):
    out = tmp_path / "out.ipynb"
    proc = run_cli(
        "run",
        "frictions",
        "-p",
        "tariff_rate",
        "0.25",
        "-p",
        "countries",
        "USA,KOR",
        "-o",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    values = glued(out)
    assert values["scenario_rate_pct"] == pytest.approx(25) and values["comparison_count"] == 2


# ------------------------------------------------------------------ Transition and Goals

from japan_us.chapters import GOALS, TRANSITION  # noqa: E402

milestones = data.load("transition_milestones").merge(data.load("administrations"), on="administration")
milestones["days"] = (milestones.date - milestones.inauguration).dt.days
days = milestones.set_index(["administration", "milestone"]).days
PRESIDENTS = data.load("administrations").set_index("administration").president


def test_transition_defaults_measure_days_from_the_dates(tmp_path):
    v = run_chapter(TRANSITION, tmp_path, "defaults")
    first = days.xs("first_leaders_meeting", level="milestone")
    assert v["meeting_count"] == len(first)
    assert v["meeting_fastest_days"] == first.min() and v["meeting_slowest_days"] == first.max()
    assert v["meeting_biden_days"] == first["biden"] and v["meeting_trump2_days"] == first["trump2"]
    # Clinton's first meeting was also on day 86: the rank is shared, and both are named slowest
    tied = (first == first["biden"]).sum() > 1
    assert v["meeting_biden_rank"] == f"{'joint ' if tied else ''}{int((first < first['biden']).sum()) + 1}th"
    slowest = first[first == first.max()].index.map(PRESIDENTS)
    assert len(slowest) == 2 and all(f"{name}'s" in v["meeting_slowest"] for name in slowest)
    assert v["amb_biden_days"] == days[("biden", "ambassador_to_japan")]
    assert v["eap_trump2_days"] == days[("trump2", "assistant_secretary_eap")]
    assert v["not_found"] == int(
        milestones[milestones.milestone.isin(TRANSITION.param_set.defaults()["posts"])].date.isna().sum()
    )
    assert v["pending"] == 0


def test_transition_as_of_date_reopens_later_confirmations(tmp_path):
    v = run_chapter(TRANSITION, tmp_path, "mid2025", as_of="2025-06-01", administrations=["biden", "trump2"])
    assert v["meeting_count"] == 2
    assert v["eap_trump2_days"] == "n/a" and v["pending"] == 1  # DeSombre was confirmed in October 2025
    assert v["amb_trump2_days"] == days[("trump2", "ambassador_to_japan")]
    before = run_chapter(TRANSITION, tmp_path, "before", as_of="2024-12-31")
    assert before["meeting_trump2_days"] == "n/a" and before["meeting_count"] == 6


def test_goals_overview_and_parameters(tmp_path):
    troops = data.load("us_troops_by_host").set_index(["iso3", "year"]).troops_active_duty
    oda = data.load("oda_by_donor").set_index(["donor", "year"]).oda_usd_m_const2025
    v = run_chapter(GOALS, tmp_path, "defaults")
    last = int(data.load("us_troops_by_host").query("iso3 == 'JPN'").year.max())
    assert v["troops_jp_latest"] == troops[("JPN", last)] and v["troops_jp_year"] == last
    # withdrawals counted by definition: four decisions (orders, notices), two taken effect;
    # the Kananaskis G7, where the president left early, is not a withdrawal
    assert v["withdrawal_decisions"] == 4 and v["withdrawals_effective"] == 2
    assert v["us_oda_change_pct"] == pytest.approx(
        100 * (oda[("United States", 2025)] / oda[("United States", 2024)] - 1)
    )
    assert v["affinity_latest"] == pytest.approx(77.0)  # the preliminary 2025 Cabinet Office figure in the table
    assert v["donor_count"] == len(GOALS.param_set.defaults()["donors"])
    w = run_chapter(
        GOALS,
        tmp_path,
        "changed",
        start_year=2000,
        donors=["Japan", "Germany"],
        opinion_countries=["JPN", "KOR"],
    )
    assert w["troops_start_year"] == 2000 and w["troops_jp_start"] == troops[("JPN", 2000)]
    assert w["donor_count"] == 2 and w["opinion_count"] == 2
    assert w["troops_jp_latest"] == v["troops_jp_latest"]


# ------------------------------------------------------------------ Cooperation and Third countries

from japan_us.chapters import COOPERATION, THIRD_COUNTRIES  # noqa: E402


def test_cooperation_lng_target_follows_the_parameter(tmp_path):
    lng = data.load("lng_japan_imports_by_source").set_index(["source", "year"]).bcm
    total, from_us = lng[("Total (all exporters)", 2024)], lng[("US", 2024)]
    v = run_chapter(COOPERATION, tmp_path, "defaults")
    assert v["us_share_of_jp"] == pytest.approx(100 * from_us / total)
    assert v["target_bcm"] == pytest.approx(0.2 * total)
    assert v["target_change_bcm"] == pytest.approx(0.2 * total - from_us)
    assert v["package_share_pct"] == pytest.approx(100 * 36 / 550)
    w = run_chapter(
        COOPERATION,
        tmp_path,
        "changed",
        lng_target_share=0.35,
        start_year=2010,
        rd_countries=["JPN", "USA"],
    )
    assert w["target_bcm"] == pytest.approx(0.35 * total) and w["target_share_pct"] == pytest.approx(35)
    assert w["prod_start_year"] == 2010 and w["gas_prod_start"] != v["gas_prod_start"]


def test_third_countries_shares_and_ranks_follow_the_parameters(tmp_path):
    weo = data.load("weo_gdp_usd").set_index(["code", "year"]).gdp_usd_bn
    v = run_chapter(THIRD_COUNTRIES, tmp_path, "defaults")
    assert v["g7_end"] == pytest.approx(100 * weo[("G119", 2030)] / weo[("G001", 2030)])
    assert v["end_is_projection"] == "an IMF projection"
    assert v["indo_count"] == len(THIRD_COUNTRIES.param_set.defaults()["indo_pacific"])
    # Europe's count leaves out the United States and Canada, and counts only allies with data
    nato = data.load("military_expenditure_nato")
    year = nato[nato.year == nato.year.max()]
    europe = year[~year.code.isin(["NATO", "NATO_EUCA", "USA", "CAN"])]
    assert v["nato_europe_total"] == len(europe) and "USA" not in set(europe.code)
    assert v["nato_europe_at_2"] == int((europe.share_real_gdp_pct >= 2).sum())
    # the Global South count leaves out the allies outside it
    south = set(THIRD_COUNTRIES.param_set.defaults()["opinion_countries"]) - {"JPN", "KOR", "PHL", "AUS", "DEU", "GBR"}
    assert v["op_south_count"] == len(south) and "Japan" not in v["op_south_names"]
    w = run_chapter(
        THIRD_COUNTRIES,
        tmp_path,
        "changed",
        start_year=2000,
        end_year=2024,
        indo_pacific=["KOR", "AUS"],
    )
    assert w["g7_end"] == pytest.approx(100 * weo[("G119", 2024)] / weo[("G001", 2024)])
    assert w["end_is_projection"] == "actual" and w["gdp_start_year"] == 2000
    assert w["indo_count"] == 3  # Japan is always shown


# ------------------------------------------------------------------ Scorecard

from japan_us.chapters import SCORECARD  # noqa: E402


def test_scorecard_counts_verdicts_and_events_as_of_a_date(tmp_path):
    ledger, verdicts = data.load("claim_ledger"), data.load("claim_verdicts")
    events = data.load("events")
    # each claim is counted by its headline answer: borne out (an expectation), achieved (a goal
    # or a recommendation's aim)
    headline = ledger.kind.map(lambda kind: metrics.QUESTIONS[kind][-1])
    verdicts = verdicts.merge(ledger.assign(question=headline)[["claim_id", "question"]])
    latest = verdicts.sort_values("from_date").groupby("claim_id").tail(1)
    v = run_chapter(SCORECARD, tmp_path, "defaults")
    assert v["claims_total"] == len(ledger)
    assert v["claims_borne_out"] == int((latest.verdict == "borne out").sum())
    assert v["claims_not"] == int((latest.verdict == "not borne out").sum())
    assert v["claims_no_evidence"] == int((latest.verdict == "no evidence in the sources").sum()) >= 1
    early = run_chapter(SCORECARD, tmp_path, "early", as_of="2025-03-01", categories=["tariffs_trade", "defense"])
    cutoff = pd.Timestamp("2025-03-01")
    known = verdicts[verdicts.from_date <= cutoff].sort_values("from_date").groupby("claim_id").tail(1)
    assert early["claims_borne_out"] == int((known.verdict == "borne out").sum())
    assert early["claims_early"] == len(ledger) - len(known) + int((known.verdict == "too early to tell").sum())
    assert early["claims_borne_out"] < v["claims_borne_out"]
    in_window = events[
        (events.date >= "2024-11-05") & (events.date <= cutoff) & events.category.isin(["tariffs_trade", "defense"])
    ]
    assert early["timeline_count"] == len(in_window)
    # the first headline rate was announced on 2 April 2025
    assert early["story_other_steps"] == "No other rate had been announced, threatened or suspended"
    assert early["story_in_force_text"] == "No general US tariff rate on Japanese goods had yet taken effect"
    # only rates in force are chained: the 10% baseline from 5 April 2025, the agreed 15%, the
    # Section 122 10%; the announced 24%, threatened 25% and suspended 24% are not
    assert v["story_in_force"] == "10% → 15% → 10%"
    assert v["story_in_force_text"] == "Japan's general US tariff rate in force went 10% → 15% → 10%"
    assert "24% announced on 2 April 2025, 24% suspended on 9 April 2025" in v["story_other_steps"]
    assert "mostly came true" in v["ledger_summary"]
    # the edition's summary is not the record of an earlier day
    assert early["ledger_summary"].startswith("These are the verdicts the record supported on 1 March 2025")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.slug)
def test_notebooks_tell_the_story_and_the_package_does_the_work(chapter):
    """A chapter notebook is its prose plus short calls into its chapter module: code is at
    most 40% of its lines, no code line is longer than 100 characters, and no cell draws a
    chart, loads a table or defines a function itself."""
    cells = nbformat.read(chapter.path, as_version=4).cells
    code = [line for c in cells if c.cell_type == "code" for line in c.source.splitlines()]
    prose = [line for c in cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    assert len(code) <= 0.4 * (len(code) + len(prose)), f"{len(code)} code lines, {len(prose)} of prose"
    assert max(map(len, code)) <= 100
    for forbidden in ("import altair", "import pandas", "alt.", "pd.", "data.load", "def ", "lambda"):
        assert not [line for line in code if forbidden in line], forbidden


# ------------------------------------------------------------------ one book, one story

# Quantities two chapters both state, each under the key it glues it with. A key glued by two
# chapters is one quantity too (checked for every such key).
SAME_QUANTITY = [
    (("goals", "opinion_us_ahead"), ("third_countries", "opinion_us_ahead")),
    (("goals", "opinion_count"), ("third_countries", "opinion_count")),
    (("frictions", "japan_share_latest"), ("third_countries", "japan_share")),
    (("frictions", "milex_latest_year"), ("third_countries", "indo_year")),
    (("goals", "us_oda_gni_latest"), ("third_countries", "us_gni")),
    (("goals", "us_oda_year"), ("third_countries", "aid_year")),
]


def test_chapters_that_state_one_quantity_agree(tmp_path):
    """Two chapters never contradict each other (chapter 2 said the US led China in 9 of 10
    countries, chapter 5 in 8 of 10): every quantity both state has one value in both
    executed notebooks."""
    runs = {c.slug: run_chapter(c, tmp_path, "defaults") for c in CHAPTERS}
    for (a, key_a), (b, key_b) in SAME_QUANTITY:
        assert runs[a][key_a] == pytest.approx(runs[b][key_b]), f"{a}.{key_a} and {b}.{key_b} differ"
    slugs = list(runs)
    for i, a in enumerate(slugs):
        for b in slugs[i + 1 :]:
            for key in set(runs[a]) & set(runs[b]):
                assert runs[a][key] == runs[b][key], f"{key} is {runs[a][key]!r} in {a}, {runs[b][key]!r} in {b}"
    us_fall = runs["goals"]["us_oda_prev"] - runs["goals"]["us_oda_latest"]
    assert runs["third_countries"]["gap_fall_bn"] == pytest.approx(us_fall)


def test_the_chapter_glues_a_range_around_each_modelled_point(default_run, changed_run):
    """Under the project's runner the ranges are glued with the chapter, bracket its point, and
    move with its parameters (a 25% rate and an elasticity of 1 lower the top of the duty's range
    below the duty at no response)."""
    for run in (default_run, changed_run):
        for h in ranges.HEADLINES:
            if h.chapter is FRICTIONS:
                assert run[f"{h.key}_low"] <= run[h.key] <= run[f"{h.key}_high"], h.key
    assert changed_run["scenario_duty_bn_high"] == pytest.approx(0.25 * changed_run["scenario_imports_bn"])
    assert changed_run["scenario_duty_bn"] < changed_run["scenario_duty_bn_high"]
    assert default_run["scenario_duty_bn"] == default_run["scenario_duty_bn_high"]

"""Ranges on the modelled numbers (japan_us/chapters/ranges.py) and the page "How the numbers
move": each range brackets its point and comes from the chapter's own function, follows the
assumption's range and the scenario, and the page shows the chapter's glued point."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import pytest
from conftest import glued, run_cli
from test_build import _charts

from japan_us.chapters import FRICTIONS, frictions, ranges

PAGE = "book/how_numbers_move.html"


def inputs(headline: ranges.Headline, **values) -> tuple[dict, dict]:
    p = headline.chapter.param_set.validate(values)
    return headline.chapter.load_tables(p["as_of"]), p


@pytest.mark.parametrize("headline", ranges.HEADLINES, ids=lambda h: h.key)
def test_each_range_brackets_its_point(headline):
    tables, p = inputs(headline)
    found = ranges.moves(headline, tables, p)
    assert found.point == headline.section(tables, p).values[headline.key]
    for row in found.swings.itertuples():
        assert row.low <= found.point <= row.high, row.assumption
        assert row.low < row.high, f"{row.assumption} does not move {headline.key}"
    v = found.values
    assert v[f"{headline.key}_low"] <= found.point <= v[f"{headline.key}_high"]


@pytest.mark.parametrize("headline", ranges.HEADLINES, ids=lambda h: h.key)
def test_the_tornados_bars_come_from_the_chapters_own_function(headline):
    """Each bar's ends are the chapter's section function called at the settings that give them,
    and the chart draws exactly those rows, largest swing first."""
    tables, p = inputs(headline)
    found = ranges.moves(headline, tables, p)
    spec = ranges.tornado_chart(found).to_dict()
    (rows,) = spec["datasets"].values()
    assert [r["param"] for r in rows] == list(found.swings.param)
    assert [r["swing"] for r in rows] == sorted((r["swing"] for r in rows), reverse=True)
    for row in rows:
        for end in ("low", "high"):
            direct = headline.section(tables, p | {row["param"]: row[f"{end}_setting"]}).values[headline.key]
            assert row[end] == pytest.approx(direct), (row["param"], end)
        assert row["point"] == pytest.approx(found.point)


# A day before some years are in the data (the chapter's year of imports, later IMF
# projections); the deal is left out before its date
EARLY = {ranges.TARIFF_DUTY.key: "2024-11-05", ranges.DEFENCE_TARGET_COST.key: "2024-11-05"}


@pytest.mark.parametrize(
    "headline, assumption, as_of",
    [
        (h, a, day)
        for h in ranges.HEADLINES
        for a in h.assumptions
        if a.extremes
        for day in dict.fromkeys((None, EARLY.get(h.key)))
    ],
    ids=lambda x: getattr(x, "key", None) or getattr(x, "param", None) or str(x),
)
def test_running_only_the_extreme_settings_finds_what_running_every_setting_finds(headline, assumption, as_of):
    """Where an assumption names the settings a headline's lowest and highest must be at (a
    duty or a saving proportional to the year's imports), running every setting instead finds
    the same ends at the same settings."""
    tables, p = inputs(headline, **({"as_of": as_of} if as_of else {}))
    shortcut = ranges.swing(headline, assumption, tables, p)
    every = ranges.swing(headline, dataclasses.replace(assumption, extremes=None), tables, p)
    assert {k: shortcut[k] for k in ("low", "high", "low_setting", "high_setting", "range")} == {
        k: every[k] for k in ("low", "high", "low_setting", "high_setting", "range")
    }


def test_the_duty_range_is_the_elasticity_range_priced_by_the_chapter():
    """Elasticity 0 (no response) is the top of the duty's range, the declared top of 5 its
    bottom: the same duty the chapter glues at each."""
    tables, p = inputs(ranges.TARIFF_DUTY)
    v = ranges.moves(ranges.TARIFF_DUTY, tables, p).values
    at = {e: frictions.tariff_scenario(tables, p | {"import_elasticity": e}).values["scenario_duty_bn"] for e in (0, 5)}
    assert (v["scenario_duty_bn_low"], v["scenario_duty_bn_high"]) == (pytest.approx(at[5]), pytest.approx(at[0]))
    assert v["scenario_duty_bn_across"] == "import elasticities from 0 to 5"


def test_the_range_follows_the_assumptions_range():
    """A narrower declared range for the elasticity narrows the duty's range; a tariff table
    without the threatened 25% lowers the top of the rate's bar."""
    tables, p = inputs(ranges.TARIFF_DUTY)
    before = ranges.moves(ranges.TARIFF_DUTY, tables, p)
    narrower = tuple(
        dataclasses.replace(q, bounds=(0.0, 2.0)) if q.name == "import_elasticity" else q for q in FRICTIONS.params
    )
    headline = dataclasses.replace(ranges.TARIFF_DUTY, chapter=dataclasses.replace(FRICTIONS, params=narrower))
    after = ranges.moves(headline, tables, p)
    assert after.values["scenario_duty_bn_low"] > before.values["scenario_duty_bn_low"]
    assert after.values["scenario_duty_bn_across"] == "import elasticities from 0 to 2"
    rates = tables["japan_headline_tariff"]
    fewer = tables | {"japan_headline_tariff": rates[rates.rate_pct < 25]}
    rate = ranges.moves(ranges.TARIFF_DUTY, fewer, p).swings.set_index("param").loc["tariff_rate"]
    assert rate.range == "10% to 24%" != before.swings.set_index("param").range["tariff_rate"]
    at_24 = frictions.tariff_scenario(tables, p | {"tariff_rate": 0.24}).values["scenario_duty_bn"]
    assert rate.high == pytest.approx(at_24)


def test_a_range_the_data_do_not_name_yet_is_the_declared_range_and_says_so():
    """Before any rate for Japan was announced the rate's range is its declared one, and its
    reason says so rather than naming rates that did not exist yet."""
    tables, p = inputs(ranges.TARIFF_DUTY, as_of="2025-03-01")
    row = ranges.moves(ranges.TARIFF_DUTY, tables, p).swings.set_index("param").loc["tariff_rate"]
    assert row.range == "0% to 100%" and row.basis == ranges.UNNAMED


def test_a_scenario_centres_the_ranges_on_its_own_value():
    """At a 25% tariff the point is the chapter's duty at 25%, and every bar brackets it."""
    tables, p = inputs(ranges.TARIFF_DUTY, tariff_rate=0.25)
    found = ranges.moves(ranges.TARIFF_DUTY, tables, p)
    assert found.point == pytest.approx(frictions.tariff_scenario(tables, p).values["scenario_duty_bn"])
    assert ((found.swings.low <= found.point) & (found.point <= found.swings.high)).all()


def _text(page: str) -> str:
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", re.sub(r"<script.*?</script>", " ", main, flags=re.S))).split())


@pytest.mark.book
def test_the_page_and_the_chapter_show_the_chapters_point_and_range(built_book, build_dir):
    src = build_dir / "work" / "baseline" / "src" / "book" / "chapters"
    values = glued(src / "03_frictions.ipynb") | glued(src / "04_cooperation.ipynb")
    page = (built_book / PAGE).read_text()
    text = _text(page)
    chapter = _text((built_book / "book/chapters/03_frictions.html").read_text())
    duty, low, high = (values[f"scenario_duty_bn{end}"] for end in ("", "_low", "_high"))
    assert f"about US${duty:,.1f} billion a year" in text
    assert f"US${duty:,.1f} billion a year, between US${low:,.1f} and US${high:,.1f} billion across" in chapter
    assert f"at {values['target_bcm']:.1f} bcm a year" in text
    charts = dict(_charts(page))
    assert len(charts) == len(ranges.HEADLINES)
    points = sorted(next(iter(spec["datasets"].values()))[0]["point"] for spec in charts.values())
    assert points == pytest.approx(sorted(values[h.key] for h in ranges.HEADLINES))


@pytest.mark.book
def test_a_scenarios_book_centres_its_tornado_on_its_rate(built_book, build_dir):
    proc = run_cli("build", "-p", "frictions.tariff_rate", "0.25", env={"JAPAN_US_BUILD_DIR": str(build_dir)})
    assert proc.returncode == 0, proc.stderr
    name = "custom-frictions.tariff_rate-0.25"
    values = glued(build_dir / "work" / name / "src" / "book" / "chapters" / "03_frictions.ipynb")
    assert values["scenario_duty_bn"] == pytest.approx(0.25 * values["scenario_imports_bn"])  # elasticity 0
    page = (build_dir / "scenarios" / name / "html" / PAGE).read_text()
    duty = next(spec for _, spec in _charts(page) if "flat tariff" in spec["description"])
    rows = next(iter(duty["datasets"].values()))
    assert [r["point"] for r in rows] == pytest.approx([values["scenario_duty_bn"]] * len(rows))
    rate = next(r for r in rows if r["param"] == "tariff_rate")
    assert rate["high_setting"] == 0.25 and rate["high"] == pytest.approx(values["scenario_duty_bn"])
    assert f"about US${values['scenario_duty_bn']:,.1f} billion a year" in _text(page)


def test_the_browser_tests_open_the_page():
    from test_browser import PAGES

    assert PAGE in PAGES

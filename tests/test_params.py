"""Parameters: declared once, refused clearly when wrong, visible to papermill."""

from __future__ import annotations

import datetime as dt
import re
import time

import papermill
import pytest
import yaml

from japan_us import chapters, notebooks
from japan_us.params import ParameterError, read_yaml

FRICTIONS = chapters.FRICTIONS.param_set


def test_defaults_validate_and_are_returned_typed():
    values = FRICTIONS.validate({})
    assert values == FRICTIONS.defaults()
    assert isinstance(values["tariff_rate"], float)


def test_overrides_are_coerced():
    values = FRICTIONS.validate({"tariff_rate": 0, "countries": "USA, KOR"})
    assert values["tariff_rate"] == 0.0 and isinstance(values["tariff_rate"], float)
    assert values["countries"] == ["USA", "KOR"]


@pytest.mark.parametrize(
    "values,message",
    [
        ({"tarif_rate": 0.2}, "unknown parameter 'tarif_rate' (did you mean 'tariff_rate'?)"),
        ({"tariff_rate": "abc"}, "tariff_rate must be float, got str 'abc'"),
        ({"tariff_rate": True}, "tariff_rate must be float, got bool"),
        ({"start_year": 2000.5}, "start_year must be int, got float"),
        ({"tariff_rate": 1.5}, "tariff_rate = 1.5 is out of range (0.0 to 1.0)"),
        ({"target_year": 2031}, "target_year = 2031 is out of range (2024 to 2030)"),
        ({"countries": ["USA", "ATL"]}, "countries has unknown item(s) ['ATL']"),
        ({"countries": []}, "countries must name at least one item"),
        ({"trade_partners": [1, 2]}, "trade_partners must be list[str]"),
    ],
)
def test_bad_values_are_refused_with_the_reason(values, message):
    with pytest.raises(ParameterError) as err:
        FRICTIONS.validate(values)
    assert message in str(err.value)
    assert "chapter 'frictions'" in str(err.value)


def test_namespace_check_coerces_declared_names_and_can_run_again():
    namespace = FRICTIONS.defaults() | {"tariff_rate": 1, "In": [], "PARAMS": {}, "_": None}
    FRICTIONS.validate_namespace(namespace)
    assert namespace["tariff_rate"] == 1.0 and isinstance(namespace["tariff_rate"], float)
    FRICTIONS.validate_namespace(namespace)  # re-running the setup cell in a live kernel
    namespace["tariff_rate"] = "abc"
    with pytest.raises(ParameterError, match="tariff_rate must be float"):
        FRICTIONS.validate_namespace(namespace)


@pytest.mark.parametrize(
    "source,message",
    [
        (
            "# Parameters\n__import__('os').system('id')# = 1\n",
            "line 2 is not a parameter assignment",
        ),
        (
            "# Parameters\ntarif_rate = 0.3\n",
            "unknown parameter 'tarif_rate' (did you mean 'tariff_rate'?)",
        ),
        ("# Parameters\n_secret = 1\n", "unknown parameter '_secret'"),
        ("# Parameters\nopen = 1\n", "unknown parameter 'open'"),
        (
            "# Parameters\ntariff_rate = __import__('os').getpid()\n",
            "tariff_rate must be a plain value",
        ),
        ("# Parameters\nx\nimport os = 1\n", "not valid Python"),
        ("# Parameters\ntariff_rate = 0.3; import os\n", "line 2 is not a parameter assignment"),
    ],
)
def test_injected_cell_is_checked_before_it_runs(source, message):
    assert message in FRICTIONS.check_injected_source(source)


def test_injected_cell_of_plain_values_passes():
    assert FRICTIONS.check_injected_source("# Parameters\ntariff_rate = 0.3\ncountries = ['USA', 'KOR']\n") is None


class _Shell:
    def __init__(self):
        self.input_transformers_cleanup = []


def test_guard_replaces_a_bad_injected_cell_and_only_that_cell():
    shell = _Shell()
    chapters.guard_parameters("frictions", shell)
    chapters.guard_parameters("frictions", shell)  # re-run: still one guard
    [guard] = shell.input_transformers_cleanup
    bad = guard(["# Parameters\n", "__import__('os').system('id')# = 1\n"])
    assert len(bad) == 1 and bad[0].startswith("raise ") and "ParameterError" in bad[0]
    good = ["# Parameters\n", "tariff_rate = 0.3\n"]
    assert guard(good) == good
    other = ["import os\n"]  # any other cell is left alone
    assert guard(other) == other


@pytest.mark.parametrize(
    "values,message",
    [
        ({"countries": ["USA", "USA", "KOR"]}, "countries names ['USA'] more than once"),
        ({"tariff_rate": float("nan")}, "tariff_rate must be float"),
    ],
)
def test_repeated_items_and_nan_are_refused(values, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        FRICTIONS.validate(values)


def test_impossible_date_is_refused_with_the_parameter_named():
    with pytest.raises(ParameterError, match="as_of must be a real date written YYYY-MM-DD, got '2026-02-30'"):
        chapters.SCORECARD.param_set.validate({"as_of": "2026-02-30"})


# A "billion laughs": ten lines of YAML that expand to 9**10 items when walked or printed.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)
)


def test_huge_value_is_reported_short_and_fast():
    bomb = ["x"] * 9
    for _ in range(9):  # the same shape, made in Python (YAML refuses it as it is read)
        bomb = [bomb] * 9
    started = time.perf_counter()
    with pytest.raises(ParameterError) as err:
        FRICTIONS.validate({"tariff_rate": bomb})
    assert time.perf_counter() - started < 1 and len(str(err.value)) < 400


@pytest.mark.parametrize(
    "text",
    [ALIAS_BOMB, "description:\n" + "".join(f"  {line}\n" for line in ALIAS_BOMB.splitlines())],
    ids=["bomb", "bomb in a description"],
)
def test_yaml_alias_bomb_is_refused_as_it_is_read(text):
    started = time.perf_counter()
    with pytest.raises(yaml.YAMLError, match="expands to more than 100,000 values"):
        read_yaml(text)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "text,message",
    [
        ("a: &a [1, *a]\n", "an alias inside the value it names"),
        ("[" * 3000 + "]" * 3000, "nested deeper than 100 levels"),
    ],
)
def test_yaml_that_refers_to_itself_or_nests_too_deep_is_refused(text, message):
    with pytest.raises(yaml.YAMLError, match=message):
        read_yaml(text)


def test_yaml_aliases_within_the_bound_still_work():
    value = read_yaml("a: &rich [USA, KOR]\nb: *rich\n")
    assert value == {"a": ["USA", "KOR"], "b": ["USA", "KOR"]}


@pytest.mark.parametrize(
    "text,value",
    [
        ("1950", 1950),
        ("-3", -3),
        ("0", 0),
        ("0.25", 0.25),
        ("-0.25", -0.25),
        ("1_950", "1_950"),  # YAML 1.1 reads these as numbers; a reader would not
        ("0x7A0", "0x7A0"),
        ("03636", "03636"),
        ("32:30", "32:30"),
        ("1_0.5", "1_0.5"),
    ],
)
def test_yaml_reads_only_plainly_written_numbers_as_numbers(text, value):
    assert read_yaml(text) == value and type(read_yaml(text)) is type(value)


@pytest.mark.parametrize(
    "value",
    [
        "2025-07-15T00:00:00",
        "2025-07-15 00:00",
        dt.datetime(2025, 7, 15),
        "20250715",
        "2025-W29-2",
        "2025-196",
        " 2025-07-15",
        "2025-7-15",
        20250715,
    ],
)
def test_a_date_is_a_day_written_yyyy_mm_dd_and_nothing_else(value):
    with pytest.raises(ParameterError, match="chapter 'scorecard': as_of must be a real date written YYYY-MM-DD"):
        chapters.SCORECARD.param_set.validate({"as_of": value})


def test_a_date_from_yaml_or_text_is_kept_as_its_iso_string():
    for value in ["2025-07-15", dt.date(2025, 7, 15), read_yaml("2025-07-15")]:
        assert chapters.SCORECARD.param_set.validate({"as_of": value})["as_of"] == "2025-07-15"


def test_yaml_refuses_a_key_given_twice():
    with pytest.raises(yaml.YAMLError, match="key 'a' appears twice"):
        read_yaml("a: 1\na: 2\n")


def test_unknown_chapter_is_named():
    with pytest.raises(
        ParameterError,
        match="unknown chapter .friction.; chapters: transition, goals, frictions, cooperation, "
        "third_countries, scorecard",
    ):
        chapters.get("friction")


@pytest.mark.parametrize("chapter", chapters.CHAPTERS, ids=lambda c: c.slug)
def test_notebook_parameters_cell_matches_the_declaration(chapter):
    assert chapter.slug not in notebooks.out_of_sync(), "run: python -m japan_us sync-notebooks"


@pytest.mark.parametrize("chapter", chapters.CHAPTERS, ids=lambda c: c.slug)
def test_papermill_help_shows_every_parameter_with_type_and_meaning(chapter):
    inferred = {p["name"]: p for p in papermill.inspect_notebook(str(chapter.path)).values()}
    for param in chapter.params:
        assert param.name in inferred, f"papermill cannot parse {param.name} (no '=' in help texts)"
        assert inferred[param.name]["inferred_type_name"] == param.annotation
        assert inferred[param.name]["help"].startswith(param.help)


@pytest.mark.parametrize("chapter", chapters.CHAPTERS, ids=lambda c: c.slug)
def test_notebooks_are_committed_without_outputs(chapter):
    import nbformat

    nb = nbformat.read(chapter.path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)

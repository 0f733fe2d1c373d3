"""Parameters: declared once, refused clearly when wrong, visible to papermill."""
from __future__ import annotations

import papermill
import pytest

from japan_us import chapters, notebooks
from japan_us.params import ParameterError

FRICTIONS = chapters.FRICTIONS.param_set


def test_defaults_validate_and_are_returned_typed():
    values = FRICTIONS.validate({})
    assert values == FRICTIONS.defaults()
    assert isinstance(values["tariff_rate"], float)


def test_overrides_are_coerced():
    values = FRICTIONS.validate({"tariff_rate": 0, "countries": "USA, KOR"})
    assert values["tariff_rate"] == 0.0 and isinstance(values["tariff_rate"], float)
    assert values["countries"] == ["USA", "KOR"]


@pytest.mark.parametrize("values,message", [
    ({"tarif_rate": 0.2}, "unknown parameter 'tarif_rate' (did you mean 'tariff_rate'?)"),
    ({"tariff_rate": "abc"}, "tariff_rate must be float, got str 'abc'"),
    ({"tariff_rate": True}, "tariff_rate must be float, got bool"),
    ({"start_year": 2000.5}, "start_year must be int, got float"),
    ({"tariff_rate": 1.5}, "tariff_rate = 1.5 is out of range (0.0 to 1.0)"),
    ({"target_year": 2031}, "target_year = 2031 is out of range (2024 to 2030)"),
    ({"countries": ["USA", "ATL"]}, "countries has unknown item(s) ['ATL']"),
    ({"countries": []}, "countries must name at least one item"),
    ({"trade_partners": [1, 2]}, "trade_partners must be list[str]"),
])
def test_bad_values_are_refused_with_the_reason(values, message):
    with pytest.raises(ParameterError) as err:
        FRICTIONS.validate(values)
    assert message in str(err.value)
    assert "chapter 'frictions'" in str(err.value)


def test_namespace_check_catches_names_papermill_injected():
    namespace = FRICTIONS.defaults() | {"tarif_rate": 0.3, "In": [], "_": None}
    with pytest.raises(ParameterError, match="unknown parameter 'tarif_rate'"):
        FRICTIONS.validate_namespace(namespace)
    namespace = FRICTIONS.defaults() | {"tariff_rate": 1, "In": []}
    FRICTIONS.validate_namespace(namespace)
    assert namespace["tariff_rate"] == 1.0 and isinstance(namespace["tariff_rate"], float)


def test_unknown_chapter_is_named():
    with pytest.raises(ParameterError, match="unknown chapter .friction.; chapters: transition, goals, frictions, cooperation, third_countries, scorecard"):
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

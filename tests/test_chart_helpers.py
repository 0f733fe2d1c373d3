"""The chart helpers chapters share, and the speed rule they keep (issue 18): every chart
encoding is a typed channel object, never a string or dict that Altair must look up."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from altair.utils import core

from japan_us import charts, executor
from japan_us.chapters import CHAPTERS
from japan_us.chart_render import schema_error


def test_a_tooltip_has_a_line_per_row_in_order_with_its_title_and_format():
    rows = charts.tooltip(("country:N", "Country"), ("share_gdp_pct:Q", "% of GDP", ".2f"), ("date:T", "Day"))
    assert [row.to_dict() for row in rows] == [
        {"field": "country", "type": "nominal", "title": "Country"},
        {"field": "share_gdp_pct", "type": "quantitative", "title": "% of GDP", "format": ".2f"},
        {"field": "date", "type": "temporal", "title": "Day"},
    ]
    assert all(isinstance(row, alt.Tooltip) for row in rows)


class Untyped(TypeError):
    pass


@pytest.fixture
def typed_only(monkeypatch) -> None:
    """An encoding given to ``encode`` as a string (``"year:Q"``) or a dict (what
    ``alt.condition`` returns) raises: Altair searches its schema for the channel of each,
    about 1.5 ms a time, where a typed channel object skips the search. (Chapters run in
    forked processes, which inherit the patch.)"""
    wrap = core._ChannelCache._wrap_in_channel

    def typed(cache, obj, encoding):
        if isinstance(obj, (str, dict)):
            raise Untyped(f"{encoding}={obj!r} is not a typed channel")
        return wrap(cache, obj, encoding)

    monkeypatch.setattr(core._ChannelCache, "_wrap_in_channel", typed)


def test_an_encoding_written_as_a_string_is_caught(typed_only):
    alt.Chart().mark_point().encode(y=alt.Y("value:Q"))
    with pytest.raises(Untyped, match="x='year:Q'"):
        alt.Chart().mark_point().encode(x="year:Q")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.slug)
def test_every_chart_encoding_is_a_typed_channel(chapter, typed_only, tmp_path):
    job = executor.Job(chapter.slug, chapter.path, chapter.param_set.validate({}), tmp_path / "out.ipynb")
    [(_, outcome, _)] = executor.run_all([job], 1)
    if outcome.failure is not None:
        pytest.fail(f"{chapter.slug}: {outcome.failure.describe()}")
    assert outcome.charts, f"{chapter.slug} drew no chart"


def test_the_comparison_pages_chart_encodings_are_typed(typed_only):
    from test_comparison import AFTER, BEFORE, DEAL, notebook

    from japan_us import pages
    from japan_us.notebooks import Glued, glued_prose

    prose = glued_prose(notebook(DEAL))
    changes = pages._changes("frictions", Glued(BEFORE, prose), Glued(AFTER, prose), set())
    assert pages._largest_changes_chart(changes) is not None


def test_the_schema_check_finds_a_bad_row_anywhere_in_a_dataset():
    """The check validates one row of each type of a dataset (the same verdict, a third of
    the time): a row of another type, wherever it is, still fails the chart."""
    frame = pd.DataFrame({"year": range(2000, 2300), "value": range(300)})
    spec = alt.Chart(frame).mark_line().encode(x=alt.X("year:O"), y=alt.Y("value:Q")).to_dict(validate=False)
    assert schema_error(spec) is None
    [name] = spec["datasets"]
    for bad_row in (None, 3.5, "text", [1, 2]):
        rows = spec["datasets"][name]
        broken = spec | {"datasets": {name: [*rows[:150], bad_row, *rows[150:]]}}
        problem = schema_error(broken)
        assert problem is not None and "is not valid Vega-Lite: $.datasets" in problem, (bad_row, problem)

"""A sweep's table: one row per point (its parameters, status and error, then every value the
chapter glued), written as CSV and Parquet with a Frictionless descriptor
(``datapackage.json``). It depends only on the points, so the same points give the same bytes
(:mod:`japan_us.sweep` runs them).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from japan_us import EDITION, files
from japan_us.params import Param

if TYPE_CHECKING:
    import pandas as pd

    from japan_us.sweep import Plan, Ran

TABLE = "sweep"  # sweep.csv, sweep.parquet, described by datapackage.json
BOOKKEEPING = ("point", "status", "error")


def _cell(value: Any) -> Any:
    """A parameter or glued value as one cell: a list as "USA, KOR" (as japan_us.results writes it)."""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, (dict, tuple, set)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def rows(plan: Plan, ran: dict[int, Ran]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One row per finished point, in the plan's order: point, status, error, the parameters,
    then every value the chapter glued (named ``glued_<name>`` where a parameter has the name).
    Also each glued value's column and the first sentence of the chapter that prints it."""
    from japan_us.notebooks import glued_prose, glued_values

    params = [p.name for p in plan.chapter.params]
    out, printed = [], {}
    for index in sorted(ran):
        result = ran[index]
        row = {"point": index, "status": "ok" if result.notebook else "failed", "error": result.error}
        row |= {name: _cell(plan.points[index][name]) for name in params}
        if result.notebook is not None:
            values = glued_values(result.notebook)
            columns = {name: f"glued_{name}" if name in params or name in BOOKKEEPING else name for name in values}
            row |= {columns[name]: _cell(value) for name, value in values.items()}
            if not set(columns.values()) <= set(printed):  # (parsing the prose of every point would double the time)
                prose = glued_prose(result.notebook)
                for name, column in columns.items():
                    printed.setdefault(column, prose[name].sentence if name in prose else "")
        out.append(row)
    return out, printed


def frame(plan: Plan, ran: dict[int, Ran]) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The table and its Frictionless fields (type, description, and constraints for parameters)."""
    import pandas as pd

    table_rows, printed = rows(plan, ran)
    params = {p.name: p for p in plan.chapter.params}
    columns = list(BOOKKEEPING) + list(params) + list(printed)
    table = pd.DataFrame(table_rows, columns=columns)
    fields = []
    for column in columns:
        kind = _kind(table[column], params.get(column))
        table[column] = table[column].astype(_DTYPES[kind]) if kind in _DTYPES else table[column]
        fields.append({"name": column, "type": kind, **_meaning(plan, column, params.get(column), printed)})
    return table, fields


_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string", "date": "string"}


def _kind(column: pd.Series, param: Param | None) -> str:
    """The Frictionless type of a column: a parameter's declared type, else what its values are."""
    if param is not None:
        return {int: "integer", float: "number", bool: "boolean", dt.date: "date"}.get(param.type, "string")
    present = column.dropna()
    kinds = {type(v) for v in present}
    if kinds and kinds <= {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer"
    if kinds and kinds <= {int, float}:
        return "number"
    return "string"


def _meaning(plan: Plan, column: str, param: Param | None, printed: dict[str, str]) -> dict[str, Any]:
    fixed = {
        "point": ("The point's number in the sweep (its order in the grid or the draw)", {"required": True}),
        "status": ("ok, or failed: the chapter raised or drew an invalid chart", {"enum": ["ok", "failed"]}),
        "error": ("Why the point failed (the cell and its error), empty when ok", {}),
    }
    if column in fixed:
        description, constraints = fixed[column]
        return {"description": description, **({"constraints": constraints} if constraints else {})}
    if param is not None:
        role = "varied by the sweep" if column in plan.varied else "held fixed"
        meaning = {"description": f"Parameter ({role}): {param.help}"}
        if param.bounds:
            low, high = param.bounds
            meaning["constraints"] = {"minimum": low, "maximum": high}
        return meaning
    sentence = printed.get(column, "")
    where = f"The chapter prints it in: {sentence}" if sentence else "Not printed in the chapter's own prose."
    name = column.removeprefix("glued_") if column.startswith("glued_") else column
    return {"description": f"Value {name!r} glued by {plan.chapter.notebook}. {where}"}


def descriptor(plan: Plan, fields: list[dict[str, Any]], rows_written: int) -> dict[str, Any]:
    """The Frictionless Data Package describing the sweep's table, as data/datapackage.json does."""
    schema = {"fields": fields, "primaryKey": ["point"]}
    notebook = f"notebooks/{plan.chapter.notebook}.ipynb"
    common = {
        "title": f"Sweep of {plan.chapter.title}: {rows_written} of {len(plan.points)} point(s)",
        "description": (
            f"One row per run of {notebook} (edition {EDITION}) at a point of the sweep: its parameters, its status, "
            f"then every value the chapter glued. Varied: {', '.join(plan.varied)}; the others held fixed."
        ),
        "sources": [{"title": f"{notebook}, run by japan_us sweep", "path": notebook}],
        "schema": schema,
    }
    return {
        "name": f"sweep-{plan.chapter.slug}-{plan.digest()}",
        "title": common["title"],
        "resources": [
            {"name": TABLE, "path": f"{TABLE}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             **common},
            {"name": f"{TABLE}-parquet", "path": f"{TABLE}.parquet", "format": "parquet",
             "mediatype": "application/vnd.apache.parquet", **common},
        ],
    }  # fmt: skip


def write_table(plan: Plan, ran: dict[int, Ran], target: Path) -> None:
    """sweep.csv, sweep.parquet and datapackage.json, each written whole (atomically)."""
    table, fields = frame(plan, ran)
    parquet = io.BytesIO()
    table.to_parquet(parquet, index=False)
    files.write_atomically(target / f"{TABLE}.csv", table.to_csv(index=False, lineterminator="\n").encode())
    files.write_atomically(target / f"{TABLE}.parquet", parquet.getvalue())
    package = json.dumps(descriptor(plan, fields, len(table)), indent=2, ensure_ascii=False) + "\n"
    files.write_atomically(target / "datapackage.json", package.encode())

"""Load a table from ``data/`` by name, validated against ``data/datapackage.json``.

Validation is strict: the header must match the descriptor's fields exactly, every cell
must parse as its field's type and meet its constraints, and the primary key must be
unique. Nothing is coerced or dropped silently; the first errors found are reported with
the file, the line and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import json
import math
import re
from pathlib import Path
from re import _compiler, _parser  # a pattern's syntax tree (see _pattern_problem)
from re import _constants as _c
from typing import TYPE_CHECKING

from japan_us import DATA_DIR

if TYPE_CHECKING:  # pandas is imported where a table is built: a build that reuses every
    import pandas as pd  # chapter never needs it, and starts faster

MAX_ERRORS_SHOWN = 10
_TRUE, _FALSE = {"true", "True", "1"}, {"false", "False", "0"}


class DataError(ValueError):
    """A table does not match its descriptor."""


class _ChapterScope:
    """Which tables the running chapter has declared (``None``: no restriction).

    A chapter's build cache hashes the tables it declares, so a chapter reading an
    undeclared table would be reused after that table changed; refusing the read
    keeps the declaration honest.
    """

    declared: tuple[str, ...] | None = None
    chapter: str | None = None


def restrict_to(chapter: str, tables: tuple[str, ...]) -> None:
    _ChapterScope.chapter, _ChapterScope.declared = chapter, tables


@functools.lru_cache(maxsize=1)
def descriptor(data_dir: Path = DATA_DIR) -> dict:
    """The data package, checked for what loading relies on: every resource has a name, a
    path and a schema whose fields have a name and a known type."""
    path = data_dir / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}, line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read: {exc}") from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise DataError(f"{path}: expected an object with a list of 'resources'")
    for i, res in enumerate(resources):
        _check_resource(res, f"{path}, resource {i + 1}")
    return package


def _check_resource(res: object, where: str) -> None:
    if not isinstance(res, dict) or not all(isinstance(res.get(k), str) for k in ("name", "path")):
        raise DataError(f"{where}: needs a 'name' and a 'path'")
    where = f"{where} ({res['name']!r})"
    fields = res.get("schema", {}).get("fields") if isinstance(res.get("schema"), dict) else None
    if not isinstance(fields, list) or not fields:
        raise DataError(f"{where}: needs a 'schema' with a list of 'fields'")
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise DataError(f"{where}: every field needs a 'name'")
        if field.get("type") not in _PARSERS:
            raise DataError(
                f"{where}, field {field['name']!r}: unknown type {field.get('type')!r}; known: {', '.join(_PARSERS)}"
            )
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            raise DataError(f"{where}, field {field['name']!r}: 'constraints' must be an object")
        if "pattern" in constraints:
            problem = _pattern_problem(constraints["pattern"])
            if problem:
                raise DataError(f"{where}, field {field['name']!r}: pattern {constraints['pattern']!r} {problem}")
    if "knownFrom" in res:
        problem = _known_from_problem(res["knownFrom"], {f["name"]: f["type"] for f in fields})
        if problem:
            raise DataError(f"{where}: knownFrom {problem}")


_LAGS = {"years", "months", "days"}


def _known_from_problem(rule: object, types: dict[str, str]) -> str | None:
    """Why a table's ``knownFrom`` (see :func:`published`) cannot be used, or None. The
    rule must say why and on whose word (``basis``, ``source``): a reader checks it there."""
    if not isinstance(rule, dict):
        return "must be an object"
    if not all(isinstance(rule.get(k), str) and rule[k].strip() for k in ("basis", "source")):
        return "needs a 'basis' (the rule in words) and a 'source' (where the release dates come from)"
    ways = [k for k in ("column", "date", "period") if k in rule]
    if len(ways) != 1:
        return "needs exactly one of 'column', 'date' or 'period'"
    columns = [rule["column"]] if "column" in rule else []
    if "period" in rule:
        period, lag = rule["period"], rule.get("lag")
        if not isinstance(period, dict) or "year" not in period:
            return "'period' needs a 'year' column"
        columns += [period["year"]] + ([period["month"]] if isinstance(period.get("month"), str) else [])
        if (
            not isinstance(lag, dict)
            or not lag
            or set(lag) - _LAGS
            or not all(isinstance(v, int) for v in lag.values())
        ):
            return f"'period' needs a 'lag' of whole {', '.join(sorted(_LAGS))}"
    dates = [rule["date"]] if "date" in rule else []
    if "projections" in rule:
        projections = rule["projections"]
        if not isinstance(projections, dict) or types.get(projections.get("column")) != "boolean":
            return "'projections' needs a boolean 'column' and the vintage's 'date'"
        dates.append(projections.get("date"))
    unknown = [c for c in columns if c not in types]
    if unknown:
        return f"names no field {unknown[0]!r}"
    if "column" in rule and types[rule["column"]] != "date":
        return f"column {rule['column']!r} must be a date field"
    for day in dates:
        try:
            parse_date(day)
        except ValueError:
            return f"date {day!r} is not a day YYYY-MM-DD"
    return None


# A pattern is checked before any cell meets it: Python's regular expressions backtrack, and
# a pattern such as (a+)+$ takes exponential time on a cell like "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
# (nothing can interrupt the match once it runs). Exponential time needs a repeated part that
# can split the same text into repetitions in more than one way; a repeated part of varying
# length is safe when it starts with a character that nothing else in it matches, as in
# (;[AB]\d+)* or (\.[a-z]+)*. Anything else repeated must have a fixed length.
_SINGLE = {_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY}
_SAMPLE = [chr(i) for i in range(0x1000)]  # where the characters two parts match are compared


def _pattern_problem(pattern: object) -> str | None:
    """Why a descriptor pattern cannot be used, or None."""
    if not isinstance(pattern, str):
        return "must be text (a regular expression)"
    try:
        tree = _parser.parse(pattern)
    except re.error as exc:
        return f"is not a regular expression: {exc}"
    for body in _repeated_parts(tree):
        if _varies(body) and not _starts_with_a_delimiter(body):
            return (
                "can take exponential time: a repeated part can match the same text in more than one "
                "way (as in (a+)+); repeat parts of a fixed length, or starting with a character "
                "nothing else in them matches"
            )
    return None


def _children(av) -> list:
    """The sub-patterns of one node of a parsed pattern (a repeat's body, a group, branches)."""
    items = av if isinstance(av, (tuple, list)) else [av]
    return [
        sub
        for item in items
        for sub in (item if isinstance(item, list) else [item])
        if isinstance(sub, _parser.SubPattern)
    ]


def _nodes(tree) -> list:
    """Every node of a parsed pattern, depth first."""
    nodes = []
    for node in tree:
        nodes.append(node)
        for sub in _children(node[1]):
            nodes += _nodes(sub)
    return nodes


def _repeated_parts(tree) -> list:
    return [av[2] for op, av in _nodes(tree) if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[1] > 1]


def _varies(body) -> bool:
    return any(op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.BRANCH) for op, _ in _nodes(body))


def _starts_with_a_delimiter(body) -> bool:
    nodes = _nodes(body)
    first = next((i for i, (op, _) in enumerate(nodes) if op is not _c.SUBPATTERN), None)
    if first is None or nodes[first][0] not in _SINGLE:
        return False
    rest = set().union(*(_matched(body, node) for node in nodes[first + 1 :] if node[0] in _SINGLE))
    return not _matched(body, nodes[first]) & rest


def _matched(tree, node) -> set[str]:
    """The sample characters one single-character node matches (with the pattern's flags)."""
    one = _compiler.compile(_parser.SubPattern(tree.state, [node]))
    return {char for char in _SAMPLE if one.fullmatch(char)}


def resource(name: str, data_dir: Path = DATA_DIR) -> dict:
    for res in descriptor(data_dir)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor(data_dir)["resources"])
    raise DataError(f"no table named {name!r} in {data_dir / 'datapackage.json'} (tables: {known})")


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The table ``name`` as a typed DataFrame; raises :class:`DataError` if it is malformed."""
    if _ChapterScope.declared is not None and name not in _ChapterScope.declared:
        raise DataError(
            f"chapter {_ChapterScope.chapter!r} reads table {name!r} but does not declare it "
            "in japan_us/chapters/ (declared tables are hashed for the build cache)"
        )
    return _load_validated(name, data_dir).copy()


# Tables of dated records (events, verdicts, tariff actions): each row is known from its own
# date. The observation and annual tables say when their values became public in the data
# package instead (a resource's ``knownFrom``, see :func:`published`).
_KNOWN_FROM = {
    "events": lambda t: t.date,
    "defense_benchmarks": lambda t: t.date,
    "claim_verdicts": lambda t: t.from_date,
    "investment_package": lambda t: t.date,
    "japan_headline_tariff": lambda t: t.date,
    "japan_auto_tariff": lambda t: t.date,
    "energy_deal_volumes": lambda t: t.date,
    "us_statutory_tariff_rate": lambda t: t.effective_date,
}


def known_on(name: str, table: pd.DataFrame, as_of: str | None, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of table ``name`` public on ``as_of`` (all of them when ``as_of`` is None or
    the table is not dated)."""
    days = None if as_of is None else published(name, table, data_dir)
    if days is None:
        return table
    import pandas as pd

    return table[days <= pd.Timestamp(as_of)]


def published(name: str, table: pd.DataFrame, data_dir: Path = DATA_DIR) -> pd.Series | None:
    """The day each row of table ``name`` became public, or None for a table not dated.

    A resource's ``knownFrom`` gives it one of three ways: a date ``column`` (a release or
    the cited document's date, row by row); one ``date`` for the whole table (one release);
    or a publisher's lag after the end of each row's ``period`` (``{"year": column, "month":
    column or number}``, the month's or the year's end) by ``lag`` (``{"months": 4}``). Rows
    flagged as ``projections`` are known from the day of the vintage that made them (labelled
    as projections, they may describe a year not yet over)."""
    if name in _KNOWN_FROM:
        return _KNOWN_FROM[name](table)
    rule = resource(name, data_dir).get("knownFrom")
    if rule is None:
        return None
    import pandas as pd

    if "column" in rule:
        days = table[rule["column"]]
    elif "date" in rule:
        days = pd.Series(pd.Timestamp(rule["date"]), index=table.index)
    else:
        days = _period_end(table, rule["period"]) + pd.DateOffset(**rule["lag"])
    if "projections" in rule:
        flagged = table[rule["projections"]["column"]].fillna(False).astype(bool)
        days = days.where(~flagged, pd.Timestamp(rule["projections"]["date"]))
    return days


def _period_end(table: pd.DataFrame, period: dict) -> pd.Series:
    """The last day of each row's year, or of its month when the period names one."""
    import pandas as pd

    month = period.get("month", 12)
    months = table[month] if isinstance(month, str) else month
    starts = pd.to_datetime(pd.DataFrame({"year": table[period["year"]], "month": months, "day": 1}))
    return starts + pd.offsets.MonthEnd(0)


@functools.cache
def _load_validated(name: str, data_dir: Path) -> pd.DataFrame:
    res = resource(name, data_dir)
    path = data_dir / res["path"]
    return validate(read_csv_strictly(path), res, path)


def read_csv_strictly(path: Path) -> pd.DataFrame:
    """Every cell as text; a row with more or fewer fields than the header is an error (pandas
    would silently use an extra first field as the index, or fill a short row with blanks)."""
    import pandas as pd

    header, body = _read_rows(path)
    return pd.DataFrame(body, columns=header, dtype=str)


@functools.cache
def column_values(name: str, column: str, data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """The distinct values of one column, read without building the typed table (parameter
    choices need only these; the table itself is validated before any chapter runs). Read
    once per process, like a loaded table: a build checks every chapter's parameters more
    than once."""
    return tuple(sorted({value for (value,) in raw_columns(name, [column], data_dir) if value}))


def raw_columns(name: str, columns: list[str], data_dir: Path = DATA_DIR) -> list[tuple[str, ...]]:
    """Some columns of a table as text, row by row, read without pandas (a build that reuses
    every chapter never imports it)."""
    path = data_dir / resource(name, data_dir)["path"]
    header, body = _read_rows(path)
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(f"{path}: no column {missing[0]!r} (columns: {', '.join(header)})")
    indexes = [header.index(c) for c in columns]
    return [tuple(row[i] for i in indexes) for row in body]


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        # utf-8-sig: Excel saves CSV as UTF-8 with a byte-order mark (read as part of the first name)
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle, strict=True))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot be read as CSV: {exc}") from None
    if not rows:
        raise DataError(f"{path}: the file is empty (expected a header and rows)")
    header, body = rows[0], rows[1:]
    if not body:
        raise DataError(f"{path}: has a header but no rows")
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(f"{path}, line {line}: {len(row)} field(s), but the header has {len(header)}")
    return header, body


def validate(raw: pd.DataFrame, res: dict, path: Path) -> pd.DataFrame:
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if list(raw.columns) != names:
        missing = [n for n in names if n not in raw.columns]
        extra = [c for c in raw.columns if c not in names]
        raise DataError(
            f"{path}: header does not match the descriptor"
            f" (missing: {missing or 'none'}; unexpected: {extra or 'none'};"
            f" expected order: {names})"
        )
    errors: list[str] = []
    typed = {f["name"]: _parse_column(raw[f["name"]], f, path, errors) for f in fields}
    table = type(raw)(typed)
    key = res["schema"].get("primaryKey", [])
    if key and not errors:
        dup = table.duplicated(subset=key, keep="first")
        for idx in table.index[dup][:MAX_ERRORS_SHOWN]:
            errors.append(
                f"{path}, line {idx + 2}: duplicate primary key "
                f"{dict(zip(key, table.loc[idx, key].tolist(), strict=True))}"
            )
    if errors:
        more = f"\n  ... and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise DataError(f"{path}: {len(errors)} problem(s)\n  " + "\n  ".join(errors[:MAX_ERRORS_SHOWN]) + more)
    return table


def _parse_column(values: pd.Series, field: dict, path: Path, errors: list[str]) -> pd.Series:
    parse = _PARSERS[field["type"]]
    cons = field.get("constraints", {})
    out = []
    for idx, text in values.items():
        where = f"{path}, line {idx + 2}, column {field['name']!r}"
        if text == "":
            if cons.get("required"):
                errors.append(f"{where}: value is required but empty")
            out.append(None)
            continue
        try:
            value = parse(text)
        except ValueError:
            errors.append(f"{where}: {text!r} is not a valid {field['type']}")
            out.append(None)
            continue
        problem = _check_constraints(value, text, cons)
        if problem:
            errors.append(f"{where}: {text!r} {problem}")
        out.append(value)
    return _as_series(out, field["type"], values.index)


def _check_constraints(value, text: str, cons: dict) -> str | None:
    if "minimum" in cons and value < cons["minimum"]:
        return f"is below the minimum {cons['minimum']}"
    if "maximum" in cons and value > cons["maximum"]:
        return f"is above the maximum {cons['maximum']}"
    if "enum" in cons and value not in cons["enum"]:
        return f"is not one of {cons['enum']}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        return f"does not match the pattern {cons['pattern']!r}"
    return None


def _parse_bool(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(text)


# Numbers as a table writes them: Python also reads "1_950", " 1950 ", "infinity" and "nan".
_INTEGER = re.compile(r"[-+]?[0-9]+(\.0*)?")
_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")


def _parse_number(text: str) -> float:
    if not _NUMBER.fullmatch(text) or not math.isfinite(float(text)):  # 1e999 is infinite
        raise ValueError(text)
    return float(text)


def _parse_integer(text: str) -> int:
    """Exact for any size (a float would round above 2**53); accepts "2024" and "2024.0"
    but not "2024.5"."""
    if not _INTEGER.fullmatch(text):
        raise ValueError(text)
    return int(decimal.Decimal(text))


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    """A day written YYYY-MM-DD: the one form of a date in tables, parameters and scenario
    files (Python's ``date.fromisoformat`` also reads 20250204 and 2025-W06-2)."""
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


_PARSERS = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_bool,
    "date": parse_date,
}


def _as_series(values: list, kind: str, index) -> pd.Series:
    import pandas as pd

    if kind == "integer":
        return pd.Series(values, index=index, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], index=index, dtype="float64")
    if kind == "boolean":
        return pd.Series(values, index=index, dtype="boolean")
    if kind == "date":
        return pd.to_datetime(pd.Series(values, index=index, dtype="object"))
    return pd.Series(values, index=index, dtype="object")


def vocabulary(name: str, field: str, data_dir: Path = DATA_DIR) -> list[str]:
    """The allowed values of a field, in the descriptor's order: its ``enum`` is the one
    source of a vocabulary (verdicts, event categories) for the tables and the code."""
    for spec in resource(name, data_dir)["schema"]["fields"]:
        if spec["name"] == field and "enum" in spec.get("constraints", {}):
            return list(spec["constraints"]["enum"])
    raise DataError(f"{data_dir / 'datapackage.json'}: {name}.{field} declares no enum")


def undescribed_files(data_dir: Path = DATA_DIR) -> list[str]:
    """CSV files in the data folder that the descriptor does not describe."""
    described = {res["path"] for res in descriptor(data_dir)["resources"]}
    return sorted(p.name for p in data_dir.glob("*.csv") if p.name not in described)


def table_files(names: tuple[str, ...], data_dir: Path = DATA_DIR) -> list[Path]:
    """The files behind the named tables, plus the descriptor that validates them."""
    return [data_dir / "datapackage.json"] + [data_dir / resource(n, data_dir)["path"] for n in names]

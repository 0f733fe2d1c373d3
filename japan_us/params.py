"""Chapter parameters: declared once (name, type, default, range, meaning), checked everywhere.

The project command validates a whole parameter set before any kernel starts; a notebook
run by plain papermill validates its own namespace in its second cell, because papermill
only warns about unknown names and does no type checking.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import json
import re
import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from japan_us.data import parse_date

_TYPE_NAMES = {
    int: "int",
    float: "float",
    str: "str",
    bool: "bool",
    list: "list[str]",
    dt.date: "date",
}


class ParameterError(ValueError):
    """A parameter set cannot be used: unknown name, wrong type or value out of range."""


# Values in messages are shown shortened: a value can be huge (a YAML alias bomb expands
# to billions of items when printed in full).
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxstring, _SHORT.maxother = 1, 6, 60, 60


def short(value: Any) -> str:
    return _SHORT.repr(value)


MAX_VALUES = 100_000  # values a YAML document may expand to through its aliases
MAX_DEPTH = 100  # levels of nesting

_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML read strictly.

    - A key given twice in one mapping is refused (PyYAML keeps the last).
    - Numbers are numbers only as a reader would write them: YAML 1.1 also reads ``1_950``,
      ``0x7A0``, ``03636`` (octal) and ``32:30`` (base 60) as numbers; here they stay text.
    - A document is refused as it is read when its aliases make it expand to more than
      MAX_VALUES values (a 428-byte "billion laughs" is billions of values to whatever walks
      or prints it), when an alias sits inside the value it names, or when it nests deeper
      than MAX_DEPTH (Python's recursion limit would end it with a traceback).
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self._size: dict[int, int] = {}  # id(node): the values it expands to
        self._depth = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        alias = self.check_event(yaml.AliasEvent)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if alias:
            if id(node) not in self._size:
                raise yaml.composer.ComposerError(None, None, "an alias inside the value it names", mark)
            return node
        children = node.value if isinstance(node, yaml.SequenceNode) else []
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        size = self._size[id(node)] = 1 + sum(self._size[id(child)] for child in children)
        if size > MAX_VALUES:
            raise yaml.composer.ComposerError(
                None, None, f"this value expands to more than {MAX_VALUES:,} values through aliases", mark
            )
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {short(key)} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"),
)


def read_yaml(text: str) -> Any:
    """Parse YAML strictly (see _StrictLoader); errors are yaml.YAMLError or ValueError (an
    impossible date such as 2026-02-30)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: Any
    help: str
    bounds: tuple[Any, Any] | None = None  # numbers, or ISO dates for date parameters
    choices: Callable[[], Sequence[str]] | None = None  # for str and list[str]: allowed items, read lazily
    percent: bool = False  # a share given as 0.25 that readers know as 25%

    def shown(self, value: Any) -> str:
        """A value as a reader knows it: 25% for a share of 0.25, 1 for 1.0, 15 July 2025 for
        2025-07-15, items as a list (in Japanese 2025年7月15日, items joined by 、)."""
        from japan_us import i18n

        if self.type is dt.date:
            from japan_us import long_date

            return long_date(value)
        if self.percent:
            return f"{100 * value:g}%"
        if isinstance(value, list):
            return i18n.list_separator().join(value)
        return f"{value:g}" if isinstance(value, float) else str(value)

    def meaning(self) -> str:
        """What the parameter means, in the reader's language (``help`` is the English, for
        analysts' messages; the catalogue ``declarations.po`` translates it)."""
        from japan_us import i18n

        return i18n.pgettext("parameter", self.help)

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES[self.type]

    @property
    def annotation(self) -> str:
        """The annotation in the notebook cell: a date travels as an ISO string."""
        return "str" if self.type is dt.date else self.type_name

    def describe_range(self) -> str:
        """The values allowed, "2025-01-20 to 2026-12-31", "any of en, ja" (in the reader's
        language)."""
        from japan_us.i18n import _, is_japanese

        if self.bounds:
            if is_japanese():
                return _("{low} to {high}").format(low=self.bounds[0], high=self.bounds[1])
            return f"{self.bounds[0]} to {self.bounds[1]}"
        if self.choices:
            if is_japanese():
                return _("any of {items}").format(items="、".join(self.choices()))
            return "any of " + ", ".join(self.choices())
        return ""

    def check(self, value: Any, where: str) -> Any:
        """The value converted to this parameter's type, or a ParameterError naming the problem."""
        value = self._coerce(value, where)
        if self.bounds and not self.bounds[0] <= value <= self.bounds[1]:
            raise ParameterError(
                f"{where}: {self.name} = {value!r} is out of range ({self.bounds[0]} to {self.bounds[1]}): {self.help}"
            )
        if self.choices and self.type is str:
            allowed = self.choices()
            if value not in allowed:
                raise ParameterError(
                    f"{where}: {self.name} = {short(value)} is not one of {', '.join(allowed)}: {self.help}"
                )
        elif self.choices:
            allowed = self.choices()
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ParameterError(
                    f"{where}: {self.name} has unknown item(s) {short(unknown)}; allowed: {', '.join(allowed)}"
                )
            if not value:
                raise ParameterError(f"{where}: {self.name} must name at least one item")
        if self.type is list:
            repeated = sorted({v for v in value if value.count(v) > 1})
            if repeated:
                raise ParameterError(f"{where}: {self.name} names {short(repeated)} more than once")
        return value

    def _wrong(self, value: Any, where: str) -> ParameterError:
        return ParameterError(
            f"{where}: {self.name} must be {self.type_name}, got {type(value).__name__} {short(value)}: {self.help}"
        )

    def _coerce(self, value: Any, where: str) -> Any:
        if self.type is bool:
            if isinstance(value, bool):
                return value
            raise self._wrong(value, where)
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self._wrong(value, where)
            return value
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                raise self._wrong(value, where)
            return float(value)
        if self.type is dt.date:
            # Kept as an ISO string: that is what papermill injects and what YAML round-trips.
            # YAML reads 2025-07-15T00:00:00 as a datetime, which is a date too, but not a day.
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            if isinstance(value, dt.date):
                return value.isoformat()
            try:
                return parse_date(value).isoformat()
            except ValueError:
                raise ParameterError(
                    f"{where}: {self.name} must be a real date written YYYY-MM-DD, got {short(value)}: {self.help}"
                ) from None
        if self.type is list:
            # "JPN,USA" is accepted so that `-p countries JPN,USA` works from the shell.
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise self._wrong(value, where)
            return list(value)
        if not isinstance(value, str):
            raise self._wrong(value, where)
        return value


def _literal(value: Any) -> str:
    """Python source for a default, with double-quoted strings as the formatter writes them."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def unknown(name: str, known: list[str]) -> str:
    """The words for a name that is no declared parameter, with the nearest that is."""
    hint = difflib.get_close_matches(name, known, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return f"unknown parameter {short(name)}{suggestion}; known: {', '.join(known)}"


@dataclass(frozen=True)
class ParamSet:
    chapter: str
    params: tuple[Param, ...]

    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """Defaults overlaid with ``values``, every value checked; raises on the first problem."""
        where = f"chapter {self.chapter!r}"
        for name in values:
            self.param(name, where)
        by_name = {p.name: p for p in self.params}
        merged = self.defaults() | values
        return {name: by_name[name].check(value, where) for name, value in merged.items()}

    def param(self, name: str, where: str) -> Param:
        """The declared parameter ``name``; a ParameterError naming the nearest one if none."""
        for param in self.params:
            if param.name == name:
                return param
        raise ParameterError(f"{where}: {unknown(name, self.names())}")

    def validate_namespace(self, namespace: dict[str, Any]) -> dict[str, Any]:
        """Check the declared parameters in a kernel namespace (as set by the parameters cell
        and papermill's injected cell) and store the coerced values back. Other names are
        not parameters: papermill's injected cell was already checked by
        :func:`guard_injected_parameters`, so re-running this in a live kernel is safe."""
        checked = self.validate({n: namespace[n] for n in self.names() if n in namespace})
        namespace.update(checked)
        return checked

    def check_injected_source(self, source: str) -> str | None:
        """Why papermill's injected-parameters cell (or the ``parameters`` cell as edited in
        Jupyter) must not run, or None if it is only ``name = literal`` lines for declared
        names (``name: type = literal`` too, as the ``parameters`` cell writes them)."""
        try:
            statements = ast.parse(source).body
        except SyntaxError as exc:
            return f"the parameters are not valid Python ({exc.msg}, line {exc.lineno})"
        declared = self.names()
        for stmt in statements:
            target = _assigned_name(stmt)
            if not isinstance(target, ast.Name):
                return (
                    f"line {stmt.lineno} is not a parameter assignment: {short(ast.get_source_segment(source, stmt))}"
                )
            if target.id not in declared:
                return unknown(target.id, declared)
            try:
                ast.literal_eval(stmt.value)
            except ValueError:
                return f"{target.id} must be a plain value, got {short(ast.get_source_segment(source, stmt.value))}"
        return None

    def cell_source(self) -> str:
        """The notebook's ``parameters`` cell: papermill reads types from the annotations and
        each parameter's meaning from the comment (``papermill --help-notebook``)."""
        # The formatter keeps its hands off: papermill reads the help text from the comment on
        # the last line of each definition.
        lines = [
            PARAMETERS_HEADER,
            "# fmt: off",
        ]
        for p in self.params:
            rng = f" [{p.describe_range()}]" if p.bounds else ""
            lines += _definition(f"{p.name}: {p.annotation} = ", p.default, f"  # {p.help}{rng}")
        return "\n".join([*lines, "# fmt: on"])


# The first line of a chapter's ``parameters`` cell (the guard knows the cell by it).
PARAMETERS_HEADER = "# Parameters of this chapter, declared in japan_us/chapters/ (do not edit here)."


def _assigned_name(stmt: ast.stmt) -> ast.expr | None:
    """The target of ``name = value`` or ``name: type = value``, else None."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        return stmt.targets[0]
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        return stmt.target
    return None


LINE_LENGTH = 100  # the notebooks' longest code line


def _definition(head: str, value: Any, comment: str) -> list[str]:
    """``name: type = value  # help`` on one line if it fits, else the value on lines of its own
    with the help after the closing bracket."""
    one_line = head + _literal(value) + comment
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    items = [_literal(v) for v in value] if isinstance(value, list) else [_literal(value)]
    opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
    body = [""]
    for item in items:  # whole items per line: a string literal is never split
        if body[-1] and len(body[-1]) + len(item) + 6 > LINE_LENGTH:
            body.append("")
        body[-1] += f"{item}, "
    if not isinstance(value, list):
        body = [body[0].removesuffix(", ")]  # a trailing comma would make a tuple
    return [head + opening, *(f"    {line.rstrip()}" for line in body), closing + comment]

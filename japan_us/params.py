"""Chapter parameters: declared once (name, type, default, range, meaning), checked everywhere.

The project command validates a whole parameter set before any kernel starts; a notebook
run by plain papermill validates its own namespace in its second cell, because papermill
only warns about unknown names and does no type checking.
"""
from __future__ import annotations

import datetime as dt
import difflib
import types
from dataclasses import dataclass
from typing import Any, Callable

# Names IPython puts into every kernel namespace; anything else that is not a module, not
# private and not declared must have been injected by papermill under a wrong name.
_KERNEL_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
_TYPE_NAMES = {int: "int", float: "float", str: "str", bool: "bool", list: "list[str]", dt.date: "date"}


class ParameterError(ValueError):
    """A parameter set cannot be used: unknown name, wrong type or value out of range."""


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: Any
    help: str
    bounds: tuple[Any, Any] | None = None  # numbers, or ISO dates for date parameters
    choices: Callable[[], list[str]] | None = None  # for list[str]: allowed items, read lazily

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES[self.type]

    @property
    def annotation(self) -> str:
        """The annotation in the notebook cell: a date travels as an ISO string."""
        return "str" if self.type is dt.date else self.type_name

    def describe_range(self) -> str:
        if self.bounds:
            return f"{self.bounds[0]} to {self.bounds[1]}"
        if self.choices:
            return "any of " + ", ".join(self.choices())
        return ""

    def check(self, value: Any, where: str) -> Any:
        """The value converted to this parameter's type, or a ParameterError naming the problem."""
        value = self._coerce(value, where)
        if self.bounds and not self.bounds[0] <= value <= self.bounds[1]:
            raise ParameterError(f"{where}: {self.name} = {value!r} is out of range "
                                 f"({self.bounds[0]} to {self.bounds[1]}): {self.help}")
        if self.choices:
            allowed = self.choices()
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ParameterError(f"{where}: {self.name} has unknown item(s) {unknown}; "
                                     f"allowed: {', '.join(allowed)}")
            if not value:
                raise ParameterError(f"{where}: {self.name} must name at least one item")
        return value

    def _coerce(self, value: Any, where: str) -> Any:
        wrong = ParameterError(f"{where}: {self.name} must be {self.type_name}, "
                               f"got {type(value).__name__} {value!r}: {self.help}")
        if self.type is bool:
            if isinstance(value, bool):
                return value
            raise wrong
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise wrong
            return value
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise wrong
            return float(value)
        if self.type is dt.date:
            # Kept as an ISO string: that is what papermill injects and what YAML round-trips.
            if isinstance(value, dt.date):
                return value.isoformat()
            try:
                return dt.date.fromisoformat(value).isoformat()
            except (TypeError, ValueError):
                raise ParameterError(f"{where}: {self.name} must be a date written YYYY-MM-DD, "
                                     f"got {value!r}: {self.help}") from None
        if self.type is list:
            # "JPN,USA" is accepted so that `-p countries JPN,USA` works from the shell.
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise wrong
            return list(value)
        if not isinstance(value, str):
            raise wrong
        return value


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
        by_name = {p.name: p for p in self.params}
        for name in values:
            if name not in by_name:
                hint = difflib.get_close_matches(name, by_name, n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise ParameterError(f"{where}: unknown parameter {name!r}{suggestion}; "
                                     f"known: {', '.join(by_name)}")
        merged = self.defaults() | values
        return {name: by_name[name].check(value, where) for name, value in merged.items()}

    def validate_namespace(self, namespace: dict[str, Any]) -> dict[str, Any]:
        """Check a kernel namespace after papermill injected parameters; store coerced values back."""
        declared = set(self.names())
        strays = [n for n, v in namespace.items()
                  if n not in declared and n not in _KERNEL_NAMES and not n.startswith("_")
                  and not isinstance(v, types.ModuleType)]
        values = {n: namespace[n] for n in declared if n in namespace}
        checked = self.validate(values | {n: namespace[n] for n in strays})
        namespace.update(checked)
        return checked

    def cell_source(self) -> str:
        """The notebook's ``parameters`` cell: papermill reads types from the annotations and
        each parameter's meaning from the comment (``papermill --help-notebook``)."""
        lines = ["# Parameters of this chapter, declared in japan_us/chapters.py (do not edit here)."]
        for p in self.params:
            rng = f" [{p.describe_range()}]" if p.bounds else ""
            lines.append(f"{p.name}: {p.annotation} = {p.default!r}  # {p.help}{rng}")
        return "\n".join(lines)

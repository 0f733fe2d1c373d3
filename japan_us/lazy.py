"""Modules imported on first use.

The build imports every chapter declaration on every run, including a run with nothing to
do (about 0.3 s). The chapter modules also hold the chapters' analysis, which needs pandas,
Altair and myst-nb (about 1 s to import); they reach them through :class:`LazyModule`, so
the declarations stay light and the analysis reads like ordinary code.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module ``name`` and imports it when an attribute is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self._name)  # after the first time, a dict lookup

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.module, attribute)

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"


# What the chapter modules use, each named once.
alt, pd = LazyModule("altair"), LazyModule("pandas")
charts, metrics, report, sources = (
    LazyModule(f"japan_us.{name}") for name in ("charts", "metrics", "report", "sources")
)

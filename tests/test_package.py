"""The package's own metadata (pyproject.toml) stays true to the environment the project pins."""

from __future__ import annotations

import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pinned() -> dict[str, str]:
    """requirements.txt and requirements-lab.txt (JupyterLab's own environment): each direct
    dependency and the version pinned for it."""
    lines = (
        line.split("#")[0].strip()
        for name in ("requirements.txt", "requirements-lab.txt")
        for line in (ROOT / name).read_text().splitlines()
    )
    return {canonicalize_name(r.name): next(iter(r.specifier)).version for r in map(Requirement, filter(None, lines))}


def test_every_pinned_dependency_is_declared_with_a_range_that_holds_its_pin():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    ranges = {canonicalize_name(r.name): r.specifier for r in map(Requirement, declared)}
    pins = pinned()
    assert ranges.keys() == pins.keys()
    assert {name: version for name, version in pins.items() if version not in ranges[name]} == {}

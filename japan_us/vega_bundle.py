"""The offline Vega, Vega-Lite and vega-embed bundle (vl-convert) that every chart draws with:
in the book (:mod:`japan_us.sphinx_ext` serves it from ``_static``) and in Jupyter
(:mod:`japan_us.jupyter` sends it with a notebook's first chart). Importing this module does
not import Altair (the Sphinx worker needs only the versions).
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
from pathlib import Path

import vl_convert

from japan_us import BUILD_DIR


def altair_versions() -> dict[str, str]:
    """The Vega, Vega-Lite and vega-embed versions Altair's chart HTML asks for, read from
    Altair's source rather than by importing Altair (a quarter of a second of every Sphinx
    build, which needs nothing else from it). tests/test_build.py checks them against Altair."""
    v6 = Path(importlib.util.find_spec("altair").origin).parent / "vegalite" / "v6"
    display, schema = (v6 / "display.py").read_text(), (v6 / "schema" / "__init__.py").read_text()

    def constant(name: str, source: str) -> str:
        return re.search(rf'^{name}(?:: Final)? = "([^"]+)"', source, re.M).group(1)

    return {
        "vega_version": constant("VEGA_VERSION", display),
        "vegalite_version": constant("SCHEMA_VERSION", schema).lstrip("v"),
        "vegaembed_version": constant("VEGAEMBED_VERSION", display),
    }


VERSIONS = altair_versions()


def bundle_source() -> str:
    """The vl-convert bundle wrapped in a function scope (it defines a top-level ``_`` that
    would shadow Sphinx's translation helper).

    Making the bundle takes vl-convert about a second of CPU, so it is kept in the build
    cache under the versions it depends on and made again only when one of them changes. The
    two editions' Sphinx workers ask for it at the same moment of a clean build: the second
    waits for the first's rather than making it again on the same cores.
    """
    key = "-".join([vl_convert.__version__, *VERSIONS.values()])
    cached = BUILD_DIR / "cache" / f"vega-bundle-{key}-deferred.js"
    if cached.exists():
        return cached.read_text()
    cached.parent.mkdir(parents=True, exist_ok=True)
    with cached.with_name(f".{cached.name}.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cached.exists():  # made by the other edition's worker while this one waited
            return cached.read_text()
        vl_version = "v" + ".".join(VERSIONS["vegalite_version"].split(".")[:2])
        source = "(function () {\n" + vl_convert.javascript_bundle(vl_version=vl_version) + "\n})();\n"
        temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        temporary.write_text(source)
        temporary.replace(cached)
    return source

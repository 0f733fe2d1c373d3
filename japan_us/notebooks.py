"""Keep each chapter notebook's ``parameters`` cell identical to the declaration in
:mod:`japan_us.chapters`, and check that notebooks are committed without outputs."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat

from japan_us.chapters import CHAPTERS, Chapter


def glued_values(notebook: Path | bytes) -> dict[str, Any]:
    """The values an executed notebook (a file, or its bytes) glued (myst-nb keeps them as
    outputs tagged with scrapbook metadata, as the repr of each value); glued displays (HTML)
    are not values."""
    if isinstance(notebook, bytes):
        nb = nbformat.reads(notebook.decode(), as_version=4)
    else:
        nb = nbformat.read(notebook, as_version=4)
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name") and scrap["mime_prefix"] + "text/html" not in out["data"]:
                values[scrap["name"]] = ast.literal_eval(out["data"][scrap["mime_prefix"] + "text/plain"])
    return values


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected exactly one cell tagged 'parameters', found {len(cells)}")
    return cells[0]


def sync(chapter: Chapter) -> bool:
    """Rewrite the chapter's parameters cell from the declaration; True if it changed."""
    nb = nbformat.read(chapter.path, as_version=4)
    cell = parameters_cell(nb)
    wanted = chapter.param_set.cell_source()
    if cell.source == wanted:
        return False
    cell.source = wanted
    nbformat.write(nb, chapter.path)
    return True


def out_of_sync() -> list[str]:
    """Chapters whose parameters cell differs from the declaration."""
    return [
        c.slug
        for c in CHAPTERS
        if parameters_cell(nbformat.read(c.path, as_version=4)).source != c.param_set.cell_source()
    ]


def sync_all() -> list[str]:
    return [c.slug for c in CHAPTERS if sync(c)]

"""Keep each chapter notebook's ``parameters`` cell identical to the declaration in
:mod:`japan_us.chapters`, check that notebooks are committed without outputs, and read back
what executed notebooks glued (:func:`results`)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from japan_us.chapters import CHAPTERS, Chapter

if TYPE_CHECKING:
    import nbformat
    import pandas as pd

# ``{glue:text}`key:format``` in a chapter's Markdown (the format is Python's format spec).
GLUE_ROLE = re.compile(r"\{glue:text\}`(?P<key>[^`:]+)(?::(?P<spec>[^`]*))?`")
# A MyST target on the line before a paragraph: the paragraph's id in the HTML.
TARGET = re.compile(r"\((?P<label>[a-z0-9-]+)\)=")
# A sentence ends at . ! or ? followed by a space and a capital (a glued number's format,
# ".1f", is inside its role and never followed by a space).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(])")


def _read(notebook: Path | bytes) -> nbformat.NotebookNode:
    import nbformat  # here: 0.05 s that a build reusing every chapter need not pay

    if isinstance(notebook, bytes):
        return nbformat.reads(notebook.decode(), as_version=4)
    return nbformat.read(notebook, as_version=4)


def glued_values(notebook: Path | bytes) -> dict[str, Any]:
    """The values an executed notebook (a file, or its bytes) glued (myst-nb keeps them as
    outputs tagged with scrapbook metadata, as the repr of each value); glued displays (HTML)
    are not values."""
    nb = _read(notebook)
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name") and scrap["mime_prefix"] + "text/html" not in out["data"]:
                values[scrap["name"]] = ast.literal_eval(out["data"][scrap["mime_prefix"] + "text/plain"])
    return values


def results(*notebooks: Path | str) -> pd.DataFrame:
    """The values executed notebooks glued, as one tidy table: a row per notebook and value,
    with the notebook's file, its chapter's parameters as papermill recorded them (a list
    written as text: "USA, KOR"), the value's name and the value. Analysts collect their own
    runs (papermill's or the project's) into one table with it."""
    import pandas as pd

    rows = []
    for notebook in notebooks:
        parameters = _read(Path(notebook)).metadata.get("papermill", {}).get("parameters", {})
        run = {name: ", ".join(map(str, v)) if isinstance(v, list) else v for name, v in parameters.items()}
        rows += [{"notebook": str(notebook), **run, "name": name, "value": value}
                 for name, value in glued_values(Path(notebook)).items()]  # fmt: skip
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Mention:
    """Where a chapter's prose prints a glued value: the sentence (Markdown, roles and all),
    the format the role gives it, the paragraph around it and that paragraph's target."""

    sentence: str
    spec: str
    paragraph: str
    label: str | None


def paragraphs(markdown: str) -> list[tuple[str | None, str]]:
    """A Markdown cell's paragraphs (headings left out), each with the target written on the
    line before it, if any."""
    out = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = block.strip().splitlines()
        label = TARGET.fullmatch(lines[0].strip()) if lines else None
        text = " ".join(line.strip() for line in lines[1 if label else 0 :])
        if text and not text.startswith("#"):
            out.append((label["label"] if label else None, text))
    return out


def glued_prose(notebook: Path | bytes) -> dict[str, Mention]:
    """Each value the notebook's Markdown prints, at its first mention."""
    mentions: dict[str, Mention] = {}
    for cell in _read(notebook).cells:
        if cell.cell_type != "markdown":
            continue
        for label, text in paragraphs(cell.source):
            for sentence in SENTENCE_END.split(text):
                for role in GLUE_ROLE.finditer(sentence):
                    mentions.setdefault(role["key"], Mention(sentence, role["spec"] or "", text, label))
    return mentions


class Glued(NamedTuple):
    """What an executed chapter glued, and where its prose prints each value."""

    values: dict[str, Any]
    prose: dict[str, Mention]


def glued(notebook: Path | bytes) -> Glued:
    return Glued(glued_values(notebook), glued_prose(notebook))


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected exactly one cell tagged 'parameters', found {len(cells)}")
    return cells[0]


def sync(chapter: Chapter) -> bool:
    """Rewrite the chapter's parameters cell from the declaration; True if it changed."""
    nb = _read(chapter.path)
    cell = parameters_cell(nb)
    wanted = chapter.param_set.cell_source()
    if cell.source == wanted:
        return False
    cell.source = wanted
    import nbformat

    nbformat.write(nb, chapter.path)
    return True


def out_of_sync() -> list[str]:
    """Chapters whose parameters cell differs from the declaration."""
    return [c.slug for c in CHAPTERS if parameters_cell(_read(c.path)).source != c.param_set.cell_source()]


def sync_all() -> list[str]:
    return [c.slug for c in CHAPTERS if sync(c)]

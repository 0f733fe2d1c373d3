"""Executed chapters kept by the hash of their inputs, shared by every scenario's build.

An entry is the executed notebook (``<notebook>-<hash prefix>.ipynb``) and a seal beside it
(``.sha256``): the full input hash the entry was made from and the checksum of its bytes.
An entry is used only if its seal names the inputs asked for and matches its bytes, so a
damaged entry, or one copied over another together with its seal, is discarded and named
rather than published under the wrong parameters.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from japan_us import BUILD_DIR, ROOT, data, files
from japan_us.chapters import Chapter
from japan_us.i18n import SOURCE_LANGUAGE, translations_hash

PACKAGE_DIR = Path(__file__).resolve().parent
KEEP = 8  # executed notebooks kept per chapter


def input_hash(chapter: Chapter, values: dict[str, Any]) -> str:
    """Everything a chapter's output depends on: its notebook, its parameters, the tables it
    declares (and their descriptor), the package code and the pinned requirements."""
    digest = hashlib.sha256(code_hash().encode())
    for path in [chapter.path, *data.table_files(chapter.tables)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(values, sort_keys=True).encode())
    digest.update(translations_hash(values.get("lang", SOURCE_LANGUAGE)).encode())
    return digest.hexdigest()


@functools.cache
@functools.cache
def code_hash() -> str:
    """The package's code (the Sphinx extension and the book's static files included) and
    the locked environment, read once per process: one build, one version of the code, even
    if a file is edited while it runs."""
    digest = hashlib.sha256()
    code = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in {".py", ".js", ".css"})
    for path in [*code, ROOT / "requirements.lock"]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Entry:
    """The cache entry of one chapter executed with given parameters."""

    def __init__(self, chapter: Chapter, values: dict[str, Any]) -> None:
        self.chapter = chapter
        self.key = input_hash(chapter, values)
        self.lang = values.get("lang", SOURCE_LANGUAGE)
        self.path = BUILD_DIR / "cache" / f"{chapter.notebook}-{self.lang}-{self.key[:20]}.ipynb"
        self.seal = self.path.with_suffix(".sha256")

    def read(self) -> bytes | None:
        """The executed notebook if its seal names these inputs and matches its bytes; a
        damaged or misplaced entry is discarded and named."""
        if not self.path.exists():
            return None
        content = self.path.read_bytes()
        if self.seal.exists() and self.seal.read_text() == _seal(self.key, content):
            return content
        print(f"  discarded damaged cache entry {self.path}", flush=True)
        self.discard()
        return None

    def write(self, content: bytes) -> None:
        """Entry first, seal last, each written atomically: a half-written entry never verifies.
        A cache that cannot be written (a full disk) costs a re-execution later, not the build."""
        try:
            files.write_atomically(self.path, content)
            files.write_atomically(self.seal, _seal(self.key, content).encode())
        except OSError as exc:
            if isinstance(exc, files.UnsafePath):
                raise
            print(f"  warning: could not cache {self.path.name}: {exc}", flush=True)
            files.remove(self.path)

    def mark_used(self) -> None:
        """Pruning keeps the entries used last."""
        self.path.touch()

    def discard(self) -> None:
        files.remove(self.path)
        files.remove(self.seal)

    def prune_others(self) -> None:
        """Keep the chapter's KEEP entries used last in its language."""
        pattern = f"{self.chapter.notebook}-{self.lang}-*.ipynb"
        entries = sorted(self.path.parent.glob(pattern), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            files.remove(old)
            files.remove(old.with_suffix(".sha256"))


def _seal(key: str, content: bytes) -> str:
    return f"inputs {key}\nsha256 {hashlib.sha256(content).hexdigest()}\n"


class ValidCharts:
    """The charts found valid Vega-Lite before, by the hash of their spec and of the code (the
    schema comes with the pinned Altair): a spec seen before need not be checked again."""

    KEEP = 2000  # hashes kept, the latest

    def __init__(self) -> None:
        self.path = BUILD_DIR / "cache" / "valid-charts.txt"
        self.known = self.path.read_text().split() if self.path.exists() else []
        self.seen, self.new = set(self.known), []

    def _key(self, spec: dict) -> str:
        return hashlib.sha256((code_hash() + json.dumps(spec, sort_keys=True)).encode()).hexdigest()

    def __contains__(self, spec: dict) -> bool:
        return self._key(spec) in self.seen

    def add(self, spec: dict) -> None:
        self.new.append(self._key(spec))

    def save(self) -> None:
        """A cache that cannot be written costs a check later, not the build."""
        if self.new:
            with contextlib.suppress(OSError):
                files.write_atomically(self.path, "\n".join([*self.known, *self.new][-self.KEEP :]).encode())

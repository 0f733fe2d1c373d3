"""Files of the build folder: every write, delete and publish of a build goes through here,
and none of them leaves the build folder.

A symbolic link inside the build folder (``_build/sphinx/src`` pointing at a home folder,
say) would make a mirror step write through it and delete every file it did not write. So
paths are resolved and checked before anything is written or removed, and a build first
refuses any link in the folders it uses: links are also a way to read a file from elsewhere
into the published book. The build folder itself may be a link (a build folder
on another disk); only what is inside it is checked.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from japan_us import BUILD_DIR


class UnsafePath(OSError):
    """A build would write, delete or read through a link out of the build folder."""


def root() -> Path:
    return BUILD_DIR.resolve()


def inside(path: Path) -> Path:
    """``path`` itself if it resolves inside the build folder; UnsafePath naming it otherwise."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root()):
        raise UnsafePath(
            errno.EPERM,
            f"resolves to {resolved}, outside the build folder {root()}: a build writes and deletes only "
            "inside it (remove the link)",
            str(path),
        )
    return path


def refuse_links(*folders: Path, walk: bool = True) -> None:
    """Raise UnsafePath if any of these folders of the build (or what lies between them and
    the build folder, or with ``walk`` anything inside them) is a symbolic link: the build
    made none, and each could lead a write, a delete or a published file out of the build
    folder. (A folder the build only ever replaces whole need not be walked.)"""
    for folder in folders:
        rel = folder.relative_to(BUILD_DIR)
        for path in [*reversed(rel.parents[:-1]), rel]:  # (the build folder itself may be a link)
            _refuse_link(BUILD_DIR / path)
        for parent, dirs, names in os.walk(folder) if walk else ():
            for name in dirs + names:
                _refuse_link(Path(parent, name))


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise UnsafePath(
            errno.ELOOP,
            f"is a symbolic link (to {os.readlink(path)}) inside the build folder {BUILD_DIR}; "
            "the build makes no links and follows none: remove it",
            str(path),
        )


def out_of_space(exc: BaseException) -> str | None:
    """One line for a full disk anywhere in an exception's chain (Jupyter Book wraps Sphinx's
    exceptions in a RuntimeError of its own; a failed book step carries the worker's line)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"{_NO_SPACE} while writing {exc.filename or BUILD_DIR}: free some space"
        said = [line.strip() for line in str(exc).splitlines() if line.strip().startswith(_NO_SPACE)]
        if said:  # the Sphinx worker's line, passed on
            return said[0]
        exc = exc.__cause__ or exc.__context__
    return None


_NO_SPACE = "no space left on the device"


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    inside(path.parent).mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one writer per process
    try:
        temporary.write_bytes(content)
        temporary.replace(inside(path))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, content: bytes) -> None:
    if not path.exists() or path.read_bytes() != content:
        write_atomically(path, content)


def remove(path: Path) -> None:
    inside(path).unlink(missing_ok=True)


def remove_tree(path: Path) -> None:
    """Remove a folder of the build (never what a link points at: shutil.rmtree refuses links)."""
    shutil.rmtree(inside(path), ignore_errors=True)


def mirror(src: Path, dst: Path) -> None:
    """Make ``dst`` hold exactly the files of ``src``, touching only files that differ."""
    inside(dst)
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        write_if_changed(dst / rel, (src / rel).read_bytes())
    for path in sorted(dst.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(dst) not in wanted:
            remove(path)
        elif path.is_dir() and not any(path.iterdir()):
            inside(path).rmdir()


# Folders of a Sphinx site whose files are copies of what pages reference (downloads,
# images). The shared site keeps every one ever copied, for any scenario: only those the
# pages of this book reference are published.
_COPIED = ("_downloads", "_images")
_REFERENCE = re.compile(r"""(?:href|src)=["']([^"'#?]+)""")


def publish(html: Path, target: Path) -> None:
    """Copy a built site to ``target``, less the copied files no page of it references."""
    referenced = set()
    for page in html.rglob("*.html"):
        for ref in _REFERENCE.findall(page.read_text(encoding="utf-8", errors="replace")):
            referenced.add(Path(os.path.normpath(page.parent.relative_to(html) / unquote(unescape(ref)))))
    remove_tree(target)
    for path in sorted(html.rglob("*")):
        rel = path.relative_to(html)
        if path.is_file() and (rel.parts[0] not in _COPIED or rel in referenced):
            inside(target / rel.parent).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)  # (an OSError of its own: a full disk is named)


def swap_in(new_html: Path, final: Path) -> None:
    """Replace the published HTML with the new build in two renames."""
    inside(final.parent).mkdir(parents=True, exist_ok=True)
    old = final.with_name(final.name + ".old")
    remove_tree(old)
    if final.exists():
        inside(final).rename(old)
    inside(new_html).rename(final)
    remove_tree(old)


def manifest(html: Path) -> str:
    """Every file of a published book with its checksum: the tree is checked, not trusted."""
    files = sorted(p for p in html.rglob("*") if p.is_file())
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(html)}\n" for p in files)

"""The package's rooms: no two modules import each other, directly or around a circle, at
import time (an import inside a function, made when it runs, is not an edge here)."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "japan_us"


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text()) for p in PACKAGE.rglob("*.py")}


def _imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules a module imports at its top level (a name imported from a
    package is that package's submodule when there is one, else the package itself)."""
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in known:
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found |= subs or {node.module}
            if len(subs) < len(node.names):
                found.add(node.module)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle in ``graph``, or [] (depth-first search)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node], path[len(path) :] = "open", [node]
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_no_module_of_the_package_imports_itself_round_a_circle():
    modules = _modules()
    graph = {name: _imports(tree, set(modules)) - {name} for name, tree in modules.items()}
    assert graph["japan_us.chapters.goals"] >= {"japan_us.chapters.base"}  # (the graph sees imports)
    assert not _cycle(graph), " -> ".join(_cycle(graph))


def test_the_circle_check_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []

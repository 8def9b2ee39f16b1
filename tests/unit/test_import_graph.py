"""The modules of core/ import each other without a cycle, counting every import: at module top, inside a
function (the place a cycle hides, because it works until someone moves the import up) or in any other block.

Only imports under `if TYPE_CHECKING:` are left out: they never run."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

CORE = REPO / "core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(node: ast.AST):
    """Every Import/ImportFrom under `node`, at any depth, except inside `if TYPE_CHECKING:`."""
    children = node.orelse if _is_type_checking(node) else ast.iter_child_nodes(node)
    for child in children:
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child
        yield from _imports(child)


def imported_modules(path: Path, name: str, modules: set[str]) -> dict[str, int]:
    """The modules of `modules` that the file `path` (module `name`) imports, each with the line of its first
    import there."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..store import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from core import vocab` imports the module core.vocab; `from core.load import Dataset`, core.load
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        for target in targets:
            while target and target not in modules:  # `import core.query.sql` when only core.query is ours, etc.
                target = target.rpartition(".")[0]
            if target and target != name:
                found.setdefault(target, node.lineno)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    files = {module_name(p): p for p in CORE.rglob("*.py")}
    return {name: imported_modules(path, name, set(files)) for name, path in sorted(files.items())}


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (depth-first search, colouring nodes on the current path)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, {})):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def describe(cycle: list[str], graph: dict[str, dict[str, int]]) -> str:
    """'core.a -> core.b -> core.a (core.a imports core.b on line 3; core.b imports core.a on line 9)'."""
    steps = "; ".join(f"{a} imports {b} on line {graph[a][b]}" for a, b in zip(cycle, cycle[1:]))
    return f"{' -> '.join(cycle)} ({steps})"


def test_core_has_no_import_cycle():
    graph = import_graph()
    assert "core.load" in graph and "core.bundle" in graph  # the walk found the modules
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle in core/: " + describe(cycle, graph)


def test_the_graph_sees_imports_inside_functions(tmp_path):
    """The checker itself: a cycle made only of function-level imports is found."""
    graph = {"a": {"b": 3}, "b": {"c": 5}, "c": {"a": 9}, "d": {"a": 1}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None
    module = tmp_path / "m.py"
    module.write_text(
        "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from core.query import Store\n"
        "def f():\n    from core.load import is_bundled\n    import core.text\n",
        encoding="utf-8",
    )
    found = imported_modules(module, "core.m", {"core.m", "core.load", "core.text", "core.query"})
    assert found == {"core.load": 6, "core.text": 7}


def test_the_bundled_directory_is_named_in_core_bundle_and_re_exported_by_core_load():
    import core.bundle
    import core.load

    assert "core.load" not in import_graph()["core.bundle"]
    assert core.load.BUNDLED_DATA_DIR is core.bundle.BUNDLED_DATA_DIR and core.load.is_bundled is core.bundle.is_bundled
    assert core.load.is_bundled(REPO / "data") and not core.load.is_bundled(REPO)

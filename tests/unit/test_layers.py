"""The layers' import rules (docs/architecture.md), checked file by file so a failure names the file:
nothing in core/ or components/figures/ imports Streamlit, core/ imports neither components nor app_pages,
and components/ does not import app_pages. Every import counts, including one inside a function."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _package(path: Path, root: Path) -> list[str]:
    """The package a file's relative imports are resolved against: its folder's dotted path."""
    return list(path.relative_to(root).parent.parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in the file, in line order, wherever it sits (module level,
    function, class, `if TYPE_CHECKING`), relative imports resolved, plus importlib.import_module / __import__
    with a literal name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(_imports(tree, _package(path, root)), key=lambda hit: hit[0])


def _imports(tree: ast.AST, package: list[str]) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
                if node.module:
                    yield node.lineno, ".".join([*base, node.module])
                else:  # `from . import x`: x may be a module
                    for alias in node.names:
                        yield node.lineno, ".".join([*base, alias.name])
            else:
                yield node.lineno, node.module or ""
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name in ("import_module", "__import__"):
                yield node.lineno, node.args[0].value


def forbidden_imports(path: Path, banned: tuple[str, ...], root: Path = ROOT) -> list[str]:
    """'file:line imports module' for each import of a banned top-level package (or anything under it)."""
    rel = path.relative_to(root)
    return [f"{rel}:{line} imports {name}" for line, name in imported_modules(path, root)
            if any(name == b or name.startswith(b + ".") for b in banned)]


CORE = _files("core")
FIGURES = _files("components/figures")
COMPONENTS = _files("components")


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_layers_have_files():
    assert CORE and FIGURES and COMPONENTS


@pytest.mark.parametrize("path", CORE + FIGURES, ids=_ids(CORE + FIGURES))
def test_no_streamlit_import(path):
    assert forbidden_imports(path, ("streamlit",)) == []


@pytest.mark.parametrize("path", CORE, ids=_ids(CORE))
def test_core_imports_neither_components_nor_app_pages(path):
    assert forbidden_imports(path, ("components", "app_pages")) == []


@pytest.mark.parametrize("path", COMPONENTS, ids=_ids(COMPONENTS))
def test_components_do_not_import_app_pages(path):
    assert forbidden_imports(path, ("app_pages",)) == []


def test_the_check_sees_every_form_of_import(tmp_path):
    module = tmp_path / "core" / "sub" / "mod.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import os\n"
        "import streamlit\n"
        "import streamlit.components.v1 as html\n"
        "from streamlit import session_state\n"
        "def f():\n"
        "    from streamlit.runtime import exists\n"
        "class C:\n"
        "    import streamlit as st\n"
        "from components.shell import view\n"
        "import app_pages.timeline\n"
        "import importlib\n"
        "importlib.import_module('streamlit')\n"
        "import streamlit_extras\n"  # another package whose name only starts with 'streamlit'
        "from ..text import shorten\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    streamlit = forbidden_imports(module, ("streamlit",), tmp_path)
    assert [int(hit.split(":")[1].split()[0]) for hit in streamlit] == [2, 3, 4, 6, 8, 12]
    layers = forbidden_imports(module, ("components", "app_pages"), tmp_path)
    assert [hit.split(" imports ")[1] for hit in layers] == ["components.shell", "app_pages.timeline"]
    names = [name for _, name in imported_modules(module, tmp_path)]
    assert names[-2:] == ["core.text", "core.sub.sibling"]  # relative imports are resolved

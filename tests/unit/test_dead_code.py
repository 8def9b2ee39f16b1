"""Every function in core/text.py is used by the app (app.py, app_pages/, components/, core/, bench/), directly
or through another function of core/text.py that is. A function only tests call is dead code with tests that
keep it looking alive: delete both.

Names are found with `ast` (a Name, an attribute or an imported name), so a word in a comment or a docstring
does not count as a use."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

TEXT = REPO / "core" / "text.py"
APP_CODE = ("app.py", "app_pages", "components", "core", "bench")

# Dead to the app but still imported by a test that another change will rewrite: {name: that test file}.
# The test below fails once the file stops using the name, so the entry (and the function) cannot outstay it.
KEPT_FOR = {"format_span": "tests/unit/test_store.py"}


def _names(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            found |= {alias.name for alias in node.names}
    return found


def _app_files() -> list[Path]:
    files = []
    for place in APP_CODE:
        path = REPO / place
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [f for f in files if f.resolve() != TEXT.resolve() and ".venv" not in f.parts]


def live_and_dead(module: Path = TEXT) -> tuple[set[str], set[str]]:
    """(functions the app reaches, functions it does not) among the module's top-level functions."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    functions = {node.name: _names(node) for node in tree.body if isinstance(node, ast.FunctionDef)}
    used_outside = set().union(*(_names(ast.parse(f.read_text(encoding="utf-8"))) for f in _app_files()))
    live = functions.keys() & used_outside
    frontier = set(live)
    while frontier:  # a function that a live function calls is live too
        frontier = {name for f in frontier for name in functions[f]} & functions.keys() - live
        live |= frontier
    return live, functions.keys() - live


def test_every_function_in_core_text_is_used_by_the_app():
    live, dead = live_and_dead()
    assert "md_escape" in live and "format_date" in live  # used directly, and only through format_partial_date
    unexplained = dead - KEPT_FOR.keys()
    assert not unexplained, f"core/text.py functions only tests use (delete them and their tests): {sorted(unexplained)}"


def test_a_kept_function_is_still_needed_by_the_test_named_for_it():
    live, dead = live_and_dead()
    for name, test_file in KEPT_FOR.items():
        assert name not in live, f"{name} is used by the app now: remove it from KEPT_FOR"
        assert name in _names(ast.parse((REPO / test_file).read_text(encoding="utf-8"))), (
            f"{test_file} no longer uses {name}: delete {name} from core/text.py and from KEPT_FOR"
        )

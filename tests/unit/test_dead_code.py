"""Dead code: code nothing uses, often with tests that keep it looking alive. Delete both.

- Every function in core/text.py is used by the app (app.py, app_pages/, components/, core/, bench/), directly or
  through another function of core/text.py that is; a function only tests call is dead.
- Every registered question (core/query) is asked by the app: `store.<name>(…)` in app.py, app_pages/,
  components/ or core/ outside core/query/. A question no page asks still costs every engine test and benchmark.
- Every public module-level name (function, class, constant) and every public method in core/ and components/
  is used somewhere in the repository's Python outside its own definition (tests count here), and so is every
  private module-level helper of tests/.

Names are found with `ast` (a Name, an attribute or an imported name), so a word in a comment or a docstring
does not count as a use."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

TEXT = REPO / "core" / "text.py"
APP_CODE = ("app.py", "app_pages", "components", "core", "bench")
EVERY_PLACE = ("app.py", "app_pages", "components", "core", "bench", "scripts", "deploy", "tests")
CHECKED = ("core", "components")  # public names must be used somewhere

# Dead to the app but still imported by a test that another change will rewrite: {name: that test file}.
# The test below fails once the file stops using the name, so the entry (and the function) cannot outstay it.
KEPT_FOR = {"format_span": "tests/unit/test_store.py"}

# Registered questions no page asks, each with why it stays registered.
NOT_ASKED = {"export_rows": "stands for Store.export_csv, which streams the same statement (export_statement), so "
                            "the engine test and the benchmark run the export's SQL"}


def _node_names(node: ast.AST) -> set[str]:
    """The names one node itself uses (not its children): a Name, an attribute or the names an import takes."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Attribute):
        return {node.attr}
    if isinstance(node, ast.ImportFrom):
        return {alias.name for alias in node.names}
    return set()


def _names(tree: ast.AST) -> set[str]:
    return set().union(*(_node_names(node) for node in ast.walk(tree)))


def _files(places) -> list[Path]:
    files = []
    for place in places:
        path = REPO / place
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [f for f in files if ".venv" not in f.parts]


def _app_files() -> list[Path]:
    return [f for f in _files(APP_CODE) if f.resolve() != TEXT.resolve()]


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


def asked_questions(files: list[Path]) -> set[str]:
    """Names asked of a store in these files: `store.x`, `_store.x`, `view.store.x`, `self._store.x`."""
    asked = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                holder = node.value
                name = holder.id if isinstance(holder, ast.Name) else getattr(holder, "attr", "")
                if name.endswith("store"):
                    asked.add(node.attr)
    return asked


def test_every_registered_question_is_asked_by_the_app():
    from core.query import QUESTIONS

    app = [f for f in _files(("app.py", "app_pages", "components", "core")) if "query" not in f.relative_to(REPO).parts]
    asked = asked_questions(app)
    registered = {q.name for q in QUESTIONS}
    assert "source_list" in asked and "has_event" in asked  # asked by a component, and by core/pages.py
    assert NOT_ASKED.keys() <= registered - asked, "a NOT_ASKED question is asked now (or gone): update NOT_ASKED"
    never = registered - asked - NOT_ASKED.keys()
    assert not never, f"registered questions no page asks (delete them, their tests and docs/architecture.md's entry): {sorted(never)}"


def _defined(node: ast.stmt) -> list[str]:
    """The names a module-level statement defines."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _is_checked(place: str, name: str) -> bool:
    """Public names in core/ and components/; private helpers (not dunders) in tests/."""
    if place in CHECKED:
        return not name.startswith("_")
    return place == "tests" and name.startswith("_") and not name.startswith("__")


def _names_outside(tree: ast.AST, definition: ast.AST) -> set[str]:
    """The names used in `tree` outside the subtree of `definition` (its own body may call itself)."""
    found, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if node is not definition:
            found |= _node_names(node)
            stack += ast.iter_child_nodes(node)
    return found


def unused_names() -> list[str]:
    """`file: name` (or `file: Class.method`) for every checked definition nothing uses outside itself: public
    module-level names and public methods in core/ and components/, private module-level helpers in tests/."""
    trees = {f: ast.parse(f.read_text(encoding="utf-8")) for f in _files(EVERY_PLACE)}
    names_in = {f: _names(tree) for f, tree in trees.items()}
    unused = []
    for f, tree in trees.items():
        place = f.relative_to(REPO).parts[0]
        for node in tree.body:
            candidates = [(node, name) for name in _defined(node) if _is_checked(place, name)]
            if isinstance(node, ast.ClassDef) and place in CHECKED:
                candidates += [(sub, f"{node.name}.{sub.name}") for sub in node.body
                               if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)) and not sub.name.startswith("_")]
            for definition, label in candidates:
                name = label.rsplit(".", 1)[-1]
                # a private test helper may be imported by another test file, not used by the app's own `_x`
                elsewhere = (names for other, names in names_in.items()
                             if other != f and (place in CHECKED or other.relative_to(REPO).parts[0] == "tests"))
                if any(name in names for names in elsewhere):
                    continue
                if name not in _names_outside(tree, definition):
                    unused.append(f"{f.relative_to(REPO)}: {label}")
    return unused


def test_every_public_name_in_core_and_components_is_used_outside_its_definition():
    unused = unused_names()
    assert not unused, "defined but used nowhere else (delete them, and any test that only keeps them alive):\n" + "\n".join(unused)

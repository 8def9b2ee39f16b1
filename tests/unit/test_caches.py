"""Every shared cache in the app states its limits and is listed in docs/architecture.md ("Caches"): each
`st.cache_resource` / `st.cache_data` in app.py, app_pages/ and components/ gives `max_entries` and `ttl` (the
dataset itself, whose reload costs a reader the whole load, has no time to live, on DuckDB or on Spark), each
`shared_cache` gives `max_entries` (its time to live is CACHE_TTL unless it gives `ttl`), and its function name
appears in the section's table."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO

DOCS = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
NO_TTL = {"components/shell/dataset.py:_load", "components/shell/dataset.py:_load_spark"}


def _caches() -> list[tuple[str, str, set[str]]]:
    found = []
    files = [REPO / "app.py", *sorted((REPO / "app_pages").rglob("*.py")), *sorted((REPO / "components").rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute) \
                        and decorator.func.attr in ("cache_resource", "cache_data"):
                    found.append((str(path.relative_to(REPO)), node.name, {k.arg for k in decorator.keywords}))
                elif isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name) \
                        and decorator.func.id == "shared_cache":
                    found.append((str(path.relative_to(REPO)), node.name, {"ttl", *(k.arg for k in decorator.keywords)}))
                elif isinstance(decorator, ast.Attribute) and decorator.attr in ("cache_resource", "cache_data"):
                    found.append((str(path.relative_to(REPO)), node.name, set()))
    return found


def test_every_cache_has_limits_and_is_documented():
    caches = _caches()
    assert len(caches) >= 20  # the walk finds the caches at all
    section = re.search(r"^## Caches$(.*?)^## ", DOCS, flags=re.M | re.S)
    assert section, "docs/architecture.md has no Caches section"
    text = section.group(1)
    problems = []
    for path, name, keywords in caches:
        wanted = {"max_entries"} if f"{path}:{name}" in NO_TTL else {"max_entries", "ttl"}
        if not wanted <= keywords:
            problems.append(f"{path}:{name} lacks {sorted(wanted - keywords)}")
        module = path.removesuffix(".py").replace("/", ".").removeprefix("components.")
        if name not in text or module.split(".")[0] not in text:
            problems.append(f"{path}:{name} is not in the Caches section")
    assert problems == []


def test_a_frozen_figure_draws_the_same_and_builds_its_dict_once():
    import plotly.graph_objects as go
    import plotly.io as pio

    from components.figures.frozen import FrozenFigure, freeze

    def build():
        figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="a"))
        figure.add_bar(x=["x", "y"], y=[1, 2])
        return figure.update_layout(title="t")

    plain, frozen = build(), freeze(build())
    assert isinstance(frozen, FrozenFigure) and isinstance(frozen, go.Figure) and freeze(None) is None
    want = pio.to_json(plain, validate=False)
    assert pio.to_json(frozen, validate=False) == want == pio.to_json(frozen, validate=False)
    first, second = frozen.to_dict(), frozen.to_dict()
    assert first["data"] is second["data"]  # built once
    assert first is not second  # the outer dict is the caller's own


def test_a_deck_is_serialised_once_and_as_pydeck_would():
    import json

    import pydeck as pdk

    from components.figures.map import build_map_deck
    from core.load import load_dataset
    from core.map_view import LAYERS, read_outlines
    from core.query import Store
    from core.query.records import records

    store = Store(load_dataset(REPO / "data"))
    from core.filters import FilterSpec
    places = records(store.places_with_events(FilterSpec()))
    deck = build_map_deck(read_outlines(store.dataset.data_dir), places, store.dataset.corridors,
                          layers=frozenset(LAYERS), dark=True)
    pydecks = json.dumps(json.loads(pdk.Deck.to_json(deck)), separators=(",", ":"), sort_keys=True)
    first = deck.to_json()
    assert first == pydecks and deck.to_json() is first  # the same text as pydeck's, built once
    assert "_json" not in pdk.Deck.to_json(deck)  # the kept text is not part of the deck itself

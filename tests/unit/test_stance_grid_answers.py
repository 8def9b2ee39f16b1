"""The Actors & stances page takes the comparison's default pair, and the comparison itself for a filter that
chooses no actor, from the heatmap's grid instead of asking two more questions (issue S: fewer questions per
fresh view). Each must be the answer the question gives, over many filters and every pair of actors."""

from __future__ import annotations

import pytest

from core.filters import FilterSpec
from core.query import Store
from core.query.records import records
from core.query.registry import each_spec
from core.query.stances import compared_pair, comparison_rows

TEXTS = ("", "an", "peace", "russia", "th", "no-such-word")
YEARS = ((2018, 2022), (2020, 2020), (2021, 2022), (1900, 2100))


def _specs(store: Store) -> list[FilterSpec]:
    specs = [spec for (spec,) in each_spec(store.engine)]
    return specs + [FilterSpec(text=text, years=years) for text in TEXTS for years in YEARS]


@pytest.fixture(scope="module")
def store(bundled_or_synthetic_store) -> Store:
    return bundled_or_synthetic_store


def most_compared_pair(store: Store, spec: FilterSpec) -> tuple[str, str] | None:
    """The default pair asked of the engine (the question the page asked before it read the grid): the two actors
    under different top-level actors with the most topics in common under the filter, ties by id."""
    head, params = store.engine.filtered("stances", spec)
    pair = store.engine.frame(head + """SELECT x.actor_id AS first, y.actor_id AS second FROM
                                (SELECT DISTINCT actor_id, topic_id FROM f) x
                                JOIN (SELECT DISTINCT actor_id, topic_id FROM f) y
                                  ON x.topic_id = y.topic_id AND x.actor_id < y.actor_id
                                JOIN actors ax ON ax.actor_id = x.actor_id JOIN actors ay ON ay.actor_id = y.actor_id
                              WHERE ax.top_level_actor_id <> ay.top_level_actor_id
                              GROUP BY x.actor_id, y.actor_id ORDER BY count(*) DESC, 1, 2 LIMIT 1""", params)
    return None if pair.empty else (str(pair.iat[0, 0]), str(pair.iat[0, 1]))


def test_the_default_pair_from_the_grid_is_the_most_compared_pair(store):
    pairs = 0
    for spec in _specs(store):
        expected = most_compared_pair(store, spec)
        assert compared_pair(store.stance_cells(spec)) == expected, spec
        pairs += expected is not None
    assert pairs  # the filters leave a pair to compare


def test_the_comparison_from_the_grid_is_stance_comparison_when_no_actor_is_chosen(store):
    compared = 0
    for spec in _specs(store):
        if spec.actors[0]:
            continue
        grid = store.stance_cells(spec)
        chosen = grid.actors[:6] + grid.actors[-2:]  # the first rows (one state's family) and the last
        for first in chosen:
            for second in chosen:
                if first != second:
                    assert comparison_rows(grid, first, second) == records(
                        store.stance_comparison(spec, first, second)), (spec, first, second)
                    compared += 1
    assert compared > 100


def test_a_fresh_view_asks_neither_the_pair_nor_the_comparison(dataset):
    """The page's default pair and, with no actor chosen, its comparison come from the grid: a fresh view of the
    comparison asks stance_cells only; with an actor chosen, the comparison is asked (its filter is not the grid's)."""
    from components.actors_stances.data import comparison_table, default_pair, stance_grid
    from components.shell.caches import clear_shared_caches

    clear_shared_caches()
    store = Store(dataset, log=True)
    for spec in (FilterSpec(), FilterSpec(text="peace"), FilterSpec(years=(2021, 2022))):
        store.engine.asked.clear()
        actors = stance_grid(store, spec).actors
        first, second = default_pair(store, spec)
        comparison_table(store, spec, first, second)
        comparison_table(store, spec, actors[0], actors[-1])
        assert store.engine.asked == ["stance_cells"], spec
    chosen = FilterSpec(actors=(("ru",), True))
    store.engine.asked.clear()
    actors = stance_grid(store, chosen).actors
    comparison_table(store, chosen, actors[0], "az")
    assert store.engine.asked == ["stance_cells", "stance_comparison"]
    clear_shared_caches()

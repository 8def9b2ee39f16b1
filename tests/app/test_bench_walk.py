"""bench/scale.py times each page's own questions: the page walk (bench/page_walk.py) learns them by running every
page of the registry in AppTest with the engine's call log on, and the bench's timing of a page asks those again,
under the timed filter, with no question swapped for a placeholder (a count of the page's tables)."""

from __future__ import annotations

import pytest

from bench import scale
from bench.page_walk import walk_pages
from core.filters import FilterSpec
from core.load import load_dataset
from core.pages import PAGES
from core.query import Store
from tests.conftest import DATA_DIR

TIMED = FilterSpec(years=(2019, 2021), actors=(("az",), True))  # a filter the walk did not run under


@pytest.fixture(scope="module")
def walked():
    return walk_pages(None)  # the bundled data (SCM_DATA_DIR is not set in the tests)


@pytest.fixture(scope="module")
def store():
    return Store(load_dataset(DATA_DIR, trust_stamp=True))


def _names(calls) -> list[str]:
    return [name for name, _, _ in calls]


def test_the_walk_finds_questions_for_every_page_and_none_asks_only_a_count(walked):
    assert set(walked) == {page.name for page in PAGES}
    for page in PAGES:
        names = set(_names(walked[page.name]))
        assert names, f"the walk found no question on {page.name}"
        if page.all_tables:  # the Data page shows how many rows each table holds: counts are its own question
            assert names - {"count"}, f"{page.name} asks nothing but count"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_bench_times_the_questions_the_page_asked_under_the_timed_filter(walked, store, page):
    store.engine.calls = []
    try:
        timing = scale._page_work(store, walked[page.name], TIMED, page)
        timed = store.engine.calls
    finally:
        store.engine.calls = None
    assert _names(timed) == _names(walked[page.name])
    for (_, args, kwargs), (_, was, was_kwargs) in zip(timed, walked[page.name], strict=True):
        for now, before in zip((*args, *kwargs.values()), (*was, *was_kwargs.values()), strict=True):
            if before == FilterSpec():  # the filter the page ran under: the timed one takes its place
                assert now == TIMED
            else:  # the page's own arguments, and a filter it makes itself (the Data page's every year)
                assert now == before
    assert timing["queries_s"] > 0 and timing["figure_s"] >= 0
    assert (timing["payload"] > 0) == (page.name in ("overview", "timeline", "us_aid", "map", "actors_stances"))


def test_the_us_aid_cards_ask_for_their_sources_and_passages_together(walked):
    """One question per group of cards (amount not reported, long-run context), not one or two per card: at a
    million events the unknown amounts alone were a thousand cards, 4.4 to 5.4 s of point lookups."""
    names = _names(walked["us_aid"])
    assert "passage_of" not in names
    assert 1 <= names.count("passages_of") <= 2 and names.count("sources_of") == names.count("passages_of")

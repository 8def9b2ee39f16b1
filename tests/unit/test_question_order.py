"""The order of every ordered list of events a page shows, against plain pandas over the CSV files
(tests/expectations.py), not only between engines: two engines that both sort the wrong way agree.

- the Overview's "Latest events": the most recent by start date, ties by id;
- the explorer's pages: by start date, ties by id, and page 2 follows page 1;
- an actor card's "most recent events": by when they happened (start date), latest first, not by when they end;
- the events at a place: by start date, ties by id.
"""

from __future__ import annotations

import pytest

from core.filters import FilterSpec
from core.query import Store
from tests.expectations import Filter, actors, rows

SPECS = [
    (FilterSpec(), Filter()),
    (FilterSpec(years=(2020, 2020)), Filter(years=(2020, 2020))),
    (FilterSpec(actors=(("ru",), True)), Filter(actors=actors("ru"))),
    (FilterSpec(years=(2021, 2022), actors=(("az",), True)), Filter(years=(2021, 2022), actors=actors("az"))),
]
IDS = ["all", "2020", "russia", "az-2021-2022"]


@pytest.fixture(scope="module")
def store(dataset):
    return Store(dataset)


def by_date(frame, latest_first: bool = False) -> list[str]:
    """Event ids by start date, ties by id (ascending either way)."""
    ordered = frame.sort_values("event_id").sort_values("date", ascending=not latest_first, kind="stable")
    return list(ordered["event_id"])


@pytest.mark.parametrize(("spec", "expected"), SPECS, ids=IDS)
def test_latest_events_are_the_most_recent_latest_first(store, spec, expected):
    want = by_date(rows("events", expected), latest_first=True)[:5]
    assert [e["event_id"] for e in store.overview_events(spec, 5).latest] == want
    assert len(want) == min(5, len(rows("events", expected)))


@pytest.mark.parametrize(("spec", "expected"), SPECS, ids=IDS)
def test_explorer_pages_run_in_date_order(store, spec, expected):
    want = by_date(rows("events", expected))
    first = list(store.events_page(spec, 10, 0)["event_id"])
    second = list(store.events_page(spec, 10, 10)["event_id"])
    assert first + second == want[:20]


@pytest.mark.parametrize("actor", ["ru", "az", "am", "us"])
def test_an_actor_cards_recent_events_are_by_when_they_happened(store, actor):
    want = by_date(rows("events", Filter(actors=actors(actor))), latest_first=True)[:3]
    assert [e["event_id"] for e in store.actor_recent_events(FilterSpec(), actor, 3)] == want


def test_events_at_the_busiest_place_run_in_date_order(store):
    events = rows("events", Filter())
    place = events["place_id"].value_counts().index[0]
    answer = store.events_at_place(FilterSpec(), place)
    ids = list(answer["event_id"]) if hasattr(answer, "columns") else [e["event_id"] for e in answer]
    assert ids == by_date(events[events["place_id"] == place])

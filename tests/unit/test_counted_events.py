"""Issue Q: at 2.5M events a page's rerun asked the events again in every question. The actor filter reads the
events' distinct actor lists (actor_lists), not event_actors; the pages' counts read the events counted per
combination of what the filter narrows (event_counts, Engine.counted) unless the text search narrows them; and the
answers are those of the events themselves."""

from __future__ import annotations

import pytest

from core.filters import FilterSpec
from core.query import Store
from core.query.registry import EVENTS


@pytest.fixture(scope="module")
def store(dataset):
    return Store(dataset, log=True)


def _specs(store) -> list[FilterSpec]:
    actor = store.engine.scalar("SELECT actor_id FROM actors WHERE parent_id IS NULL ORDER BY actor_id LIMIT 1")
    event_type = store.engine.scalar("SELECT event_type FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    return [FilterSpec(), FilterSpec(years=(2019, 2021), actors=((actor,), True)),
            FilterSpec(years=(1900, 2100), actors=((actor,), False), event_types=(event_type,)),
            FilterSpec(actors=((actor,), True), text="peace")]


def _asked(store, ask) -> tuple[object, list[str]]:
    before = len(store.engine.sql_log)
    answer = ask()
    return answer, store.engine.sql_log[before:]


def test_actor_lists_hold_every_events_actors(store):
    """actor_lists has exactly the (actor list, actor, top-level actor) of event_actors, list by list."""
    sql = """SELECT DISTINCT e.actors, ea.actor_id, ea.top_level_actor_id FROM event_actors ea
             JOIN events e ON e.event_key = ea.event_key"""
    missing = store.engine.frame(f"{sql} EXCEPT SELECT actors, actor_id, top_level_actor_id FROM actor_lists")
    extra = store.engine.frame(f"SELECT actors, actor_id, top_level_actor_id FROM actor_lists EXCEPT {sql}")
    assert missing.empty and extra.empty
    assert len(store.engine.frame("SELECT * FROM actor_lists")) > 0


def test_the_actor_filter_reads_the_actor_lists_not_event_actors(store):
    spec = _specs(store)[1]
    where, _ = store.engine.where(EVENTS, spec)
    assert "actor_lists" in where and "event_actors" not in where
    for ask in (lambda: store.summary(spec), lambda: store.timeline(spec, 0), lambda: store.source_list(spec),
                lambda: store.places_with_events(spec), lambda: store.overview_events(spec)):
        _, asked = _asked(store, ask)
        assert not any("event_actors" in sql or "event_lanes" in sql for sql in asked)


@pytest.mark.parametrize("index", range(4))
def test_the_counts_are_the_events_and_come_from_event_counts_unless_searched(store, index):
    spec = _specs(store)[index]
    where, params = store.engine.where(EVENTS, spec)
    events = store.engine.frame(f"SELECT * FROM events WHERE {where}", params)
    assert len(events) > 0
    count, asked = _asked(store, lambda: store.count(EVENTS, spec))
    assert count == len(events)
    assert any("event_counts" in sql for sql in asked) == (not spec.text)

    coverage = store.summary(spec).coverage_by_year()
    expected = events.groupby(["y0", "origin"]).size()
    assert dict(zip(zip(coverage["year"], coverage["origin"]), coverage["n"])) == expected.to_dict()
    monthly = store.summary(spec).monthly_by_type()
    expected = events.dropna(subset=["month_key"]).groupby(["month_key", "event_type"]).size()
    assert [int(n) for n in monthly["n"]] == [int(n) for n in expected.sort_index()]
    assert store.summary(spec).year_only_events == int(events["month_key"].isna().sum())
    known = store.fatalities_known(spec)
    assert (known.known, known.events) == (int(events["fatalities"].notna().sum()), len(events))

    summary = store.summary(spec)
    assert summary.events == len(events)
    first = events.sort_values("event_key").iloc[0]
    last = events.sort_values("event_key").iloc[-1]
    assert (summary.first, summary.last) == (first["start_text"], last["start_text"])
    cited = set(events["source_id"].dropna()) | set(events["correction_source_id"].dropna())
    listed = store.source_list(spec)
    for source_id, n in zip(listed["source_id"], listed["events"]):
        citing = events[(events["source_id"] == source_id) | (events["correction_source_id"] == source_id)]
        assert n == len(citing)
    assert cited <= set(listed["source_id"])

    density = store.timeline(spec, 0).density  # every lane's events per month, from the counts by actor list
    lanes = store.engine.frame(f"""SELECT l.lane, count(*) AS n FROM (SELECT * FROM events WHERE {where}) e
                                   JOIN event_lanes l ON l.event_key = e.event_key GROUP BY l.lane""", params)
    assert int(density["n"].sum()) == int(lanes["n"].sum()) and density["n"].max() > 0

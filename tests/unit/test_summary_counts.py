"""The Overview's summary counts the filtered events once, by origin (issue S: counting them again inside its
larger query cost DuckDB about three times the rest of that query), and the counts are those of the events."""

from __future__ import annotations

from core.filters import FilterSpec
from core.query import Store


def test_the_summary_counts_the_events_once_by_origin(dataset):
    store = Store(dataset, log=True)
    loaded = len(store.engine.sql_log)
    spec = FilterSpec(text="peace")
    summary = store.summary(spec)
    asked = store.engine.sql_log[loaded:]
    assert not any("count(*) FROM e)" in sql for sql in asked)  # no second count of the filtered events
    assert summary.events == store.count("events", spec) > 0
    assert summary.corpus_events == sum(n for origin, n in summary.by_origin if origin == "corpus")
    assert summary.external_events == summary.events - summary.corpus_events

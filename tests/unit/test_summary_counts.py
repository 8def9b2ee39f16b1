"""The Overview asks few statements (issue S: every statement cost DuckDB its planning, more than its work on the
bundled data). Its summary counts the filtered events once, by month, year, type and origin, in the same statement
as its other figures, and the Overview's monthly trend, coverage per year and year-only count are derived from those
counts: they are the answers the former questions' own statements gave (kept below as the reference), over many
filters. Its latest events carry their quotes' passages, so its evidence cards ask none of their own."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.query import Store, example_specs

# The statements of the questions the summary's counts replaced (monthly_by_type, coverage_by_year,
# year_only_events), word for word, after `Engine.counted`'s head.
MONTHLY = """SELECT month_key AS month, event_type, CAST(sum(n) AS BIGINT) AS n,
                    CAST(sum(sum(n)) OVER (PARTITION BY month_key) AS BIGINT) AS month_total
             FROM f WHERE month_key IS NOT NULL GROUP BY month_key, event_type ORDER BY 1, 2"""
COVERAGE = """SELECT y0 AS year, origin, CAST(sum(n) AS BIGINT) AS n,
                     CAST(sum(sum(n)) OVER (PARTITION BY y0) AS BIGINT) AS year_total
              FROM f GROUP BY y0, origin ORDER BY 1, 2"""
YEAR_ONLY = "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM f WHERE month_key IS NULL"
BY_ORIGIN = "SELECT origin, CAST(sum(n) AS BIGINT) AS n FROM f GROUP BY origin ORDER BY origin"


@pytest.fixture(scope="module")
def store(dataset):
    return Store(dataset, log=True)


def _specs(store) -> list[FilterSpec]:
    """The registry's example filters, searches (many rows, few, none), and single years in and out of the data."""
    return (example_specs(store.engine) + [FilterSpec(text=t) for t in ("peace", "an", "es", "border", "zzqx")]
            + [FilterSpec(years=(y, y)) for y in (2016, 2018, 2020, 2022)]
            + [FilterSpec(years=(2019, 2021), text="an")])


def test_the_summary_is_one_statement(store):
    store.engine.ensure_search()  # built on the first search, in statements of its own
    loaded = len(store.engine.sql_log)
    spec = FilterSpec(text="peace")
    summary = store.summary(spec)
    asked = store.engine.sql_log[loaded:]
    assert len(asked) == 1
    assert summary.events == store.count("events", spec) > 0
    assert summary.corpus_events == sum(n for origin, n in summary.by_origin if origin == "corpus")
    assert summary.external_events == summary.events - summary.corpus_events


def test_the_derived_counts_are_the_former_questions_answers(store):
    db = store.engine
    specs = _specs(store)
    assert any(store.summary(s).events == 0 for s in specs) and any(store.summary(s).year_only_events for s in specs)
    for spec in specs:
        head, params = db.counted(spec)
        summary = store.summary(spec)
        pd.testing.assert_frame_equal(summary.monthly_by_type(), db.frame(head + MONTHLY, params), obj=str(spec))
        pd.testing.assert_frame_equal(summary.coverage_by_year(), db.frame(head + COVERAGE, params), obj=str(spec))
        assert summary.year_only_events == int(db.scalar(head + YEAR_ONLY, params)), spec
        origins = db.frame(head + BY_ORIGIN, params)
        assert summary.by_origin == tuple(zip(origins["origin"], origins["n"])), spec
        assert summary.events == sum(origins["n"]), spec


def test_the_latest_events_carry_the_passage_of_their_quotes(store):
    """The evidence cards' passage links come with the latest events, as `passage_of` gives each quote."""
    found = 0
    for spec in _specs(store):
        for event in store.overview_events(spec, 5).latest:
            assert event["passage"] == store.passage_of(event["source_id"], event["evidence"]), (spec, event["event_id"])
            assert event["passage"] is None or type(event["passage"]) is int
            found += event["passage"] is not None
    assert found > 0

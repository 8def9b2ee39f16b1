"""What a fresh filter costs the Timeline's question (issue S): two statements (the monthly counts, the markers),
the key periods asked once per engine, and the totals derived from the monthly counts as pandas' groupby gave them."""

from __future__ import annotations

import pytest

from core.filters import FilterSpec
from core.query import MARKER_LIMIT, Store


@pytest.fixture()
def logged(dataset) -> Store:
    return Store(dataset, log=True)


def _periods_asked(store: Store) -> int:
    return sum("WHERE key_period" in sql for sql in store.sql_log)


def test_a_fresh_filter_runs_the_monthly_counts_and_the_markers_only(logged):
    first = logged.timeline(FilterSpec(text="an"), MARKER_LIMIT)
    assert _periods_asked(logged) == 1 and len(first.periods)
    logged.sql_log.clear()
    data = logged.timeline(FilterSpec(text="ar"), MARKER_LIMIT)
    assert data.points is not None and len(logged.sql_log) == 2, logged.sql_log
    assert _periods_asked(logged) == 0
    assert data.periods.equals(first.periods)


def test_each_engine_asks_its_own_key_periods(dataset, logged):
    logged.timeline(FilterSpec(), MARKER_LIMIT)
    other = Store(dataset, log=True)  # a new engine (a new dataset or upload gets one) never reuses another's
    other.timeline(FilterSpec(), MARKER_LIMIT)
    assert _periods_asked(logged) == 1 and _periods_asked(other) == 1


@pytest.mark.parametrize("spec", [FilterSpec(), FilterSpec(text="an"), FilterSpec(years=(2020, 2020))])
def test_the_totals_match_a_groupby_of_the_monthly_counts(logged, spec):
    data = logged.timeline(spec, MARKER_LIMIT)
    counts = data.month_counts
    assert list(counts.columns) == ["month", "event_type", "n"] and str(counts["n"].dtype) == "int64"
    assert not counts.duplicated(["month", "event_type"]).any()
    assert counts[["month", "event_type"]].equals(counts.sort_values(["month", "event_type"])[["month", "event_type"]])
    assert int(counts["n"].sum()) + data.year_only == data.total == sum(n for _, n in data.by_origin)
    assert data.busiest_month == int(counts.groupby("month")["n"].sum().max())
    assert [o for o, _ in data.by_origin] == sorted(o for o, _ in data.by_origin)
    assert data.corpus_events == dict(data.by_origin).get("corpus", 0)
    drawn = data.points.groupby("lane_name").size()
    assert data.busiest_lane == (str(drawn.idxmax()), int(drawn.max())) and data.lanes == sorted(drawn.index)

"""OverviewEvents.recent, the Overview's "what changed lately": the first `per_month` events of each of the latest months
with events, each row carrying its month's full count, computed here from events.csv in pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.query import Store
from tests.expectations import rows


@pytest.fixture(scope="module")
def bundled_store(dataset):
    return Store(dataset)


@pytest.mark.parametrize("months, per_month", [(3, 5), (2, 1), (4, 2)])
def test_the_first_events_of_the_latest_months_with_their_full_counts(bundled_store, months, per_month):
    answer = bundled_store.overview_events(FilterSpec(), 5, months, per_month).recent
    events = rows("events")
    dated = events[events["date_precision"] != "year"].copy()
    dated["month"] = pd.to_datetime(dated["date"].str[:7] + "-01")
    latest = sorted(dated["month"].unique(), reverse=True)[:months]
    wanted = []
    for month in latest:
        of_month = dated[dated["month"] == month].sort_values(["date", "event_id"])
        wanted += [(pd.Timestamp(month), e, len(of_month), rank)
                   for rank, e in enumerate(of_month["event_id"].head(per_month), start=1)]
    got = [(pd.Timestamp(r["month"]), r["event_id"], r["month_events"], r["rank_in_month"]) for r in answer]
    assert got == wanted and got
    if per_month == 1:  # the cut is exercised: a month has more events than the rows it gets
        assert any(count > per_month for _, _, count, _ in wanted)

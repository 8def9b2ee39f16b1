"""The Timeline at volume (issue 30): density (a heat strip per lane) as soon as a lane holds more markers than it
can show apart on the narrowest layout, not only above 2,000 events; the lane labels stay clear of the strips."""

from __future__ import annotations

import pandas as pd
import pytest

from components.figures.timeline import build_timeline
from core.filters import FilterSpec
from core.load import load_dataset
from core.query import MARKER_LIMIT, Store
from core.query.timeline import LANE_MARKER_LIMIT, LANE_MONTH_MARKER_LIMIT, too_many_markers
from core.synthetic_acled import write_acled_dir
from core.timeline_layout import lane_positions
from tests.conftest import DATA_DIR


def _lane_months(*counts: tuple[str, int]) -> tuple[dict[str, int], int]:
    """Markers per lane and the most in one lane-month, from (lane, markers in one month) pairs."""
    per_lane: dict[str, int] = {}
    for lane, n in counts:
        per_lane[lane] = per_lane.get(lane, 0) + n
    return per_lane, max((n for _, n in counts), default=0)


def test_a_lane_past_its_marker_limit_turns_the_timeline_to_density():
    spread = [("A", LANE_MONTH_MARKER_LIMIT)] * (LANE_MARKER_LIMIT // LANE_MONTH_MARKER_LIMIT)
    at_limit = spread + [("A", LANE_MARKER_LIMIT - sum(n for _, n in spread)), ("B", 3)]
    assert not too_many_markers(200, *_lane_months(*at_limit))
    assert too_many_markers(201, *_lane_months(*at_limit, ("A", 1)))  # one marker more in lane A
    assert too_many_markers(41, *_lane_months(("A", LANE_MONTH_MARKER_LIMIT + 1)))  # a burst in one month
    assert too_many_markers(MARKER_LIMIT + 1, *_lane_months(("A", 1)))  # the chart's own limit still holds
    assert not too_many_markers(0, *_lane_months())


@pytest.fixture(scope="module")
def acled_2000(tmp_path_factory) -> Store:
    return Store(load_dataset(write_acled_dir(tmp_path_factory.mktemp("tl") / "data", 2000, seed=1)))


def test_2000_acled_events_are_drawn_as_a_heat_strip_per_lane(acled_2000):
    data = acled_2000.timeline(FilterSpec(years=(2018, 2022)), MARKER_LIMIT)
    assert data.total == 2000 and data.points is None
    fig = build_timeline(data, years=(2018, 2022))
    heat = [t for t in fig.data if t.type == "heatmap"]
    assert len(heat) == 1 and not [t for t in fig.data if t.type == "scatter" and t.mode == "markers"]
    strip = heat[0]
    months = pd.date_range("2018-01-01", data.density["month"].max(), freq="MS")
    assert len(strip.x) == len(months) + 1  # a cell per month, quiet ones included, edge to edge
    centre = lane_positions(data.lanes)
    # Each lane's strip lies below its centre line, where its label (inside, above the line) is not.
    assert len(strip.y) == 2 * len(data.lanes)
    for lane, c in centre.items():
        assert any(c - 0.5 <= strip.y[i] < strip.y[i + 1] <= c for i in range(0, len(strip.y), 2)), lane
    assert fig.layout.yaxis.ticklabelposition == "inside top" and list(fig.layout.yaxis.ticktext) == data.lanes
    cells = sum(v for row in strip.z for v in row if v is not None)
    dated = data.density["month"].notna()
    assert cells == data.density.loc[dated, "n"].sum()  # the year-only events have no month, so no cell
    assert data.density.loc[~dated, "n"].sum() > 0
    note = next(a.text for a in fig.layout.annotations if a.name == "density-note").replace("<br>", " ")
    assert note.startswith("Showing monthly density: 2,000 events") and "alone holds" in note


def test_the_bundled_record_keeps_its_markers():
    data = Store(load_dataset(DATA_DIR, trust_stamp=True)).timeline(FilterSpec(years=(1990, 2025)), MARKER_LIMIT)
    assert data.points is not None and data.density is None
    assert data.busiest_lane[1] <= LANE_MARKER_LIMIT and data.busiest_lane_month <= LANE_MONTH_MARKER_LIMIT


def test_a_marker_view_asks_no_density_query_and_a_density_view_asks_no_markers(dataset):
    """Issue S: the lanes' monthly density is asked only when strips are drawn; a marker view counts its lanes
    and months from its markers (the same busiest lane and lane-month as the density would give)."""
    store = Store(dataset, log=True)
    loaded = len(store.engine.sql_log)  # the load's statements
    data = store.timeline(FilterSpec(), MARKER_LIMIT)
    assert data.points is not None and data.busiest_lane[1] > 0 and data.busiest_lane_month > 0
    asked = [sql for sql in store.engine.sql_log[loaded:] if "lane_name" in sql]  # the lanes' queries
    assert len(asked) == 1 and "f.event_id" in asked[0]  # the markers, no density

    before = len(store.engine.sql_log)
    density = store.timeline(FilterSpec(), 0)  # past the threshold: density, and no marker query
    assert density.points is None and density.busiest_lane == data.busiest_lane
    assert density.busiest_lane_month == data.busiest_lane_month
    asked = [sql for sql in store.engine.sql_log[before:] if "lane_name" in sql]
    assert len(asked) == 1 and "f.event_id" not in asked[0] and "sum(n) AS n" in asked[0]  # counted, not listed

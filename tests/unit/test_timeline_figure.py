"""The Timeline figure builder: lanes, markers, precision, bands from data, counts and aggregation.

The builder draws what the query layer computed (Store.timeline); these tests feed it small stores."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from components.timeline_figure import AGGREGATE_THRESHOLD, build_timeline
from core.filters import FilterSpec
from core.synthetic import write_dataset
from core.load import load_dataset
from core.store import Store
from tests.fixtures import make_store

ACTORS = pd.DataFrame(
    {
        "actor_id": ["az", "ru", "ru_mod", "am"],
        "name": ["Azerbaijan", "Russia", "Russian MoD", "Armenia"],
        "parent_id": [None, None, "ru", None],
        "colour": ["#0072B2", "#CC79A7", "#CC79A7", "#D55E00"],
    }
)
ROWS = [
    ("e1", "2022-02-22", "day", None, "Allied declaration", "agreement", "az;ru_mod", "high"),
    ("e2", "2022-12-01", "month", None, "Inspections blocked", "access_dispute", "ru_mod;ru", "high"),
    ("e3", "2021-07-28", "day", None, "<script>alert(1)</script>", "legislation", "am", "medium"),
]
ALL_YEARS = FilterSpec(2018, 2023)


def _data(rows=ROWS, key_periods=()):
    return make_store(rows, ACTORS, key_periods).timeline(ALL_YEARS, AGGREGATE_THRESHOLD)


def _periods(rows):
    frame = pd.DataFrame(rows, columns=["event_id", "title", "start_day", "end_day"])
    frame["start_day"] = pd.to_datetime(frame["start_day"])
    frame["end_day"] = pd.to_datetime(frame["end_day"])
    return frame


def _event_points(fig):
    return [(trace, i) for trace in fig.data if trace.customdata is not None for i in range(len(trace.customdata))]


def test_lanes_and_markers_match_the_events():
    fig = build_timeline(_data())
    assert _data().lanes == ["Armenia", "Azerbaijan", "Russia"]
    points = _event_points(fig)
    # e1 is in Azerbaijan's and Russia's lanes; e2's two Russian actors share one marker; e3 in Armenia's.
    ids = sorted(trace.customdata[i][0] for trace, i in points)
    assert ids == ["e1", "e1", "e2", "e3"]
    lanes_of = {(trace.customdata[i][0], trace.y[i]) for trace, i in points}
    assert lanes_of == {("e1", "Azerbaijan"), ("e1", "Russia"), ("e2", "Russia"), ("e3", "Armenia")}
    assert list(fig.layout.yaxis.categoryarray) == ["Russia", "Azerbaijan", "Armenia"]


def test_marker_colour_is_the_lane_colour_and_symbol_the_type():
    fig = build_timeline(_data())
    for trace, i in _event_points(fig):
        colour = {"Azerbaijan": "#0072B2", "Russia": "#CC79A7", "Armenia": "#D55E00"}[trace.y[i]]
        assert trace.marker.color[i] == colour
    symbols = {trace.customdata[i][0]: trace.marker.symbol[i] for trace, i in _event_points(fig)}
    assert symbols["e1"] == "square" and symbols["e2"] == "triangle-down-open" and symbols["e3"] == "pentagon"


def test_month_precision_in_hover_and_span():
    fig = build_timeline(_data())
    hover = {trace.customdata[i][0]: trace.hovertext[i] for trace, i in _event_points(fig)}
    assert "Dec 2022" in hover["e2"] and "2022-12-01" not in hover["e2"]
    assert "22 Feb 2022" in hover["e1"]
    spans = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.x is not None and t.x[0] is not None]
    xs = [list(t.x) for t in spans]
    assert [pd.Timestamp("2022-12-01"), pd.Timestamp("2023-01-01"), None] in xs
    marker_x = {trace.customdata[i][0]: pd.Timestamp(trace.x[i]) for trace, i in _event_points(fig)}
    assert pd.Timestamp("2022-12-01") < marker_x["e2"] < pd.Timestamp("2023-01-01")


def test_hostile_title_is_escaped_in_hover():
    fig = build_timeline(_data())
    hover = {trace.customdata[i][0]: trace.hovertext[i] for trace, i in _event_points(fig)}
    assert "&lt;script&gt;" in hover["e3"] and "<script>" not in hover["e3"]


def test_bands_come_from_the_data():
    rows = ROWS + [
        ("p_test", "2022-03-01", "day", "2022-04-01", "Test band", "armed_conflict", "az", "high"),
        ("p_open", "2022-06-01", "day", None, "Open band", "armed_conflict", "ru", "high"),
    ]
    fig = build_timeline(_data(rows, key_periods=("p_test", "p_open")))
    shapes = {shape.name: shape for shape in fig.layout.shapes}
    assert set(shapes) == {"p_test", "p_open"}
    assert pd.Timestamp(shapes["p_test"].x0) == pd.Timestamp("2022-03-01")
    assert pd.Timestamp(shapes["p_test"].x1) == pd.Timestamp("2022-04-01")
    assert pd.Timestamp(shapes["p_open"].x1) == pd.Timestamp(fig.layout.xaxis.range[1])
    assert {a.text for a in fig.layout.annotations if (a.name or "").startswith("band-")} == {"Test band", "Open band"}
    assert not [s for s in build_timeline(_data()).layout.shapes]


def test_bands_outside_the_range_are_not_drawn():
    old = _periods([("p_old", "Old", "1990-01-01", "1991-01-01")])
    assert not build_timeline(replace(_data(), periods=old)).layout.shapes


def test_monthly_bars_count_unique_events():
    fig = build_timeline(_data())
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == len(ROWS)  # e1 is in two lanes but counted once
    year_only = _data(ROWS + [("e4", "2022-01-01", "year", None, "Year only", "statement", "az", "low")])
    assert year_only.month_counts["n"].sum() == len(ROWS) and year_only.year_only == 1
    notes = [a.text for a in build_timeline(year_only).layout.annotations if a.name == "count-note"]
    assert notes and "1 event known only to the year" in notes[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A store over 100k generated events, shared by the aggregation tests."""
    return Store(load_dataset(write_dataset(tmp_path_factory.mktemp("timeline") / "data", 100_000)))


def test_aggregates_above_the_threshold(generated):
    data = generated.timeline(FilterSpec(2018, 2018, ("am",), include_children=False), AGGREGATE_THRESHOLD)
    assert data.total > AGGREGATE_THRESHOLD and data.points is None
    fig = build_timeline(data)
    assert not _event_points(fig)
    assert any(a.name == "density-note" and f"{data.total:,} events" in a.text for a in fig.layout.annotations)
    few = generated.timeline(FilterSpec(2018, 2018, ("am",), event_types=("meeting",)), AGGREGATE_THRESHOLD)
    assert few.total <= AGGREGATE_THRESHOLD and len(_event_points(build_timeline(few))) > 0


def test_payload_at_100k_events_stays_under_1_mb(generated):
    fig = build_timeline(generated.timeline(FilterSpec(), AGGREGATE_THRESHOLD))
    assert len(fig.to_json()) <= 1_000_000


def test_no_events_is_an_error_not_an_empty_chart():
    with pytest.raises(ValueError):
        build_timeline(make_store(ROWS, ACTORS).timeline(FilterSpec(2018, 2018), AGGREGATE_THRESHOLD))

"""The Timeline figure builder: lanes, markers, precision, bands from data, counts and aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.timeline_figure import AGGREGATE_THRESHOLD, build_timeline, lanes, monthly_counts

ACTORS = pd.DataFrame(
    {
        "actor_id": ["az", "ru", "ru_mod", "am"],
        "name": ["Azerbaijan", "Russia", "Russian MoD", "Armenia"],
        "parent_id": [None, None, "ru", None],
        "colour": ["#0072B2", "#CC79A7", "#CC79A7", "#D55E00"],
    }
)


def _events(rows):
    frame = pd.DataFrame(rows, columns=["event_id", "date", "date_precision", "end_date", "title", "event_type", "actor_ids", "confidence"])
    frame["start"] = pd.to_datetime(frame["date"])
    frame["end"] = pd.to_datetime(frame["end_date"])
    frame["key_period"] = False
    return frame


EVENTS = _events(
    [
        ("e1", "2022-02-22", "day", None, "Allied declaration", "agreement", ("az", "ru_mod"), "high"),
        ("e2", "2022-12-01", "month", None, "Inspections blocked", "access_dispute", ("ru_mod", "ru"), "high"),
        ("e3", "2021-07-28", "day", None, "<script>alert(1)</script>", "legislation", ("am",), "medium"),
    ]
)
NO_PERIODS = _events([])


def _event_points(fig):
    return [(trace, i) for trace in fig.data if trace.customdata is not None for i in range(len(trace.customdata))]


def test_lanes_and_markers_match_the_events():
    fig = build_timeline(EVENTS, ACTORS, NO_PERIODS)
    assert lanes(EVENTS, ACTORS) == ["Armenia", "Azerbaijan", "Russia"]
    points = _event_points(fig)
    # e1 is in Azerbaijan's and Russia's lanes; e2's two Russian actors share one marker; e3 in Armenia's.
    ids = sorted(trace.customdata[i][0] for trace, i in points)
    assert ids == ["e1", "e1", "e2", "e3"]
    lanes_of = {(trace.customdata[i][0], trace.y[i]) for trace, i in points}
    assert lanes_of == {("e1", "Azerbaijan"), ("e1", "Russia"), ("e2", "Russia"), ("e3", "Armenia")}
    assert list(fig.layout.yaxis.categoryarray) == ["Russia", "Azerbaijan", "Armenia"]


def test_marker_colour_is_the_lane_colour_and_symbol_the_type():
    fig = build_timeline(EVENTS, ACTORS, NO_PERIODS)
    for trace, i in _event_points(fig):
        colour = {"Azerbaijan": "#0072B2", "Russia": "#CC79A7", "Armenia": "#D55E00"}[trace.y[i]]
        assert trace.marker.color[i] == colour
    symbols = {trace.customdata[i][0]: trace.marker.symbol[i] for trace, i in _event_points(fig)}
    assert symbols["e1"] == "square" and symbols["e2"] == "triangle-down-open" and symbols["e3"] == "pentagon"


def test_month_precision_in_hover_and_span():
    fig = build_timeline(EVENTS, ACTORS, NO_PERIODS)
    hover = {trace.customdata[i][0]: trace.hovertext[i] for trace, i in _event_points(fig)}
    assert "Dec 2022" in hover["e2"] and "2022-12-01" not in hover["e2"]
    assert "22 Feb 2022" in hover["e1"]
    spans = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.x is not None and t.x[0] is not None]
    xs = [list(t.x) for t in spans]
    assert [pd.Timestamp("2022-12-01"), pd.Timestamp("2023-01-01"), None] in xs
    marker_x = {trace.customdata[i][0]: pd.Timestamp(trace.x[i]) for trace, i in _event_points(fig)}
    assert pd.Timestamp("2022-12-01") < marker_x["e2"] < pd.Timestamp("2023-01-01")


def test_hostile_title_is_escaped_in_hover():
    fig = build_timeline(EVENTS, ACTORS, NO_PERIODS)
    hover = {trace.customdata[i][0]: trace.hovertext[i] for trace, i in _event_points(fig)}
    assert "&lt;script&gt;" in hover["e3"] and "<script>" not in hover["e3"]


def test_bands_come_from_the_data():
    periods = _events(
        [
            ("p_test", "2022-03-01", "day", "2022-04-01", "Test band", "armed_conflict", ("az",), "high"),
            ("p_open", "2022-06-01", "day", None, "Open band", "armed_conflict", ("ru",), "high"),
        ]
    )
    fig = build_timeline(EVENTS, ACTORS, periods)
    shapes = {shape.name: shape for shape in fig.layout.shapes}
    assert set(shapes) == {"p_test", "p_open"}
    assert pd.Timestamp(shapes["p_test"].x0) == pd.Timestamp("2022-03-01")
    assert pd.Timestamp(shapes["p_test"].x1) == pd.Timestamp("2022-04-01")
    assert pd.Timestamp(shapes["p_open"].x1) == pd.Timestamp(fig.layout.xaxis.range[1])
    assert {a.text for a in fig.layout.annotations if (a.name or "").startswith("band-")} == {"Test band", "Open band"}
    assert not [s for s in build_timeline(EVENTS, ACTORS, NO_PERIODS).layout.shapes]


def test_bands_outside_the_range_are_not_drawn():
    old = _events([("p_old", "1990-01-01", "day", "1991-01-01", "Old", "armed_conflict", ("az",), "high")])
    assert not build_timeline(EVENTS, ACTORS, old).layout.shapes


def test_monthly_bars_count_unique_events():
    fig = build_timeline(EVENTS, ACTORS, NO_PERIODS)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == len(EVENTS)  # e1 is in two lanes but counted once
    year_only = pd.concat([EVENTS, _events([("e4", "2022-01-01", "year", None, "Year only", "statement", ("az",), "low")])])
    assert monthly_counts(year_only)["n"].sum() == len(EVENTS)
    notes = [a.text for a in build_timeline(year_only, ACTORS, NO_PERIODS).layout.annotations if a.name == "count-note"]
    assert notes and "1 event known only to the year" in notes[0]


def _synthetic(count: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 5 * 365, count)
    ids = np.array(["az", "ru", "ru_mod", "am"])
    frame = pd.DataFrame(
        {
            "event_id": [f"s{i}" for i in range(count)],
            "start": pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D"),
            "end": pd.NaT,
            "date_precision": "day",
            "title": "synthetic",
            "event_type": rng.choice(["meeting", "statement", "agreement"], count),
            "actor_ids": [tuple(rng.choice(ids, 2, replace=False)) for _ in range(count)],
            "confidence": "high",
        }
    )
    return frame


def test_aggregates_above_the_threshold():
    many = _synthetic(AGGREGATE_THRESHOLD + 500)
    fig = build_timeline(many, ACTORS, NO_PERIODS)
    assert not _event_points(fig)
    assert any(a.name == "density-note" and "2,500 events" in a.text for a in fig.layout.annotations)
    below = build_timeline(_synthetic(AGGREGATE_THRESHOLD), ACTORS, NO_PERIODS)
    assert len(_event_points(below)) > 0


def test_payload_at_100k_events_stays_under_1_mb():
    fig = build_timeline(_synthetic(100_000), ACTORS, NO_PERIODS)
    assert len(fig.to_json()) <= 1_000_000


def test_no_events_is_an_error_not_an_empty_chart():
    with pytest.raises(ValueError):
        build_timeline(NO_PERIODS, ACTORS, NO_PERIODS)

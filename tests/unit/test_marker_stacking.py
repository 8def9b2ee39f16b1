"""core/timeline_layout.place_markers stacks markers with plain integers and lists (issue S: pandas' per-row
Timestamp arithmetic, Series item assignment and Series.map made it 6 ms of each fresh Timeline rerun). It must
place every marker where the pandas version, kept here as the reference, did: over random lanes of clustered
dates, coarse precisions, repeated event ids and missing dates, at several spans."""

from __future__ import annotations

import random

import pandas as pd

from core.timeline_layout import LABEL_ROWS, PAD_ROWS, coincident_days, marker_dates, place_markers


def _reference(points: pd.DataFrame, lanes: list[str], span_days: float | None = None) -> pd.DataFrame:
    """place_markers as it was written in pandas (before issue S's cut)."""
    placed, span_days = marker_dates(points, span_days)  # unchanged by the cut: shared
    window = pd.Timedelta(days=coincident_days(span_days))
    slots = pd.Series(0, index=placed.index)
    rows: dict[str, int] = {}
    for lane, group in placed.sort_values(["x", "event_id"]).groupby("lane_name", sort=False):
        last_x: dict[int, pd.Timestamp] = {}
        for index, x in zip(group.index, group["x"]):
            slot = next(s for s in range(len(last_x) + 1) if s not in last_x or x - last_x[s] >= window)
            last_x[slot] = x
            slots[index] = slot
        rows[lane] = len(last_x)
    bottom, label_y, top = 0.0, {}, {}
    for lane in reversed(lanes):
        label_y[lane] = bottom + PAD_ROWS + rows.get(lane, 1)
        top[lane] = label_y[lane] + LABEL_ROWS
        bottom = top[lane]
    placed["y"] = placed["lane_name"].map(label_y) - 1.0 - slots.astype(float)
    placed["label_y"] = placed["lane_name"].map(label_y)
    placed["lane_top"] = placed["lane_name"].map(top)
    return placed


def _points(rng: random.Random, n: int) -> pd.DataFrame:
    start = pd.Timestamp("2020-01-01")
    days = [start + pd.Timedelta(days=rng.choice([0, 1, 2, 5, 30, 200]) * rng.randint(0, 5)) for _ in range(n)]
    frame = pd.DataFrame({
        "event_id": [f"e{rng.randint(0, 20)}" for _ in range(n)],
        "lane_name": [rng.choice(["Armenia", "Azerbaijan", "Russia"]) for _ in range(n)],
        "start_day": pd.Series(days, dtype="datetime64[us]"),
        "date_precision": [rng.choice(["day", "day", "month", "year"]) for _ in range(n)],
    })
    if n and rng.random() < 0.3:
        frame.loc[rng.randrange(n), "start_day"] = pd.NaT
    return frame


def test_markers_are_placed_as_the_pandas_version_placed_them():
    rng = random.Random(7)
    lanes = ["Armenia", "Azerbaijan", "Russia"]
    for n in [0, 1, 2, *(rng.randint(3, 80) for _ in range(150))]:
        points = _points(rng, n)
        for span in (None, 365.25, 5 * 365.25):
            pd.testing.assert_frame_equal(place_markers(points, lanes, span), _reference(points, lanes, span))


def test_the_timeline_questions_markers_are_placed_as_before(dataset):
    from core.filters import FilterSpec
    from core.query import Store

    store, compared = Store(dataset), 0
    for text in ("", "peace", "ra"):
        for years in ((2018, 2022), (2020, 2020), (2021, 2022)):
            points = store.timeline(FilterSpec(text=text, years=years), 2000).points
            if points is not None:
                raw = points[["event_id", "lane_name", "start_day", "date_precision"]]
                lanes = sorted(raw["lane_name"].unique())
                pd.testing.assert_frame_equal(place_markers(raw, lanes), _reference(raw, lanes))
                compared += 1
    assert compared >= 6


def test_span_ends_and_coarse_middles_are_pandas_offsets_ones():
    """span_end and marker_dates on numpy's month and year units (issue S) give what pandas' MonthBegin and
    YearBegin gave: a month's or year's next first day (from its first day too, and over a year's end and a leap
    February), a day's own date, a missing date missing; a coarse marker at its span's middle."""
    from core.timeline_layout import span_end

    starts = pd.Series(pd.to_datetime(["2020-02-01", "2021-12-01", "2022-01-01", "2020-01-01", "2022-03-14", None,
                                       "2019-12-31"])).astype("datetime64[us]")
    precision = pd.Series(["month", "month", "year", "year", "day", "month", "day"])
    expected = starts.where(precision == "day", (starts + pd.offsets.MonthBegin(1)).where(
        precision == "month", starts + pd.offsets.YearBegin(1)))
    ends = span_end(starts, precision)
    assert ends.equals(expected) and ends.dtype == starts.dtype
    placed, _ = marker_dates(pd.DataFrame({"start_day": starts, "date_precision": precision, "event_id": "e",
                                           "lane_name": "A"}))
    assert placed["x"].equals(starts.where(precision == "day", starts + (expected - starts) / 2))

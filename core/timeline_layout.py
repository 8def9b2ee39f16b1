"""Where each (event, lane) marker of the Timeline sits: the lanes, the span a coarse date may fall in, and the
stacking of markers that would sit on top of each other. Plain pandas, called by the query layer
(Store.timeline), so the figure builder only draws what it is given.

The page cannot know the screen's width, so markers are placed for the narrowest layout, a phone (the plot about
PHONE_PLOT_PX wide), and stay apart on any wider one. The y axis counts sub-rows (ROW_PX pixels each on a phone).
Each lane is, from the bottom: a pad row, its marker sub-rows, its label's line (`label_y`, where the figure puts
the lane's tick; the label is drawn just above it) and LABEL_ROWS rows that only the label uses, so no marker
covers it. Within a lane, a marker closer in time than MARKER_GAP_PX at the phone's scale to one already placed
takes the next free sub-row (0 is the one under the label; further ones go down), so each stays visible and
clickable; a lane is as tall as its busiest stretch needs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PHONE_PLOT_PX = 350  # the plot's width on a 390 px screen
MARKER_GAP_PX = 8  # markers in one sub-row are at least this far apart (centre to centre) on a phone
ROW_PX = 8  # a sub-row's height on a phone (at least; more on a wider screen): neighbouring sub-rows stay apart
LABEL_ROWS = 3  # sub-rows above a lane's markers that only its label uses (24 px: a 12 px label and its gap)
PAD_ROWS = 1  # a sub-row under a lane's lowest markers, above the next lane's label
MIN_WINDOW_DAYS = 3  # whatever the span, markers fewer days apart than this share no sub-row


def span_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    """The end of the span each date may fall in: the date itself for a day, the next month's or year's first day
    for a month or a year. On numpy's month and year units: pandas' MonthBegin and YearBegin, applied to every row
    twice, were most of the markers' placing time on a fresh filter."""
    values = start.to_numpy()
    month_end = (values.astype("datetime64[M]") + 1).astype(values.dtype)
    year_end = (values.astype("datetime64[Y]") + 1).astype(values.dtype)
    kind = precision.to_numpy()
    ends = np.where(kind == "day", values, np.where(kind == "month", month_end, year_end))
    return pd.Series(ends, index=start.index, dtype=start.dtype)


def lane_positions(lanes: list[str]) -> dict[str, float]:
    """Lane name -> its centre on the y axis of the density view (one unit per lane); the first lane
    (alphabetically) is at the top."""
    return {name: float(len(lanes) - 1 - i) for i, name in enumerate(lanes)}


def coincident_days(span_days: float) -> float:
    """How many days apart two markers must be to share a sub-row when `span_days` fill a phone's plot."""
    return max(span_days * MARKER_GAP_PX / PHONE_PLOT_PX, MIN_WINDOW_DAYS)


def marker_dates(points: pd.DataFrame, span_days: float | None = None) -> tuple[pd.DataFrame, float]:
    """A copy of the rows with each marker's x (a day's own date; a coarser date's middle) and the end of its
    date's span, and the days the axis shows (`span_days`, or the rows' own span when None)."""
    placed = points.reset_index(drop=True).copy()
    coarse = placed["date_precision"] != "day"
    ends = span_end(placed["start_day"], placed["date_precision"])
    start = placed["start_day"].to_numpy()
    placed["x"] = pd.Series(np.where(coarse.to_numpy(), start + (ends.to_numpy() - start) / 2, start),
                            index=placed.index, dtype=placed["start_day"].dtype)
    placed["span_end"] = ends
    if span_days is None:
        span_days = max((ends.max() - placed["start_day"].min()).days, 1) if len(placed) else 1
    return placed, span_days


def place_markers(points: pd.DataFrame, lanes: list[str], span_days: float | None = None) -> pd.DataFrame:
    """Each (event, lane) row with its marker's x and y (in sub-rows), the end of its date's span, its lane's
    `label_y` (the lane's tick) and `lane_top` (where the lane above begins). `span_days`: the days the axis shows
    (the filter's years); the rows' own span when None. Deterministic: rows are taken in date, then id order."""
    placed, span_days = marker_dates(points, span_days)
    window = pd.Timedelta(days=coincident_days(span_days)).value
    # The stacking walks the markers one by one, so on plain integers (nanoseconds) and lists: pandas' per-row
    # Timestamp arithmetic and Series item assignment were most of this function's time (6 ms of a fresh
    # Timeline rerun). A missing date (iNaT) is never close enough to share a sub-row, as NaT never compares.
    xs = placed["x"].to_numpy(dtype="datetime64[ns]").view("int64").tolist()
    lane_of = placed["lane_name"].tolist()
    missing, no_lane = set(placed.index[placed["x"].isna()]), set(placed.index[placed["lane_name"].isna()])
    slots = [0] * len(placed)
    last_x: dict[str, list[int | None]] = {}  # lane -> per slot, the x of the latest marker in it
    ids = placed["event_id"].tolist()
    # In date, then id order (a missing date last), as pandas' sort_values(["x", "event_id"]) gave, at a fifth of its cost.
    for index in sorted(range(len(placed)), key=lambda i: (True, 0, ids[i]) if i in missing else (False, xs[i], ids[i])):
        if index in no_lane:  # pandas' groupby, which this replaced, leaves these out
            continue
        lane = lane_of[index]
        x = None if index in missing else xs[index]
        taken = last_x.setdefault(lane, [])
        slot = next((s for s, before in enumerate(taken)
                     if x is not None and before is not None and x - before >= window), len(taken))
        if slot == len(taken):
            taken.append(x)
        else:
            taken[slot] = x
        slots[index] = slot
    rows = {lane: len(taken) for lane, taken in last_x.items()}
    bottom, label_y, top = 0.0, {}, {}
    for lane in reversed(lanes):  # the last lane (alphabetically) at the bottom
        label_y[lane] = bottom + PAD_ROWS + rows.get(lane, 1)
        top[lane] = label_y[lane] + LABEL_ROWS
        bottom = top[lane]
    # Looked up in plain dicts: Series.map over the lanes' (Arrow) strings cost more than the stacking.
    nan = float("nan")
    lane_label = [nan if index in no_lane else label_y.get(lane, nan) for index, lane in enumerate(lane_of)]
    placed["y"] = pd.Series(lane_label, index=placed.index, dtype="float64") - 1.0 - pd.Series(slots, index=placed.index, dtype="float64")
    placed["label_y"] = pd.Series(lane_label, index=placed.index, dtype="float64")
    placed["lane_top"] = pd.Series([nan if index in no_lane else top.get(lane, nan) for index, lane in enumerate(lane_of)],
                                   index=placed.index, dtype="float64")
    return placed

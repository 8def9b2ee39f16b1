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

import pandas as pd

PHONE_PLOT_PX = 350  # the plot's width on a 390 px screen
MARKER_GAP_PX = 8  # markers in one sub-row are at least this far apart (centre to centre) on a phone
ROW_PX = 8  # a sub-row's height on a phone (at least; more on a wider screen): neighbouring sub-rows stay apart
LABEL_ROWS = 3  # sub-rows above a lane's markers that only its label uses (24 px: a 12 px label and its gap)
PAD_ROWS = 1  # a sub-row under a lane's lowest markers, above the next lane's label
MIN_WINDOW_DAYS = 3  # whatever the span, markers fewer days apart than this share no sub-row


def span_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    month_end = start + pd.offsets.MonthBegin(1)
    year_end = start + pd.offsets.YearBegin(1)
    return start.where(precision == "day", month_end.where(precision == "month", year_end))


def lane_positions(lanes: list[str]) -> dict[str, float]:
    """Lane name -> its centre on the y axis of the density view (one unit per lane); the first lane
    (alphabetically) is at the top."""
    return {name: float(len(lanes) - 1 - i) for i, name in enumerate(lanes)}


def coincident_days(span_days: float) -> float:
    """How many days apart two markers must be to share a sub-row when `span_days` fill a phone's plot."""
    return max(span_days * MARKER_GAP_PX / PHONE_PLOT_PX, MIN_WINDOW_DAYS)


def place_markers(points: pd.DataFrame, lanes: list[str], span_days: float | None = None) -> pd.DataFrame:
    """Each (event, lane) row with its marker's x and y (in sub-rows), the end of its date's span, its lane's
    `label_y` (the lane's tick) and `lane_top` (where the lane above begins). `span_days`: the days the axis shows
    (the filter's years); the rows' own span when None. Deterministic: rows are taken in date, then id order."""
    placed = points.reset_index(drop=True).copy()
    coarse = placed["date_precision"] != "day"
    ends = span_end(placed["start_day"], placed["date_precision"])
    placed["x"] = placed["start_day"].where(~coarse, placed["start_day"] + (ends - placed["start_day"]) / 2)
    placed["span_end"] = ends
    if span_days is None:
        span_days = max((ends.max() - placed["start_day"].min()).days, 1) if len(placed) else 1
    window = pd.Timedelta(days=coincident_days(span_days))
    slots = pd.Series(0, index=placed.index)
    rows: dict[str, int] = {}
    for lane, group in placed.sort_values(["x", "event_id"]).groupby("lane_name", sort=False):
        last_x: dict[int, pd.Timestamp] = {}  # slot -> x of the latest marker in it
        for index, x in zip(group.index, group["x"]):
            slot = next(s for s in range(len(last_x) + 1) if s not in last_x or x - last_x[s] >= window)
            last_x[slot] = x
            slots[index] = slot
        rows[lane] = len(last_x)
    bottom, label_y, top = 0.0, {}, {}
    for lane in reversed(lanes):  # the last lane (alphabetically) at the bottom
        label_y[lane] = bottom + PAD_ROWS + rows.get(lane, 1)
        top[lane] = label_y[lane] + LABEL_ROWS
        bottom = top[lane]
    placed["y"] = placed["lane_name"].map(label_y) - 1.0 - slots.astype(float)
    placed["label_y"] = placed["lane_name"].map(label_y)
    placed["lane_top"] = placed["lane_name"].map(top)
    return placed

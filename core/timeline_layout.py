"""Where each (event, lane) marker of the Timeline sits: lane centres, the span a coarse date may fall in, and
the spreading of markers that would sit on top of each other. Plain pandas, called by the query layer
(Store.timeline), so the figure builder only draws what it is given.

Within a lane, a marker closer than COINCIDENT_DAYS to one already placed takes the next free slot above or below
the lane's centre line (0, +1, -1, +2 … steps of SLOT_STEP), so each stays visible and clickable. A lane crowded
past MAX_SPREAD has its offsets scaled down to stay inside the lane.
"""

from __future__ import annotations

import pandas as pd

COINCIDENT_DAYS = 21  # markers closer than this in one lane are spread apart (about a marker's width at 1000 px)
SLOT_STEP = 0.2  # lane units between spread markers; a lane is 1 unit tall
MAX_SPREAD = 0.38  # spread markers stay within ±this of the lane's centre line


def span_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    month_end = start + pd.offsets.MonthBegin(1)
    year_end = start + pd.offsets.YearBegin(1)
    return start.where(precision == "day", month_end.where(precision == "month", year_end))


def lane_positions(lanes: list[str]) -> dict[str, float]:
    """Lane name -> its centre on the y axis; the first lane (alphabetically) is at the top."""
    return {name: float(len(lanes) - 1 - i) for i, name in enumerate(lanes)}


def _slot_offset(slot: int) -> float:
    """0, +1, -1, +2, -2 … steps from the centre line."""
    return (1 if slot % 2 else -1) * ((slot + 1) // 2) * SLOT_STEP


def place_markers(points: pd.DataFrame, lanes: list[str]) -> pd.DataFrame:
    """Each (event, lane) row with its marker's x and y and the end of its date's span (deterministic: rows are
    taken in date, then id order)."""
    placed = points.reset_index(drop=True).copy()
    coarse = placed["date_precision"] != "day"
    ends = span_end(placed["start_day"], placed["date_precision"])
    placed["x"] = placed["start_day"].where(~coarse, placed["start_day"] + (ends - placed["start_day"]) / 2)
    placed["span_end"] = ends
    centre = lane_positions(lanes)
    offsets = pd.Series(0.0, index=placed.index)
    window = pd.Timedelta(days=COINCIDENT_DAYS)
    for _, group in placed.sort_values(["x", "event_id"]).groupby("lane_name", sort=False):
        last_x: dict[int, pd.Timestamp] = {}  # slot -> x of the latest marker in it
        for index, x in zip(group.index, group["x"]):
            slot = next(s for s in range(len(last_x) + 1) if s not in last_x or x - last_x[s] >= window)
            last_x[slot] = x
            offsets[index] = _slot_offset(slot)
        widest = offsets[group.index].abs().max()
        if widest > MAX_SPREAD:
            offsets[group.index] *= MAX_SPREAD / widest
    placed["y"] = placed["lane_name"].map(centre) + offsets
    return placed

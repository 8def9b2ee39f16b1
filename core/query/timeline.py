"""Questions of the Timeline: markers per (event, lane) or monthly density, monthly counts, key periods."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.query import lookups
from core.query.records import stamp
from core.query.registry import EVENTS, each_spec, question
from core.timeline_layout import place_markers

MARKER_LIMIT = 2000  # above this many events the Timeline draws monthly density instead of markers, whatever the lanes

# How many markers one lane can show before they overlap, on the narrowest layout. The page does not know the
# screen's width (Streamlit does not tell it), so the estimate is for a phone, 390 px: the plot is about 360 px
# wide and a marker 10 px, so a lane has ~36 columns; core/timeline_layout.py spreads close markers over about 5
# rows, so 36 × 5 = 180 markers evenly spread (a lane grows a sub-row per marker that would overlap another). Events come in bursts, so one
# month of one lane may hold at most 40 (5 rows × 8 columns, spilling ~80 px over its neighbours) before its
# markers hide each other. Past either limit in any lane the Timeline draws density (a heat strip per lane).
# The bundled record peaks at 120 markers in a lane (Azerbaijan, 2018-2022) and 17 in one lane-month (Oct 2020).
LANE_MARKER_LIMIT = 180
LANE_MONTH_MARKER_LIMIT = 40


@dataclass(frozen=True)
class TimelineData:
    """What the Timeline figure draws, all computed by the engine."""

    total: int
    points: pd.DataFrame | None  # one row per (event, lane); None when the density view is drawn instead
    density: pd.DataFrame | None  # (lane_name, colour, month, n); month blank for the events known only to the year
    month_counts: pd.DataFrame  # (month, event_type, n); events known only to the year are not in it
    year_only: int
    periods: pd.DataFrame  # key periods: event_id, title, start_day, end_day
    lanes: list[str]  # lane names, alphabetical
    corpus_events: int = 0  # how many of `total` come from the corpus articles (the rest are context)
    first: pd.Timestamp | None = None  # the first and last day the drawn rows touch (a period's end included)
    last: pd.Timestamp | None = None
    busiest_month: int = 0  # the most events in one month (all types): the count axis's top
    by_origin: tuple[tuple[str, int], ...] = ()  # (origin, events) of `total`, by origin (vocab.ORIGINS)
    busiest_lane: tuple[str, int] = ("", 0)  # the lane with the most markers in view, and how many
    busiest_lane_month: int = 0  # the most markers one lane has in one month


def _both_views(db) -> list[tuple]:
    # Every filter as markers, and the first two as density (threshold 0), so both branches run.
    return [(spec, MARKER_LIMIT) for (spec,) in each_spec(db)] + [(spec, 0) for (spec,) in each_spec(db)[:2]]


def too_many_markers(total: int, per_lane: dict[str, int], busiest_lane_month: int,
                     threshold: int = MARKER_LIMIT) -> bool:
    """Whether the Timeline should draw density: more than `threshold` events, or a lane with more markers than it
    can show on the narrowest layout (LANE_MARKER_LIMIT in view, LANE_MONTH_MARKER_LIMIT in one month).
    `per_lane`: markers per lane (the year-only events count in their lane's total); `busiest_lane_month`: the
    most markers one lane has in one month."""
    return (total > threshold or busiest_lane_month > LANE_MONTH_MARKER_LIMIT
            or max(per_lane.values(), default=0) > LANE_MARKER_LIMIT)


@question("timeline", _both_views)
def timeline(db, spec, threshold: int = MARKER_LIMIT) -> TimelineData:
    """Markers per (event, lane) while every lane can show its markers (too_many_markers: at most `threshold`
    events, and no lane past its marker limits); else monthly density per lane. Scans: the monthly counts (which
    also give the total and the year-only count), then the markers when there are at most `threshold` events (the
    lanes' counts per month come from them), and the monthly density only when markers are not drawn: the density
    query runs only for a view that draws it. The key periods are asked once per engine (_key_periods_of)."""
    head, params = db.filtered(EVENTS, spec)
    counted, counted_params = db.counted(spec)  # the filtered events as counts (Engine.counted)
    by_month = db.frame(counted + """SELECT month_key AS month, event_type, origin, CAST(sum(n) AS BIGINT) AS n FROM f
                                     GROUP BY month_key, event_type, origin ORDER BY 1, 2, 3""", counted_params)
    total, corpus, counts, year_only, busiest, by_origin = _month_totals(by_month)
    points = density = None
    if total <= threshold:  # markers may be drawn: ask for them, and count lanes and months from them
        points = db.frame(
            head + """SELECT f.event_id, l.lane, coalesce(a.name, l.lane) AS lane_name,
                             coalesce(a.colour, '#888888') AS colour, f.start_day, f.end_day, f.date_precision,
                             f.event_type, f.title, f.confidence, f.when_text, f.actor_names, f.origin,
                             f.month_key AS month
                      FROM f JOIN event_lanes l ON l.event_key = f.event_key LEFT JOIN actors a ON a.actor_id = l.lane
                      ORDER BY f.event_key, lane_name""",
            params,
        )
        per_lane, busiest_lane_month = _lane_load(points)
        if too_many_markers(total, per_lane, busiest_lane_month, threshold):
            points = None
    if points is None:  # the lanes' monthly density, drawn instead of markers
        density = db.frame(
            # month_key: blank for an event known only to the year, which has no month (its lane still counts it).
            # An event's lanes follow from its actor list: the events are counted per list and month first, then
            # each list's count goes to its lanes (actor_lists), not a join of every event with its lanes.
            counted + """, per_list AS (SELECT actors, month_key, sum(n) AS n FROM f GROUP BY actors, month_key),
                      lanes AS (SELECT DISTINCT actors, top_level_actor_id AS lane FROM actor_lists)
                      SELECT coalesce(a.name, l.lane) AS lane_name, coalesce(a.colour, '#888888') AS colour,
                             p.month_key AS month, CAST(sum(p.n) AS BIGINT) AS n
                      FROM per_list p JOIN lanes l ON l.actors = p.actors LEFT JOIN actors a ON a.actor_id = l.lane
                      GROUP BY 1, 2, 3 ORDER BY 1, 3 NULLS LAST""",
            counted_params,
        )
        per_lane = density.groupby("lane_name")["n"].sum().to_dict()
        dated = density.loc[density["month"].notna(), "n"]
        busiest_lane_month = int(dated.max()) if len(dated) else 0
    # The first lane (alphabetically) among those with the most markers, as pandas' idxmax over the sorted lanes.
    lane, most = max(sorted(per_lane.items()), key=lambda item: item[1], default=("", 0))
    busiest_lane = (str(lane), int(most))
    if points is not None:
        lanes = sorted(per_lane)
        # The axis spans the filter's years when it has them (components/figures/timeline.py)
        span = (spec.years[1] + 1 - spec.years[0]) * 365.25 if getattr(spec, "years", None) else None
        points = place_markers(points, lanes, span)
        del points["month"]  # it only counted the lanes' months; place_markers made the copy it leaves
        first = points["start_day"].min()
        last = max(points["span_end"].max(), points["end_day"].max()) if points["end_day"].notna().any() \
            else points["span_end"].max()
    else:
        lanes = sorted(density["lane_name"].unique())
        first = density["month"].min() if total else None
        last = density["month"].max() + pd.offsets.MonthBegin(1) if total else None
    return TimelineData(total, points, density, counts, year_only, _key_periods_of(db), lanes, corpus,
                        stamp(first), stamp(last), busiest, by_origin=by_origin, busiest_lane=busiest_lane,
                        busiest_lane_month=busiest_lane_month)


def _month_totals(by_month: pd.DataFrame) -> tuple[int, int, pd.DataFrame, int, int, tuple]:
    """From the (month, event_type, origin, n) rows, sorted so: the total, the corpus events, the counts per
    (month, event_type) over the origins, the year-only events, the busiest month's count and (origin, events).
    On the arrays rather than pandas' groupby: its three groupbys cost more CPU than the statement itself."""
    n = by_month["n"].to_numpy()
    dated = by_month["month"].notna().to_numpy()
    origins = by_month["origin"].to_numpy()
    by_origin = tuple((str(o), int(n[origins == o].sum())) for o in sorted(set(origins.tolist())))
    rows = by_month.loc[dated, ["month", "event_type"]]
    kept = n[dated]
    if len(rows):  # sorted by month, then type: each (month, type) is one run of rows, one per origin
        months, types = rows["month"].to_numpy(), rows["event_type"].to_numpy()
        new_month = np.r_[True, months[1:] != months[:-1]]
        starts = np.flatnonzero(new_month | np.r_[True, types[1:] != types[:-1]])
        per_type = np.add.reduceat(kept, starts)
        busiest = int(np.add.reduceat(kept, np.flatnonzero(new_month)).max())
    else:
        starts, per_type, busiest = np.array([], dtype=int), kept, 0
    counts = rows.iloc[starts].reset_index(drop=True).assign(n=per_type.astype("int64"))
    return int(n.sum()), dict(by_origin).get("corpus", 0), counts, int(n[~dated].sum()), busiest, by_origin


def _lane_load(points: pd.DataFrame) -> tuple[dict[str, int], int]:
    """Markers per lane, and the most markers one lane has in one month (a year-only marker, with no month,
    counts in its lane only). Plain counting over the rows of at most `threshold` events."""
    per_lane: dict[str, int] = {}
    per_month: dict[tuple[str, int], int] = {}
    no_month = np.iinfo(np.int64).min  # NaT
    months = points["month"].to_numpy("datetime64[us]").view("int64").tolist()
    for lane, month in zip(points["lane_name"].tolist(), months):
        per_lane[lane] = per_lane.get(lane, 0) + 1
        if month != no_month:
            per_month[(lane, month)] = per_month.get((lane, month), 0) + 1
    return per_lane, max(per_month.values(), default=0)


def _key_periods_of(db) -> pd.DataFrame:
    """The key periods hang on no filter: each engine asks them once (lookups.per_engine), not on every filter."""
    return lookups.per_engine(db, "key_periods", key_periods)


@question("timeline", lambda db: [()])
def key_periods(db) -> pd.DataFrame:
    """The key periods (the 2020 war, the peacekeeping mandate…): event_id, title, start_day, end_day."""
    return db.frame("SELECT event_id, title, start_day, end_day FROM events WHERE key_period "
                    "ORDER BY start_day, event_id")

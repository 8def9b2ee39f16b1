"""Questions of the Timeline: markers per (event, lane) or monthly density, monthly counts, key periods."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.query.records import stamp
from core.query.registry import EVENTS, each_spec, question
from core.timeline_layout import place_markers

MARKER_LIMIT = 2000  # above this many events the Timeline draws monthly density instead of markers


@dataclass(frozen=True)
class TimelineData:
    """What the Timeline figure draws, all computed by the engine."""

    total: int
    points: pd.DataFrame | None  # one row per (event, lane); None when the density view is drawn instead
    density: pd.DataFrame | None  # (lane_name, colour, month, n)
    month_counts: pd.DataFrame  # (month, event_type, n); events known only to the year are not in it
    year_only: int
    periods: pd.DataFrame  # key periods: event_id, title, start_day, end_day
    lanes: list[str]  # lane names, alphabetical
    corpus_events: int = 0  # how many of `total` come from the corpus articles (the rest are context)
    first: pd.Timestamp | None = None  # the first and last day the drawn rows touch (a period's end included)
    last: pd.Timestamp | None = None
    busiest_month: int = 0  # the most events in one month (all types): the count axis's top
    by_origin: tuple[tuple[str, int], ...] = ()  # (origin, events) of `total`, by origin (vocab.ORIGINS)


def _both_views(db) -> list[tuple]:
    # Every filter as markers, and the first two as density (threshold 0), so both branches run.
    return [(spec, MARKER_LIMIT) for (spec,) in each_spec(db)] + [(spec, 0) for (spec,) in each_spec(db)[:2]]


@question("timeline", _both_views)
def timeline(db, spec, threshold: int = MARKER_LIMIT) -> TimelineData:
    """Markers per (event, lane) up to `threshold` events; above it, monthly density per lane. Two scans: one
    for the monthly counts (which also give the total and the year-only count), one for the lanes."""
    head, params = db.filtered(EVENTS, spec)
    by_month = db.frame(head + """SELECT month_key AS month, event_type, origin, count(*) AS n FROM f
                                  GROUP BY month_key, event_type, origin ORDER BY 1, 2, 3""", params)
    total = int(by_month["n"].sum())
    corpus = int(by_month.loc[by_month["origin"] == "corpus", "n"].sum())
    dated = by_month["month"].notna()
    counts = by_month.loc[dated].groupby(["month", "event_type"], as_index=False)["n"].sum()
    year_only = int(by_month.loc[~dated, "n"].sum())
    points = density = None
    if total <= threshold:
        points = db.frame(
            head + """SELECT f.event_id, l.lane, coalesce(a.name, l.lane) AS lane_name,
                             coalesce(a.colour, '#888888') AS colour, f.start_day, f.end_day, f.date_precision,
                             f.event_type, f.title, f.confidence, f.when_text, f.actor_names, f.origin
                      FROM f JOIN event_lanes l ON l.event_key = f.event_key LEFT JOIN actors a ON a.actor_id = l.lane
                      ORDER BY f.event_key, lane_name""",
            params,
        )
        lanes = sorted(points["lane_name"].unique())
        points = place_markers(points, lanes)
        first = points["start_day"].min()
        last = max(points["span_end"].max(), points["end_day"].max()) if points["end_day"].notna().any() \
            else points["span_end"].max()
    else:
        density = db.frame(
            head + """SELECT coalesce(a.name, l.lane) AS lane_name, coalesce(a.colour, '#888888') AS colour,
                             CAST(date_trunc('month', f.start_day) AS DATE) AS month, count(*) AS n
                      FROM f JOIN event_lanes l ON l.event_key = f.event_key LEFT JOIN actors a ON a.actor_id = l.lane
                      GROUP BY 1, 2, 3 ORDER BY 1, 3""",
            params,
        )
        lanes = sorted(density["lane_name"].unique())
        first = density["month"].min() if total else None
        last = density["month"].max() + pd.offsets.MonthBegin(1) if total else None
    busiest = int(counts.groupby("month")["n"].sum().max()) if len(counts) else 0
    by_origin = tuple((str(o), int(n)) for o, n in by_month.groupby("origin")["n"].sum().items())
    return TimelineData(total, points, density, counts, year_only, key_periods(db), lanes, corpus,
                        stamp(first), stamp(last), busiest, by_origin=by_origin)


@question("timeline", lambda db: [()])
def key_periods(db) -> pd.DataFrame:
    """The key periods (the 2020 war, the peacekeeping mandate…): event_id, title, start_day, end_day."""
    return db.frame("SELECT event_id, title, start_day, end_day FROM events WHERE key_period "
                    "ORDER BY start_day, event_id")

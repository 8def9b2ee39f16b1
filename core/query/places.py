"""Questions of the Map: places with the events the filter selects at each, and the places the map cannot show."""

from __future__ import annotations

import pandas as pd

from core.query.registry import CORRIDORS, EVENTS, _first, each_spec, question


@question("places", each_spec)
def places_with_events(db, spec) -> pd.DataFrame:
    """Every place with coordinates, with how many filtered events happened there (0 where none did), the most
    frequent type among them (ties go to the first type in alphabetical order; blank where none), its notes, the
    title of the source of its coordinates, and the reported fatalities there (the sum of the figures given;
    blank where no event there gives one: unknown, not 0)."""
    head, params = db.filtered(EVENTS, spec)
    return db.frame(
        # The events are counted per place and type once; the places' totals and main types come from those
        # counts (a few rows a place), not from a join of every filtered event with its place.
        head + """, per_type AS (SELECT place_id, event_type, count(*) AS n, sum(fatalities) AS fatalities FROM f
                                WHERE place_id IS NOT NULL GROUP BY place_id, event_type),
                  per_place AS (SELECT place_id, sum(n) AS events, sum(fatalities) AS fatalities FROM per_type
                                GROUP BY place_id),
                  ranked AS (SELECT place_id, event_type,
                                    row_number() OVER (PARTITION BY place_id ORDER BY n DESC, event_type) AS type_rank
                             FROM per_type)
                  SELECT p.place_id, p.name, p.alt_names, p.kind, p.lat, p.lon, p.source_id, p.confidence, p.notes,
                         s.title AS source_title, CAST(coalesce(c.events, 0) AS BIGINT) AS events,
                         m.event_type AS main_type, CAST(c.fatalities AS BIGINT) AS fatalities
                  FROM places p
                  LEFT JOIN per_place c ON c.place_id = p.place_id
                  LEFT JOIN ranked m ON m.place_id = p.place_id AND m.type_rank = 1
                  LEFT JOIN sources s ON s.source_id = p.source_id
                  WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
                  ORDER BY p.place_id""",
        params,
    )


@question("places", each_spec)
def unlocated_places(db, spec) -> pd.DataFrame:
    """Every place without coordinates (none was sourced, and none is guessed), with its notes, the title of its
    source and how many filtered events happened there."""
    head, params = db.filtered(EVENTS, spec)
    return db.frame(
        head + """SELECT p.place_id, p.name, p.alt_names, p.kind, p.source_id, s.title AS source_title, p.confidence,
                         p.notes, count(f.event_id) AS events
                  FROM places p
                  LEFT JOIN f ON f.place_id = p.place_id
                  LEFT JOIN sources s ON s.source_id = p.source_id
                  WHERE p.lat IS NULL OR p.lon IS NULL
                  GROUP BY p.place_id, p.name, p.alt_names, p.kind, p.source_id, s.title, p.confidence, p.notes
                  ORDER BY p.place_id""",
        params,
    )


def _busiest_place(db) -> list[tuple]:
    """Every example filter with the place that has the most events (so the examples answer something), and a
    place that does not exist."""
    place = _first(db, """SELECT place_id FROM events WHERE place_id IS NOT NULL
                          GROUP BY place_id ORDER BY count(*) DESC, place_id""")
    return [(spec, place) for (spec,) in each_spec(db)] + [(each_spec(db)[0][0], "no-such-place")]


@question("places", _busiest_place)
def events_at_place(db, spec, place_id: str) -> pd.DataFrame:
    """The filtered events at one place, oldest first (ties by id), with their verbatim evidence and source."""
    head, params = db.filtered(EVENTS, spec)
    return db.frame(
        head + """SELECT event_id, when_text, title, event_type, evidence, source_id, confidence, notes
                  FROM f WHERE place_id = ?
                  ORDER BY start_day, event_id""",
        params + [place_id],
    )


@question("places", each_spec)
def corridors_in_filter(db, spec) -> pd.DataFrame:
    """The corridors the Map draws under the filter: those whose years of validity overlap the filter's years,
    and every corridor whose years no source gives (`years_sourced` false). Corridors carry no actors, so only the
    year field narrows them. Ordered by id."""
    head, params = db.filtered(CORRIDORS, spec)
    return db.frame(
        head + """SELECT corridor_id, year_from, year_to, year_from IS NOT NULL OR year_to IS NOT NULL AS years_sourced
                  FROM f ORDER BY corridor_id""",
        params,
    )

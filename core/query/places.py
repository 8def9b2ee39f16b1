"""Questions of the Map: places with the events the filter selects at each."""

from __future__ import annotations

import pandas as pd

from core.query.registry import EVENTS, each_spec, question


@question("places", each_spec)
def places_with_events(db, spec) -> pd.DataFrame:
    """Every place with coordinates, with how many filtered events happened there (0 where none did)."""
    head, params = db.filtered(EVENTS, spec)
    return db.frame(
        head + """SELECT p.place_id, p.name, p.alt_names, p.kind, p.lat, p.lon, p.source_id, p.confidence,
                         count(f.event_id) AS events
                  FROM places p LEFT JOIN f ON f.place_id = p.place_id
                  WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
                  GROUP BY p.place_id, p.name, p.alt_names, p.kind, p.lat, p.lon, p.source_id, p.confidence
                  ORDER BY p.place_id""",
        params,
    )

"""Questions of the relations network (Actors & stances page): who is allied, partnered, mediating or in
dispute as of the end of the filter's years, with each tie's evidence and a fixed position for every actor."""

from __future__ import annotations

import pandas as pd

from core.network_layout import spring_layout
from core.query.registry import RELATIONS, each_spec, question


@question("relations", each_spec)
def relations_network(db, spec) -> pd.DataFrame:
    """Relations under the filter that are in force at the end of its last year: begun by then (or with no
    known start) and not ended by then. One row per relation with both actors' names and colours."""
    head, params = db.filtered(RELATIONS, spec)
    end = f"{int(spec.years[1])}-12-31" if isinstance(spec.years[1], int) else "9999-12-31"
    return db.frame(
        head + """SELECT r.relation_id, r.kind, r.actor_a, coalesce(x.name, r.actor_a) AS actor_a_name,
                         r.actor_b, coalesce(y.name, r.actor_b) AS actor_b_name, r.start_date, r.end_date,
                         r.confidence, r.evidence, r.source_id, coalesce(s.title, r.source_id) AS source_title,
                         coalesce(xr.colour, '#888888') AS actor_a_colour, coalesce(yr.colour, '#888888') AS actor_b_colour
                  FROM f r LEFT JOIN actors x ON x.actor_id = r.actor_a LEFT JOIN actors y ON y.actor_id = r.actor_b
                  LEFT JOIN actors xr ON xr.actor_id = x.top_level_actor_id
                  LEFT JOIN actors yr ON yr.actor_id = y.top_level_actor_id
                  LEFT JOIN sources s ON s.source_id = r.source_id
                  WHERE coalesce(r.start_date, '0000') <= ? AND (r.end_date IS NULL OR r.end_date > ?)
                  ORDER BY r.kind, r.relation_id""",
        params + [end, end],
    )


@question("relations", lambda db: [()])
def network_positions(db) -> dict[str, tuple[float, float]]:
    """A fixed position for every actor in any relation, from a seeded spring layout over all relations (not
    only the filtered ones), so no node moves when the filter or the rerun changes."""
    edges = db.frame("SELECT actor_a, actor_b FROM relations ORDER BY relation_id")
    return spring_layout(list(zip(edges["actor_a"], edges["actor_b"])))

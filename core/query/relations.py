"""Questions of the relations network (Actors & stances page): who is allied, partnered, mediating or in
dispute as of the end of the filter's years, with each tie's evidence and a fixed position for every actor."""

from __future__ import annotations

from core.network_layout import spring_layout
from core.query import lookups
from core.query.records import records
from core.query.registry import RELATIONS, each_spec, question


@question("relations", each_spec)
def relations_network(db, spec) -> list[dict]:
    """Relations under the filter that are in force at the end of its last year: begun by then (or with no
    known start) and not ended by then. One record per relation with both actors' names and colours (their
    top-level actors'), from the engine's lookups (core/query/lookups.py) rather than four joins in the statement."""
    where, params = db.where(RELATIONS, spec)
    end = f"{int(spec.years[1])}-12-31" if isinstance(spec.years[1], int) else "9999-12-31"
    rows = records(db.frame(
        f"""SELECT relation_id, kind, actor_a, actor_b, start_date, end_date, confidence, evidence, source_id
            FROM relations WHERE {where} AND coalesce(start_date, '0000') <= ? AND (end_date IS NULL OR end_date > ?)
            ORDER BY kind, relation_id""",
        params + [end, end],
    ))
    return [{"relation_id": r["relation_id"], "kind": r["kind"], "actor_a": r["actor_a"],
             "actor_a_name": lookups.actor_name(db, r["actor_a"]), "actor_b": r["actor_b"],
             "actor_b_name": lookups.actor_name(db, r["actor_b"]), "start_date": r["start_date"],
             "end_date": r["end_date"], "confidence": r["confidence"], "evidence": r["evidence"],
             "source_id": r["source_id"], "source_title": lookups.source_title(db, r["source_id"]),
             "actor_a_colour": lookups.root_colour(db, r["actor_a"]),
             "actor_b_colour": lookups.root_colour(db, r["actor_b"])} for r in rows]


@question("relations", lambda db: [()])
def network_positions(db) -> dict[str, tuple[float, float]]:
    """A fixed position for every actor in any relation, from a seeded spring layout over all relations (not
    only the filtered ones), so no node moves when the filter or the rerun changes."""
    edges = db.frame("SELECT actor_a, actor_b FROM relations ORDER BY relation_id")
    return spring_layout(list(zip(edges["actor_a"], edges["actor_b"])))

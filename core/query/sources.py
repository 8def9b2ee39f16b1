"""Questions of the Sources page: one source, the sources the filtered rows cite, and the rows citing a source."""

from __future__ import annotations

import pandas as pd

from core.query.records import plain
from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, first_id, question

KINDS = ("corpus", "external")


@question("sources", first_id("sources", "source_id"))
def source(db, source_id: str) -> dict | None:
    """One source's row, as a record."""
    frame = db.frame("SELECT * FROM sources WHERE source_id = ?", [source_id])
    return None if frame.empty else {k: plain(v) for k, v in frame.iloc[0].items()}


def _citations(db, spec) -> tuple[str, list]:
    """A CTE `c(source_id, row_id)`: every citation by a filtered row, including correction sources."""
    parts, params = [], []
    for table, key in ((EVENTS, "event_id"), (AID, "aid_id"), (STANCES, "stance_id"), (RELATIONS, "relation_id")):
        where, p = db.where(table, spec)
        parts.append(f"SELECT source_id, {key} AS row_id FROM {table} WHERE {where}")
        params += p
        if table in (EVENTS, AID):
            parts.append(f"SELECT correction_source_id, {key} FROM {table} "
                         f"WHERE correction_source_id IS NOT NULL AND {where}")
            params += p
    return f"WITH c AS ({' UNION ALL '.join(parts)}) ", params


@question("sources", each_spec)
def cited_sources(db, spec) -> pd.DataFrame:
    """The sources the filtered rows cite (including correction sources), with how many rows cite each."""
    head, params = _citations(db, spec)
    return db.frame(
        head + """SELECT s.source_id, s.kind, s.title, s.publisher, s.published, s.url, count(DISTINCT c.row_id) AS rows
                  FROM c JOIN sources s ON s.source_id = c.source_id
                  GROUP BY s.source_id, s.kind, s.title, s.publisher, s.published, s.url
                  ORDER BY s.kind, s.title, s.source_id""",
        params,
    )


@question("sources", each_spec, ordered=False)
def cited_source_counts(db, spec) -> dict[str, int]:
    """How many of the cited sources are corpus articles, and how many public (external) sources."""
    head, params = _citations(db, spec)
    counts = db.frame(
        head + """SELECT s.kind, count(DISTINCT s.source_id) AS n FROM c JOIN sources s ON s.source_id = c.source_id
                  GROUP BY s.kind""",
        params,
    )
    found = dict(zip(counts["kind"], counts["n"]))
    return {kind: int(found.get(kind, 0)) for kind in KINDS}


def _most_cited(db) -> list[tuple]:
    frame = db.frame("""SELECT source_id FROM (SELECT source_id FROM events UNION ALL SELECT source_id FROM aid
                        UNION ALL SELECT source_id FROM stances) c
                        GROUP BY source_id ORDER BY count(*) DESC, source_id LIMIT 1""")
    return [(i,) for i in frame["source_id"]] + [("no-such-id",)]


@question("sources", _most_cited)
def source_rows(db, source_id: str) -> pd.DataFrame:
    """Every row that cites this source (or corrects itself with it): table, id, what it says, its quote."""
    return db.frame(
        """SELECT 'event' AS kind, event_id AS row_id, when_text || ' · ' || title AS label, evidence
           FROM events WHERE source_id = ? OR correction_source_id = ?
           UNION ALL SELECT 'aid', aid_id, CAST(fiscal_year AS VARCHAR) || ' · ' || coalesce(program, category), evidence
           FROM aid WHERE source_id = ? OR correction_source_id = ?
           UNION ALL SELECT 'stance', stance_id, actor_id || ' on ' || topic_id, evidence FROM stances WHERE source_id = ?
           UNION ALL SELECT 'relation', relation_id, actor_a || ' – ' || actor_b || ': ' || kind, evidence
           FROM relations WHERE source_id = ?
           ORDER BY 1, 2""",
        [source_id] * 6,
    )

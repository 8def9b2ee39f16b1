"""Questions of the Overview: headline counts, the latest events, and how many rows a table has in a filter."""

from __future__ import annotations

from dataclasses import dataclass

from core.query.records import records, text
from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, question

TABLES = (EVENTS, AID, STANCES, RELATIONS)


@dataclass(frozen=True)
class Summary:
    """Headline figures for one filter."""

    events: int
    corpus_events: int
    external_events: int
    actors_involved: int
    sources_cited: int
    aid_rows: int
    stance_rows: int
    first: str  # the earliest and latest event start, each at its precision ('2018', 'Dec 2022'); '' if none
    first_precision: str
    last: str

    @property
    def is_empty(self) -> bool:
        return self.events == 0 and self.aid_rows == 0


@question("overview", each_spec)
def summary(db, spec) -> Summary:
    """Headline figures: events by origin, actors involved, sources cited, aid and stance rows, first and last."""
    ev, ev_params = db.where(EVENTS, spec)
    aid, aid_params = db.where(AID, spec)
    st, st_params = db.where(STANCES, spec)
    rel, rel_params = db.where(RELATIONS, spec)
    row = db.frame(
        f"""WITH e AS (SELECT * FROM events WHERE {ev}), a AS (SELECT * FROM aid WHERE {aid}),
                 s AS (SELECT * FROM stances WHERE {st}), r AS (SELECT * FROM relations WHERE {rel}),
                 cited AS (
                   SELECT source_id FROM e UNION SELECT correction_source_id FROM e
                   UNION SELECT source_id FROM a UNION SELECT correction_source_id FROM a
                   UNION SELECT source_id FROM s UNION SELECT source_id FROM r),
                 involved AS (
                   SELECT actor_id FROM event_actors WHERE event_key IN (SELECT event_key FROM e)
                   UNION SELECT donor FROM a UNION SELECT recipient FROM a),
                 first_event AS (SELECT start_text, date_precision FROM e ORDER BY event_key LIMIT 1),
                 last_event AS (SELECT start_text FROM e ORDER BY event_key DESC LIMIT 1)
            SELECT (SELECT count(*) FROM e) AS events,
                   (SELECT count(*) FROM e WHERE origin = 'corpus') AS corpus_events,
                   (SELECT count(*) FROM a) AS aid_rows, (SELECT count(*) FROM s) AS stance_rows,
                   (SELECT count(*) FROM involved) AS actors_involved,
                   (SELECT count(*) FROM cited WHERE source_id IS NOT NULL) AS sources_cited,
                   (SELECT start_text FROM first_event) AS first,
                   (SELECT date_precision FROM first_event) AS first_precision,
                   (SELECT start_text FROM last_event) AS last""",
        ev_params + aid_params + st_params + rel_params,
    ).iloc[0]
    events = int(row["events"])
    return Summary(
        events=events, corpus_events=int(row["corpus_events"]), external_events=events - int(row["corpus_events"]),
        actors_involved=int(row["actors_involved"]), sources_cited=int(row["sources_cited"]),
        aid_rows=int(row["aid_rows"]), stance_rows=int(row["stance_rows"]),
        first=text(row["first"]), first_precision=text(row["first_precision"]), last=text(row["last"]),
    )


@question("overview", lambda db: [(spec, 5) for (spec,) in each_spec(db)] + [(each_spec(db)[2][0], 200)])
def latest_events(db, spec, count: int = 5) -> list[dict]:
    """The most recent events by start date (ties broken by id, so the order is stable), as records."""
    where, params = db.where(EVENTS, spec)
    return records(db.frame(
        f"""SELECT event_id, when_text, title, event_type, actor_names, evidence, source_id, confidence, notes,
                   correction_source_id, origin
            FROM events WHERE {where} ORDER BY start_day DESC, event_id LIMIT ?""",
        params + [int(count)],
    ))


@question("overview", lambda db: [(table, spec) for table in TABLES for (spec,) in each_spec(db)])
def count(db, table: str, spec) -> int:
    """How many rows of a filterable table (events, aid, stances, relations) the filter selects."""
    if table not in TABLES:
        raise ValueError(f"not a filterable table: {table!r}")
    where, params = db.where(table, spec)
    return int(db.scalar(f"SELECT count(*) FROM {table} WHERE {where}", params))

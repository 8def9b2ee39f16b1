"""Questions about events one by one: the explorer's pages, the CSV export, one event and its neighbours; and the
rows of any filterable table for the "Download this view" zip."""

from __future__ import annotations

import pandas as pd

from core.query.records import plain, records
from core.query.registry import AID, CLAIMS, EVENTS, RELATIONS, STANCES, each_spec, first_id, question
from core.tables import BY_NAME

RELATED_WINDOW_DAYS = 30
EXPLORER_PAGE_ROWS = 200

# Cells a spreadsheet would run as a formula get a leading quote (OWASP CSV injection).
_GUARD = "CASE WHEN substr({c}, 1, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || {c} ELSE {c} END"
# The export speaks the app's vocabulary: origin "corpus" or "context" (the data's "external" is the app's
# context), actor ids and names in one list style ("; "), the place by name as well as id, a one-day event as one
# day (when_text, core/query/engine.py).
EXPORT_SEPARATOR = "; "
EXPORT_COLUMNS = (  # (expression, CSV column)
    ("e.event_id", "event_id"), ("e.date", "date"), ("e.date_precision", "date_precision"),
    ("e.end_date", "end_date"), ("e.when_text", "date_shown"), ("e.title", "title"), ("e.event_type", "event_type"),
    ("n.actor_ids", "actor_ids"), ("n.actor_names", "actor_names"), ("e.place_id", "place_id"),
    ("p.name", "place_name"), ("e.confidence", "confidence"), ("e.evidence", "evidence"),
    ("e.source_id", "source_id"), ("s.title", "source_title"), ("s.url", "source_url"),
    ("e.correction_source_id", "correction_source_id"), ("e.notes", "notes"),
    ("CASE e.origin WHEN 'external' THEN 'context' ELSE e.origin END", "origin"),
    # Blank where the source gives no figure (unknown, not 0); digits only, so the guard never fires.
    ("CAST(e.fatalities AS VARCHAR)", "fatalities"),
)
# NULLS FIRST though a position is never null: it spares BigQuery a NULLS LAST it cannot write in an aggregate.
_EXPORT_NAMES = f"""LEFT JOIN (SELECT ea.event_key,
                          string_agg(ea.actor_id, '{EXPORT_SEPARATOR}' ORDER BY ea.position NULLS FIRST) AS actor_ids,
                          string_agg(coalesce(a.name, ea.actor_id), '{EXPORT_SEPARATOR}' ORDER BY ea.position NULLS FIRST) AS actor_names
                   FROM event_actors ea LEFT JOIN actors a ON a.actor_id = ea.actor_id
                   WHERE ea.event_key IN (SELECT event_key FROM f) GROUP BY ea.event_key) n ON n.event_key = e.event_key"""


def _pages(db) -> list[tuple]:
    return [(spec, 10, 0) for (spec,) in each_spec(db)] + [(each_spec(db)[2][0], 7, 7), (each_spec(db)[0][0], 200, 0)]


@question("events", _pages)
def events_page(db, spec, limit: int = EXPLORER_PAGE_ROWS, offset: int = 0) -> pd.DataFrame:
    """One page of the filtered events, in date order, with what the explorer shows (fatalities blank where unknown)."""
    where, params = db.where(EVENTS, spec)
    # The page's keys first, then their rows: the dates are formatted for one page, not every filtered event.
    return db.frame(
        f"""WITH page AS (SELECT event_key FROM events WHERE {where} ORDER BY event_key LIMIT ? OFFSET ?)
            SELECT e.event_id, e.when_text, e.title, e.event_type, e.actor_names,
                   coalesce(s.title, e.source_id) AS source_title, e.evidence, e.confidence, e.origin, e.fatalities
            FROM page JOIN events e ON e.event_key = page.event_key LEFT JOIN sources s ON s.source_id = e.source_id
            ORDER BY e.event_key""",
        params + [int(limit), int(offset)],
    )


def export_statement(db, spec) -> tuple[str, list]:
    """The CSV export's query: exactly the filtered events, text cells guarded against formula injection."""
    head, params = db.filtered(EVENTS, spec)
    columns = ", ".join(f"{_GUARD.format(c=c)} AS {n}" for c, n in EXPORT_COLUMNS)
    return head + f"""SELECT {columns} FROM f e LEFT JOIN sources s ON s.source_id = e.source_id
                       LEFT JOIN places p ON p.place_id = e.place_id {_EXPORT_NAMES} ORDER BY e.event_key""", params


@question("events", each_spec)
def export_rows(db, spec) -> pd.DataFrame:
    """The rows the CSV export writes (Store.export_csv streams the same statement to a file)."""
    return db.frame(*export_statement(db, spec))


@question("events", first_id("events", "event_id"), ordered=False)
def has_event(db, event_id: str) -> bool:
    """Whether an event with this id exists."""
    return bool(db.scalar("SELECT count(*) FROM events WHERE event_id = ?", [event_id]))


@question("events", lambda db: [(i, spec) for (i,) in first_id("events", "event_id")(db) for (spec,) in each_spec(db)])
def in_filter(db, event_id: str, spec) -> bool:
    """Whether this event is among those the filter selects."""
    where, params = db.where(EVENTS, spec)
    return bool(db.scalar(f"SELECT count(*) FROM events WHERE event_id = ? AND {where}", [event_id] + params))


@question("events", first_id("events", "event_id"))
def event(db, event_id: str) -> dict | None:
    """One event with its place name and its actors as [(id, name)] in the order the data lists them."""
    frame = db.frame(
        """SELECT e.*, p.name AS place_name FROM events e LEFT JOIN places p ON p.place_id = e.place_id
           WHERE e.event_id = ?""",
        [event_id],
    )
    if frame.empty:
        return None
    found = {k: plain(v) for k, v in frame.iloc[0].items()}
    actors = db.frame(
        """SELECT ea.actor_id, coalesce(a.name, ea.actor_id) AS name FROM event_actors ea
           LEFT JOIN actors a ON a.actor_id = ea.actor_id WHERE ea.event_id = ? ORDER BY ea.position""",
        [event_id],
    )
    found["actors_named"] = list(zip(actors["actor_id"], actors["name"]))
    return found


def _busiest_event(db) -> list[tuple]:
    """Among the first 200 events, the one with the most related events (so the example answers something), and
    an id that is not one. The sample keeps the search cheap at a million events."""
    busiest = db.frame("""WITH sample AS (SELECT event_key, start_day FROM events ORDER BY event_key LIMIT 200)
                          SELECT e.event_id FROM sample s
                          JOIN events o ON o.event_key <> s.event_key AND abs(date_diff('day', s.start_day, o.start_day)) <= 30
                          JOIN event_actors a ON a.event_key = s.event_key
                          JOIN event_actors b ON b.event_key = o.event_key AND b.actor_id = a.actor_id
                          JOIN events e ON e.event_key = s.event_key
                          GROUP BY e.event_id ORDER BY count(DISTINCT o.event_key) DESC, e.event_id LIMIT 1""")
    return [(i,) for i in busiest["event_id"]] + [("no-such-id",)]


@question("events", _busiest_event)
def related(db, event_id: str, days: int = RELATED_WINDOW_DAYS) -> list[dict]:
    """Other events sharing at least one actor, starting within ±days of this one, as records in date order."""
    return records(db.frame(
        """WITH me AS (SELECT start_day FROM events WHERE event_id = ?),
                mine AS (SELECT actor_id FROM event_actors WHERE event_id = ?)
           SELECT e.event_id, e.when_text, e.title FROM events e, me
           WHERE e.event_id <> ? AND abs(date_diff('day', me.start_day, e.start_day)) <= ?
             AND e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id IN (SELECT actor_id FROM mine))
           ORDER BY e.start_day, e.event_id""",
        [event_id, event_id, event_id, int(days)],
    ))


# ---- Download this view (every page's footer): every row of one filterable table that the filter keeps ----

EXPORTABLE = (EVENTS, AID, STANCES, RELATIONS, CLAIMS)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # the same as _GUARD above, for cells guarded in Python


def guard_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def _examples(db) -> list[tuple]:
    return [(table, spec) for table in EXPORTABLE for (spec,) in each_spec(db)]


@question("events", _examples)
def table_rows(db, table: str, spec) -> pd.DataFrame:
    """Every row of `table` the filter keeps (every row when `spec` is None: the Data page's whole dataset; the
    data file's columns), in id order, text cells guarded against formula injection: the "Download this view"
    zip."""
    if table not in EXPORTABLE:
        raise ValueError(f"{table!r} is not a table the bundle exports")
    from core.schema import columns_of  # here: the schemas import pandera (~0.3 s), which a trusted start never needs

    where, params = db.where(table, spec) if spec is not None else ("TRUE", [])
    columns = ", ".join(columns_of(BY_NAME[table].file))  # the data file's own columns, as the dictionary names them
    frame = db.frame(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {BY_NAME[table].id_column}", params)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(guard_cell)
    return frame

"""Cross-table rules: every reference (source, actor, place, topic, parent) points at a row that exists."""

from __future__ import annotations

import pandas as pd

from core.problems import Problem
from core.sqlcheck import connection, quoted, view_name
from core.tables import TABLES

# (table, column, target table, target id column); a ';'-list column is checked item by item.
_REFERENCES = (
    ("actors.csv", "parent_id", "actors.csv", "actor_id"),
    ("places.csv", "source_id", "sources.csv", "source_id"),
    ("topics.csv", "source_id", "sources.csv", "source_id"),
    ("events.csv", "source_id", "sources.csv", "source_id"),
    ("events.csv", "correction_source_id", "sources.csv", "source_id"),
    ("events.csv", "actors", "actors.csv", "actor_id"),
    ("events.csv", "place_id", "places.csv", "place_id"),
    ("aid.csv", "source_id", "sources.csv", "source_id"),
    ("aid.csv", "correction_source_id", "sources.csv", "source_id"),
    ("aid.csv", "donor", "actors.csv", "actor_id"),
    ("aid.csv", "recipient", "actors.csv", "actor_id"),
    ("aid.csv", "parent_aid_id", "aid.csv", "aid_id"),
    ("stances.csv", "source_id", "sources.csv", "source_id"),
    ("stances.csv", "actor_id", "actors.csv", "actor_id"),
    ("stances.csv", "topic_id", "topics.csv", "topic_id"),
    ("relations.csv", "source_id", "sources.csv", "source_id"),
    ("relations.csv", "actor_a", "actors.csv", "actor_id"),
    ("relations.csv", "actor_b", "actors.csv", "actor_id"),
    ("claims.csv", "subject_event_id", "events.csv", "event_id"),
    ("claims.csv", "actor_id", "actors.csv", "actor_id"),
    ("claims.csv", "source_id", "sources.csv", "source_id"),
)

_ID_COLUMN = {t.file: t.id_column for t in TABLES}


def check_integrity(tables: dict[str, pd.DataFrame], corridors: dict) -> list[Problem]:
    """Every cross-table problem, in the order of _REFERENCES, then by row (and by item within an actor list).
    The reference checks run as anti-joins in DuckDB (core/sqlcheck.py), not as a loop over rows."""
    problems: list[Problem] = []
    with connection(tables) as con:
        for table, column, target, target_column in _REFERENCES:
            problems += _unknown_references(con, table, column, target, target_column)
        problems += _check_parent_cycles(tables["actors.csv"])
        problems += _check_end_after_start(con, "events.csv", "date", "end_date", "event_id")
        problems += _check_end_after_start(con, "aid.csv", "fiscal_year", "fiscal_year_end", "aid_id")
    problems += _check_corpus_sources(tables["sources.csv"])
    problems += _check_corridors(corridors, tables)
    return problems


def _unknown_references(con, table, column, target, target_column) -> list[Problem]:
    view, col, id_col = view_name(table), quoted(column), quoted(_ID_COLUMN[table])
    # A million rows hold a few hundred distinct values (actor lists, sources, places): look those up first, and go
    # back to the rows only when one of them is unknown. Same problems, same order: the row query below is unchanged.
    split = "unnest(string_split(v, ';'))" if column == "actors" else "v"
    unknown = con.execute(f"""WITH d AS (SELECT DISTINCT CAST({col} AS VARCHAR) AS v FROM {view} WHERE {col} IS NOT NULL),
                                   i AS (SELECT {split} AS item FROM d)
                              SELECT 1 FROM i WHERE NOT EXISTS (SELECT 1 FROM {view_name(target)} t
                                                                WHERE CAST(t.{quoted(target_column)} AS VARCHAR) = i.item)
                              LIMIT 1""").fetchone()
    if unknown is None:
        return []
    if column == "actors":  # a ';'-list, checked item by item in list order
        items = f"""SELECT _row, {id_col} AS row_id, unnest(string_split(CAST({col} AS VARCHAR), ';')) AS item,
                           generate_subscripts(string_split(CAST({col} AS VARCHAR), ';'), 1) AS n
                    FROM {view} WHERE {col} IS NOT NULL"""
    else:
        items = f"SELECT _row, {id_col} AS row_id, CAST({col} AS VARCHAR) AS item, 1 AS n FROM {view} WHERE {col} IS NOT NULL"
    rows = con.execute(f"""SELECT i._row, i.row_id, i.item FROM ({items}) i
                           WHERE NOT EXISTS (SELECT 1 FROM {view_name(target)} t
                                             WHERE CAST(t.{quoted(target_column)} AS VARCHAR) = i.item)
                           ORDER BY i._row, i.n""").fetchall()
    return [Problem(table, f"unknown {_NOUN[target]} '{item}'", row, column, row_id) for row, row_id, item in rows]


_NOUN = {
    "sources.csv": "source",
    "actors.csv": "actor",
    "places.csv": "place",
    "topics.csv": "topic",
    "aid.csv": "parent aid row",
    "events.csv": "event",
}


def _check_parent_cycles(actors: pd.DataFrame) -> list[Problem]:
    parents = dict(zip(actors["actor_id"], actors["parent_id"]))
    problems = []
    for position, actor in enumerate(actors["actor_id"], start=1):
        seen = {actor}
        current = parents.get(actor)
        while isinstance(current, str) and current in parents:
            if current in seen:
                problems.append(Problem("actors.csv", "parent chain loops back on itself", position, "parent_id", actor))
                break
            seen.add(current)
            current = parents.get(current)
    return problems


def _check_end_after_start(con, table, start_col, end_col, id_col) -> list[Problem]:
    # ISO dates compare correctly as text, and fiscal years as integers.
    s, e, i = quoted(start_col), quoted(end_col), quoted(id_col)
    rows = con.execute(f"""SELECT _row, {i}, {s}, {e} FROM {view_name(table)}
                           WHERE {s} IS NOT NULL AND {e} IS NOT NULL AND {e} < {s} ORDER BY _row""").fetchall()
    return [Problem(table, f"ends ({end}) before it starts ({start})", row, end_col, row_id)
            for row, row_id, start, end in rows]


def _check_corpus_sources(sources: pd.DataFrame) -> list[Problem]:
    problems = []
    for position, row in enumerate(sources.itertuples(index=False), start=1):
        if row.kind == "corpus" and (pd.isna(row.corpus_file) or pd.isna(row.order)):
            problems.append(Problem("sources.csv", "a corpus source needs corpus_file and order", position, "corpus_file", row.source_id))
        if row.kind == "external" and pd.isna(row.confidence):
            problems.append(Problem("sources.csv", "an external source needs a confidence", position, "confidence", row.source_id))
    return problems


def _check_corridors(corridors: dict, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    sources = set(tables["sources.csv"]["source_id"])
    places = set(tables["places.csv"]["place_id"])
    problems = []
    for number, feature in enumerate(corridors.get("features", []), start=1):
        props = feature.get("properties") or {}
        cid = props.get("corridor_id")
        if props.get("source_id") not in sources:
            problems.append(Problem("corridors.geojson", f"unknown source '{props.get('source_id')}'", number, "source_id", cid))
        for waypoint in props.get("waypoints") or []:
            if waypoint not in places:
                problems.append(Problem("corridors.geojson", f"unknown place '{waypoint}'", number, "waypoints", cid))
        problems += _check_corridor_years(props, number, sources)
    return problems


def _check_corridor_years(props: dict, number: int, sources: set) -> list[Problem]:
    """Years of validity are optional; when given they are whole years in order, with a source and a quote."""
    cid, problems = props.get("corridor_id"), []
    first, last = props.get("year_from"), props.get("year_to")
    for key, year in (("year_from", first), ("year_to", last)):
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1800 <= year <= 2100):
            problems.append(Problem("corridors.geojson", f"'{year}' is not a year", number, key, cid))
    if isinstance(first, int) and isinstance(last, int) and last < first:
        problems.append(Problem("corridors.geojson", f"ends ({last}) before it starts ({first})", number, "year_to", cid))
    if first is not None or last is not None:
        if props.get("years_source_id") not in sources:
            problems.append(Problem("corridors.geojson", f"unknown source '{props.get('years_source_id')}' for its "
                                    "years", number, "years_source_id", cid))
        if not props.get("years_evidence"):
            problems.append(Problem("corridors.geojson", "years given without a quote", number, "years_evidence", cid))
    return problems

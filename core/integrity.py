"""Cross-table rules: every reference (source, actor, place, topic, parent) points at a row that exists."""

from __future__ import annotations

import pandas as pd

from core.problems import Problem
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
    problems: list[Problem] = []
    for table, column, target, target_column in _REFERENCES:
        known = set(tables[target][target_column].dropna())
        frame = tables[table]
        for position, (row_id, value) in enumerate(zip(frame[_ID_COLUMN[table]], frame[column]), start=1):
            if pd.isna(value):
                continue
            for item in str(value).split(";") if column == "actors" else [value]:
                if item not in known:
                    problems.append(Problem(table, f"unknown {_NOUN[target]} '{item}'", position, column, row_id))
    problems += _check_parent_cycles(tables["actors.csv"])
    problems += _check_end_after_start(tables["events.csv"], "date", "end_date", "event_id", "events.csv")
    problems += _check_end_after_start(tables["aid.csv"], "fiscal_year", "fiscal_year_end", "aid_id", "aid.csv")
    problems += _check_corpus_sources(tables["sources.csv"])
    problems += _check_corridors(corridors, tables)
    return problems


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


def _check_end_after_start(frame, start_col, end_col, id_col, table) -> list[Problem]:
    problems = []
    for position, (row_id, start, end) in enumerate(zip(frame[id_col], frame[start_col], frame[end_col]), start=1):
        # ISO dates compare correctly as text, and fiscal years as integers.
        if pd.notna(start) and pd.notna(end) and end < start:
            problems.append(Problem(table, f"ends ({end}) before it starts ({start})", position, end_col, row_id))
    return problems


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

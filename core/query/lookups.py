"""Small lookups of one engine's data, read once per engine: the actors (name, top-level actor, its name and
colour), the topics' names and the fields of the sources that stances, relations and claims cite.

The Actors & stances questions take names, colours and titles from here instead of joining these tables in every
statement: on the bundled data a statement's cost is mostly its planning, and each join added about 1 ms to each
fresh filter. An engine holds one data version for its life, so a lookup kept with the engine (weakly: it goes
with the engine) is never served for another version. The lookups are bounded by the curated tables (actors,
topics, the sources those few tables cite, the events that claims read), never by the events' number."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from core.actors import UNKNOWN_COLOUR
from core.query.records import records

_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def per_engine(db, name: str, build: Callable):
    """`build(db)`, computed once per engine and name, and dropped with the engine: for answers that hang on no
    filter (an engine holds one data version for its life, so one version's answer is never served for another)."""
    with _LOCK:
        found = _KEPT.setdefault(db, {}).get(name)
    if found is None:
        found = build(db)  # outside the lock: two threads may build it twice, never wait on a statement
        with _LOCK:
            _KEPT[db][name] = found
    return found


@dataclass(frozen=True)
class Actor:
    """One row of the actors table with its top-level actor's name and colour (None where not known)."""

    name: str | None
    top_level_actor_id: str | None
    root_name: str | None
    colour: str | None
    root_colour: str | None


def actors(db) -> dict[str, Actor]:
    """Every actor by id."""
    return per_engine(db, "actors", _actors)


def _actors(db) -> dict[str, Actor]:
    rows = records(db.frame("""SELECT a.actor_id, a.name, a.top_level_actor_id, r.name AS root_name, a.colour,
                                      r.colour AS root_colour
                               FROM actors a LEFT JOIN actors r ON r.actor_id = a.top_level_actor_id"""))
    return {r["actor_id"]: Actor(r["name"], r["top_level_actor_id"], r["root_name"], r["colour"], r["root_colour"])
            for r in rows}


def actor_name(db, actor_id: str) -> str:
    """The actor's name, or its id for an actor missing from the actors table (SQL's coalesce(a.name, id))."""
    found = actors(db).get(actor_id)
    return actor_id if found is None or found.name is None else found.name


def actor_colour(db, actor_id: str) -> str:
    """The colour of the actor's top-level actor, else its own, else grey."""
    found = actors(db).get(actor_id)
    if found is None:
        return UNKNOWN_COLOUR
    if found.root_colour is not None:
        return found.root_colour
    return UNKNOWN_COLOUR if found.colour is None else found.colour


def root_colour(db, actor_id: str) -> str:
    """The colour of the actor's top-level actor, else grey (the relations network's node colour)."""
    found = actors(db).get(actor_id)
    return UNKNOWN_COLOUR if found is None or found.root_colour is None else found.root_colour


def actor_order(db, actor_id: str) -> tuple:
    """The heatmap's actor order as a sort key: each top-level actor, then the actors under it, by name, then id
    (the SQL it replaces: coalesce(root.name, a.name, id), top-level first, coalesce(a.name, id), id)."""
    found = actors(db).get(actor_id)
    if found is None:
        return actor_id, 1, actor_id, actor_id
    name = actor_id if found.name is None else found.name
    group = found.root_name if found.root_name is not None else name
    return group, 0 if found.top_level_actor_id == actor_id else 1, name, actor_id


def row_count(db, table: str) -> int:
    """How many rows the table holds."""
    return per_engine(db, f"rows:{table}", lambda d: int(d.scalar(f"SELECT count(*) FROM {table}")))


def topic_names(db) -> dict[str, str]:
    """Every topic's name by id."""
    return per_engine(db, "topics", lambda d: {r["topic_id"]: r["name"]
                                          for r in records(d.frame("SELECT topic_id, name FROM topics"))})


def topic_name(db, topic_id: str) -> str:
    name = topic_names(db).get(topic_id)
    return topic_id if name is None else name


SOURCE_FIELDS = ("title", "author", "publisher", "published", "url")


def cited_sources(db) -> dict[str, dict]:
    """The fields (SOURCE_FIELDS) of every source a stance, a relation or a claim cites, by id."""
    return per_engine(db, "sources", _cited_sources)


def _cited_sources(db) -> dict[str, dict]:
    rows = records(db.frame(f"""SELECT source_id, {', '.join(SOURCE_FIELDS)} FROM sources
                                WHERE source_id IN (SELECT source_id FROM stances UNION SELECT source_id FROM relations
                                                    UNION SELECT source_id FROM claims)"""))
    return {r["source_id"]: {field: r[field] for field in SOURCE_FIELDS} for r in rows}


def source_title(db, source_id: str | None) -> str | None:
    """The cited source's title, or its id where the sources table lacks it (None stays None)."""
    if source_id is None:
        return None
    found = cited_sources(db).get(source_id)
    return source_id if found is None or found["title"] is None else found["title"]


@dataclass(frozen=True)
class Subject:
    """An event that claims read: its title, its date as readers see it, its type and start day."""

    title: str
    when_text: str
    event_type: str
    start_day: object  # a pandas Timestamp


def claim_subjects(db) -> dict[str, Subject]:
    """Every event a claim reads, by id."""
    return per_engine(db, "subjects", _claim_subjects)


def _claim_subjects(db) -> dict[str, Subject]:
    rows = records(db.frame("""SELECT event_id, title, when_text, event_type, start_day FROM events
                               WHERE event_id IN (SELECT subject_event_id FROM claims)"""))
    return {r["event_id"]: Subject(r["title"], r["when_text"], r["event_type"], r["start_day"]) for r in rows}

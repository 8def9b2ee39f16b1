"""Questions of the actor card (Actors & stances page): who an actor is, what it did, said and is tied to.

The card is about one chosen actor, so the filter's actor field does not narrow it (`_without_actors`); the
years and the other fields do. An actor's record includes its sub-actors' (Russia's includes Putin's)."""

from __future__ import annotations

import pandas as pd

from core.query.records import records
from core.query.registry import EVENTS, RELATIONS, STANCES, each_spec, first_id, question
from core.query.stances import CONFIDENCE_RANK


def _without_actors(spec):
    return spec.replace(actors=((), True))


def _family(db, actor_id: str) -> list[str]:
    return sorted(db.actor_tree.expand([actor_id], True))


def _marks(ids: list[str]) -> str:
    return ", ".join("?" * len(ids))


def _busiest_actor(db) -> str | None:
    frame = db.frame("SELECT top_level_actor_id FROM event_actors GROUP BY top_level_actor_id "
                     "ORDER BY count(*) DESC, top_level_actor_id LIMIT 1")
    return None if frame.empty else frame.iat[0, 0]


def _actor_and_spec(db) -> list[tuple]:
    actor = _busiest_actor(db)
    specs = [spec for (spec,) in each_spec(db)]
    return ([(spec, actor) for spec in specs] if actor else []) + [(specs[0], "no-such-actor")]


@question("actors", first_id("actors", "actor_id"), ordered=False)
def has_actor(db, actor_id: str) -> bool:
    return bool(db.scalar("SELECT count(*) FROM actors WHERE actor_id = ?", [actor_id]))


@question("actors", first_id("actors", "actor_id"))
def actor_family(db, actor_id: str) -> list[dict]:
    """The actor ('self'), its parent ('parent') and the actors directly under it ('child', by name), each
    with its name, kind and country."""
    return records(db.frame(
        """SELECT 'self' AS role, actor_id, name, kind, country FROM actors WHERE actor_id = ?
           UNION ALL
           SELECT 'parent' AS role, p.actor_id, p.name, p.kind, p.country FROM actors c
           JOIN actors p ON p.actor_id = c.parent_id WHERE c.actor_id = ?
           UNION ALL
           SELECT 'child' AS role, actor_id, name, kind, country FROM actors WHERE parent_id = ?
           ORDER BY 1 DESC, 3, 2""",
        [actor_id, actor_id, actor_id],
    ))


@question("actors", _actor_and_spec)
def actor_event_years(db, spec, actor_id: str) -> pd.DataFrame:
    """How many events under the filter involve the actor or its sub-actors, per year of their start (only
    years with events)."""
    family = _family(db, actor_id)
    head, params = db.filtered(EVENTS, _without_actors(spec))
    return db.frame(
        head + f"""SELECT year(start_day) AS year, count(*) AS n FROM f
                   WHERE event_key IN (SELECT event_key FROM event_actors WHERE actor_id IN ({_marks(family)}))
                   GROUP BY year(start_day) ORDER BY 1""",
        params + family,
    )


@question("actors", lambda db: [(*args, 3) for args in _actor_and_spec(db)])
def actor_recent_events(db, spec, actor_id: str, limit: int = 3) -> list[dict]:
    """The actor's (or its sub-actors') most recent events under the filter, by when they happened (start date;
    a long mandate does not lead by its end), latest first, ties by id, with evidence."""
    family = _family(db, actor_id)
    head, params = db.filtered(EVENTS, _without_actors(spec))
    return records(db.frame(
        head + f"""SELECT event_id, title, when_text, evidence, source_id, confidence, notes FROM f
                   WHERE event_key IN (SELECT event_key FROM event_actors WHERE actor_id IN ({_marks(family)}))
                   ORDER BY start_day DESC, event_id LIMIT ?""",
        params + family + [int(limit)],
    ))


@question("actors", _actor_and_spec)
def actor_stances(db, spec, actor_id: str) -> pd.DataFrame:
    """Every stance of the actor or its sub-actors under the filter, by topic name, latest first."""
    family = _family(db, actor_id)
    head, params = db.filtered(STANCES, _without_actors(spec))
    return db.frame(
        head + f"""SELECT st.stance_id, coalesce(t.name, st.topic_id) AS topic_name,
                          coalesce(a.name, st.actor_id) AS actor_name, st.stance, st.when_day, st.date_precision,
                          st.confidence, st.evidence, coalesce(s.title, st.source_id) AS source_title
                   FROM f st LEFT JOIN topics t ON t.topic_id = st.topic_id
                   LEFT JOIN actors a ON a.actor_id = st.actor_id LEFT JOIN sources s ON s.source_id = st.source_id
                   WHERE st.actor_id IN ({_marks(family)})
                   ORDER BY topic_name, st.when_day DESC, {CONFIDENCE_RANK.replace('confidence', 'st.confidence')} DESC,
                            st.stance_id""",
        params + family,
    )


@question("actors", _actor_and_spec)
def actor_relations(db, spec, actor_id: str) -> pd.DataFrame:
    """The relations of the actor or its sub-actors that overlap the filter's years, with the other side."""
    family = _family(db, actor_id)
    marks = _marks(family)
    head, params = db.filtered(RELATIONS, _without_actors(spec))
    return db.frame(
        head + f"""SELECT r.relation_id, r.kind, coalesce(x.name, r.actor_a) AS actor_a_name,
                          coalesce(y.name, r.actor_b) AS actor_b_name, r.start_date, r.end_date, r.confidence,
                          r.evidence, coalesce(s.title, r.source_id) AS source_title
                   FROM f r LEFT JOIN actors x ON x.actor_id = r.actor_a LEFT JOIN actors y ON y.actor_id = r.actor_b
                   LEFT JOIN sources s ON s.source_id = r.source_id
                   WHERE r.actor_a IN ({marks}) OR r.actor_b IN ({marks})
                   ORDER BY r.kind, r.relation_id""",
        params + family + family,
    )

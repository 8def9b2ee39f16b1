"""Questions of the Actors & stances page.

The latest stance of an actor on a topic is the one with the latest date; statements on the same day are
ordered by confidence (high, then medium, then low), then by stance id, and the first wins. The rule is stated
in data/README.md; without it, two statements of one day (Azerbaijan's two of 22 Feb 2022) could each come back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.query.records import records
from core.query.registry import STANCES, each_spec, question

CONFIDENCE_RANK = "CASE confidence WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"


_LATEST_FIRST = f"when_day DESC, {CONFIDENCE_RANK} DESC, stance_id"
# Actors in the order the heatmap lists them: each top-level actor, then the actors under it, by name.
_ACTOR_ORDER = """coalesce(root.name, a.name, {id}), CASE WHEN a.top_level_actor_id = {id} THEN 0 ELSE 1 END,
                  coalesce(a.name, {id}), {id}"""


def _first_cell(db) -> tuple[str, str] | None:
    frame = db.frame("SELECT actor_id, topic_id FROM stances GROUP BY actor_id, topic_id "
                     "ORDER BY count(*) DESC, actor_id, topic_id LIMIT 1")
    return None if frame.empty else (frame.iat[0, 0], frame.iat[0, 1])


def _cell_examples(db) -> list[tuple]:
    cell = _first_cell(db)
    specs = [spec for (spec,) in each_spec(db)]
    found = [(spec, *cell) for spec in specs[:3]] if cell else []
    return found + [(specs[0], "no-such-actor", "no-such-topic")]


@dataclass(frozen=True)
class StanceGrid:
    """The heatmap's answer: its cells (records, a full grid in drawing order), its row and column ids in that
    order, and how many statements the filter selects."""

    cells: list[dict]
    actors: list[str]
    topics: list[str]
    statements: int


@question("stances", each_spec)
def stance_cells(db, spec) -> StanceGrid:
    """The stance heatmap as a full grid: every actor with a stance under the filter × every topic with one.
    A cell without evidence has n = 0 and no stance (never 0). Per cell: the actor's top-level actor (none for an
    actor missing from the actors table), how many statements, how many of each confidence, the lowest and
    highest stance (they differ: the statements disagree), and the latest statement by the rule above, with its
    date, precision, confidence, quote and source. The page also takes the comparison's default pair and, for a
    filter without an actor choice, the comparison itself from the grid (`compared_pair`, `comparison_rows`)."""
    head, params = db.filtered(STANCES, spec)
    order = _ACTOR_ORDER.format(id="ra.actor_id")
    frame = db.frame(
        head + f"""
        , ranked AS (SELECT *, row_number() OVER (PARTITION BY actor_id, topic_id ORDER BY {_LATEST_FIRST}) AS pick
                     FROM f)
        , cells AS (SELECT actor_id, topic_id, count(*) AS n, min(stance) AS lowest, max(stance) AS highest,
                           sum(CASE WHEN confidence = 'high' THEN 1 ELSE 0 END) AS n_high,
                           sum(CASE WHEN confidence = 'medium' THEN 1 ELSE 0 END) AS n_medium,
                           sum(CASE WHEN confidence = 'low' THEN 1 ELSE 0 END) AS n_low
                    FROM f GROUP BY actor_id, topic_id)
        , ra AS (SELECT actor_id, count(*) AS total FROM f GROUP BY actor_id)
        , rt AS (SELECT topic_id, count(*) AS total FROM f GROUP BY topic_id)
        SELECT ra.actor_id, coalesce(a.name, ra.actor_id) AS actor_name, a.top_level_actor_id, rt.topic_id,
               coalesce(t.name, rt.topic_id) AS topic_name, CAST(coalesce(c.n, 0) AS INTEGER) AS n,
               CAST(coalesce(c.n_high, 0) AS INTEGER) AS n_high, CAST(coalesce(c.n_medium, 0) AS INTEGER) AS n_medium, CAST(coalesce(c.n_low, 0) AS INTEGER) AS n_low,
               c.lowest, c.highest, coalesce(c.lowest < c.highest, false) AS disagree,
               l.stance AS latest_stance, l.when_day AS latest_day, l.date_precision AS latest_precision,
               l.confidence AS latest_confidence, l.evidence AS latest_evidence, l.source_id AS latest_source_id,
               coalesce(s.title, l.source_id) AS latest_source_title, l.stance_id AS latest_stance_id
        FROM ra CROSS JOIN rt
        LEFT JOIN cells c ON c.actor_id = ra.actor_id AND c.topic_id = rt.topic_id
        LEFT JOIN ranked l ON l.actor_id = ra.actor_id AND l.topic_id = rt.topic_id AND l.pick = 1
        LEFT JOIN actors a ON a.actor_id = ra.actor_id
        LEFT JOIN actors root ON root.actor_id = a.top_level_actor_id
        LEFT JOIN topics t ON t.topic_id = rt.topic_id
        LEFT JOIN sources s ON s.source_id = l.source_id
        ORDER BY {order}, rt.total DESC, rt.topic_id""",
        params,
    )
    cells = records(frame)
    return StanceGrid(cells, list(dict.fromkeys(c["actor_id"] for c in cells)),
                      list(dict.fromkeys(c["topic_id"] for c in cells)), int(sum(c["n"] for c in cells)))


_STATEMENT_COLUMNS = """st.stance_id, st.actor_id, coalesce(a.name, st.actor_id) AS actor_name, st.topic_id,
                        coalesce(t.name, st.topic_id) AS topic_name, st.stance, st.when_day, st.date_precision,
                        st.confidence, st.evidence, st.source_id, coalesce(s.title, st.source_id) AS source_title,
                        st.notes"""
_STATEMENT_JOINS = """LEFT JOIN actors a ON a.actor_id = st.actor_id LEFT JOIN topics t ON t.topic_id = st.topic_id
                      LEFT JOIN sources s ON s.source_id = st.source_id"""


@question("stances", _cell_examples)
def cell_statements(db, spec, actor_id: str, topic_id: str) -> pd.DataFrame:
    """Every statement of one heatmap cell under the filter, the latest first (by the rule above)."""
    head, params = db.filtered(STANCES, spec)
    return db.frame(
        head + f"""SELECT {_STATEMENT_COLUMNS} FROM f st {_STATEMENT_JOINS}
                   WHERE st.actor_id = ? AND st.topic_id = ?
                   ORDER BY st.when_day DESC, {CONFIDENCE_RANK.replace('confidence', 'st.confidence')} DESC, st.stance_id""",
        params + [actor_id, topic_id],
    )


def _topic_examples(db) -> list[tuple]:
    cell = _first_cell(db)
    specs = [spec for (spec,) in each_spec(db)]
    return ([(spec, cell[1]) for spec in specs] if cell else []) + [(specs[0], "no-such-topic")]


@question("stances", _topic_examples)
def stance_history(db, spec, topic_id: str) -> pd.DataFrame:
    """One topic's statements under the filter, per actor in date order, with the actor's colour. Within one
    day the statement the rule picks as latest comes last, so a step line ends on it."""
    head, params = db.filtered(STANCES, spec)
    rank = CONFIDENCE_RANK.replace("confidence", "st.confidence")
    order = _ACTOR_ORDER.format(id="st.actor_id")
    return db.frame(
        head + f"""SELECT {_STATEMENT_COLUMNS}, coalesce(root.colour, a.colour, '#888888') AS colour
                   FROM f st {_STATEMENT_JOINS} LEFT JOIN actors root ON root.actor_id = a.top_level_actor_id
                   WHERE st.topic_id = ?
                   ORDER BY {order}, st.when_day, {rank}, st.stance_id DESC""",
        params + [topic_id],
    )


def _pair_examples(db) -> list[tuple]:
    pair = db.frame("""SELECT x.actor_id AS a, y.actor_id AS b FROM stances x JOIN stances y
                       ON x.topic_id = y.topic_id AND x.actor_id < y.actor_id
                       GROUP BY x.actor_id, y.actor_id ORDER BY count(*) DESC, 1, 2 LIMIT 1""")
    specs = [spec for (spec,) in each_spec(db)]
    found = [(spec, pair.iat[0, 0], pair.iat[0, 1]) for spec in specs] if not pair.empty else []
    return found + [(specs[0], "no-such-actor", "no-such-other")]


@question("stances", _pair_examples)
def stance_comparison(db, spec, first: str, second: str) -> pd.DataFrame:
    """Two actors' latest stances (by the rule above) per topic, side by side, under the filter (the actor
    field aside: the two actors are the choice). Topics where both have a stance come first, the widest gap
    first; then topics where only one has a stance; ties by topic name and id."""
    head, params = db.filtered(STANCES, spec.replace(actors=((), True)))
    return db.frame(
        head + f"""
        , latest AS (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY actor_id, topic_id
                                                                   ORDER BY {_LATEST_FIRST}) AS pick
                                     FROM f WHERE actor_id IN (?, ?)) r WHERE pick = 1)
        , x AS (SELECT * FROM latest WHERE actor_id = ?)
        , y AS (SELECT * FROM latest WHERE actor_id = ?)
        , both_topics AS (SELECT topic_id FROM x UNION SELECT topic_id FROM y)
        SELECT b.topic_id, coalesce(t.name, b.topic_id) AS topic_name,
               x.stance AS first_stance, x.when_day AS first_day, x.date_precision AS first_precision,
               x.evidence AS first_evidence, x.stance_id AS first_stance_id,
               y.stance AS second_stance, y.when_day AS second_day, y.date_precision AS second_precision,
               y.evidence AS second_evidence, y.stance_id AS second_stance_id,
               abs(x.stance - y.stance) AS gap
        FROM both_topics b LEFT JOIN x ON x.topic_id = b.topic_id LEFT JOIN y ON y.topic_id = b.topic_id
        LEFT JOIN topics t ON t.topic_id = b.topic_id
        ORDER BY CASE WHEN x.stance IS NULL OR y.stance IS NULL THEN 1 ELSE 0 END,
                 abs(x.stance - y.stance) DESC, topic_name, b.topic_id""",
        params + [first, second, first, second],
    )


def compared_pair(grid: StanceGrid) -> tuple[str, str] | None:
    """The comparison's default pair, from the heatmap's grid: the two actors under different top-level actors (both
    in the actors table) with the most topics in common under the filter (ties by the first id, then the second).
    tests/unit/test_stance_grid_answers.py checks it against the same rule written in SQL."""
    topics: dict[str, set[str]] = {}
    top: dict[str, str] = {}
    for cell in grid.cells:
        if cell["n"] and cell["top_level_actor_id"] is not None:
            topics.setdefault(cell["actor_id"], set()).add(cell["topic_id"])
            top[cell["actor_id"]] = cell["top_level_actor_id"]
    best = None
    ids = sorted(topics)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            shared = len(topics[first] & topics[second])
            if shared and top[first] != top[second] and (best is None or shared > best[0]):
                best = (shared, first, second)
    return None if best is None else (best[1], best[2])


_SIDES = {"stance": "latest_stance", "day": "latest_day", "precision": "latest_precision",
          "evidence": "latest_evidence", "stance_id": "latest_stance_id"}


def comparison_rows(grid: StanceGrid, first: str, second: str) -> list[dict]:
    """stance_comparison's answer as records, from the grid of a filter that chooses no actor (the comparison sets
    the actor field aside, so only then is its filter the grid's): each cell's latest statement is the one the
    comparison picks, by the same rule."""
    cells = {(c["actor_id"], c["topic_id"]): c for c in grid.cells if c["n"]}
    rows = []
    for topic in grid.topics:
        x, y = cells.get((first, topic)), cells.get((second, topic))
        if x is None and y is None:
            continue
        row = {"topic_id": topic, "topic_name": (x or y)["topic_name"]}
        for side, cell in (("first", x), ("second", y)):
            row.update({f"{side}_{key}": None if cell is None else cell[column] for key, column in _SIDES.items()})
        row["gap"] = None if x is None or y is None else abs(x["latest_stance"] - y["latest_stance"])
        rows.append(row)
    # Both sides first, the widest gap first; then by topic name and id (DuckDB orders text by its code points).
    rows.sort(key=lambda r: (r["gap"] is None, -(r["gap"] or 0), r["topic_name"], r["topic_id"]))
    return [{key: row[key] for key in _COMPARISON_KEYS} for row in rows]


_COMPARISON_KEYS = ("topic_id", "topic_name", "first_stance", "first_day", "first_precision", "first_evidence",
                    "first_stance_id", "second_stance", "second_day", "second_precision", "second_evidence",
                    "second_stance_id", "gap")

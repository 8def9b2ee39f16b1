"""Questions of the Actors & stances page.

The latest stance of an actor on a topic is the one with the latest date; statements on the same day are
ordered by confidence (high, then medium, then low), then by stance id, and the first wins. The rule is stated
in data/README.md; without it, two statements of one day (Azerbaijan's two of 22 Feb 2022) could each come back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.query import lookups
from core.query.records import records
from core.query.registry import STANCES, each_spec, question

CONFIDENCE_RANK = "CASE confidence WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"


_LATEST_FIRST = f"when_day DESC, {CONFIDENCE_RANK} DESC, stance_id"


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
    order, and how many statements the filter selects. When the stances table is small (SMALL_STANCES), also every
    statement under the filter as stance_history gives them (`history_of` takes one topic's), else None."""

    cells: list[dict]
    actors: list[str]
    topics: list[str]
    statements: int
    history: list[dict] | None = None


# Up to this many stances in the table, the grid reads the filtered statements themselves (one plain statement, no
# window) and counts its cells here, and keeps them for the page's history chart (one statement fewer). A larger
# table is counted in SQL and its history asked per topic: its statements are never all read into Python.
SMALL_STANCES = 500


def history_of(grid: StanceGrid, topic_id: str) -> list[dict] | None:
    """stance_history's answer for one topic from a grid that holds its statements (None when it does not)."""
    if grid.history is None:
        return None
    return [row for row in grid.history if row["topic_id"] == topic_id]


_CELL = "PARTITION BY actor_id, topic_id"


@question("stances", each_spec)
def stance_cells(db, spec) -> StanceGrid:
    """The stance heatmap as a full grid: every actor with a stance under the filter × every topic with one.
    A cell without evidence has n = 0 and no stance (never 0). Per cell: the actor's top-level actor (none for an
    actor missing from the actors table), how many statements, how many of each confidence, the lowest and
    highest stance (they differ: the statements disagree), and the latest statement by the rule above, with its
    date, precision, confidence, quote and source. The page also takes the comparison's default pair and, for a
    filter without an actor choice, the comparison itself from the grid (`compared_pair`, `comparison_rows`).

    One statement over the filtered stances, no join; the grid's order, its empty cells and the names are added
    here from the engine's lookups (core/query/lookups.py). A small stances table (SMALL_STANCES) is read as the
    filtered statements and counted here; a larger one as each non-empty cell's latest statement with the cell's
    counts (window functions), at most actors × topics rows whatever the data's size."""
    where, params = db.where(STANCES, spec)
    if lookups.row_count(db, STANCES) > SMALL_STANCES:
        return _grid(db, records(db.frame(
            f"""SELECT actor_id, topic_id, n, n_high, n_medium, n_low, lowest, highest, stance, when_day,
                       date_precision, confidence, evidence, source_id, stance_id
                FROM (SELECT actor_id, topic_id, stance, when_day, date_precision, confidence, evidence, source_id,
                             stance_id, count(*) OVER ({_CELL}) AS n,
                             count(CASE WHEN confidence = 'high' THEN 1 END) OVER ({_CELL}) AS n_high,
                             count(CASE WHEN confidence = 'medium' THEN 1 END) OVER ({_CELL}) AS n_medium,
                             count(CASE WHEN confidence = 'low' THEN 1 END) OVER ({_CELL}) AS n_low,
                             min(stance) OVER ({_CELL}) AS lowest, max(stance) OVER ({_CELL}) AS highest,
                             row_number() OVER ({_CELL} ORDER BY {_LATEST_FIRST}) AS pick
                      FROM stances WHERE {where}) r
                WHERE pick = 1""",
            params,
        )))
    rows = records(db.frame(f"SELECT {_ROW_COLUMNS} FROM stances WHERE {where}", params))
    grid = _grid(db, _latest_per_cell(rows))
    return StanceGrid(grid.cells, grid.actors, grid.topics, grid.statements, _history_records(db, rows))


_ROW_COLUMNS = "stance_id, actor_id, topic_id, stance, when_day, date_precision, confidence, evidence, source_id, notes"


def _latest_per_cell(rows: list[dict]) -> list[dict]:
    """What the window statement answers, from the statements: each non-empty cell's latest statement by the rule
    above (latest date, then higher confidence, then smaller id) with the cell's counts and lowest, highest stance."""
    ordered = sorted(rows, key=lambda r: r["stance_id"])
    ordered.sort(key=lambda r: (r["when_day"] is not None, 0 if r["when_day"] is None else r["when_day"],
                                _CONFIDENCE_RANKS.get(r["confidence"], 0)), reverse=True)  # stable: ids stay ascending
    cells: dict[tuple, dict] = {}
    for r in ordered:
        cell = cells.get((r["actor_id"], r["topic_id"]))
        if cell is None:
            cells[(r["actor_id"], r["topic_id"])] = cell = dict(r, n=0, n_high=0, n_medium=0, n_low=0,
                                                               lowest=r["stance"], highest=r["stance"])
        cell["n"] += 1
        if r["confidence"] in _CONFIDENCE_COUNTS:
            cell[_CONFIDENCE_COUNTS[r["confidence"]]] += 1
        cell["lowest"], cell["highest"] = min(cell["lowest"], r["stance"]), max(cell["highest"], r["stance"])
    return list(cells.values())


_CONFIDENCE_COUNTS = {"high": "n_high", "medium": "n_medium", "low": "n_low"}


def _grid(db, latest: list[dict]) -> StanceGrid:
    """The full grid in drawing order from each non-empty cell's latest statement with its counts: actors in the
    heatmap's order (lookups.actor_order), topics by their number of statements, most first, then id."""
    by_cell = {(r["actor_id"], r["topic_id"]): r for r in latest}
    topic_totals: dict[str, int] = {}
    for r in latest:
        topic_totals[r["topic_id"]] = topic_totals.get(r["topic_id"], 0) + int(r["n"])
    actor_ids = sorted({r["actor_id"] for r in latest}, key=lambda a: lookups.actor_order(db, a))
    topic_ids = sorted(topic_totals, key=lambda t: (-topic_totals[t], t))
    known = lookups.actors(db)
    cells = []
    for actor_id in actor_ids:
        actor = known.get(actor_id)
        for topic_id in topic_ids:
            r = by_cell.get((actor_id, topic_id), _NO_STATEMENT)
            cells.append({
                "actor_id": actor_id, "actor_name": lookups.actor_name(db, actor_id),
                "top_level_actor_id": None if actor is None else actor.top_level_actor_id,
                "topic_id": topic_id, "topic_name": lookups.topic_name(db, topic_id),
                "n": int(r["n"]), "n_high": int(r["n_high"]), "n_medium": int(r["n_medium"]), "n_low": int(r["n_low"]),
                "lowest": r["lowest"], "highest": r["highest"],
                "disagree": r["lowest"] is not None and r["lowest"] < r["highest"],
                "latest_stance": r["stance"], "latest_day": r["when_day"], "latest_precision": r["date_precision"],
                "latest_confidence": r["confidence"], "latest_evidence": r["evidence"],
                "latest_source_id": r["source_id"], "latest_source_title": lookups.source_title(db, r["source_id"]),
                "latest_stance_id": r["stance_id"],
            })
    return StanceGrid(cells, actor_ids, topic_ids, int(sum(topic_totals.values())))


# An empty cell: no statement, n = 0 (never a stance of 0).
_NO_STATEMENT = {"n": 0, "n_high": 0, "n_medium": 0, "n_low": 0, "lowest": None, "highest": None, "stance": None,
                 "when_day": None, "date_precision": None, "confidence": None, "evidence": None, "source_id": None,
                 "stance_id": None}


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
def stance_history(db, spec, topic_id: str) -> list[dict]:
    """One topic's statements under the filter, per actor in date order, with the actor's colour, as records.
    Within one day the statement the rule picks as latest comes last, so a step line ends on it.

    The statement reads the stances alone; the order (the heatmap's actor order) and the names, titles and colours
    are added here from the engine's lookups (core/query/lookups.py), as the heatmap's are."""
    where, params = db.where(STANCES, spec)
    return _history_records(db, records(db.frame(f"SELECT {_ROW_COLUMNS} FROM stances WHERE {where} AND topic_id = ?",
                                                 params + [topic_id])))


def _history_records(db, rows: list[dict]) -> list[dict]:
    """Statements (records of _ROW_COLUMNS) as stance_history answers them: per actor in the heatmap's order, then
    by date, the rule's pick last within a day; with names, the source's title and the actor's colour."""
    rows = sorted(rows, key=lambda r: r["stance_id"], reverse=True)  # then, stably, by actor, date and confidence
    rows.sort(key=lambda r: (lookups.actor_order(db, r["actor_id"]), r["when_day"] is None,
                             0 if r["when_day"] is None else r["when_day"], _CONFIDENCE_RANKS.get(r["confidence"], 0)))
    return [{"stance_id": r["stance_id"], "actor_id": r["actor_id"], "actor_name": lookups.actor_name(db, r["actor_id"]),
             "topic_id": r["topic_id"], "topic_name": lookups.topic_name(db, r["topic_id"]), "stance": r["stance"],
             "when_day": r["when_day"], "date_precision": r["date_precision"], "confidence": r["confidence"],
             "evidence": r["evidence"], "source_id": r["source_id"],
             "source_title": lookups.source_title(db, r["source_id"]), "notes": r["notes"],
             "colour": lookups.actor_colour(db, r["actor_id"])} for r in rows]


_CONFIDENCE_RANKS = {"high": 3, "medium": 2, "low": 1}  # CONFIDENCE_RANK's values; anything else ranks 0


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

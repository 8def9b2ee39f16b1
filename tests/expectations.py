"""Expected answers computed independently of the app: plain pandas over the data directory's CSV files.

Tests compare what the query layer and the pages show with these, so a bug in core/store.py cannot hide by
being used to compute its own expectation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.conftest import DATA_DIR


def read(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    return pd.read_csv(data_dir / name, dtype=str, keep_default_na=False, na_values=[""])


def descendants(actor: str, data_dir: Path = DATA_DIR) -> set[str]:
    """The actor and every actor below it in actors.csv."""
    actors = read("actors.csv", data_dir)
    parents = dict(zip(actors["actor_id"], actors["parent_id"]))
    found = {actor}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


def event_ids(low: int, high: int, actors: set[str] | None = None, types=(), text="", data_dir: Path = DATA_DIR) -> set[str]:
    """Events overlapping [low, high] that involve one of `actors`, of one of `types`, containing `text`."""
    keep = set()
    for row in read("events.csv", data_dir).itertuples():
        start = int(row.date[:4])
        end = int(row.end_date[:4]) if isinstance(row.end_date, str) else start
        if start > high or end < low:
            continue
        if actors is not None and not actors & set(row.actors.split(";")):
            continue
        if types and row.event_type not in types:
            continue
        haystack = " ".join(str(v) for v in (row.title, row.evidence, row.notes) if isinstance(v, str)).lower()
        if text and text.lower() not in haystack:
            continue
        keep.add(row.event_id)
    return keep

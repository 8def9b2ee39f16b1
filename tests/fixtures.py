"""Small in-memory stores for builder and query tests: a Dataset made from rows written in the test.

Bigger or complete data comes from core/synthetic.py (a valid directory of N events)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.load import Dataset, _with_event_columns, _with_stance_columns, complete_tables
from core.store import Store

EVENT_COLUMNS = ["event_id", "date", "date_precision", "end_date", "title", "event_type", "actors", "confidence"]


def make_store(events: list[tuple], actors: pd.DataFrame, key_periods: tuple[str, ...] = ()) -> Store:
    """A Store over these events (tuples in EVENT_COLUMNS order; `actors` as 'a;b') and actors; no validation."""
    tables = complete_tables({})
    frame = pd.DataFrame(events, columns=EVENT_COLUMNS)
    for column in tables["events.csv"].columns:
        if column not in frame.columns:
            frame[column] = None
    frame["source_id"] = "test_source"
    frame["evidence"] = "test quote"
    frame["key_period"] = ["true" if e in key_periods else "false" for e in frame["event_id"]]
    actors = actors.assign(**{c: None for c in ("kind", "country") if c not in actors.columns})
    sources = pd.DataFrame({"source_id": ["test_source"], "kind": ["corpus"], "title": ["Test source"]})
    dataset = Dataset(
        data_dir=Path("."), fingerprint="test", release="", sources=sources.reindex(columns=tables["sources.csv"].columns),
        actors=actors, places=tables["places.csv"], topics=tables["topics.csv"],
        events=_with_event_columns(frame), aid=tables["aid.csv"], stances=_with_stance_columns(tables["stances.csv"]),
        relations=tables["relations.csv"], corridors={"features": []},
    )
    return Store(dataset)

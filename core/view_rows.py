"""What a page shows, table by table, for its "Download this view" zip (core/bundle_export.py builds the zip).

Read from the page registry (core/pages.py), not from a list per page: the filtered rows of every table the page
uses (`Page.all_tables`), narrowed to the rows it draws where the page says a question picks them
(`Page.drawn`: the US aid page's overlay events, the Map's places and corridors); the whole dataset, unfiltered,
for a page that describes it (`Page.whole_dataset`: the Data page, bundled data or upload). The rows these
reference (sources, actors, places, topics) are `lookup_rows`, from which the zip takes those it needs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.bundle_export import LOOKUPS
from core.fields import CORRIDORS
from core.query.events import EXPORTABLE, guard_cell
from core.tables import BY_NAME, TABLES


@dataclass(frozen=True)
class ViewRows:
    tables: dict[str, pd.DataFrame]  # table name -> the rows the page shows (the data file's columns, guarded)
    corridors: dict | None = None  # the corridors it draws, as GeoJSON; None on a page without corridors
    filtered: bool = True  # False for a page without filters (the whole dataset)
    lookups: dict[str, pd.DataFrame] = field(default_factory=dict)  # every row of the lookup tables it can reference


def _file_rows(dataset, table: str) -> pd.DataFrame:
    """A lookup table as its file holds it (the loader adds no columns to these), text cells guarded."""
    from core.schema import columns_of  # here: the schemas import pandera, which a trusted start never needs

    frame = dataset.tables[table]
    frame = frame[[c for c in columns_of(BY_NAME[table].file) if c in frame.columns]].copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(guard_cell)
    return frame


def _drawn_ids(store, spec, questions: tuple[str, ...], key: str) -> set[str]:
    ids: set[str] = set()
    for name in questions:
        answer = pd.DataFrame(getattr(store, name)(spec))
        if key in answer.columns:
            ids |= {str(v) for v in answer[key]}
    return ids


def _corridors(dataset, ids: set[str] | None) -> dict:
    """The dataset's corridors GeoJSON, keeping the features whose id is in `ids` (all of them for None)."""
    features = [f for f in dataset.corridors.get("features", [])
                if ids is None or (f.get("properties") or {}).get("corridor_id") in ids]
    return {**dataset.corridors, "features": features}


def view_rows(page, store, spec, dataset) -> ViewRows:
    """The rows `page` shows under `spec` (dataset: the one the store holds)."""
    lookups = {t: _file_rows(dataset, t) for t in LOOKUPS if dataset.has(BY_NAME[t].file)}
    if page.whole_dataset:
        tables = {t.name: (store.table_rows(t.name, None) if t.name in EXPORTABLE else lookups[t.name])
                  for t in TABLES if dataset.has(t.file) and (t.name in EXPORTABLE or t.name in lookups)}
        return ViewRows(tables, _corridors(dataset, None), filtered=False, lookups=lookups)
    tables: dict[str, pd.DataFrame] = {}
    for table in page.all_tables:
        if table in EXPORTABLE and dataset.has(BY_NAME[table].file):
            tables[table] = store.table_rows(table, spec)
    corridors = None
    for table, questions in page.drawn.items():
        if table == CORRIDORS:
            corridors = _corridors(dataset, _drawn_ids(store, spec, questions, "corridor_id"))
            continue
        if not dataset.has(BY_NAME[table].file):
            continue
        key = BY_NAME[table].id_column
        frame = tables[table] if table in tables else lookups[table]
        tables[table] = frame[frame[key].astype(str).isin(_drawn_ids(store, spec, questions, key))].reset_index(drop=True)
    return ViewRows(tables, corridors, lookups=lookups)

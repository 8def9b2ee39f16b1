"""The "Download this view" bundle's rows: every row of one filterable table that the filter keeps."""

from __future__ import annotations

import pandas as pd

from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, question
from core.schema import columns_of
from core.tables import BY_NAME

EXPORTABLE = (EVENTS, AID, STANCES, RELATIONS)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # the same as core/query/events.py _GUARD


def guard_cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def _examples(db) -> list[tuple]:
    return [(table, spec) for table in EXPORTABLE for (spec,) in each_spec(db)]


@question("export", _examples)
def table_rows(db, table: str, spec) -> pd.DataFrame:
    """Every row of `table` the filter keeps (the data file's columns), in id order, text cells guarded against formula injection."""
    if table not in EXPORTABLE:
        raise ValueError(f"{table!r} is not a table the bundle exports")
    where, params = db.where(table, spec)
    columns = ", ".join(columns_of(BY_NAME[table].file))  # the data file's own columns, as the dictionary names them
    frame = db.frame(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {BY_NAME[table].id_column}", params)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map(guard_cell)
    return frame

"""Answers as plain Python: records for pieces that show a few rows one by one, and missing values as None."""

from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (missing values as None)."""
    return [{k: plain(v) for k, v in row.items()} for row in rows(frame)]


def rows(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records") (the same values: Python scalars, Timestamps, pandas' missing markers) from each
    column's tolist(), at half its cost: pandas boxes every value of every row one by one."""
    names, columns = [], []
    for name, column in frame.items():
        names.append(name)
        values = column.tolist()
        if getattr(column.dtype, "na_value", None) is pd.NA:  # to_dict gives None where tolist gives pd.NA
            values = [None if v is pd.NA else v for v in values]
        columns.append(values)
    return [dict(zip(names, values)) for values in zip(*columns)]


def stamp(value) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def plain(value):
    """A value from a frame as plain Python: None for any missing marker."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    return value

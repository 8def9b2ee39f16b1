"""Answers as plain Python: records for pieces that show a few rows one by one, and missing values as None."""

from __future__ import annotations

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (missing values as None)."""
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


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

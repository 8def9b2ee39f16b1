"""Answers of any shape (frames, records, dataclasses, scalars) as plain comparable values, so one engine's
answer can be compared with another's row for row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd

FLOAT_DIGITS = 9


def canonical(value):
    """A plain, comparable form: frames become (columns, rows); dates become ISO text; every missing marker is
    None; floats are rounded (engines may sum in another order)."""
    if isinstance(value, pd.DataFrame):
        columns = sorted(value.columns)
        rows = [tuple(canonical(row[c]) for c in columns) for row in value.to_dict("records")]
        return ("frame", tuple(columns), rows)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("record", {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, np.datetime64)):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return int(value) if float(value).is_integer() else round(float(value), FLOAT_DIGITS)
    return value


def unordered(answer):
    """The answer with the rows of every frame (and the items of every list) in a fixed order."""
    if isinstance(answer, tuple) and answer and answer[0] == "frame":
        return ("frame", answer[1], sorted(answer[2], key=repr))
    if isinstance(answer, tuple) and answer and answer[0] == "record":
        return ("record", {k: unordered(v) for k, v in answer[1].items()})
    if isinstance(answer, dict):
        return {k: unordered(v) for k, v in answer.items()}
    if isinstance(answer, list):
        return sorted((unordered(v) for v in answer), key=repr)
    return answer

"""Answers of any shape (frames, records, dataclasses, scalars) as plain comparable values, so one engine's
answer can be compared with another's row for row.

Nothing a reader could see is normalised away: a frame keeps its column order and a normalised dtype per column
(integer, float, boolean, text, date, timestamp), a float stays a float (2020.0 is not 2020), a boolean is not a
number (True is not 1), and a missing value keeps its kind (None, NaN and NaT differ). Only two things are
evened out, because no reader sees them: the width of a type (int32 and int64 are both "integer"), and the
last digits of a float (engines may sum in another order).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd

FLOAT_DIGITS = 9


def column_kind(column: pd.Series) -> str:
    """The normalised dtype of a frame's column: integer, float, boolean, text, date, timestamp, or what pandas'
    inference says of an object column (empty, mixed, …)."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "timestamp"
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return "text"
    inferred = pd.api.types.infer_dtype(column, skipna=True)
    return {"string": "text", "integer": "integer", "floating": "float", "mixed-integer-float": "float",
            "boolean": "boolean", "date": "date", "datetime": "timestamp", "datetime64": "timestamp",
            "decimal": "float"}.get(inferred, inferred)


def canonical(value):
    """A plain, comparable form: a frame becomes (columns in order, their kinds, rows); scalars keep their kind."""
    if isinstance(value, pd.DataFrame):
        columns = tuple(value.columns)
        kinds = tuple(column_kind(value[c]) for c in columns)
        rows = [tuple(canonical(v) for v in row) for row in value.itertuples(index=False, name=None)]
        return ("frame", columns, kinds, rows)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("record", type(value).__name__,
                tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return ("tuple", [canonical(v) for v in value])
    if isinstance(value, list):
        return ("list", [canonical(v) for v in value])
    if value is None:
        return None
    if value is pd.NA:
        return ("NA",)
    if value is pd.NaT:
        return ("NaT",)
    if isinstance(value, (pd.Timestamp, dt.datetime, np.datetime64)):
        return ("timestamp", pd.Timestamp(value).isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, (bool, np.bool_)):
        return ("boolean", bool(value))
    if isinstance(value, (int, np.integer)):
        return ("integer", int(value))
    if isinstance(value, (float, np.floating)):
        return ("float", "nan" if math.isnan(value) else round(float(value), FLOAT_DIGITS))
    if isinstance(value, str):
        return value
    return (type(value).__name__, value)


def unordered(answer):
    """The answer with the rows of every frame (and the items of every list) in a fixed order; columns, kinds
    and the order of a record's fields stay as they are."""
    if isinstance(answer, tuple) and answer and answer[0] == "frame":
        return ("frame", answer[1], answer[2], sorted(answer[3], key=repr))
    if isinstance(answer, tuple) and answer and answer[0] in ("record", "dict"):
        return answer[:-1] + (tuple((k, unordered(v)) for k, v in answer[-1]),)
    if isinstance(answer, tuple) and answer and answer[0] in ("list", "tuple"):
        return (answer[0], sorted((unordered(v) for v in answer[1]), key=repr))
    return answer


def is_empty(answer) -> bool:
    """An answer that says nothing: no rows, no items, zero, False or None."""
    if answer is None:
        return True
    if isinstance(answer, tuple) and answer:
        if answer[0] == "frame":
            return not answer[3]
        if answer[0] in ("list", "tuple"):
            return not answer[1]
        if answer[0] == "dict":
            return not answer[1]
        if answer[0] in ("integer", "float", "boolean"):
            return not answer[1]
    return answer == ""


def difference(want, got) -> str:
    """Where two canonical answers first differ, said for a reader of the test's output."""
    if isinstance(want, tuple) and isinstance(got, tuple) and want[:1] == got[:1] == ("frame",):
        if want[1] != got[1]:
            return f"columns differ: {list(want[1])} != {list(got[1])}"
        if want[2] != got[2]:
            return "column kinds differ: " + ", ".join(
                f"{c}: {a} != {b}" for c, a, b in zip(want[1], want[2], got[2]) if a != b)
        if len(want[3]) != len(got[3]):
            return f"{len(want[3])} rows != {len(got[3])} rows"
        for number, (a, b) in enumerate(zip(want[3], got[3])):
            if a != b:
                return f"row {number} differs: {a!r} != {b!r}"
    return f"{want!r:.600} != {got!r:.600}"

"""core/query/records.rows is frame.to_dict("records") built from each column's tolist() (issue S: pandas boxing
every value row by row was a few ms of each fresh Actors & stances and Timeline rerun): the same values of the
same types, for every kind of column the engines give, missing values included."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.query.records import records, rows


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "int": [1, 2, 3], "float": [1.5, np.nan, 0.0], "Int64": pd.array([1, None, 3], dtype="Int64"),
        "object": ["x", None, np.nan], "when": pd.to_datetime(["2020-01-01", None, "2021-05-06"]),
        "bool": [True, False, True], "str": pd.Series(["x", None, "z"], dtype="str"),
        "list": [[1], [2], []], "string": pd.array(["x", None, "y"], dtype="string[pyarrow]"),
        "boolean": pd.array([True, None, False], dtype="boolean"), "Float64": pd.array([1.5, None, 2], dtype="Float64"),
        "arrow_int": pd.Series([1, None, 2], dtype="int64[pyarrow]"),
        "arrow_when": pd.Series([pd.Timestamp("2020-01-01"), None, pd.Timestamp("2020-02-01")],
                                dtype="timestamp[us][pyarrow]"),
    })


def test_rows_are_to_dict_records_value_for_value_and_type_for_type():
    frame = _frame()
    for part in (frame, frame.iloc[:0], frame.iloc[1:2]):
        want, got = part.to_dict("records"), rows(part)
        assert repr(got) == repr(want)
        assert [[type(v) for v in row.values()] for row in got] == [[type(v) for v in row.values()] for row in want]


def test_records_still_turn_every_missing_marker_into_none():
    got = records(_frame())[1]
    assert all(got[name] is None for name in ("float", "Int64", "object", "when", "str", "string", "boolean",
                                              "Float64", "arrow_int", "arrow_when"))

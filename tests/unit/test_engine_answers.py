"""The engine comparison (tests/engines/answers.py) sees what a reader would see: column order, a column's kind,
floats for integers, 0/1 for booleans, and the kind of a missing value. Without Spark: these are the changes an
engine could make that an earlier, looser comparison let through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tests.engines.answers import canonical, column_kind, difference, is_empty, unordered

FRAME = pd.DataFrame({"fiscal_year": pd.array([2020, 2021], dtype="int64"), "amount": [1.5, np.nan],
                      "known": [True, False], "name": ["a", None]})


def test_the_same_frame_is_the_same_answer():
    assert canonical(FRAME) == canonical(FRAME.copy())


def test_reversed_columns_differ():
    reversed_frame = FRAME[list(reversed(FRAME.columns))]
    assert canonical(reversed_frame) != canonical(FRAME)
    assert "columns differ" in difference(canonical(FRAME), canonical(reversed_frame))


def test_floats_for_integers_differ():
    floats = FRAME.assign(fiscal_year=FRAME["fiscal_year"].astype("float64"))
    assert canonical(floats) != canonical(FRAME)
    assert "fiscal_year: integer != float" in difference(canonical(FRAME), canonical(floats))
    assert canonical(2020) != canonical(2020.0)  # "FY2020.0" on the page


def test_zero_and_one_for_booleans_differ():
    numbers = FRAME.assign(known=FRAME["known"].astype("int64"))
    assert canonical(numbers) != canonical(FRAME)
    assert canonical(True) != canonical(1)
    assert canonical([True, False]) != canonical([1, 0])


def test_kinds_of_missing_differ():
    assert canonical(None) != canonical(float("nan"))
    assert canonical(pd.NaT) != canonical(None)


def test_widths_of_a_type_do_not_differ():
    assert canonical(FRAME.assign(fiscal_year=FRAME["fiscal_year"].astype("int32"))) == canonical(FRAME)
    assert canonical(np.int32(3)) == canonical(3)
    assert canonical(0.1 + 0.2) == canonical(0.3)  # engines may sum in another order


def test_column_kinds():
    assert [column_kind(FRAME[c]) for c in FRAME.columns] == ["integer", "float", "boolean", "text"]
    assert column_kind(pd.Series(pd.to_datetime(["2020-01-01"]))) == "timestamp"
    assert column_kind(pd.Series([dt.date(2020, 1, 1)])) == "date"
    assert column_kind(pd.Series(["a"], dtype="string")) == "text"
    assert column_kind(pd.Series([1, None], dtype="Int64")) == "integer"


def test_a_records_fields_keep_their_kinds():
    @dataclass
    class Metrics:
        largest_year: int
        ratio: float | None

    assert canonical(Metrics(2020, None)) != canonical(Metrics(2020.0, None))
    assert canonical(Metrics(2020, None)) == canonical(Metrics(2020, None))


def test_unordered_sorts_rows_but_keeps_columns():
    shuffled = FRAME.iloc[::-1].reset_index(drop=True)
    assert canonical(shuffled) != canonical(FRAME)
    assert unordered(canonical(shuffled)) == unordered(canonical(FRAME))
    assert unordered(canonical(FRAME[["name", "known", "amount", "fiscal_year"]])) != unordered(canonical(FRAME))


def test_an_empty_answer_is_known_as_empty():
    assert is_empty(canonical(FRAME.iloc[0:0])) and is_empty(canonical([])) and is_empty(canonical(0))
    assert not is_empty(canonical(FRAME)) and not is_empty(canonical([1]))


def test_spark_results_become_the_frames_duckdb_gives():
    """core.query.spark turns an Arrow result into DuckDB's frame; checked here on DuckDB's own Arrow output, for
    rows with values, with missing values only, and for no rows."""
    import duckdb

    from core.query.spark import duckdb_like_frame

    con = duckdb.connect()
    sql = """SELECT * FROM (VALUES (1::INTEGER, NULL::VARCHAR, 'a', 1.5::DOUBLE, DATE '2020-01-01', true, 5::BIGINT),
                                   (NULL, NULL, NULL, NULL, NULL, NULL, 3)) t(year, blank, name, amount, day, known, n)"""
    for where in ("", " WHERE false", " WHERE year IS NULL"):
        want = canonical(con.execute(sql + where).df())
        got = canonical(duckdb_like_frame(con.execute(sql + where).to_arrow_table()))
        assert got == want, difference(want, got)
    assert column_kind(duckdb_like_frame(con.execute(sql).to_arrow_table())["year"]) == "integer"  # not FY2020.0

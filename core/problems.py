"""A validation problem, named by file, row and column, and the translation of pandera failures into them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from core import vocab
from core.tables import called
from core.text import shorten_counted


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None  # 1-based data row (the header is not counted); None for file-level problems
    column: str | None = None
    row_id: str | None = None

    def __str__(self) -> str:
        where = called(self.file)  # 'the events table', whether it came as CSV or Parquet
        if self.row is not None:
            where += f", row {self.row}"
            if self.row_id:
                where += f" ({self.row_id})"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class SetupError(Exception):
    """The app cannot start as configured (an unknown SCM_ENGINE, PySpark missing, Spark Connect unreachable, a
    Parquet location without the tables): its message says what to change, in plain words, for the page."""


class DataError(Exception):
    """Raised by load_dataset when the data directory is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        summary = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{len(self.problems)} data problem(s): {summary}{more}")


_FORMAT_NAMES = {
    vocab.ID_PATTERN: "an id of lowercase letters, digits, '_' or '-'",
    vocab.ISO_DATE_PATTERN: "a date written YYYY-MM-DD",
    vocab.PARTIAL_DATE_PATTERN: "a date written YYYY, YYYY-MM or YYYY-MM-DD",
    vocab.HEX_COLOUR_PATTERN: "a colour written #RRGGBB",
}


def _describe_check(check: str, value) -> str | None:
    shown = shorten_counted(value, 60)
    if check == "column_in_dataframe":
        return "column is missing"
    if check == "column_in_schema":
        return "unexpected column (not in the data dictionary)"
    if check == "not_nullable":
        return "blank, but a value is required"
    if check == "field_uniqueness":
        return f"duplicate id '{shown}'"
    if check.startswith("coerce_dtype"):
        if "float" in check or "Int" in check or "int" in check:
            return f"'{shown}' is not a plain number (write digits only, e.g. 5000000, or leave blank if unknown)"
        return f"'{shown}' could not be read as {check}"
    if check.startswith("dtype("):
        return None  # always accompanies a coerce failure already reported
    if check.startswith("isin("):
        allowed = re.findall(r"'([^']*)'", check)
        return f"'{shown}' is not one of: {', '.join(allowed)}"
    if check.startswith("str_matches("):
        pattern = check[len("str_matches(") : -1].strip("'\"")
        return f"'{shown}' is not {_FORMAT_NAMES.get(pattern, 'in the expected format ' + pattern)}"
    if check.startswith("str_length("):
        return f"text of {len(str(value)):,} characters is outside the allowed length {check[len('str_length'):]}"
    if check.startswith("in_range(") or check.startswith("greater_than(") or check.startswith("greater_than_or_equal_to("):
        return f"'{shown}' is out of range: {check}"
    if check == "not a real calendar date":
        return f"'{shown}' is not a real calendar date"
    return f"'{shown}' fails {check}"


def from_failure_cases(file: str, cases: pd.DataFrame, ids: pd.Series | None) -> list[Problem]:
    """Turn pandera's SchemaErrors.failure_cases into Problems (one per failing cell)."""
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = None if pd.isna(case.column) else str(case.column)
        if check in ("column_in_dataframe", "column_in_schema"):
            column = str(case.failure_case)
        index = case.index
        if index is None or (not isinstance(index, (int,)) and pd.isna(index)):
            if check not in ("column_in_dataframe", "column_in_schema"):
                continue  # a follow-on error of a check that could not run on an uncoerced column
            row = None
        else:
            row = int(index) + 1
        message = _describe_check(check, case.failure_case)
        if message is None:
            continue
        key = (row, column, message)
        if key in seen:
            continue
        seen.add(key)
        row_id = None
        if row is not None and ids is not None and int(index) < len(ids):
            value = ids.iloc[int(index)]
            row_id = None if pd.isna(value) else shorten_counted(value, 40)
        problems.append(Problem(file, message, row, column, row_id))
    return problems

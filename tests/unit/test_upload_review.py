"""The bad input from the review of issue 30: booleans written TRUE/FALSE, True/False or as Excel booleans; a binary
file renamed .csv; an ACLED export missing a column; the report's long messages wrap; the grammar of the line
saying which required tables an upload lacks. Generated files only."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.synthetic_acled import acled_frame
from core.user_data import check_upload
from tests.conftest import REPO


def _events(n: int = 4) -> pd.DataFrame:
    events = pd.read_csv(REPO / "data" / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    return events.head(n).reset_index(drop=True)


@pytest.mark.parametrize(("true", "false"), [("TRUE", "FALSE"), ("True", "False"), (" true", "false ")])
def test_booleans_in_any_case_are_booleans(true, false):
    events = _events()
    events["key_period"] = [true, false, false, true]
    report = check_upload("events.csv", events.to_csv(index=False).encode("utf-8"))
    assert report.problems == [], report.problems
    assert list(report.tables["events.csv"]["key_period"]) == ["true", "false", "false", "true"]


def test_excel_booleans_are_booleans():
    events = _events()
    events["key_period"] = [True, False, False, True]  # real boolean cells in the workbook
    buffer = io.BytesIO()
    events.to_excel(buffer, index=False)
    report = check_upload("events.xlsx", buffer.getvalue())
    assert report.problems == [], report.problems
    assert list(report.tables["events.csv"]["key_period"]) == ["true", "false", "false", "true"]


def test_a_word_that_is_not_a_boolean_is_still_named():
    events = _events()
    events.loc[1, "key_period"] = "yes"
    report = check_upload("events.csv", events.to_csv(index=False).encode("utf-8"))
    assert [(p["row"], p["column"], p["value"]) for p in report.problems] == [(2, "key_period", "yes")]


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
                                  bytes(range(256)) * 16])
def test_a_binary_file_renamed_csv_is_not_a_text_file(data):
    report = check_upload("export.csv", data)
    assert len(report.problems) == 1, report.problems
    message = report.problems[0]["problem"]
    assert "not a text file" in message and "Latin-1" not in message, message


def test_latin1_text_is_still_called_latin1():
    report = check_upload("export.csv", acled_frame(3).to_csv(index=False).replace("Synthetic", "Gäncä").encode("latin-1"))
    assert "Latin-1" in report.problems[0]["problem"]


@pytest.mark.parametrize("column", ["event_date", "latitude", "notes", "fatalities"])
def test_an_acled_export_missing_a_column_names_it(column):
    frame = acled_frame(10).drop(columns=[column])
    report = check_upload("export.csv", frame.to_csv(index=False).encode("utf-8"))
    named = [p for p in report.problems if p["column"] == column or f"'{column}'" in p["problem"]
             or f"`{column}`" in p["problem"] or column in p["problem"]]
    assert named, report.problems
    assert any("missing" in p["problem"] or "lacks" in p["problem"] for p in named), named


def _report_page():
    """The Data page's report of an events.csv with a long bad value, drawn alone (the file picker is driven in the
    browser: tests/e2e)."""
    import pandas as pd

    from components.data.upload import render_report
    from core.user_data import check_upload
    from tests.conftest import REPO

    events = pd.read_csv(REPO / "data" / "events.csv", dtype=str, keep_default_na=False, na_values=[""]).head(3)
    events.loc[1, "date_precision"] = "x" * 150
    render_report(check_upload("events.csv", events.to_csv(index=False).encode("utf-8")))


def test_the_report_names_the_missing_tables_in_plain_words_and_wraps_its_messages():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_report_page, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    line = at.info[0].value
    assert line.startswith("It has no sources or actors table, which every dataset needs"), line
    assert "no the" not in line
    grid = at.dataframe[0].proto
    assert grid.row_height >= 2 * 35  # two lines or more: a long message wraps instead of being cut
    import json

    columns = json.loads(grid.columns)
    assert columns["problem"]["width"] == "large" and columns["value"]["width"] == "medium", columns

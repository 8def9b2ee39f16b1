"""The Timeline's events explorer (issue 19): the selected event (a marker click writes it to the URL) is the
marked row of the table, and source, confidence and origin sit before the long evidence column."""

from __future__ import annotations

from core.pages import PAGES_BY_NAME
from tests.app.test_pages import run_page
from tests.expectations import read

TIMELINE = PAGES_BY_NAME["timeline"].file
EVENT = "ev_2021_11_16_border_clashes"


def test_the_selected_event_is_the_marked_row():
    at = run_page(TIMELINE, {"event": EVENT})
    assert not at.exception
    state = at.session_state[f"events_table-{EVENT}"]
    (row,) = state["selection"]["rows"]
    title = read("events.csv").set_index("event_id").loc[EVENT, "title"]
    assert at.dataframe[0].value.iloc[row]["Event"] == title


def test_no_selection_marks_no_row():
    at = run_page(TIMELINE, {})
    assert not at.exception
    assert at.session_state["events_table-"]["selection"]["rows"] == []


def test_source_confidence_and_origin_come_before_the_evidence():
    at = run_page(TIMELINE, {})
    order = list(at.dataframe[0].proto.column_order)
    assert order.index("Source") < order.index("Evidence")
    assert order.index("Confidence") < order.index("Evidence") and order.index("Origin") < order.index("Evidence")
    assert set(at.dataframe[0].value["Origin"]) <= {"Corpus", "Context"}


def test_the_table_sends_only_the_columns_it_shows():
    """Issue S: the browser is sent every column of the frame, hidden ones too; the full evidence quotes behind the
    shortened column were most of the table's bytes on every new filter."""
    at = run_page(TIMELINE, {"q": "an"})
    table = at.dataframe[0]
    assert set(table.value.columns) == set(table.proto.column_order)
    assert "evidence" not in table.value.columns and len(table.value) > 100

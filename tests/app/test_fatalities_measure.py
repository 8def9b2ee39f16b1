"""Fatalities as a measure on the pages (issue 30): the Events / Fatalities choice for the monthly counts on the
Overview and the Timeline, drawn only when the dataset gives any fatalities figure; the count says how many events
give one; the events explorer's Fatalities column. On generated ACLED-shaped rows, never real ones."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.load import load_dataset
from core.pages import PAGES_BY_NAME
from core.synthetic_acled import write_acled_dir
from tests.app.test_pages import run_page

OVERVIEW = PAGES_BY_NAME["overview"].file
TIMELINE = PAGES_BY_NAME["timeline"].file


@pytest.fixture(scope="module")
def acled_dir(tmp_path_factory):
    # Beside the bundled record, whose events give no figure (blank: unknown), so the Overview has every table.
    return write_acled_dir(tmp_path_factory.mktemp("acled") / "data", 300, seed=5, unknown_every=4,
                           with_bundled=True)


@pytest.fixture(scope="module")
def acled_events(acled_dir) -> pd.DataFrame:
    return load_dataset(acled_dir).tables["events"]


def _bars(at, index: int) -> list[dict]:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    # Drawn bars only: a legend entry is a bar trace with no point (x and y [None]).
    return [t for t in spec["data"] if t["type"] == "bar" and t["x"] != [None]]


def _in_view(events: pd.DataFrame) -> pd.DataFrame:
    """The events the default filter's years keep (start to end overlapping them)."""
    y0, y1 = FilterSpec().years
    end = events["end"].fillna(events["start"])
    return events[(events["start"].dt.year <= y1) & (end.dt.year >= y0)]


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_bundled_record_has_no_fatalities_so_no_choice():
    for page in (OVERVIEW, TIMELINE):
        at = run_page(page, {})
        assert not at.exception
        assert [s.label for s in at.segmented_control] == []
        assert "Fatalities known" not in _captions(at)


def test_overview_counts_reported_fatalities_when_chosen(acled_dir, acled_events, monkeypatch):
    monkeypatch.setenv("SCM_DATA_DIR", str(acled_dir))
    at = run_page(OVERVIEW, {})
    assert not at.exception
    choice = at.segmented_control(key="measure")
    assert choice.value == "events" and choice.label == "Count per month"
    choice.set_value("fatalities").run()
    assert not at.exception
    assert any(s.value == "Reported fatalities per month" for s in at.subheader)
    view = _in_view(acled_events)
    dated = view[view["date_precision"] != "year"]
    known = dated["fatalities"].dropna()
    assert 0 < len(known) < len(dated)  # some blank: unknown, left out, not counted as 0
    assert sum(sum(t["y"]) for t in _bars(at, 0)) == int(known.sum())
    figures = view["fatalities"].notna().sum()
    assert f"Fatalities known for {figures:,} of {len(view):,} events" in _captions(at)
    assert "reported estimates" in _captions(at)


def test_timeline_count_bars_follow_the_same_choice(acled_dir, acled_events, monkeypatch):
    monkeypatch.setenv("SCM_DATA_DIR", str(acled_dir))
    at = run_page(TIMELINE, {})
    assert not at.exception
    at.segmented_control(key="measure").set_value("fatalities").run()
    assert not at.exception
    view = _in_view(acled_events)
    dated = view[view["date_precision"] != "year"]
    bars = _bars(at, 0)
    assert sum(sum(t["y"]) for t in bars) == int(dated["fatalities"].dropna().sum())
    notes = [a["text"] for a in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"]]
    assert any(n.startswith("Reported fatalities per month") for n in notes)
    assert "Fatalities known for" in _captions(at)


def test_the_explorer_shows_fatalities_only_when_the_dataset_gives_them(acled_dir, monkeypatch):
    bundled = run_page(TIMELINE, {})
    assert "Fatalities" not in bundled.dataframe[0].proto.column_order
    monkeypatch.setenv("SCM_DATA_DIR", str(acled_dir))
    at = run_page(TIMELINE, {})
    assert "Fatalities" in at.dataframe[0].proto.column_order

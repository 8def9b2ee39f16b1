"""The frame every page sits in: the sidebar draws a filter that narrows nothing on a page disabled, with its
reason, and keeps its value; a page runs without a table it can only use, and refuses without one it needs."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.fields import FIELDS
from core.pages import PAGES, PAGES_BY_NAME
from core.synthetic import write_dataset
from tests.conftest import REPO

APP = str(REPO / "app.py")


def run_page(page_file: str, params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def _widget(at: AppTest, label: str):
    for kind in ("multiselect", "select_slider", "checkbox", "text_input"):
        for widget in at.sidebar.get(kind):
            if widget.label == label:
                return widget
    raise AssertionError(f"no sidebar widget {label!r}")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_filter_that_narrows_nothing_on_the_page_is_disabled_with_a_reason(page):
    at = run_page(page.file, {"types": ["meeting"], "topics": ["format_3plus3"]})
    assert not at.exception
    captions = "\n".join(c.value for c in at.sidebar.caption)
    active = {f.name for f in page.fields}
    for field in FIELDS:
        labels = [w.label for w in field.widgets(_domain())]
        for label in labels:
            assert _widget(at, label).disabled == (field.name not in active), (page.name, label)
    idle = [f for f in FIELDS if f.name not in active]
    assert captions.count("nothing on this page") == len(idle), captions
    # A disabled field keeps its value: the link still carries it for the other pages.
    assert at.query_params.get("types") in (["meeting"], "meeting")
    assert at.query_params.get("topics") in (["format_3plus3"], "format_3plus3")


def test_event_types_and_topics_are_disabled_where_they_do_nothing():
    aid = run_page(PAGES_BY_NAME["us_aid"].file, {})
    assert _widget(aid, "Stance topics").disabled and not _widget(aid, "Years").disabled
    timeline = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert _widget(timeline, "Stance topics").disabled and not _widget(timeline, "Event types").disabled
    overview = run_page(PAGES_BY_NAME["overview"].file, {})
    assert not any(w.disabled for kind in ("multiselect", "select_slider", "checkbox", "text_input")
                   for w in overview.sidebar.get(kind))


def test_a_page_runs_without_a_table_it_can_only_use(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "no_events", 50)
    (directory / "events.csv").unlink()
    monkeypatch.setenv("SCM_DATA_DIR", str(directory))
    page = PAGES_BY_NAME["us_aid"]
    assert "events" in page.optional and "events" not in page.tables
    at = run_page(page.file, {})
    assert not at.exception
    assert not any("which this page needs" in w.value for w in at.warning)
    assert any(t.value == page.title for t in at.title)
    timeline = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert any("no events table, which this page needs" in w.value for w in timeline.warning)


def _domain():
    from core.filters import FilterDomain
    from core.load import load_dataset
    from tests.conftest import DATA_DIR

    return FilterDomain.from_dataset(load_dataset(DATA_DIR, trust_stamp=True))

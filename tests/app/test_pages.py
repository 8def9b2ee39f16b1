"""AppTest smoke over every page × several filter states, including tampered URLs."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from core.filters import FilterSpec, apply_events
from core.summary import summarise
from tests.conftest import REPO

APP = str(REPO / "app.py")

PAGES = {
    "overview": ("app_pages/overview.py", "South Caucasus Monitor"),
    "timeline": ("app_pages/timeline.py", "Timeline"),
    "us_aid": ("app_pages/us_aid.py", "US aid"),
    "map": ("app_pages/map.py", "Map"),
    "actors_stances": ("app_pages/actors_stances.py", "Actors & stances"),
    "sources": ("app_pages/sources.py", "Sources"),
}

STATES = {
    "default": {},
    "russia-2021": {"years": ["2021", "2021"], "actors": ["ru"]},
    "russia-exact": {"actors": ["ru"], "sub": "false"},
    "meetings": {"types": ["meeting"]},
    "no-match": {"q": "no-such-words-anywhere"},
    "tampered": {"years": ["1850", "2020"], "actors": ["zz", "ru"], "sub": ["true", "false"], "zoom": "1", "q": "x" * 10_000},
    "reversed": {"years": ["2022", "2019"]},
    "old-version": {"v": "0123456789"},
}


def run_page(page_file: str, params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("page", list(PAGES))
def test_page_under_filter_state(page, state):
    page_file, heading = PAGES[page]
    at = run_page(page_file, STATES[state])
    assert not at.exception, [e.message for e in at.exception]
    assert heading in [t.value for t in at.title]
    assert len(at.sidebar.slider) == 1 and len(at.sidebar.multiselect) == 2
    assert any(c.value.startswith("Showing") for c in at.sidebar.caption)
    text = _texts(at)
    assert "Data version" in text
    if state == "tampered":
        assert "Some link settings were ignored" in text and "unknown actor" in text and "zoom" in text
        assert at.sidebar.slider[0].value == (2018, 2022)
    if state == "old-version":
        assert "This link was made with data version 0123456789" in text
    if state == "reversed":
        assert "were reversed" in text


def test_overview_counts_match_the_filter(dataset):
    at = run_page(PAGES["overview"][0], STATES["russia-2021"])
    spec = FilterSpec(2021, 2021, ("ru",))
    expected = summarise(dataset, spec)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events"] == str(len(expected.events))
    assert metrics["Events"] == str(len(apply_events(dataset.events, spec, dataset.actors)))
    assert metrics["Sources cited"] == str(len(expected.sources))
    assert 0 < len(expected.events) < len(dataset.events)


def test_overview_shows_five_latest_with_evidence(dataset):
    at = run_page(PAGES["overview"][0], {})
    quotes = [m.value for m in at.markdown if m.value.startswith("> “")]
    assert len(quotes) == 5
    sources = [c.value for c in at.caption if c.value.startswith("Source:")]
    assert len(sources) == 5


def test_no_match_shows_the_empty_state_not_a_chart():
    at = run_page(PAGES["overview"][0], STATES["no-match"])
    assert any("No events or aid rows match this filter" in i.value for i in at.info)
    assert "clear the search text" in "\n".join(i.value for i in at.info)
    assert len(at.metric) == 0


def test_hostile_search_text_is_shown_as_text():
    at = run_page(PAGES["overview"][0], {"q": "<img src=x> [x](js:y) $x$"})
    info = "\n".join(i.value for i in at.info)
    assert "\\<img src\\=x\\>" in info and "\\[x\\]\\(js\\:y\\)" in info and "\\$x\\$" in info


def test_timeline_panel_shows_the_evidence_of_the_linked_event(dataset):
    event = dataset.events.set_index("event_id").loc["ev_2022_10_31_sochi_meeting"]
    at = run_page(PAGES["timeline"][0], {"event": "ev_2022_10_31_sochi_meeting"})
    assert not at.exception
    quotes = [m.value for m in at.markdown if m.value.startswith("> “")]
    assert quotes == ["> “the merely symbolic meeting in Sochi on October 3”"]
    captions = "\n".join(c.value for c in at.caption)
    assert "Note: The corpus says 'October 3'" in captions
    assert "31 Oct 2022" in "\n".join(m.value for m in at.markdown)
    title = dataset.sources.set_index("source_id").loc[event["source_id"], "title"]
    assert f"Source: {title}" in captions


def test_timeline_unknown_event_in_link_is_reported():
    at = run_page(PAGES["timeline"][0], {"event": "<b>no-such-event</b>"})
    assert not at.exception
    assert any("unknown event" in i.value for i in at.info)
    assert "event" not in at.query_params


def test_timeline_chart_points_equal_the_filtered_events(dataset):
    at = run_page(PAGES["timeline"][0], {"years": ["2021", "2021"], "actors": ["ru"]})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids = {point[0] for trace in spec["data"] for point in (trace.get("customdata") or [])}
    expected = apply_events(dataset.events, FilterSpec(2021, 2021, ("ru",)), dataset.actors)
    assert ids == set(expected["event_id"])
    table = at.dataframe[0].value
    assert len(table) == len(expected)


def test_timeline_empty_filter_draws_no_chart():
    at = run_page(PAGES["timeline"][0], {"q": "no-such-words-anywhere"})
    assert not at.get("plotly_chart")
    assert any("No events match this filter" in i.value for i in at.info)


def test_invalid_data_shows_the_problems_not_a_traceback(data_copy, monkeypatch):
    aid = data_copy / "aid.csv"
    aid.write_text(aid.read_text(encoding="utf-8").replace("58600000", "$58.6M", 1), encoding="utf-8")
    monkeypatch.setenv("SCM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    problems = "\n".join(m.value for m in at.markdown)
    assert "aid\\.csv row 1" in problems and "amount\\_usd" in problems and "\\$58\\.6M" in problems

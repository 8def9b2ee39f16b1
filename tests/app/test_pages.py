"""AppTest smoke over every page × several filter states, including tampered URLs."""

from __future__ import annotations

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

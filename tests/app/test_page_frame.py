"""The frame every page sits in: the sidebar draws only the filters that narrow something on the page, names the
others in one line and keeps their values; a page runs without a table it can only use, and refuses without one
it needs."""

from __future__ import annotations

import pytest

from core.fields import FIELDS
from core.pages import PAGES, PAGES_BY_NAME
from core.synthetic import write_dataset
from tests.app.test_pages import run_page



KINDS = ("multiselect", "select_slider", "checkbox", "text_input")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_only_the_filters_that_narrow_the_page_are_drawn_and_the_others_are_named(page):
    at = run_page(page.file, {"types": ["meeting"], "topics": ["format_3plus3"]})
    assert not at.exception
    domain = _domain()
    active = {f.name for f in page.fields}
    drawn = {w.label for kind in KINDS for w in at.sidebar.get(kind)}
    note = "\n".join(c.value for c in at.sidebar.caption if "Not used on this page" in c.value)
    for field in FIELDS:
        label = field.widgets(domain)[0].label
        assert (label in drawn) == (field.name in active), (page.name, label)
        assert (label in note) == (field.name not in active), (page.name, label, note)
    # A field not drawn keeps its value: the link still carries it for the other pages.
    assert at.query_params.get("types") in (["meeting"], "meeting")
    assert at.query_params.get("topics") in (["format_3plus3"], "format_3plus3")


def test_event_types_and_topics_are_not_drawn_where_they_do_nothing():
    aid = run_page(PAGES_BY_NAME["us_aid"].file, {})
    labels = {w.label for kind in KINDS for w in aid.sidebar.get(kind)}
    # Event types narrow the aid page's policy overlay (its optional events); stance topics narrow nothing there.
    assert "Years" in labels and "Event types" in labels and "Stance topics" not in labels
    places = {w.label for kind in KINDS for w in run_page(PAGES_BY_NAME["map"].file, {}).sidebar.get(kind)}
    assert "Stance topics" not in places
    timeline = {w.label for kind in KINDS for w in run_page(PAGES_BY_NAME["timeline"].file, {}).sidebar.get(kind)}
    assert "Event types" in timeline and "Stance topics" not in timeline
    overview = run_page(PAGES_BY_NAME["overview"].file, {})
    assert not any("Not used on this page" in c.value for c in overview.sidebar.caption)


def test_a_value_set_on_one_page_survives_a_page_that_does_not_draw_it():
    at = run_page(PAGES_BY_NAME["timeline"].file, {})
    next(w for w in at.sidebar.multiselect if w.label == "Event types").set_value(["meeting"]).run()
    at.switch_page(PAGES_BY_NAME["actors_stances"].file).run()
    assert at.query_params.get("types") in (["meeting"], "meeting")
    at.switch_page(PAGES_BY_NAME["timeline"].file).run()
    assert next(w for w in at.sidebar.multiselect if w.label == "Event types").value == ["meeting"]


def test_a_page_runs_without_a_table_it_can_only_use(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "no_events", 50)
    (directory / "events.csv").unlink()
    (directory / "claims.csv").unlink()  # its readings are of events: without events it cannot load
    monkeypatch.setenv("SCM_DATA_DIR", str(directory))
    page = PAGES_BY_NAME["us_aid"]
    assert "events" in page.optional and "events" not in page.tables
    at = run_page(page.file, {})
    assert not at.exception
    assert not any("which this page needs" in w.value for w in at.warning)
    assert any(t.value == page.title for t in at.title)
    timeline = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert any("no events table, which this page needs" in w.value for w in timeline.warning)


def test_actors_and_stances_opens_without_a_claims_table(tmp_path, monkeypatch):
    directory = write_dataset(tmp_path / "no_claims", 50)
    (directory / "claims.csv").unlink()
    monkeypatch.setenv("SCM_DATA_DIR", str(directory))
    page = PAGES_BY_NAME["actors_stances"]
    assert "claims" in page.optional and "claims" not in page.tables
    at = run_page(page.file, {})
    assert not at.exception
    assert any("no claims table" in c.value for c in at.caption)


def _domain():
    from core.filters import FilterDomain
    from core.load import load_dataset
    from tests.conftest import DATA_DIR

    return FilterDomain.from_dataset(load_dataset(DATA_DIR, trust_stamp=True))


def test_every_page_asks_registered_questions_that_the_engine_test_covers():
    """Walk the page registry with the query log on: each page asks at least one question, and every question
    asked is one the registry gives examples for, so tests/engines and bench/scale.py run it too."""
    from components.shell.dataset import get_data
    from core.query import QUESTIONS_BY_NAME

    from components.shell.answers import AnswerCache
    from components.shell.caches import clear_shared_caches

    at = run_page(PAGES_BY_NAME["overview"].file, {})
    store = get_data()[2]  # the app's cached query layer: AppTest runs the script in this process
    engine = store.engine
    engine.asked = []
    try:
        for page in PAGES:
            clear_shared_caches()  # what earlier tests in this process cached would answer the page instead
            store.answers = AnswerCache()
            at.switch_page(page.file).run()
            assert not at.exception, page.name
            asked = set(engine.asked)
            engine.asked.clear()
            assert asked, f"{page.name} asked the query layer nothing"
            for name in asked:
                assert list(QUESTIONS_BY_NAME[name].examples(engine)), f"{name} (asked by {page.name}) has no examples"
    finally:
        engine.asked = None

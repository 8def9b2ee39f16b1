"""Issue S: a fresh filter (a search text never asked before) costs the Overview two statements, one per question
it asks of it: the summary (its figures and the counts its charts draw) and the events it names (the latest, with
each evidence card's source and passage so that no card asks for its own, and the recent months' first ones). Each
statement costs DuckDB its planning, more than its work on the bundled data."""

from __future__ import annotations

from core.pages import PAGES_BY_NAME
from tests.app.test_pages import run_page

OVERVIEW = PAGES_BY_NAME["overview"].file
PER_FILTER = ("overview_events", "summary")
DATASET_WIDE = {"has_fatalities", "key_periods"}  # asked of no filter: answered from the cache after the first view


def test_a_fresh_filter_costs_the_overview_one_statement_per_question():
    from components.shell.answers import AnswerCache
    from components.shell.caches import clear_shared_caches
    from components.shell.dataset import get_data

    at = run_page(OVERVIEW, {})
    store = get_data()[2]  # the app's cached query layer: AppTest runs the script in this process
    engine = store.engine
    engine.ensure_search()  # built on the first search, in statements of its own
    clear_shared_caches()  # what earlier tests in this process cached would answer the page instead
    store.answers = AnswerCache()
    search = lambda text: next(t for t in at.sidebar.text_input if t.label == "Search text").set_value(text).run()  # noqa: E731
    search("peace")  # the dataset's own answers (key periods, whether any event gives fatalities), asked once
    engine.asked, engine.sql_log = [], []
    try:
        for text in ("border", "gas", "ceasefire"):
            search(text)
            assert not at.exception, text
            assert len(at.get("plotly_chart")) == 2 and len(at.get("page_link")) > 0, text  # charts, passage links
            asked = sorted(set(engine.asked) - DATASET_WIDE)  # the log lists answer-cache hits too
            assert asked == list(PER_FILTER), text
            assert len(engine.sql_log) == len(PER_FILTER), text
            engine.asked.clear()
            engine.sql_log.clear()
    finally:
        engine.asked = engine.sql_log = None

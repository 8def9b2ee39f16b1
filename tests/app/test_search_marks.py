"""AppTest: the two places that show what a search matched bold every word whose stem a query word begins, by
the search's own rule: the Sources page's passage snippets and the event panel under the sidebar's search text.
The events come from tests/expectations.py, not from the query layer."""

from __future__ import annotations

import re

from core.pages import PAGES_BY_NAME
from tests.app.test_pages import run_page
from tests.expectations import Filter, rows

SOURCES = PAGES_BY_NAME["sources"].file
TIMELINE = PAGES_BY_NAME["timeline"].file


def test_the_passage_search_bolds_peacekeepers_for_peacekeeping():
    at = run_page(SOURCES, {})
    at.session_state["sources_tab"] = "Search"
    at.run()
    next(t for t in at.text_input if t.label == "Search the texts").input("peacekeeping").run()
    assert not at.exception
    snippets = [m.value for m in at.markdown if "**" in m.value]
    bold = {w.lower() for s in snippets for w in re.findall(r"\*\*([^*]+)\*\*", s)}
    assert {"peacekeepers", "peacekeeping"} <= bold
    # every bold fragment is one word of the stem, never a part of a word or a sentence
    assert all(w.startswith("peacekeep") for w in bold)


def test_the_event_panel_bolds_peacekeepers_for_the_search_peacekeeping():
    found = rows("events", Filter(text="peacekeeping"))
    event = found[found["title"].str.contains(r"\bpeacekeepers\b")].iloc[0]
    at = run_page(TIMELINE, {"event": event["event_id"], "q": "peacekeeping"})
    assert not at.exception
    title = next(m.value for m in at.markdown if m.value.startswith("#### "))
    assert "**peacekeepers**" in title
    quote = next(m.value.split("\n\n")[0] for m in at.markdown if m.value.startswith("> “"))
    expected = len(re.findall(r"\bpeacekeep\w*", event["evidence"], re.IGNORECASE))
    assert quote.count("**") == 2 * expected
    # without a search text nothing is bold in the title
    plain = run_page(TIMELINE, {"event": event["event_id"]})
    assert "**" not in next(m.value for m in plain.markdown if m.value.startswith("#### "))

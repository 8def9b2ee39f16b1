"""AppTest of the Sources page: deep links into the reader, tampered source and passage values, the kind
control and the global filters on the source list. Expectations come from the CSV files and corpus texts."""

from __future__ import annotations

import pandas as pd

from core.pages import PAGES_BY_NAME
from core.text import md_escape
from tests.app.test_pages import _texts, _url, run_page
from tests.expectations import Filter, actors, cited_sources, read

SOURCES = PAGES_BY_NAME["sources"].file
ARTICLE = "peacekeepers_mines_2022_12"


def test_deep_link_opens_the_reader_at_the_passage_and_lists_what_it_supports():
    at = run_page(SOURCES, {"source": ARTICLE, "passage": "2"})
    assert not at.exception
    assert _url(at, "source") == [ARTICLE] and _url(at, "passage") == ["2"]
    text = _texts(at)
    assert '<span id="passage-2">' in text and "Passage 2 supports 1 row" in text
    events = read("events.csv")
    inspections = events.loc[events["event_id"] == "ev_2022_12_inspections_blocked"].iloc[0]
    assert f"> “{md_escape(inspections['evidence'])}”" in [m.value for m in at.markdown]
    reader = [s for s in at.selectbox if s.label == "Passage"][0]
    assert reader.value == 2
    # The reader opens at the passage: it comes first, before the whole text (which starts at passage 1).
    blocks = [m.value for m in at.markdown]
    cited = blocks.index("##### Passage 2")
    assert '<span id="cited-passage-2">' in blocks[cited + 1]
    assert blocks.index("##### The whole text") > cited + 1
    assert not any('id="passage-1"' in b for b in blocks[:cited + 2])


def test_unknown_source_in_the_link_gets_a_notice_and_leaves_the_url():
    at = run_page(SOURCES, {"source": "<script>alert(1)</script>", "passage": "2"})
    assert not at.exception
    assert "unknown source" in _texts(at) and "<script>" not in _texts(at).replace("\\<script\\>", "")
    assert _url(at, "source") == []


def test_tampered_passage_values_get_a_notice():
    for bad, note in (("-3", "not a passage number"), ("2abc", "not a passage number"),
                      ("999", "This text has 7 passages; passage 999 in the link was ignored")):
        at = run_page(SOURCES, {"source": ARTICLE, "passage": bad})
        assert not at.exception
        assert note in _texts(at), bad
        assert _url(at, "passage") == [], bad


def test_a_source_without_a_stored_text_is_named_not_read():
    at = run_page(SOURCES, {"source": "anca_press_release_2021_07"})
    assert "has no stored text to read" in _texts(at)


def test_kind_control_and_filters_narrow_the_source_list():
    at = run_page(SOURCES, {})
    shown = at.dataframe[0].value
    assert len(shown) == len(read("sources.csv"))
    assert shown.set_index("source_id").loc["ukraine_crisis_energy_2022", "status"] == "cited by no row yet"
    kinds = read("sources.csv")["kind"].value_counts()
    assert (f"The dataset has {kinds['corpus']:,} corpus articles and {kinds['external']:,} public sources in all."
            in _texts(at))
    at.segmented_control(key="sources_kind").set_value("corpus").run()
    corpus = at.dataframe[0].value
    sources = read("sources.csv")
    assert set(corpus["source_id"]) == set(sources.loc[sources["kind"] == "corpus", "source_id"])
    assert not corpus[["author", "publisher", "published", "url", "confidence", "notes"]].isna().any().any()
    assert "None" not in corpus[["author", "publisher", "published", "url", "notes"]].to_string()
    # every blank address, outlet or date of a corpus article is explained: looked for and "not found"
    raw = sources[sources["kind"] == "corpus"].set_index("source_id")
    for source_id, row in raw.iterrows():
        assert corpus.set_index("source_id").loc[source_id, "notes"] == row["notes"]
        if row[["url", "publisher", "published"]].isna().any():
            assert "not found" in row["notes"], source_id
    assert not raw["url"].fillna("").str.contains("/tag/").any()  # a tag page is not the article

    at = run_page(SOURCES, {"years": ["2021", "2021"], "actors": ["ru"]})
    shown = at.dataframe[0].value.set_index("source_id")
    expected = cited_sources(Filter((2021, 2021), actors("ru")))
    assert shown["rows"].to_dict() == expected["rows"].to_dict()


def test_published_dates_are_shown_at_their_precision():
    at = run_page(SOURCES, {})
    shown = at.dataframe[0].value.set_index("source_id")["published"]
    raw = read("sources.csv").set_index("source_id")["published"]
    for source_id, value in raw.items():
        if pd.isna(value):
            assert shown[source_id] == ""
        elif len(str(value)) == 7:
            assert shown[source_id] == pd.Timestamp(str(value) + "-01").strftime("%b %Y")


def test_choosing_a_text_and_a_passage_writes_the_deep_link():
    at = run_page(SOURCES, {"source": ARTICLE})
    texts = [s for s in at.selectbox if s.label == "Text"][0]
    texts.set_value("pallone_amendment_2021").run()
    assert _url(at, "source") == ["pallone_amendment_2021"] and _url(at, "passage") == []
    passage = [s for s in at.selectbox if s.label == "Passage"][0]
    passage.set_value(2).run()
    assert _url(at, "passage") == ["2"] and "Passage 2 supports" in _texts(at)


def test_only_the_open_tab_runs_and_each_tab_opens_with_its_content():
    """The tabs run lazily: on the Source list only the list is built; opening Coverage builds its to-do list and
    Search its box, and neither of them builds the list."""
    at = run_page(SOURCES, {})
    assert at.dataframe and not [s for s in at.selectbox if s.label == "To-do list of"]
    assert not [t for t in at.text_input if t.label == "Search the texts"]
    at.session_state["sources_tab"] = "Coverage"
    at.run()
    assert not at.exception
    assert [s for s in at.selectbox if s.label == "To-do list of"] and len(at.dataframe) == 1
    assert "Share of each text's sentences" in "\n".join(c.value for c in at.caption)
    at.session_state["sources_tab"] = "Search"
    at.run()
    assert [t for t in at.text_input if t.label == "Search the texts"] and not at.dataframe


def test_a_search_and_the_kind_survive_a_look_at_another_tab():
    """A lazy tab forgets its widgets while closed; the page keeps their values (components/shared/kept_state.py)."""
    at = run_page(SOURCES, {})
    at.segmented_control(key="sources_kind").set_value("corpus").run()
    at.session_state["sources_tab"] = "Search"
    at.run()
    next(t for t in at.text_input if t.label == "Search the texts").input("Qizilbulaq").run()
    found = _texts(at)
    assert "**Gizilbulag**" in found or "**Qizilbulaq**" in found
    at.session_state["sources_tab"] = "Source list"
    at.run()
    assert at.segmented_control(key="sources_kind").value == "corpus"
    at.session_state["sources_tab"] = "Search"
    at.run()
    assert next(t for t in at.text_input if t.label == "Search the texts").value == "Qizilbulaq"
    assert _texts(at) == found and not at.exception and not at.warning


def test_a_kept_value_that_is_no_longer_a_choice_is_not_given_back():
    """The to-do list's kept text is given back only while it is still one of the choices (another dataset's
    sources are not): the page opens on its first text, as a first visit does, instead of failing."""
    def coverage_tab(kept: str | None):
        at = run_page(SOURCES, {})
        if kept:
            at.session_state["_kept_coverage_source"] = kept
        at.session_state["sources_tab"] = "Coverage"
        at.run()
        assert not at.exception
        return at.selectbox(key="coverage_source")

    first = coverage_tab(None)
    assert coverage_tab("no_such_source").value == first.value
    other = "pallone_amendment_2021"  # a readable text, so one of the choices
    assert other != first.value and coverage_tab(other).value == other  # a kept value still a choice comes back

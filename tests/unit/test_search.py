"""The text search (core/search.py): one token match for the sidebar's search text and the corpus search.

Expectations come from the CSV files in plain pandas (tests/expectations.py `text_matches`, and plain substring
checks here), never from the query layer."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from core.search import clause, marked, place_aliases, query_words, tokens
from tests.conftest import DATA_DIR
from tests.expectations import TABLES, EVERY_YEAR, Filter, corridor_events, read, rows, stemmed

WIDE = (1900, 2100)
QUERIES = ("Lachin", "Lachin corridor", "lachin CORRIDOR", "Khankendi", "Stepanakert", "Qizilbulaq", "Gizilbulag",
           "Drmbon", "TÜRKİYE", "turkiye", "Russia peacekeepers", "Section 333", "sochi", "Putin Aliyev",
           "peacekeepers", "peacekeeping", "corridor", "Zangezur", "pipelines", "no-such-words-anywhere")


@pytest.fixture(scope="module")
def store():
    return Store(load_dataset(DATA_DIR))


def _ids(store, table: str, text: str) -> set[str]:
    spec = FilterSpec(years=WIDE, text=text)
    where, params = store.engine.where(table, spec)
    key = TABLES[table].key
    return set(store.engine.frame(f"SELECT {key} FROM {table} WHERE {where}", params)[key])


def _expected(table: str, text: str) -> set[str]:
    return set(rows(table, Filter(WIDE, text=text))[TABLES[table].key])


def _holding(table: str, *fragments: str) -> set[str]:
    """Rows whose raw text (every column) holds each fragment, ignoring case: a plain substring check."""
    frame = read(TABLES[table].file)
    joined = frame.fillna("").astype(str).agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=frame.index)
    for fragment in fragments:
        keep &= joined.str.contains(fragment.lower(), regex=False)
    return set(frame.loc[keep, TABLES[table].key])


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize("text", QUERIES)
def test_the_filter_matches_an_independent_search(store, table, text):
    assert _ids(store, table, text) == _expected(table, text)


def test_every_word_not_the_exact_phrase(store):
    lachin, both = set(), set()
    for table in TABLES:
        lachin |= _ids(store, table, "Lachin")
        both |= _ids(store, table, "Lachin corridor")
        # every row that holds both words (anywhere, in any order) is found by the two-word query
        assert _holding(table, "lachin", "corridor") <= _ids(store, table, "Lachin corridor")
    assert both and both <= lachin and both != lachin
    assert _ids(store, "stances", "corridor Lachin") == _ids(store, "stances", "Lachin corridor")


def test_place_names_and_alternative_names(store):
    events = read("events.csv")
    at_khankendi = set(events.loc[events["place_id"] == "khankendi", "event_id"])
    assert at_khankendi and at_khankendi <= _ids(store, "events", "Khankendi")
    assert _ids(store, "events", "Khankendi") == _ids(store, "events", "Stepanakert")
    at_gizilbulag = set(events.loc[events["place_id"] == "gizilbulag", "event_id"])
    assert at_gizilbulag and at_gizilbulag <= _ids(store, "events", "Qizilbulaq")
    assert _ids(store, "events", "Qizilbulaq") == _ids(store, "events", "gizilbulag") >= _holding("events", "gizilbulag")


def test_case_and_accents_fold(store):
    found = _ids(store, "events", "turkiye")
    assert found and found == _ids(store, "events", "TÜRKİYE") == _ids(store, "events", "Türkiye")
    assert _holding("events", "Türkiye") <= found
    assert _ids(store, "events", "SOCHI") == _ids(store, "events", "sochi") != set()


def test_actor_names_count(store):
    # 'Putin' is an actor's name; events naming him as an actor are found though their text may not say it
    actors = read("actors.csv")
    putin = actors.loc[actors["name"].str.contains("Putin"), "actor_id"].tolist()
    events = read("events.csv")
    naming = set(events.loc[events["actors"].str.split(";").map(lambda a: bool(set(a) & set(putin))), "event_id"])
    assert naming and naming <= _ids(store, "events", "putin")


def test_the_corpus_search_is_the_same_match(store):
    # the Sources page's search and the sidebar field share core/search.clause: same words, same folding
    assert set(store.search_passages("Qizilbulaq")["n"]) == set(store.search_passages("GIZILBULAG")["n"])
    lachin = store.search_passages("Lachin")
    both = store.search_passages("Lachin corridor")
    assert not both.empty and set(zip(both["source_id"], both["n"])) <= set(zip(lachin["source_id"], lachin["n"]))
    assert store.search_passages("no-such-words-anywhere").empty and store.search_passages(" ;; ").empty


def test_tokens_and_clause():
    assert tokens("Lachin’s corridor — Eskişehir, TÜRKİYE") == ("lachin", "s", "corridor", "eskisehir", "turkiye")
    assert query_words("so'chi%_ so") == ["so", "chi"]
    assert clause("event", "event_id", "  ") is None
    sql, params = clause("event", "event_id", "Lachin corridor")
    assert params == [" lachin", " corridor"] and sql.count("strpos(words, ?) > 0") == 2
    assert "?" not in sql.replace("strpos(words, ?)", "")  # the text is a parameter, never spliced into SQL
    places = pd.DataFrame({"name": ["Gizilbulag gold deposit", "Goris"], "alt_names": ["Qizilbulaq;Drmbon", None]})
    pairs = dict(place_aliases(places))
    assert pairs[("gizilbulag",)] == pairs[("qizilbulaq",)] == ("gizilbulag", "gold", "deposit", "qizilbulaq", "drmbon")
    assert pairs[("gori",)] == ("gori",)  # keys and names are stems, as the documents' words are


def test_every_row_has_one_search_document(store):
    store.engine.ensure_search()  # built on the first search, not at load
    counts = store.engine.frame("SELECT doc_kind, count(*) AS n, count(DISTINCT doc_id) AS ids FROM search_words "
                                "WHERE doc_kind <> 'passage' GROUP BY doc_kind")
    expected = {"event": len(read("events.csv")), "aid": len(read("aid.csv")), "stance": len(read("stances.csv")),
                "relation": len(read("relations.csv")), "claim": len(read("claims.csv"))}
    assert dict(zip(counts["doc_kind"], counts["n"])) == expected == dict(zip(counts["doc_kind"], counts["ids"]))
    assert EVERY_YEAR.years[0] < WIDE[0]


def test_word_forms_find_the_same_rows(store):
    # the search box's own example: 'peacekeepers' and 'peacekeeping' are one word (Snowball stem 'peacekeep')
    assert stemmed("peacekeepers peacekeeping") == ["peacekeep", "peacekeep"]
    for table in TABLES:
        assert _ids(store, table, "peacekeepers") == _ids(store, table, "peacekeeping") == _ids(store, table, "peacekeeper")
    found = _ids(store, "events", "peacekeepers")
    assert found == _expected("events", "peacekeeping")
    events = read("events.csv")
    text = events[["title", "evidence", "notes"]].fillna("").agg(" ".join, axis=1).str.lower()
    either = set(events.loc[text.str.contains("peacekeepers") | text.str.contains("peacekeeping"), "event_id"])
    assert either and either <= found
    assert query_words("Peacekeepers peacekeeping") == ["peacekeep"]


def test_a_corridor_is_a_named_feature_of_its_waypoints(store):
    # the Map draws a "Lachin corridor" through Goris, Lachin, Shusha and Khankendi: their events are found by it
    on_lachin = corridor_events("lachin_corridor")
    assert on_lachin
    assert on_lachin <= _ids(store, "events", "Lachin corridor") == _expected("events", "Lachin corridor")
    assert on_lachin <= _ids(store, "events", "corridor") == _expected("events", "corridor")
    assert corridor_events("nakhchivan_corridor") <= _ids(store, "events", "Zangezur")


def test_marked_bolds_every_word_of_the_same_stem():
    pieces = marked("Russian peacekeepers said peacekeeping <b>peacekeeper</b>s; keepers", "peacekeeping")
    assert [f for f, m in pieces if m] == ["peacekeepers", "peacekeeping", "peacekeeper"]
    assert "".join(f for f, _ in pieces) == "Russian peacekeepers said peacekeeping <b>peacekeeper</b>s; keepers"
    assert [f for f, m in marked("Türkiye’s TÜRKİYE", "turkiye") if m] == ["Türkiye", "TÜRKİYE"]
    assert marked("text", "") == [("text", False)] and marked(None, "x") == []

"""The query layer against the bundled data and generated data: each answer is checked against an expectation
computed independently, in plain pandas over the CSV files, never through core/query itself."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from core.synthetic import write_dataset
from core.text import format_date, format_span
from tests.conftest import DATA_DIR
from tests.expectations import Filter, actors, citations, cited_sources, involved_actors, rows
from tests.expectations import descendants as _descendants
from tests.expectations import event_ids as _expected_events

RAW_EVENTS = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
RAW_ACTORS = pd.read_csv(DATA_DIR / "actors.csv", dtype=str, keep_default_na=False, na_values=[""])
RAW_SOURCES = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def store():
    return Store(load_dataset(DATA_DIR))


def _all_ids(store, spec) -> set[str]:
    return set(store.events_page(spec, limit=10_000)["event_id"])


@pytest.mark.parametrize(
    "spec, expected",
    [
        (FilterSpec(), lambda: _expected_events(2018, 2022)),
        (FilterSpec(years=(2021, 2021), actors=(("ru",), True)), lambda: _expected_events(2021, 2021, _descendants("ru"))),
        (FilterSpec(actors=(("ru",), False)), lambda: _expected_events(2018, 2022, {"ru"})),
        (FilterSpec(event_types=("meeting", "agreement")), lambda: _expected_events(2018, 2022, types=("meeting", "agreement"))),
        (FilterSpec(years=(1990, 2022), text="SOCHI"), lambda: _expected_events(1990, 2022, text="sochi")),
        (FilterSpec(text="no-such-words-anywhere"), lambda: set()),
    ],
    ids=["default", "russia-2021-with-sub-actors", "russia-exactly", "two-types", "text-any-case", "no-match"],
)
def test_events_match_an_independent_filter(store, spec, expected):
    want = expected()
    assert _all_ids(store, spec) == want
    assert store.count("events", spec) == len(want)


def test_sub_actors_widen_the_match(store):
    with_children = _all_ids(store, FilterSpec(actors=(("ru",), True)))
    exactly = _all_ids(store, FilterSpec(actors=(("ru",), False)))
    assert exactly < with_children  # some events name only the Russian MoD, Putin or the peacekeepers


def test_dates_at_precision_agree_with_core_text(store):
    rows = store.events_page(FilterSpec(years=(1900, 2100)), limit=10_000).set_index("event_id")
    for row in RAW_EVENTS.itertuples():
        start = pd.Timestamp(row.date)
        expected = format_span(start, pd.Timestamp(row.end_date), row.date_precision) if isinstance(row.end_date, str) \
            else format_date(start, row.date_precision)
        assert rows.loc[row.event_id, "when_text"] == expected


def test_explorer_pages_cover_the_filter_once_in_date_order(store):
    spec = FilterSpec(years=(1900, 2100))
    pages = [store.events_page(spec, limit=7, offset=offset) for offset in range(0, len(RAW_EVENTS) + 7, 7)]
    ids = [i for page in pages for i in page["event_id"]]
    assert len(ids) == len(set(ids)) == store.count("events", spec)
    order = RAW_EVENTS.assign(d=pd.to_datetime(RAW_EVENTS["date"])).sort_values(["d", "event_id"])["event_id"]
    assert ids == list(order)


def test_origin_follows_the_source_kind(store):
    kinds = dict(zip(RAW_SOURCES["source_id"], RAW_SOURCES["kind"]))
    rows = store.events_page(FilterSpec(years=(1900, 2100)), limit=10_000)
    assert all(kinds[s] == o for s, o in zip(RAW_EVENTS.set_index("event_id").loc[rows["event_id"], "source_id"], rows["origin"]))
    summary = store.summary(FilterSpec())
    expected_ids = _expected_events(2018, 2022)
    corpus = sum(1 for r in RAW_EVENTS.itertuples() if r.event_id in expected_ids and kinds[r.source_id] == "corpus")
    assert (summary.corpus_events, summary.external_events) == (corpus, len(expected_ids) - corpus)


def test_one_event_and_its_related_events(store):
    event = store.event("ev_2022_10_31_sochi_meeting")
    assert event["when_text"] == "31 Oct 2022" and event["place_name"] == "Sochi"
    raw = RAW_EVENTS.set_index("event_id").loc["ev_2022_10_31_sochi_meeting"]
    assert [a for a, _ in event["actors_named"]] == raw["actors"].split(";")
    mine = set(raw["actors"].split(";"))
    day = pd.Timestamp(raw["date"])
    expected = {r.event_id for r in RAW_EVENTS.itertuples() if r.event_id != "ev_2022_10_31_sochi_meeting"
                and abs((pd.Timestamp(r.date) - day).days) <= 30 and mine & set(r.actors.split(";"))}
    assert {r["event_id"] for r in store.related("ev_2022_10_31_sochi_meeting")} == expected
    assert store.event("no-such-event") is None and not store.has_event("no-such-event")


def test_export_is_exactly_the_filtered_rows_and_guarded(store):
    spec = FilterSpec(years=(2020, 2022), actors=(("az",), True))
    with store.export_csv(spec) as handle:
        assert isinstance(handle, io.BufferedReader)  # a type st.download_button's deferred data accepts
        frame = pd.read_csv(io.BytesIO(handle.read()), dtype=str, keep_default_na=False)
    assert set(frame["event_id"]) == _expected_events(2020, 2022, _descendants("az"))
    assert {"date_shown", "evidence", "source_title", "source_url", "origin"} <= set(frame.columns)
    formula_like = frame.map(lambda v: v.startswith(("=", "+", "-", "@")))
    assert not formula_like.any().any()


def test_export_guards_formula_cells(tmp_path):
    directory = write_dataset(tmp_path / "data", 20)
    events = pd.read_csv(directory / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    events.loc[0, "title"] = "=HYPERLINK(\"http://x\")"
    events.loc[1, "notes"] = "@SUM(A1)"
    events.to_csv(directory / "events.csv", index=False)
    with Store(load_dataset(directory)).export_csv(FilterSpec()) as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    assert "'=HYPERLINK(\"http://x\")" in set(frame["title"]) and "'@SUM(A1)" in set(frame["notes"])


def test_empty_results_are_empty_not_errors(store):
    nothing = FilterSpec(text="no-such-words-anywhere")
    summary = store.summary(nothing)
    assert summary.is_empty and summary.first == "" and summary.sources_cited == 0
    assert store.timeline(nothing, 2000).total == 0 and store.overview_events(nothing).latest == []
    assert store.aid_rows(nothing).empty and store.stance_cells(nothing).cells == []


def test_stance_cells_and_topics_filter(store):
    stances = pd.read_csv(DATA_DIR / "stances.csv", dtype=str)
    topic = stances["topic_id"].iloc[0]
    grid = store.stance_cells(FilterSpec(years=(1990, 2030), topics=(topic,)))
    assert grid.topics == [topic]
    assert grid.statements == (stances["topic_id"] == topic).sum()


def test_generated_data_through_the_same_questions(tmp_path):
    directory = write_dataset(tmp_path / "data", 5_000)
    store = Store(load_dataset(directory))
    raw = pd.read_csv(directory / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    spec = FilterSpec(years=(2020, 2020), actors=(("ru",), True))
    want = {r.event_id for r in raw.itertuples() if r.date[:4] <= "2020" <= (r.end_date if isinstance(r.end_date, str) else r.date)[:4]
            and {"ru", "ru_mod", "ru_peacekeepers"} & set(r.actors.split(";"))}
    assert store.count("events", spec) == len(want) > 0
    data = store.timeline(spec, 100)
    assert data.points is None and data.density["n"].sum() >= len(want)  # one count per lane an event is in
    assert data.month_counts["n"].sum() + data.year_only == len(want)


def test_origin_field_keeps_corpus_or_context_events(store):
    kinds = dict(zip(RAW_SOURCES["source_id"], RAW_SOURCES["kind"]))
    expected = {r.event_id for r in RAW_EVENTS.itertuples() if r.event_id in _expected_events(2018, 2022)
                and kinds[r.source_id] == "external"}
    assert _all_ids(store, FilterSpec(origins=("external",))) == expected and expected
    assert _all_ids(store, FilterSpec(origins=("corpus", "external"))) == _expected_events(2018, 2022)


CITATION_CASES = {  # (the query layer's filter, the same filter stated independently)
    "default": (FilterSpec(), Filter()),
    "russia-2021": (FilterSpec(years=(2021, 2021), actors=(("ru",), True)), Filter((2021, 2021), actors("ru"))),
    "russia-exactly": (FilterSpec(actors=(("ru",), False)), Filter(actors=actors("ru", sub=False))),
    "meetings": (FilterSpec(event_types=("meeting",)), Filter(types=("meeting",))),
    "one-topic": (FilterSpec(topics=("format_3plus3",)), Filter(topics=("format_3plus3",))),
    "context-only": (FilterSpec(origins=("external",)), Filter(origins=("external",))),
    "text-any-case": (FilterSpec(years=(1990, 2022), text="SOCHI"), Filter((1990, 2022), text="SOCHI")),
    "aid-authority": (FilterSpec(text="Section 333"), Filter(text="Section 333")),
    "no-match": (FilterSpec(text="no-such-words-anywhere"), Filter(text="no-such-words-anywhere")),
}


@pytest.mark.parametrize("spec, expected", list(CITATION_CASES.values()), ids=list(CITATION_CASES))
def test_cited_sources_match_an_independent_citation_list(store, spec, expected):
    want = cited_sources(expected)  # indexed by source_id: kind, rows
    listed = store.source_list(spec).set_index("source_id")
    got = listed[listed["rows"] > 0]  # the default filter lists the uncited sources too
    assert got["rows"].to_dict() == want["rows"].to_dict()
    assert got["kind"].to_dict() == want["kind"].to_dict()
    kinds = want["kind"].value_counts()
    assert store.cited_source_counts(spec) == {"corpus": int(kinds.get("corpus", 0)), "external": int(kinds.get("external", 0))}
    assert store.summary(spec).sources_cited == citations(expected)["source_id"].nunique()


def test_summary_counts_actors_and_sources_independently(store):
    spec, expected = FilterSpec(years=(2021, 2021), actors=(("ru",), True)), Filter((2021, 2021), actors("ru"))
    summary = store.summary(spec)
    assert (summary.events, summary.aid_rows, summary.stance_rows) == tuple(
        len(rows(t, expected)) for t in ("events", "aid", "stances"))
    assert summary.actors_involved == len(involved_actors(expected))
    assert summary.sources_cited == citations(expected)["source_id"].nunique() > 0


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def test_export_guards_every_formula_start(tmp_path):
    directory = write_dataset(tmp_path / "data", 20)
    events = pd.read_csv(directory / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    for row, value in enumerate(FORMULAS):
        events.loc[row, "notes"] = value
    events.loc[len(FORMULAS), "notes"] = "fine = not a formula"
    events.to_csv(directory / "events.csv", index=False, quoting=csv.QUOTE_ALL)  # a bare \r needs quoting
    with Store(load_dataset(directory)).export_csv(FilterSpec(years=(1900, 2100))) as handle:
        notes = pd.read_csv(handle, dtype=str, keep_default_na=False)["notes"]
    assert {"'" + v for v in FORMULAS} <= set(notes) and "fine = not a formula" in set(notes)
    assert not set(FORMULAS) & set(notes)

"""The app's shared answer cache (components/shell/answers.py): a cached answer is the answer the query layer
gives, a caller that changes what it got changes nothing for the next caller, the cache stays within its
limits, and one dataset's answers are never served for another's."""

from __future__ import annotations

import pandas as pd
import pytest

from components.shell.answers import UNCACHED, AnswerCache, CachingStore, fresh
from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from core.synthetic import write_dataset
from tests.conftest import DATA_DIR
from tests.expectations import event_ids

RUSSIA = FilterSpec(years=(2021, 2021), actors=(("ru",), True))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


@pytest.fixture()
def cached(dataset):
    return CachingStore(dataset, log=True)


def test_a_repeated_question_is_answered_once_and_the_same(dataset, cached):
    plain = Store(dataset)
    first = cached.events_page(RUSSIA, limit=10_000)
    statements = len(cached.sql_log)
    again = cached.events_page(RUSSIA, limit=10_000)
    assert len(cached.sql_log) == statements  # the second answer came from the cache: no SQL ran
    assert cached.engine.asked == ["events_page", "events_page"]  # the log still lists what was asked
    pd.testing.assert_frame_equal(first, plain.events_page(RUSSIA, limit=10_000))
    pd.testing.assert_frame_equal(again, first)
    assert set(again["event_id"]) == event_ids(2021, 2021, _russia())  # independent of the query layer
    assert cached.answers.hits == 1 and cached.answers.misses == 1


def _russia():
    from tests.expectations import descendants
    return descendants("ru")


def test_another_filter_or_argument_is_another_answer(cached):
    whole = cached.count("events", FilterSpec())
    russia = cached.count("events", RUSSIA)
    assert russia == len(event_ids(2021, 2021, _russia())) < whole == len(event_ids(2018, 2022))
    statements = len(cached.sql_log)
    cached.count("events", FilterSpec(actors=(("ru",), False)))
    assert len(cached.sql_log) == statements + 1 and cached.answers.misses == 3


def test_changing_an_answer_does_not_change_the_cache(cached):
    frame = cached.events_page(FilterSpec(), limit=5)
    want = frame.copy(deep=True)
    frame.loc[frame.index[0], "title"] = "changed"
    frame["extra"] = 1
    frame.iloc[:, 0] = "x"
    pd.testing.assert_frame_equal(cached.events_page(FilterSpec(), limit=5), want)

    records = cached.overview_events(FilterSpec(), 5).latest
    title = records[0]["title"]
    records[0]["title"] = "changed"
    records.clear()
    again = cached.overview_events(FilterSpec(), 5).latest
    assert len(again) == 5 and again[0]["title"] == title

    timeline = cached.timeline(FilterSpec())
    total, lanes = timeline.total, list(timeline.lanes)
    timeline.month_counts.loc[timeline.month_counts.index[0], "n"] = -1
    timeline.lanes.append("changed")
    again = cached.timeline(FilterSpec())
    assert again.month_counts["n"].min() > 0 and again.lanes == lanes and again.total == total


def test_download_answers_are_never_kept(cached):
    assert {"export_rows", "table_rows"} <= UNCACHED
    cached.table_rows("events", FilterSpec())
    statements = len(cached.sql_log)
    cached.table_rows("events", FilterSpec())
    assert len(cached.sql_log) > statements and len(cached.answers) == 0


def test_each_dataset_has_its_own_answers(tmp_path, dataset):
    write_dataset(tmp_path / "synthetic", 50)
    other = CachingStore(load_dataset(tmp_path / "synthetic"))
    bundled = CachingStore(dataset)
    assert bundled.count("events", FilterSpec()) == len(event_ids(2018, 2022))
    assert other.count("events", FilterSpec(years=(1900, 2100))) == 50
    assert other.count("events", FilterSpec()) != bundled.count("events", FilterSpec())


def test_limits_on_entries_bytes_time_and_answer_size():
    now = [0.0]
    cache = AnswerCache(max_entries=3, max_bytes=10**9, max_answer_bytes=10**6, ttl=10, clock=lambda: now[0])
    for key in "abcd":
        cache.put(key, key)
    assert len(cache) == 3 and cache.get("a") == (False, None)  # the least recently used went first
    assert cache.get("b") == (True, "b")
    cache.put("e", "e")  # "c" is now the least recently used
    assert cache.get("c") == (False, None) and cache.get("b") == (True, "b")
    now[0] = 10
    assert cache.get("b") == (False, None) and len(cache) == 2  # expired, and dropped

    big = pd.DataFrame({"x": range(200_000)})  # 1.6 MB
    cache.put("big", big)
    assert cache.get("big") == (False, None)

    small = pd.DataFrame({"x": range(1000)})
    by_bytes = AnswerCache(max_entries=100, max_bytes=3 * small.memory_usage(deep=True).sum(), ttl=10)
    for key in range(5):
        by_bytes.put(key, small)
    assert len(by_bytes) == 3 and by_bytes.bytes <= by_bytes.max_bytes
    assert by_bytes.get(0) == (False, None) and by_bytes.get(4)[0]


def test_an_unhashable_argument_is_asked_every_time(cached, monkeypatch):
    import core.query

    calls = []
    monkeypatch.setitem(core.query.QUESTIONS_BY_NAME, "echo", lambda engine, value: calls.append(value) or [value])
    assert cached.echo(["a"]) == [["a"]] and cached.echo(["a"]) == [["a"]]  # a list cannot be a key
    assert cached.echo(("a",)) == [("a",)] and cached.echo(("a",)) == [("a",)]  # a tuple can
    assert calls == [["a"], ["a"], ("a",)]
    with pytest.raises(AttributeError):
        cached.no_such_question  # noqa: B018
    assert fresh((1, "a")) == (1, "a") and fresh(None) is None
    listed = [{"a": 1}]
    assert fresh(listed) == listed and fresh(listed) is not listed and fresh(listed)[0] is not listed[0]


def test_the_call_log_lists_every_question_with_its_arguments_cached_or_not(cached):
    cached.engine.calls = []
    try:
        cached.count("events", RUSSIA)
        cached.count("events", RUSSIA)  # answered by the cache: still a call the page made
        cached.events_page(RUSSIA, limit=3)
        assert cached.engine.calls == [("count", ("events", RUSSIA), {}), ("count", ("events", RUSSIA), {}),
                                       ("events_page", (RUSSIA,), {"limit": 3})]
        assert cached.answers.hits == 1
    finally:
        cached.engine.calls = None


def test_a_hit_copies_containers_and_hands_out_immutable_values_as_they_are():
    """fresh() copies lists, dicts and dataclasses item by item (issue S: copy.deepcopy of every Timestamp of a
    list of records was most of a hit's cost); the caller still cannot change the cached answer through them."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Answer:
        rows: list
        frame: pd.DataFrame
        names: tuple

    day = pd.Timestamp("2022-02-22")
    cached = Answer([{"day": day, "n": 1, "tags": ["a"]}], pd.DataFrame({"n": [1]}), ("x", "y"))
    got = fresh(cached)
    assert got is not cached and got.rows == cached.rows and got.frame.equals(cached.frame)
    assert got.rows is not cached.rows and got.rows[0] is not cached.rows[0]
    assert got.rows[0]["tags"] is not cached.rows[0]["tags"]
    assert got.rows[0]["day"] is day and got.names is cached.names  # immutable: no copy
    got.rows[0]["tags"].append("b")
    got.rows.append({})
    assert cached.rows == [{"day": day, "n": 1, "tags": ["a"]}]


def test_a_long_answer_is_sized_from_a_sample_of_its_records():
    """_size walks at most SAMPLED records of a long list (issue S: walking all of them was a tenth of a fresh
    Actors & stances rerun), and the estimate stays close for records alike."""
    from components.shell.answers import SAMPLED, _size

    walked = []

    class Record(dict):
        def __sizeof__(self):
            walked.append(1)
            return super().__sizeof__()

    rows = [Record(id=f"st_{i:04d}", text="x" * (50 + i % 7), n=i) for i in range(2000)]
    estimate = _size(rows)
    assert len(walked) <= SAMPLED
    exact = sum(dict.__sizeof__(r) + 16 + sum(_size(k) + _size(v) for k, v in r.items()) for r in rows)
    assert abs(estimate - exact) < 0.1 * exact

"""tests/fixtures.make_dataset: rows stated in a test become a directory that passes the real loader."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.problems import DataError
from core.query import Store
from core.tables import TABLE_FILES


def test_rows_go_through_the_real_loader_with_defaults_filled(make_dataset):
    dataset = make_dataset(events=[{"event_id": "e1", "date": "2021-03-01", "actors": "az;ru", "place_id": "baku"},
                                   {"event_id": "e2", "evidence": "A quote of our own.", "key_period": True}],
                           stances=[{"actor_id": "am", "topic_id": "peace"}])
    tables = dataset.tables
    assert list(tables["events"]["event_id"]) == ["e2", "e1"]  # the loader's date order
    assert set(tables["actors"]["actor_id"]) == {"az", "ru", "am", "test_actor"}
    assert list(tables["topics"]["topic_id"]) == ["peace"] and list(tables["places"]["place_id"]) == ["baku"]
    assert list(tables["sources"]["source_id"]) == ["test_source"] and tables["sources"]["kind"].iat[0] == "external"
    assert tables["events"].set_index("event_id")["key_period"].to_dict() == {"e1": False, "e2": True}
    written = {"sources.csv", "actors.csv", "places.csv", "topics.csv", "events.csv", "stances.csv"}
    assert dataset.missing == (set(TABLE_FILES) - written) | {"corridors.geojson"}  # only the tables the rows need
    assert Store(dataset).count("events", FilterSpec(years=(2020, 2021))) == 2


def test_a_corpus_source_gets_a_corpus_file_and_frames_are_accepted(make_dataset):
    sources = pd.DataFrame({"source_id": ["art"], "kind": ["corpus"], "title": ["An article"]})
    dataset = make_dataset(sources=sources, events=pd.DataFrame({"event_id": ["e1"], "end_date": [None]}))
    assert dataset.tables["sources"]["corpus_file"].iat[0] == "corpus/art.txt"
    assert "Test evidence for e1." in (dataset.data_dir / "corpus" / "art.txt").read_text(encoding="utf-8")
    assert make_dataset(events=[{}]).data_dir != dataset.data_dir  # a second dataset gets its own directory


def test_rows_that_break_a_rule_are_reported_not_fixed(make_dataset):
    with pytest.raises(DataError, match="unknown actor"):
        make_dataset(actors=[{"actor_id": "az"}], events=[{"actors": "zz"}])
    with pytest.raises(TypeError):
        make_dataset(evnts=[{}])

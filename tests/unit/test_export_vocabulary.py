"""The CSV export speaks the app's vocabulary (issue 19): a one-day event reads as one day, origin says "context"
as the app does, actor ids and names use one separator, and the place has its name as well as its id.
Expectations are computed from the CSV files in plain pandas."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.query import Store
from tests.expectations import Filter, read, rows

SEPARATOR = "; "


@pytest.fixture(scope="module")
def exported(dataset) -> pd.DataFrame:
    with Store(dataset).export_csv(FilterSpec(years=(1992, 2022))) as handle:
        return pd.read_csv(io.BytesIO(handle.read()), dtype=str, keep_default_na=False)


def test_a_one_day_event_reads_as_one_day(exported):
    events = read("events.csv")
    one_day = events[events["end_date"] == events["date"]]
    assert not one_day.empty
    shown = exported.set_index("event_id").loc[one_day["event_id"], "date_shown"]
    assert all("–" not in text for text in shown), list(shown)


def test_origin_is_corpus_or_context(exported):
    assert set(exported["origin"]) == {"corpus", "context"}
    expected = rows("events", Filter((1992, 2022))).set_index("event_id")["origin"].replace({"external": "context"})
    assert exported.set_index("event_id")["origin"].to_dict() == expected.to_dict()


def test_actor_ids_and_names_share_one_separator(exported):
    events = read("events.csv").set_index("event_id")
    actors = read("actors.csv").set_index("actor_id")["name"]
    for _, row in exported.iterrows():
        ids = events.loc[row["event_id"], "actors"].split(";")
        assert row["actor_ids"] == SEPARATOR.join(ids)
        assert row["actor_names"] == SEPARATOR.join(actors.get(a, a) for a in ids)


def test_the_place_has_its_name(exported):
    events = read("events.csv").set_index("event_id")
    places = read("places.csv").set_index("place_id")["name"]
    assert "place_name" in exported.columns
    for _, row in exported.iterrows():
        place = events.loc[row["event_id"], "place_id"]
        expected = places.get(place, "") if isinstance(place, str) and place else ""
        assert row["place_name"] == expected
    assert (exported["place_name"] != "").any()

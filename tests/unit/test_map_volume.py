"""The Map at volume (issue 30): at 2,000 events no events circle is wider than its cap in pixels (the builder's
radii and the layer's radiusMinPixels/radiusMaxPixels), circles are sized by reported fatalities when the dataset
gives them (the legend says so), else by the count of events per place."""

from __future__ import annotations

import json

import pytest

from components.figures.map import MAX_EVENT_RADIUS, MIN_EVENT_RADIUS, build_map_deck, legend_html
from core.filters import FilterSpec
from core.load import load_dataset
from core.map_view import read_outlines
from core.query import Store
from core.query.records import records
from core.synthetic_acled import write_acled_dir


@pytest.fixture(scope="module")
def acled(tmp_path_factory):
    directory = write_acled_dir(tmp_path_factory.mktemp("map") / "data", 2000, seed=2, unknown_every=5)
    dataset = load_dataset(directory)
    return dataset, records(Store(dataset).places_with_events(FilterSpec(years=(2018, 2022))))


def _events_layer(dataset, places) -> dict:
    deck = json.loads(build_map_deck(read_outlines(dataset.data_dir), places, dataset.corridors).to_json())
    return next(layer for layer in deck["layers"] if layer["id"] == "events")


def _place(pid: str, events: int, fatalities=None) -> dict:
    return {"place_id": pid, "name": pid, "alt_names": None, "kind": "town", "lat": 40.0, "lon": 45.0 + len(pid),
            "notes": None, "events": events, "main_type": "armed_clash", "fatalities": fatalities}


def test_at_2000_events_every_circle_keeps_within_its_cap_in_pixels(acled):
    dataset, places = acled
    assert sum(p["events"] for p in places) == 2000 and max(p["events"] for p in places) >= 300
    layer = _events_layer(dataset, places)
    assert layer["radiusUnits"] == "pixels"
    assert (layer["radiusMinPixels"], layer["radiusMaxPixels"]) == (MIN_EVENT_RADIUS, MAX_EVENT_RADIUS)
    radii = [row["radius"] for row in layer["data"]]
    assert radii and all(MIN_EVENT_RADIUS <= r <= MAX_EVENT_RADIUS for r in radii)
    assert max(radii) == MAX_EVENT_RADIUS  # the largest place in view at the cap


def test_circles_are_sized_by_reported_fatalities_when_the_dataset_gives_them(acled):
    dataset, places = acled
    rows = {row["id"]: row for row in _events_layer(dataset, places)["data"]}
    by_deaths = sorted(places, key=lambda p: p["fatalities"])
    assert rows[by_deaths[0]["place_id"]]["radius"] < rows[by_deaths[-1]["place_id"]]["radius"]
    assert {row["sized_by"] for row in rows.values()} == {"fatalities"}
    # Many events and no deaths: small; one event and many deaths: large; no figure at all: the smallest.
    mixed = [_place("a", 400, 0), _place("bb", 1, 50), _place("ccc", 30, None)]
    sized = {row["id"]: row["radius"] for row in _events_layer(dataset, mixed)["data"]}
    assert sized["bb"] == MAX_EVENT_RADIUS and sized["a"] == sized["ccc"] == MIN_EVENT_RADIUS
    assert "reported fatalities" in legend_html({"events"}, event_types=["armed_clash"], sized="fatalities")


def test_without_fatalities_circles_are_sized_by_the_count(acled):
    dataset, _ = acled
    plain = [_place("a", 400), _place("bb", 100), _place("ccc", 1)]
    layer = _events_layer(dataset, plain)
    sized = {row["id"]: row["radius"] for row in layer["data"]}
    assert sized["ccc"] < sized["bb"] < sized["a"] == MAX_EVENT_RADIUS
    assert {row["sized_by"] for row in layer["data"]} == {"events"}
    assert "grows with the count" in legend_html({"events"}, event_types=["armed_clash"])

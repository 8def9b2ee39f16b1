"""Corridors' years of validity (data/corridors.geojson): the question `corridors_in_filter` against the GeoJSON
read directly (never through the query layer), the Map's corridor layers under a year filter, and the checks
on the optional year properties."""

from __future__ import annotations

import json

import pytest

from components.figures.map import build_map_deck, corridor_rows, years_text
from core.filters import FilterSpec
from core.map_view import read_outlines
from core.problems import DataError
from core.query import Store
from tests.conftest import DATA_DIR


def _expected(years: tuple[int, int]) -> list[str]:
    features = json.loads((DATA_DIR / "corridors.geojson").read_text(encoding="utf-8"))["features"]
    kept = []
    for f in features:
        p = f["properties"]
        first = p.get("year_from") if p.get("year_from") is not None else -10**9
        last = p.get("year_to") if p.get("year_to") is not None else 10**9
        if first <= years[1] and last >= years[0]:
            kept.append(p["corridor_id"])
    return sorted(kept)


@pytest.fixture(scope="module")
def store(dataset):
    return Store(dataset)


@pytest.mark.parametrize("years", [(2018, 2022), (2018, 2019), (2016, 2016), (2021, 2021), (2023, 2023)])
def test_corridors_in_filter_match_the_geojson(store, years):
    answer = store.corridors_in_filter(FilterSpec(years=years))
    assert list(answer["corridor_id"]) == _expected(years)


def test_unsourced_corridors_are_kept_under_every_filter_and_actors_do_not_narrow(store):
    every = set(store.corridors_in_filter(FilterSpec())["corridor_id"])
    unsourced = set(store.corridors_in_filter(FilterSpec(years=(1900, 1900)))["corridor_id"])
    assert unsourced and unsourced < every  # some corridors have sourced years, the rest are always drawn
    assert not store.corridors_in_filter(FilterSpec(years=(1900, 1900)))["years_sourced"].any()
    assert set(store.corridors_in_filter(FilterSpec(actors=(("ru",), True)))["corridor_id"]) == every
    assert "lachin_corridor" not in set(store.corridors_in_filter(FilterSpec(years=(2018, 2019)))["corridor_id"])


def test_the_map_draws_only_the_corridors_the_filter_keeps(dataset, store):
    kept = list(store.corridors_in_filter(FilterSpec(years=(2018, 2019)))["corridor_id"])
    deck = json.loads(build_map_deck(read_outlines(DATA_DIR), [], dataset.corridors, corridor_ids=kept).to_json())
    drawn = {r["id"] for layer in deck["layers"] if layer["id"].startswith("corridors") for r in layer["data"]}
    assert drawn == set(kept)
    tips = {r["id"]: r["tip"] for r in corridor_rows(dataset.corridors, {}, {})}
    assert "Years of validity: 2020–2022" in tips["lachin_corridor"]
    assert "Years of validity: 2017 onwards" in tips["baku_tbilisi_kars"]
    assert "Years not sourced" in tips["nakhchivan_corridor"]
    assert years_text(None, None) == "" and years_text(2021, 2021) == "2021" and years_text(None, 2022) == "until 2022"


def _corridor(**years) -> dict:
    props = {"corridor_id": "c1", "name": "C", "mode": "road", "status": "proposed", "approximate": True,
             "waypoints": ["a", "b"], "source_id": "test_source", "confidence": "low", "notes": None, **years}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": props, "geometry": {
        "type": "LineString", "coordinates": [[44.5, 40.1], [45.0, 40.2]]}}]}


PLACES = [{"place_id": "a", "lat": "40.1", "lon": "44.5"}, {"place_id": "b", "lat": "40.2", "lon": "45.0"}]


@pytest.mark.parametrize("years, message", [
    ({"year_from": 2022, "year_to": 2020, "years_source_id": "test_source", "years_evidence": "Test evidence"},
     "ends (2020) before it starts (2022)"),
    ({"year_from": "2020", "years_source_id": "test_source", "years_evidence": "Test evidence"}, "is not a year"),
    ({"year_from": 2020, "years_source_id": "nowhere", "years_evidence": "Test evidence"}, "unknown source 'nowhere'"),
    ({"year_from": 2020, "years_source_id": "test_source"}, "years given without a quote"),
    ({"year_from": 2020, "years_source_id": "test_source", "years_evidence": "Words nobody wrote"},
     "years_evidence is not a verbatim quote"),
])
def test_bad_corridor_years_are_refused(make_dataset, years, message):
    with pytest.raises(DataError) as error:
        make_dataset(places=PLACES, events=[{"event_id": "e1"}], corridors=_corridor(**years))
    assert message in str(error.value)


def test_good_corridor_years_load(make_dataset):
    dataset = make_dataset(places=PLACES, events=[{"event_id": "e1"}], corridors=_corridor(
        year_from=2020, year_to=2021, years_source_id="test_source", years_evidence="Test evidence for e1."))
    kept = Store(dataset).corridors_in_filter(FilterSpec(years=(2022, 2022)))
    assert kept.empty

"""The bundled country outlines (data/boundaries/countries.geojson): small, valid GeoJSON, covering the region's
countries and every bundled point of the map's extent, with source, licence and viewpoint stated, and part of the
data version."""

from __future__ import annotations

import json
import math

import pytest

from core.load import fingerprint
from tests.conftest import DATA_DIR
from tests.expectations import read

BOUNDARIES = DATA_DIR / "boundaries" / "countries.geojson"
REGION = {"Armenia", "Azerbaijan", "Georgia", "Russia", "Turkey", "Iran", "Ukraine", "Greece", "Albania", "Italy",
          "Germany"}


@pytest.fixture(scope="module")
def outlines() -> dict:
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def _positions(geometry: dict):
    rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    for polygon in rings:
        for ring in polygon:
            assert len(ring) >= 4 and ring[0] == ring[-1], "a ring must be closed"
            yield from ring


def test_the_file_is_under_one_megabyte():
    assert 0 < BOUNDARIES.stat().st_size < 1_000_000


def test_valid_geojson_polygons_within_the_extent(outlines):
    assert outlines["type"] == "FeatureCollection" and outlines["features"]
    west, south, east, north = outlines["metadata"]["extent"]
    for feature in outlines["features"]:
        assert feature["type"] == "Feature" and feature["properties"]["name"]
        for lon, lat in _positions(feature["geometry"]):
            assert math.isfinite(lon) and math.isfinite(lat)
            assert west <= lon <= east and south <= lat <= north


def test_covers_the_regions_countries(outlines):
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert REGION <= names, REGION - names


def test_every_located_place_of_europe_and_the_region_is_inside_the_extent(outlines):
    """The extent holds the SGC/TAP and Nord Stream 2 waypoints; only the American meeting venues (Washington, New
    York) lie outside by design."""
    west, south, east, north = outlines["metadata"]["extent"]
    places = read("places.csv").dropna(subset=["lat", "lon"])
    outside = {p for p, lat, lon in zip(places["place_id"], places["lat"].astype(float), places["lon"].astype(float))
               if not (west <= lon <= east and south <= lat <= north)}
    assert outside == {"washington", "new_york"}


def test_source_licence_and_viewpoint_are_stated(outlines):
    meta = outlines["metadata"]
    assert "Natural Earth" in meta["source"] and "4.1.0" in meta["source"] and "world-atlas 2.0.2" in meta["source"]
    assert "public domain" in meta["licence"]
    assert "de facto" in meta["viewpoint"].lower() and "not a statement about sovereignty" in meta["viewpoint"]
    readme = " ".join((DATA_DIR / "README.md").read_text(encoding="utf-8").split())
    assert "world-atlas" in readme and "not a statement about sovereignty" in readme


def test_the_outlines_are_part_of_the_data_version(data_copy):
    before = fingerprint(data_copy)
    path = data_copy / "boundaries" / "countries.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("Armenia", "Armenia ", 1), encoding="utf-8")
    assert fingerprint(data_copy) != before

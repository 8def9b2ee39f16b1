"""Cross-table references and the shape of the bundled data."""

from __future__ import annotations

import json

import pandas as pd

from core.load import ROW_TABLES, check_directory
from core.vocab import EVIDENCE_MAX_CHARS
from tests.csv_edit import rewrite_csv


def test_bundled_data_has_no_problems(data_copy):
    assert [str(p) for p in check_directory(data_copy)] == []


def test_every_row_names_an_existing_source(dataset):
    known = set(dataset.tables["sources"]["source_id"])
    for name, frame in dataset.tables.items():
        if name == "sources" or "source_id" not in frame.columns:
            continue
        assert frame["source_id"].notna().all(), name
        assert set(frame["source_id"]) <= known, name
    for feature in dataset.corridors["features"]:
        assert feature["properties"]["source_id"] in known


def test_external_rows_carry_address_and_confidence(dataset):
    external = dataset.tables["sources"].loc[lambda t: t["kind"] == "external"]
    assert len(external) >= 10
    assert external["confidence"].notna().all()
    # Only the trilateral statement and "general record" style sources may lack an address; they say so.
    no_url = external[external["url"].isna()]
    assert no_url["notes"].notna().all(), no_url["source_id"].tolist()
    assert "wikipedia_coordinates" in set(external["source_id"])


def test_enough_events_and_anchors(dataset):
    years = dataset.tables["events"]["start"].dt.year
    assert ((years >= 2018) & (years <= 2022)).sum() >= 40
    for anchor in (1997, 2000, 2008):
        assert (years == anchor).any(), anchor


def test_unknown_amount_is_blank_never_zero(dataset):
    assert not (dataset.tables["aid"]["amount_usd"] == 0).any()


def test_parts_point_at_totals(dataset):
    aid = dataset.tables["aid"]
    parts = aid[aid["parent_aid_id"].notna()]
    assert len(parts) >= 4
    parents = aid.set_index("aid_id").loc[parts["parent_aid_id"]]
    assert (parents["amount_kind"] == "total").all()


def test_corpus_quotes_are_short(dataset):
    for name in ROW_TABLES:
        assert (dataset.tables[name]["evidence"].str.len() <= EVIDENCE_MAX_CHARS).all(), name


def test_key_periods_are_the_three_bands(dataset):
    periods = dataset.tables["events"].loc[lambda t: t["key_period"]]
    starts = set(periods["date"])
    assert {"2020-09-27", "2020-11-10", "2022-02-24"} == starts


def test_corrections_cite_an_external_source(dataset):
    corrected = dataset.tables["events"].loc[lambda t: t["correction_source_id"].notna()]
    kinds = dataset.tables["sources"].set_index("source_id").loc[corrected["correction_source_id"], "kind"]
    assert len(corrected) >= 8 and (kinds == "external").all()
    sochi = dataset.tables["events"].loc[lambda t: t["evidence"].str.contains("Sochi on October 3", regex=False)]
    assert not sochi.empty and set(sochi["date"]) == {"2022-10-31"}


def test_places_without_coordinates_say_so(dataset):
    blank = dataset.tables["places"].loc[lambda t: t["lat"].isna() | t["lon"].isna()]
    assert blank["notes"].notna().all()


def test_corridor_geometry_follows_waypoints(dataset):
    coords = {r.place_id: (r.lon, r.lat) for r in dataset.tables["places"].itertuples() if pd.notna(r.lat)}
    for feature in dataset.corridors["features"]:
        props = feature["properties"]
        expected = [list(coords[w]) for w in props["waypoints"] if w in coords]
        assert [list(map(float, c)) for c in feature["geometry"]["coordinates"]] == expected, props["corridor_id"]
        assert props["approximate"] is True


def test_broken_parent_reference(data_copy):
    def edit(rows):
        rows[0]["parent_id"] = "nowhere"

    rewrite_csv(data_copy / "actors.csv", edit)
    problems = check_directory(data_copy)
    assert any(p.file == "actors.csv" and p.column == "parent_id" and "nowhere" in p.message for p in problems)


def test_parent_cycle(data_copy):
    def edit(rows):
        rows[0]["parent_id"] = rows[1]["actor_id"]
        rows[1]["parent_id"] = rows[0]["actor_id"]

    rewrite_csv(data_copy / "actors.csv", edit)
    problems = check_directory(data_copy)
    assert any(p.file == "actors.csv" and "loops" in p.message for p in problems)


def test_corridor_unknown_waypoint(data_copy):
    path = data_copy / "corridors.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["waypoints"].append("el_dorado")
    path.write_text(json.dumps(collection), encoding="utf-8")
    problems = check_directory(data_copy)
    assert any(p.file == "corridors.geojson" and "el_dorado" in p.message for p in problems)

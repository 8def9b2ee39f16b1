"""The bundled country outlines are served as a static file, fetched once by the browser, instead of riding in
the Map's deck on every view (issue S / R2: about 380 KB per view change): the copy in static/ is current, named
by its content, found for the bundled data and for no other outlines, and the server is told to serve it."""

from __future__ import annotations

import json
import shutil
import tomllib

from core.map_view import BUNDLED_OUTLINES, STATIC_DIR, OUTLINES_FILE, outlines_url, static_outlines_name
from tests.conftest import DATA_DIR, REPO


def test_the_static_copy_is_the_bundled_outlines_named_by_their_content():
    content = BUNDLED_OUTLINES.read_bytes()
    copies = sorted(p.name for p in STATIC_DIR.glob("outlines-*.json"))
    assert copies == [static_outlines_name(content)], "run python -m scripts.static_outlines"
    assert (STATIC_DIR / copies[0]).read_bytes() == content


def test_the_static_folder_holds_nothing_else():
    assert sorted(p.name for p in STATIC_DIR.iterdir()) == [static_outlines_name(BUNDLED_OUTLINES.read_bytes())]


def test_the_bundled_outlines_have_a_url_and_other_outlines_none(tmp_path):
    assert outlines_url(DATA_DIR) == "app/static/" + static_outlines_name(BUNDLED_OUTLINES.read_bytes())
    copy = tmp_path / "copy"
    (copy / OUTLINES_FILE).parent.mkdir(parents=True)
    shutil.copy(BUNDLED_OUTLINES, copy / OUTLINES_FILE)
    assert outlines_url(copy) == outlines_url(DATA_DIR)  # the same content: the same file serves it
    other = tmp_path / "other"
    (other / OUTLINES_FILE).parent.mkdir(parents=True)
    (other / OUTLINES_FILE).write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert outlines_url(other) is None


def test_the_server_serves_the_static_folder():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


PAYLOAD_LIMIT = 100_000  # bytes of deck JSON per view change (issue S): the outlines alone were about 380 KB


def test_a_view_of_the_bundled_map_stays_under_the_payload_limit_with_the_outlines_served():
    from components.figures.map import build_map_deck
    from core.filters import FilterSpec
    from core.load import load_dataset
    from core.map_view import LAYERS, PRESETS
    from core.query import Store
    from core.query.records import records

    dataset = load_dataset(DATA_DIR, trust_stamp=True)
    places = records(Store(dataset).places_with_events(FilterSpec()))
    url = outlines_url(DATA_DIR)
    for preset in PRESETS:  # every layer on, the largest view
        text = build_map_deck(url, places, dataset.corridors, layers=LAYERS, preset=preset.id).to_json()
        outlines = next(layer for layer in json.loads(text)["layers"] if layer["id"] == "outlines")
        assert outlines["data"] == url
        assert len(text.encode()) < PAYLOAD_LIMIT, (preset.id, len(text.encode()))

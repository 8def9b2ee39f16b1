"""The pure Map builder (components/figures/map.py): which layers each set of toggles draws, positions equal to the
data, corridor paths through their waypoints, no map provider by default, hostile text never read as HTML; and
the Map page's URL parameters (core/map_view.py).

Expected positions come from places.csv and corridors.geojson read directly, never through the query layer."""

from __future__ import annotations

import json

import pytest

from components.figures.map import build_map_deck, event_radius, legend_html
from core.filters import FilterSpec
from core.load import load_dataset
from core.map_labels import overlaps, place_labels, project, text_size
from core.map_view import (
    DEFAULT_LAYERS, LAYERS, PRESETS, layers_from_param, layers_param, parse_layers, parse_view, read_outlines,
)
from core.query import Store
from core.query.records import records
from tests.conftest import DATA_DIR
from tests.expectations import read, rows

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def bundled():
    dataset = load_dataset(DATA_DIR, trust_stamp=True)
    store = Store(dataset)
    return dataset, records(store.places_with_events(FilterSpec()))


def _deck(bundled, **options) -> dict:
    dataset, places = bundled
    deck = build_map_deck(read_outlines(DATA_DIR), places, dataset.corridors, **options)
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


PER_TOGGLE = {
    "deposits": {"deposits", "deposit_labels"},
    "corridors": {"corridors_dashed_hit", "corridors", "corridors_dashed", "corridor_labels"},
    "places": {"places", "place_labels"},
    "events": {"events"},
    "basemap": set(),
}


@pytest.mark.parametrize("toggles", [set(), *({name} for name in LAYERS), set(DEFAULT_LAYERS), set(LAYERS)],
                         ids=lambda t: "+".join(sorted(t)) or "none")
def test_layers_for_each_set_of_toggles(bundled, toggles):
    spec = _deck(bundled, layers=toggles)
    expected = ["outlines"] + [i for name in LAYERS if name in toggles for i in sorted(PER_TOGGLE[name])]
    assert {layer["id"] for layer in spec["layers"]} == set(expected)
    assert spec["layers"][0]["id"] == "outlines"  # under everything else


def test_no_map_provider_by_default_and_carto_only_when_asked(bundled):
    spec = _deck(bundled)
    assert "mapProvider" not in spec and spec["mapStyle"] == "__MAP_STYLE__"  # Streamlit draws no basemap
    with_basemap = _deck(bundled, layers=DEFAULT_LAYERS | {"basemap"})
    assert with_basemap["mapProvider"] == "carto" and "cartocdn" in with_basemap["mapStyle"]


def test_deposit_positions_equal_the_data(bundled):
    places = read("places.csv").set_index("place_id")
    deposits = places[places["kind"] == "deposit"]
    shown = {row["id"]: row["position"] for row in _layer(_deck(bundled), "deposits")["data"]}
    assert shown == {pid: [float(r["lon"]), float(r["lat"])] for pid, r in deposits.iterrows()}
    assert {"gizilbulag", "demirli"} <= set(shown)
    colours = {row["id"]: tuple(row["colour"]) for row in _layer(_deck(bundled), "deposits")["data"]}
    assert colours["gizilbulag"] != colours["demirli"]


def test_deposit_tooltips_name_alt_names_the_village_and_the_source(bundled):
    tips = {row["id"]: row["tip"] for row in _layer(_deck(bundled), "deposits")["data"]}
    assert "Qizilbulaq, Drmbon" in tips["gizilbulag"] and "Kashen" in tips["demirli"]
    assert "gold" in tips["gizilbulag"] and "copper-molybdenum" in tips["demirli"]
    assert all("village" in tip and "Coordinates:" in tip and "confidence" in tip for tip in tips.values())


def test_corridor_paths_follow_their_waypoints(bundled):
    places = read("places.csv").set_index("place_id")
    corridors = json.loads((DATA_DIR / "corridors.geojson").read_text(encoding="utf-8"))["features"]
    spec = _deck(bundled)
    shown = {row["id"]: row for layer in ("corridors", "corridors_dashed") for row in _layer(spec, layer)["data"]}
    assert set(shown) == {f["properties"]["corridor_id"] for f in corridors}
    for feature in corridors:
        located = [w for w in feature["properties"]["waypoints"] if places.loc[w, ["lat", "lon"]].notna().all()]
        expected = [[float(places.loc[w, "lon"]), float(places.loc[w, "lat"])] for w in located]
        row = shown[feature["properties"]["corridor_id"]]
        assert row["path"] == expected
        assert "approximate route through waypoints" in row["tip"].lower()
        assert row["dashed"] == (feature["properties"]["status"] in ("proposed", "contested"))


def test_events_are_the_filtered_events_per_place(bundled):
    events = rows("events")
    located = read("places.csv").dropna(subset=["lat"])["place_id"]
    expected = events[events["place_id"].isin(located)]["place_id"].value_counts().to_dict()
    shown = {row["id"]: row["events"] for row in _layer(_deck(bundled), "events")["data"]}
    assert shown == expected and shown
    assert event_radius(1) < event_radius(2) < event_radius(9)


def _boxes(spec: dict, zoom: float) -> list[tuple]:
    """Each drawn label's box at the preset's zoom, from its point, anchor and offset (recomputed here from the
    deck's JSON with the size estimate of core/map_labels.py)."""
    boxes = []
    for layer_id in ("deposit_labels", "place_labels", "corridor_labels"):
        layer = next((layer for layer in spec["layers"] if layer["id"] == layer_id), None)
        assert layer is None or layer["getText"] == "@@=label"
        for row in layer["data"] if layer else []:
            x, y = project(*row["position"], zoom)
            w, h = text_size(row["label"], layer["getSize"])
            x += row["offset"][0]
            y += row["offset"][1]
            left = {"start": x, "end": x - w, "middle": x - w / 2}[row["anchor"]]
            boxes.append((f"{layer_id}:{row['id']}", (left, y - h / 2, left + w, y + h / 2)))
    return boxes


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
def test_no_two_labels_overlap_at_any_preset_and_the_deposits_are_named(bundled, preset):
    spec = _deck(bundled, preset=preset.id)
    boxes = _boxes(spec, preset.zoom)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not overlaps(box_a, box_b), f"{a} and {b} overlap at {preset.id}"
    located = read("places.csv").dropna(subset=["lat"])
    assert {r["id"] for r in _layer(spec, "deposit_labels")["data"]} == set(located[located["kind"] == "deposit"]["place_id"])
    named = {name.split(":")[1] for name, _ in boxes}
    assert {"baku", "yerevan"} <= named  # the capitals come before towns


PHONE_MAP = (358, 520)  # px: the map on a 390 px screen (the page's padding taken off), MAP_HEIGHT tall


def _cut_on_a_phone(spec: dict, preset) -> list[str]:
    """The labels whose point lies in a phone's view of the preset but whose box runs past its edge."""
    cx, cy = project(preset.lon, preset.lat, preset.zoom)
    half_w, half_h = PHONE_MAP[0] / 2 + 4, PHONE_MAP[1] / 2 + 4  # a label's halo may touch the edge
    cut = []
    for name, (x0, y0, x1, y1) in _boxes(spec, preset.zoom):
        layer_id, row_id = name.split(":")
        row = next(r for r in _layer(spec, layer_id)["data"] if r["id"] == row_id)
        px, py = project(*row["position"], preset.zoom)
        if abs(px - cx) <= half_w - 12 and abs(py - cy) <= half_h - 12:  # the point is in the phone's view
            if x0 < cx - half_w or x1 > cx + half_w or y0 < cy - half_h or y1 > cy + half_h:
                cut.append(row["label"])
    return cut


@pytest.mark.parametrize("preset", [p for p in PRESETS if p.zoom >= 6], ids=lambda p: p.id)
def test_labels_of_points_in_a_phones_view_stay_inside_it(bundled, preset):
    """R2: at 390 px the labels of points near the edge of the preset's view ran off it (8 at the Karabakh view:
    "Demirli copper-moly…", "…/ Karvachar", "Khankendi / Stepanak…"). The view is placed for a wide map; a label
    whose point lies in a phone's view takes a free spot wholly inside it where there is one. In the close views
    at most one label, with no free spot inside, is still cut there (it stays whole on a wide screen)."""
    spec = _deck(bundled, preset=preset.id)
    cut = _cut_on_a_phone(spec, preset)
    assert len(cut) <= 1, cut
    assert not {"Demirli copper-molybdenum deposit", "Khankendi / Stepanakert", "Tartar / Terter",
                "Aghdam / Akna"} & set(cut)


def test_labels_keep_off_the_drawn_points_where_they_can(bundled):
    """At 390 px "Fuzuli airport" ran across the Fuzuli events circle once it moved left of its point to stay in
    view. A label takes a spot clear of every drawn point and circle when it has one: in the Karabakh view at most
    one (with no clear spot) covers one."""
    from core.map_labels import point_box
    from core.map_view import PRESETS_BY_ID

    preset = PRESETS_BY_ID["karabakh"]
    spec = _deck(bundled, preset=preset.id)
    points = [point_box(*r["position"], 11 if layer_id == "deposits" else r.get("radius", 3), preset.zoom)
              for layer_id in ("deposits", "places", "events") for r in _layer(spec, layer_id)["data"]]
    covering = [name for name, box in _boxes(spec, preset.zoom)
                if not name.startswith("corridor") and any(overlaps(box, point) for point in points)]
    assert len(covering) <= 1 and "place_labels:fuzuli_airport" not in covering, covering


def test_closer_presets_name_more_places(bundled):
    named = {p.id: len(_layer(_deck(bundled, preset=p.id), "place_labels")["data"]) for p in PRESETS}
    assert named["karabakh"] > named["region"] and named["sgc"] >= named["region"]


def test_a_label_with_no_free_spot_is_left_out_and_priority_decides_which():
    items = [{"id": "town", "name": "A long town name", "lon": 45.0, "lat": 40.0, "kind": "town", "size": 13,
              "radius": 3},
             {"id": "capital", "name": "A long capital name", "lon": 45.0, "lat": 40.0, "kind": "capital",
              "size": 13, "radius": 3}]
    placed = place_labels(items, 3.0)
    assert list(placed)[0] == "capital" and placed["capital"].anchor == "start"
    assert placed["town"].anchor == "end"  # right of the point is taken: the next spot
    crowd = [dict(items[0], id=f"t{i}") for i in range(8)]
    assert len(place_labels(crowd, 3.0)) == 4  # right, left, above, below; the rest are left out


def test_a_hostile_place_name_is_never_read_as_html(make_dataset):
    dataset = make_dataset(
        places=[{"place_id": "evil", "name": HOSTILE, "alt_names": HOSTILE, "kind": "deposit", "lat": "40.1",
                 "lon": "46.6", "notes": HOSTILE},
                {"place_id": "plain", "name": "Plain", "kind": "town", "lat": "40.2", "lon": "46.7"}],
        events=[{"event_id": "ev_evil", "place_id": "evil", "title": HOSTILE}],
    )
    places = records(Store(dataset).places_with_events(FilterSpec()))
    deck = build_map_deck(read_outlines(DATA_DIR), places, dataset.corridors, preset="karabakh")
    spec = json.loads(deck.to_json())
    # Tooltips are plain text, set with innerText: there is no HTML template for the name to get into.
    assert deck._tooltip["text"] == "{tip}" and "html" not in deck._tooltip
    assert _layer(spec, "deposits")["data"][0]["tip"].startswith(HOSTILE)  # shown literally, as text
    assert _layer(spec, "deposit_labels")["data"][0]["name"] == HOSTILE  # a TextLayer draws glyphs, not HTML
    assert HOSTILE not in legend_html(LAYERS, ["evil"], ["meeting"]) and "<img" not in legend_html(LAYERS, ["evil"])


def test_legend_lists_one_line_per_layer_on():
    assert legend_html(set()) == ""
    full = legend_html(DEFAULT_LAYERS, ["gizilbulag", "demirli"], ["meeting"])
    assert "Gizilbulag (gold)" in full and "Demirli (copper-molybdenum)" in full
    assert "Gas pipeline" in full and "Proposed" in full and "Diplomacy and law (meeting)" in full and "Places" in full
    assert "Corridors" not in legend_html({"deposits"}, ["gizilbulag"])


def test_url_parameters_of_the_map():
    assert parse_view("sgc") == ("sgc", None)
    assert parse_view("<b>x</b>")[0] is None and "unknown map view" in parse_view("<b>x</b>")[1]
    assert parse_layers("deposits,events") == ("deposits,events", None) and parse_layers("none") == ("none", None)
    assert parse_layers("deposits,zz")[0] is None and parse_layers("x" * 10_000)[0] is None
    assert layers_param(DEFAULT_LAYERS) is None and layers_param(set()) == "none"
    assert layers_from_param(layers_param({"events", "basemap"})) == {"events", "basemap"}
    assert layers_from_param(None) == DEFAULT_LAYERS and layers_from_param("none") == frozenset()
    assert len({p.id for p in PRESETS}) == 4


def test_the_clicked_object_is_read_from_the_selection_state():
    from components.map.selection import selected_object

    state = {"selection": {"indices": {"deposits": [0]}, "objects": {"deposits": [{"id": "gizilbulag", "name": "G"}]}}}
    assert selected_object(state) == ("deposits", {"id": "gizilbulag", "name": "G"})
    assert selected_object({"selection": {"indices": {}, "objects": {}}}) is None
    assert selected_object({}) is None and selected_object({"selection": {"objects": {"places": [{}]}}}) is None


def test_events_at_a_place_are_the_filtered_events_there(bundled):
    dataset, _ = bundled
    store = Store(dataset)
    events = rows("events")
    expected = sorted(events[events["place_id"] == "shusha"]["event_id"])
    assert sorted(store.events_at_place(FilterSpec(), "shusha")["event_id"]) == expected and expected
    assert store.events_at_place(FilterSpec(), "no-such-place").empty


# ---- R2: corridors side by side, dashed lines pickable along their gaps, corridor labels, both names, legend, wheel

def _corridor_rows(spec: dict) -> dict[str, dict]:
    return {row["id"]: row for layer in ("corridors", "corridors_dashed") for row in _layer(spec, layer)["data"]}


def _offset_extension(layer: dict) -> bool:
    return any(e.get("@@type") == "PathStyleExtension" and e.get("offset") for e in layer.get("extensions", []))


def test_corridors_that_share_a_stretch_are_drawn_side_by_side_and_each_can_be_picked(bundled):
    """The Horadiz–Agbend railway runs along the Nakhchivan corridor's first stretch: drawn on the same pixels, the
    railway could not be reached. Each is offset to its own side of the shared path (deck.gl's PathStyleExtension
    `getOffset`, in line widths), far enough that the two lines do not overlap."""
    from components.figures.map import LINE_WIDTH

    spec = _deck(bundled)
    rows = _corridor_rows(spec)
    for layer_id in ("corridors", "corridors_dashed", "corridors_dashed_hit"):
        layer = _layer(spec, layer_id)
        assert _offset_extension(layer) and layer["pickable"], layer_id
    assert _layer(spec, "corridors")["getOffset"] == "@@=offset"
    railway, nakhchivan = rows["horadiz_agbend_railway"], rows["nakhchivan_corridor"]
    assert railway["path"] == nakhchivan["path"][:len(railway["path"])]  # the shared stretch, the same direction
    apart = abs(railway["offset"] - nakhchivan["offset"]) * LINE_WIDTH  # px between the two lines' centres
    assert apart >= LINE_WIDTH and apart <= 3 * LINE_WIDTH  # side by side: touching at most, a few px apart
    assert rows["tanap"]["offset"] != rows["south_caucasus_pipeline"]["offset"]  # Türkgözü–Erzurum, shared too
    assert rows["tap"]["offset"] == rows["lachin_corridor"]["offset"] == 0  # sharing nothing: on the path


def test_a_corridor_running_the_shared_stretch_the_other_way_gets_the_same_sign():
    """getOffset is to the right of the direction of travel: a corridor that runs the shared stretch backwards
    lies on the other side with the same sign."""
    from components.figures.map import side_by_side

    a, b, c = [45.0, 40.0], [45.5, 40.2], [46.0, 40.1]
    forward = side_by_side([{"id": "one", "path": [a, b, c]}, {"id": "two", "path": [a, b]}])
    assert forward["one"] == -forward["two"] != 0
    backward = side_by_side([{"id": "one", "path": [a, b, c]}, {"id": "two", "path": [b, a]}])
    assert backward["one"] == backward["two"] != 0
    assert side_by_side([{"id": "one", "path": [a, b]}, {"id": "two", "path": [b, c]}]) == {}  # a point only


def test_every_dashed_corridor_has_an_invisible_wider_hit_line_under_the_visible_lines(bundled):
    """A dashed line is picked only on its dashes: under it, a solid, transparent, wider line carries the same
    row, so a hover or a click in a gap picks the corridor instead of clearing the selection. It lies under the
    solid lines too, so it never takes a pick from a solid line that shares its path (the railway)."""
    from components.figures.map import HIT_WIDTH, LINE_WIDTH
    from components.map.selection import CORRIDOR_LAYERS

    spec = _deck(bundled)
    ids = [layer["id"] for layer in spec["layers"]]
    hit, dashed = _layer(spec, "corridors_dashed_hit"), _layer(spec, "corridors_dashed")
    assert ids.index("corridors_dashed_hit") < ids.index("corridors") < ids.index("corridors_dashed")
    assert hit["data"] == dashed["data"] and dashed["data"]  # the same rows: the same object when picked
    assert hit["pickable"] and hit["getColor"][3] == 0 and "getDashArray" not in hit
    assert hit["getWidth"] == HIT_WIDTH > 2 * LINE_WIDTH
    for row in hit["data"]:  # centred on its visible line
        assert row["hit_offset"] * HIT_WIDTH == pytest.approx(row["offset"] * LINE_WIDTH)
    assert "corridors_dashed_hit" in CORRIDOR_LAYERS  # a click on it shows the corridor's evidence


@pytest.mark.parametrize("dark", [False, True])
def test_every_layer_that_draws_paths_asks_for_the_same_webgl_program(bundled, dark):
    """Each distinct set of PathStyleExtension options is another WebGL program, and in a browser without a GPU
    compiling one costs SwiftShader about a second of CPU on the Map's first draw (bench/map_first_draw.py's "gpu
    cpu", 4.4 -> 3.1 s when the solid corridors and the outlines took the dashed layer's options). So the outlines'
    borders, the hit lines and the solid and dashed corridors all carry the same options; a solid line is one
    without a dash array (the extension's default, [0, 0], draws no gap)."""
    spec = _deck(bundled, layers=set(LAYERS), dark=dark)
    path_layers = [layer for layer in spec["layers"] if layer["@@type"] in ("PathLayer", "GeoJsonLayer")]
    assert {layer["id"] for layer in path_layers} == {"outlines", "corridors_dashed_hit", "corridors", "corridors_dashed"}
    options = {json.dumps(layer.get("extensions"), sort_keys=True) for layer in path_layers}
    assert options == {json.dumps([{"@@type": "PathStyleExtension", "dash": True, "offset": True}], sort_keys=True)}
    assert _layer(spec, "corridors_dashed")["getDashArray"] == [3, 2]
    for solid in ("outlines", "corridors", "corridors_dashed_hit"):
        assert "getDashArray" not in _layer(spec, solid), solid


def test_every_pickable_layer_is_read_by_the_evidence_panel(bundled):
    from components.map.selection import CORRIDOR_LAYERS, PLACE_LAYERS

    pickable = {layer["id"] for layer in _deck(bundled, layers=LAYERS)["layers"] if layer.get("pickable")}
    assert pickable <= set(CORRIDOR_LAYERS) | set(PLACE_LAYERS)


def _distance_to_path(point, path, zoom) -> float:
    """Pixels from a point to the nearest segment of a path, in Web Mercator at the zoom."""
    px, py = project(*point, zoom)
    best = float("inf")
    for a, b in zip(path, path[1:]):
        (ax, ay), (bx, by) = project(*a, zoom), project(*b, zoom)
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, ((ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2) ** 0.5)
    return best


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
def test_corridors_are_labelled_on_their_lines(bundled, preset):
    from components.figures.map import corridor_wordings

    spec = _deck(bundled, preset=preset.id)
    rows = _corridor_rows(spec)
    labels = _layer(spec, "corridor_labels")["data"]
    assert labels  # each preset names some corridors
    for label in labels:
        corridor = rows[label["id"]]
        assert _distance_to_path(label["position"], corridor["path"], preset.zoom) < 0.5
        assert label["anchor"] == "middle" and label["offset"][0] == 0 and abs(label["offset"][1]) > 6
        assert label["label"] in corridor_wordings(corridor["name"])
    if preset.id == "karabakh":  # the closest view names every corridor, the railway among them
        assert {label["id"] for label in labels} == set(rows)
        assert any(label["label"] == "Horadiz–Agbend railway" for label in labels)


def test_long_corridor_names_have_shorter_wordings():
    from components.figures.map import corridor_wordings

    assert corridor_wordings("Trans-Anatolian Pipeline (TANAP)") == [
        "Trans-Anatolian Pipeline (TANAP)", "Trans-Anatolian Pipeline", "TANAP"]
    assert corridor_wordings("Lachin corridor (2020–2022 route)") == ["Lachin corridor (2020–2022 route)",
                                                                      "Lachin corridor"]
    assert corridor_wordings("Nord Stream 2") == ["Nord Stream 2"]


def test_place_labels_give_the_other_name_too(bundled):
    """Khankendi / Stepanakert, Shusha / Shushi: the first alternative name beside the name; the tooltip and the
    evidence heading keep the name."""
    labels = {row["id"]: row for row in _layer(_deck(bundled), "place_labels")["data"]}
    assert labels["khankendi"]["label"] == "Khankendi / Stepanakert"
    assert labels["shusha"]["label"] == "Shusha / Shushi"
    assert labels["goris"]["label"] == "Goris"  # no other name
    assert labels["khankendi"]["name"] == "Khankendi"
    assert {row["id"]: row["label"] for row in _layer(_deck(bundled), "deposit_labels")["data"]}["gizilbulag"] == \
        "Gizilbulag gold deposit"  # a deposit keeps its name alone


def test_the_places_legend_swatch_is_the_dot_the_map_draws(bundled):
    """The places are small dark dots (light ones in the dark theme), not the grey disc of an event type."""
    from components.figures.map import PLACE_RADIUS

    for dark in (False, True):
        places = _layer(_deck(bundled, dark=dark), "places")
        r, g, b, a = places["getFillColor"]
        assert places["getRadius"] == PLACE_RADIUS
        line = next(part for part in legend_html(DEFAULT_LAYERS, dark=dark).split("<br>") if "Places" in part)
        assert f"background:rgba({r},{g},{b},{a / 255:.2f})" in line
        assert f"width:{2 * PLACE_RADIUS}px;height:{2 * PLACE_RADIUS}px" in line


def test_the_mouse_wheel_scrolls_the_page_not_the_map(bundled):
    spec = _deck(bundled)
    (view,) = spec["views"]
    assert view["@@type"] == "MapView"
    assert view["controller"]["scrollZoom"] is False
    assert view["controller"]["dragPan"] and view["controller"]["doubleClickZoom"]


def test_the_events_legend_names_families_so_one_colour_means_one_thing():
    """Event circles take the colour of their main type's family (palette.py): the legend has one swatch per family
    drawn, naming the types it stands for, never two swatches of one colour for two types."""
    import re

    legend = legend_html(DEFAULT_LAYERS, [], ["meeting", "agreement", "armed_conflict"])
    line = next(part for part in legend.split("<br>") if "Events at places" in part)
    swatches = re.findall(r"background:(rgba\([^)]*\))", line)
    assert len(swatches) == len(set(swatches)) == 2, line
    assert "Diplomacy and law (agreement, meeting)" in line or "Diplomacy and law (meeting, agreement)" in line
    assert "Political violence (armed conflict)" in line


def test_every_corridor_status_swatch_keeps_3_to_1_in_both_themes():
    """The under-construction and proposed swatches were a grey at half opacity: 1.8:1 on white and 2.2:1 on the
    dark page. Each status swatch, as the page shows it (its alpha over the background), keeps 3:1 in both themes,
    and the translucent statuses still look unlike the opaque ones."""
    import re

    from tests.unit.test_contrast import BACKGROUNDS, MINIMUM, contrast
    for theme, background in BACKGROUNDS.items():
        line = next(part for part in legend_html(DEFAULT_LAYERS, dark=theme == "dark").split("<br>")
                    if "Corridor status" in part)
        swatches = re.findall(r"border-top:4px (solid|dashed) rgba\((\d+),(\d+),(\d+),([\d.]+)\)", line)
        assert len(swatches) == 4, line
        seen = []
        for _, *rgb, alpha in swatches:
            back = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
            mixed = [round(int(c) * float(alpha) + b * (1 - float(alpha))) for c, b in zip(rgb, back)]
            seen.append("#{:02X}{:02X}{:02X}".format(*mixed))
        ratios = [round(contrast(c, background), 2) for c in seen]
        assert min(ratios) >= MINIMUM, (theme, ratios)
        assert len({(style, colour) for (style, *_), colour in zip(swatches, seen)}) == 4, (theme, swatches)

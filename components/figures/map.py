"""Pure builder of the Map: a pydeck Deck of the bundled country outlines under the deposits, the corridors, the
places and the filtered events at each place.

No web basemap by default: `map_provider=None` (and no `map_style`) makes the browser fetch nothing (a Carto style
would be fetched with `map_style=None`); the outlines in data/boundaries/ give the land. The web basemap is a layer the user turns
on. Every layer the user can switch is named in core/map_view.py.

Tooltips are plain text (`{"text": "{tip}"}`): the browser sets them with innerText, so text from the data is never
read as HTML (Streamlit also escapes values it puts into an HTML template). Labels are drawn by deck.gl's
TextLayer as glyphs on the canvas, never as HTML.

The builder draws what the query layer returned (`places_with_events`) and the corridors' GeoJSON as loaded: it
splits the records into layers and styles them; it filters, joins, groups and sorts nothing.
"""

from __future__ import annotations

import html
import json
import math
import re
import weakref
from collections.abc import Iterable, Mapping

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.figures.palette import FAMILY_COLOURS, TYPE_COLOURS
from core.map_labels import place_labels, place_line_labels, point_box
from core.map_view import DEFAULT_LAYERS, DEFAULT_PRESET, LAYERS, view_state
from core.text import is_blank
from core.vocab import FAMILY_OF, label

# pydeck reads a bare string argument as a JavaScript accessor ("pixels" would become `@@=pixels`); a constant
# string is written in quotes, which pydeck strips.
PIXELS = '"pixels"'
FONT = "'Helvetica Neue, Arial, Liberation Sans, sans-serif'"
# Labels are placed for the preset's zoom by core/map_labels.py so that none overlaps another: the deposits
# first, then capitals, the pipelines' ends and junctions, cities, towns. A label with no free spot at that
# zoom is left out there (a closer preset names it); every point keeps its tooltip.
DEPOSIT_SIZE, PLACE_SIZE, CORRIDOR_SIZE = 14, 13, 12
DEPOSIT_RADIUS = 11  # px: the deposit point (9) and its outline (2)
PLACE_RADIUS = 3  # px: a place's dot
# px: the events circles' radius, the largest in view at MAX_EVENT_RADIUS; the layer clamps them too
# (radiusMinPixels, radiusMaxPixels), so at any volume a circle stays a marker, not a flood over the region.
MIN_EVENT_RADIUS, MAX_EVENT_RADIUS = 4, 22
# Corridors: the drawn line's width; corridors that share a stretch of path are drawn side by side, LANE px apart
# (centre to centre), so each can be seen, hovered and clicked. A dashed line has an invisible, wider line under
# it (HIT_WIDTH) that carries the same row, so a hover or click in a gap between dashes still picks the corridor.
LINE_WIDTH, LANE, HIT_WIDTH = 4, 5, 14
PATH_STYLE = {"@@type": "PathStyleExtension", "dash": True, "offset": True}
# The deck's controller: the mouse wheel scrolls the page, not the map; drag, double-click (shift + double-click
# out) and touch still move and zoom it.
CONTROLLER = {"scrollZoom": False, "dragPan": True, "doubleClickZoom": True, "touchZoom": True, "keyboard": True}
# The tooltip is docked in the map's bottom-left corner, never beside the pointer: deck.gl places it at the pointer
# with an inline transform and pydeck's style cannot read the pointer or the canvas, so a tooltip beside a feature
# near the right or bottom edge was cut. deck.gl applies this style after its transform, so "transform: none" and
# the insets keep the box inside the canvas whatever is hovered; it wraps, and is never wider or taller than the map.
TIP = {"text": "{tip}", "style": {
    "transform": "none", "top": "auto", "left": "0.5rem", "bottom": "0.5rem", "right": "auto",
    "maxWidth": "min(24rem, calc(100% - 1rem))", "maxHeight": "calc(100% - 1rem)", "overflow": "hidden",
    "whiteSpace": "pre-wrap", "overflowWrap": "anywhere", "fontSize": "0.8rem", "boxSizing": "border-box"}}

# Colour-blind-safe colours (Paul Tol's bright and vibrant schemes).
DEPOSIT_COLOURS = {"gizilbulag": (221, 170, 51), "demirli": (170, 51, 119)}  # gold; copper-molybdenum: purple
# The legend names the deposits from this table, not from the data, so it holds no text from the data at all.
DEPOSIT_LEGEND = {"gizilbulag": "Gizilbulag (gold)", "demirli": "Demirli (copper-molybdenum)"}
OTHER_DEPOSIT_COLOURS = ((0, 153, 136), (238, 119, 51), (0, 119, 187))
MODE_COLOURS = {"road": (238, 119, 51), "rail": (0, 119, 187), "gas_pipeline": (0, 153, 136),
                "road_rail": (204, 51, 17)}
FALLBACK_COLOUR = (120, 120, 120)
# Operating routes are solid and opaque; under construction solid and translucent; proposed routes dashed and
# translucent; contested routes dashed and opaque.
STATUS_STYLE = {  # status: (dashed, alpha)
    "operating": (False, 255),
    "under_construction": (False, 130),
    "proposed": (True, 130),
    "contested": (True, 255),
}
# The legend's status swatches, opaque, by theme and by whether the status is drawn opaque (True) or translucent:
# a translucent line reads lighter on light land and darker on dark land, so its swatch does too, and each keeps
# 3:1 against the page (a translucent grey swatch was 1.8:1 on white and 2.2:1 on the dark page).
STATUS_SWATCHES = {
    "light": {True: (70, 70, 70, 255), False: (135, 135, 135, 255)},
    "dark": {True: (205, 205, 205, 255), False: (125, 125, 125, 255)},
}
THEMES = {
    "light": {"land": (236, 233, 224, 255), "border": (125, 125, 125, 255), "text": (25, 25, 25, 255),
              "halo": (255, 255, 255, 230), "point": (70, 70, 70, 255)},
    "dark": {"land": (58, 62, 72, 255), "border": (150, 152, 162, 255), "text": (240, 240, 240, 255),
             "halo": (14, 17, 23, 230), "point": (200, 200, 200, 255)},
}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _text(value) -> str:
    return "" if is_blank(value) else str(value)


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def _alt_names(value) -> str:
    names = [n.strip() for n in _text(value).split(";") if n.strip()]
    return "Also: " + ", ".join(names) if names else ""


def _coordinates_line(place: Mapping) -> str:
    source = _text(place.get("source_title")) or _text(place.get("source_id"))
    return f"Coordinates: {source} (confidence {_text(place.get('confidence')) or 'not given'})"


def deposit_colour(place_id: str, index: int) -> tuple[int, int, int]:
    return DEPOSIT_COLOURS.get(place_id, OTHER_DEPOSIT_COLOURS[index % len(OTHER_DEPOSIT_COLOURS)])


def deposit_rows(places: Iterable[Mapping]) -> list[dict]:
    """The deposits among the places, with their colour and tooltip. Gizilbulag and Demirli lie 14 km apart: the
    western one's label goes to its left, the others' to their right (`labelled` then places every label for the
    preset's zoom, deposits first, so the two never overlap)."""
    deposits = [p for p in places if p.get("kind") == "deposit"]
    west = min((float(p["lon"]) for p in deposits), default=None)
    return [{
        "id": p["place_id"], "name": _text(p["name"]), "label": _text(p["name"]),
        "position": [float(p["lon"]), float(p["lat"])], "colour": [*deposit_colour(p["place_id"], i), 255],
        "anchor": "end" if len(deposits) > 1 and float(p["lon"]) == west else "start",
        "offset": [-14 if len(deposits) > 1 and float(p["lon"]) == west else 14, 0],
        "tip": _lines(_text(p["name"]), _alt_names(p.get("alt_names")), _text(p.get("notes")), _coordinates_line(p)),
    } for i, p in enumerate(deposits)]


def place_label(name, alt_names) -> str:
    """A place's label: its name, and its first alternative name when it has one ('Khankendi / Stepanakert')."""
    first = next((n.strip() for n in _text(alt_names).split(";") if n.strip()), "")
    return f"{_text(name)} / {first}" if first and first != _text(name) else _text(name)


def place_rows(places: Iterable[Mapping]) -> list[dict]:
    """Every located place other than the deposits (which have their own layer). The label sits right of the
    place, clear of its events circle when it has one."""
    places = list(places)
    sizes = event_sizes(places)
    return [{
        "id": p["place_id"], "name": _text(p["name"]), "label": place_label(p["name"], p.get("alt_names")),
        "position": [float(p["lon"]), float(p["lat"])],
        "kind": _text(p.get("kind")), "anchor": "start", "events": int(p.get("events") or 0),
        "radius": sizes.get(p["place_id"], PLACE_RADIUS),
        "offset": [round(sizes.get(p["place_id"], PLACE_RADIUS) + 4), 0],
        "tip": _lines(f"{_text(p['name'])} ({label(_text(p.get('kind')))})", _alt_names(p.get("alt_names")),
                      _text(p.get("notes")), _coordinates_line(p)),
    } for p in places if p.get("kind") != "deposit"]


def event_radius(value: float, largest: float | None = None) -> float:
    """Pixels: the circle's area grows with `value` (events or reported fatalities at a place), the place with the
    `largest` value in view drawn at MAX_EVENT_RADIUS, so at any volume no circle is wider than that; a place with
    nothing to count (0, or no figure) at MIN_EVENT_RADIUS. Without `largest`, the count alone, capped."""
    if not value or value <= 0:
        return float(MIN_EVENT_RADIUS)
    if largest is None:
        return min(5.0 + 5.0 * math.sqrt(value), float(MAX_EVENT_RADIUS))
    return MIN_EVENT_RADIUS + (MAX_EVENT_RADIUS - MIN_EVENT_RADIUS) * math.sqrt(min(value, largest) / largest)


def _figure(place: Mapping) -> int | None:
    value = place.get("fatalities")
    return None if value is None or pd.isna(value) else int(value)


def sized_by(places: Iterable[Mapping]) -> str:
    """What the events circles' size counts: 'fatalities' when any place with events gives a fatalities figure (an
    ACLED dataset), else 'events'."""
    return "fatalities" if any(_figure(p) is not None and (p.get("events") or 0) > 0 for p in places) else "events"


def event_sizes(places: list[Mapping]) -> dict[str, float]:
    """Place id -> its events circle's radius in pixels, by reported fatalities when the places give them (sized_by),
    else by the number of events, relative to the largest in view."""
    measure = sized_by(places)
    values = {p["place_id"]: (_figure(p) or 0) if measure == "fatalities" else int(p.get("events") or 0)
              for p in places if (p.get("events") or 0) > 0}
    largest = max(values.values(), default=0)
    return {pid: event_radius(v, largest or None) for pid, v in values.items()}


def event_rows(places: Iterable[Mapping]) -> list[dict]:
    """One circle per place with at least one filtered event, sized by its reported fatalities when the dataset
    gives them, else by the count (event_sizes), coloured by the main type."""
    places = list(places)
    measure, sizes = sized_by(places), event_sizes(places)
    rows = []
    for p in places:
        count = int(p.get("events") or 0)
        if count <= 0:
            continue
        main = _text(p.get("main_type"))
        plural = "s" if count != 1 else ""
        figure = _figure(p)
        deaths = "" if measure == "events" else (
            "Reported fatalities: not given" if figure is None else f"Reported fatalities: {figure:,} (estimates)")
        rows.append({
            "id": p["place_id"], "name": _text(p["name"]), "position": [float(p["lon"]), float(p["lat"])],
            "events": count, "fatalities": figure, "sized_by": measure,
            "radius": sizes[p["place_id"]], "main_type": main,
            "colour": [*(_rgb(TYPE_COLOURS[main]) if main in TYPE_COLOURS else FALLBACK_COLOUR), 190],
            "tip": _lines(f"{_text(p['name'])}: {count:,} event{plural} in the filter",
                          f"Most frequent type: {label(main)}" if main else "", deaths),
        })
    return rows


def years_text(year_from, year_to) -> str:
    """'2020–2022', '2017 onwards', 'until 2022', or '' when no source gives the years."""
    first, last = _text(year_from), _text(year_to)
    if first and last:
        return first if first == last else f"{first}–{last}"
    return f"{first} onwards" if first else f"until {last}" if last else ""


def corridor_rows(corridors: Mapping, place_names: Mapping[str, str], source_titles: Mapping[str, str],
                  shown: Iterable[str] | None = None) -> list[dict]:
    """One path per corridor, through its GeoJSON coordinates (its located waypoints, in order). `shown`: the
    ids the query layer keeps under the filter (`corridors_in_filter`); None draws every corridor."""
    rows = []
    kept = None if shown is None else set(shown)
    for feature in corridors.get("features", []):
        props, geometry = feature.get("properties", {}), feature.get("geometry") or {}
        if geometry.get("type") != "LineString" or (kept is not None and props.get("corridor_id") not in kept):
            continue
        years = years_text(props.get("year_from"), props.get("year_to"))
        mode, status = _text(props.get("mode")), _text(props.get("status"))
        dashed, alpha = STATUS_STYLE.get(status, (True, 130))
        waypoints = " → ".join(place_names.get(w, w) for w in props.get("waypoints", []))
        source_id = _text(props.get("source_id"))
        rows.append({
            "id": _text(props.get("corridor_id")), "name": _text(props.get("name")),
            "path": [[float(lon), float(lat)] for lon, lat in geometry["coordinates"]],
            "colour": [*MODE_COLOURS.get(mode, FALLBACK_COLOUR), alpha], "dashed": dashed, "mode": mode,
            "status": status, "offset": 0.0, "hit_offset": 0.0,
            "tip": _lines(_text(props.get("name")), f"{label(mode)}, {label(status).lower()}",
                          f"Years of validity: {years}" if years else "Years not sourced: drawn under every filter",
                          f"Approximate route through waypoints: {waypoints}", _text(props.get("notes")),
                          f"Source: {source_titles.get(source_id, source_id)} "
                          f"(confidence {_text(props.get('confidence')) or 'not given'})"),
        })
    lanes = side_by_side(rows)
    for row in rows:
        # deck.gl reads `getOffset` in widths of the line it offsets: the visible line's, or the hit line's
        shift = lanes.get(row["id"], 0.0)
        row["offset"], row["hit_offset"] = shift / LINE_WIDTH, shift / HIT_WIDTH
    return rows


def _segments(path: list[list[float]]) -> dict[tuple, int]:
    """Each stretch between two consecutive points, undirected, with the direction the path runs it (+1 or -1)."""
    found = {}
    for a, b in zip(path, path[1:]):
        a, b = tuple(round(v, 6) for v in a), tuple(round(v, 6) for v in b)
        if a != b:
            found[(min(a, b), max(a, b))] = 1 if a < b else -1
    return found


def side_by_side(rows: list[dict]) -> dict[str, float]:
    """Pixel offsets (right of the direction of travel, as deck.gl's PathStyleExtension reads `getOffset`) that
    draw corridors sharing a stretch of path side by side, LANE px apart. Corridors are grouped by the stretches
    they share; in each group the n corridors take lanes centred on the path, in data order, each with its sign
    turned when it runs the shared stretch the other way. A corridor that shares nothing keeps offset 0."""
    segments = {row["id"]: _segments(row["path"]) for row in rows}
    ids = [row["id"] for row in rows]
    neighbours = {i: [j for j in ids if j != i and segments[i].keys() & segments[j].keys()] for i in ids}
    offsets: dict[str, float] = {}
    seen: set[str] = set()
    for start in ids:
        if start in seen or not neighbours[start]:
            continue
        group, todo, direction = [], [start], {start: 1}
        while todo:  # the corridors linked to `start` by shared stretches, each with its direction
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            group.append(current)
            for other in neighbours[current]:
                if other not in direction:
                    shared = next(iter(segments[current].keys() & segments[other].keys()))
                    same = segments[current][shared] == segments[other][shared]
                    direction[other] = direction[current] * (1 if same else -1)
                    todo.append(other)
        group.sort(key=ids.index)
        for lane, corridor in enumerate(group):
            offsets[corridor] = (lane - (len(group) - 1) / 2) * LANE * direction[corridor]
    return offsets


def _labels(layer_id: str, rows: list[dict], theme: dict, size: int, bold: bool = False) -> pdk.Layer:
    """Each row's `label` drawn on the canvas beside its point, at the row's `anchor` ('start' right of the point,
    'end' left of it, 'middle' above or below it) and `offset` in pixels."""
    return pdk.Layer(
        "TextLayer", id=layer_id, data=rows, get_position="position", get_text="label", get_size=size,
        size_units=PIXELS, get_color=list(theme["text"]), get_pixel_offset="offset", get_text_anchor="anchor",
        get_alignment_baseline='"center"', character_set='"auto"', font_family=FONT, font_weight=700 if bold else 600,
        font_settings={"sdf": True}, outline_width=4, outline_color=list(theme["halo"]), pickable=False,
    )


def labelled(deposits: list[dict], places: list[dict], zoom: float,
             centre: tuple[float, float] | None = None) -> tuple[list[dict], list[dict], list[tuple]]:
    """The deposit and place rows whose labels fit at `zoom` without overlapping (core/map_labels.py; inside a
    phone's view of the `centre` (lon, lat) where they can), each with the anchor and pixel offset it was placed
    at; and the boxes those labels take."""
    items = [{"id": r["id"], "name": r["label"], "lon": r["position"][0], "lat": r["position"][1],
              "kind": "deposit", "size": DEPOSIT_SIZE, "radius": DEPOSIT_RADIUS} for r in deposits]
    items += [{"id": r["id"], "name": r["label"], "lon": r["position"][0], "lat": r["position"][1],
               "kind": r["kind"], "size": PLACE_SIZE, "radius": r["radius"], "events": r["events"]} for r in places]
    placed = place_labels(items, zoom, centre)

    def fit(rows):
        return [{**r, "anchor": placed[r["id"]].anchor, "offset": list(placed[r["id"]].offset)}
                for r in rows if r["id"] in placed]

    return fit(deposits), fit(places), [spot.box for spot in placed.values()]


def corridor_wordings(name: str) -> list[str]:
    """A corridor label's wordings, longest first: its name; without the part in brackets ('Lachin corridor');
    the bracketed part alone when it is an abbreviation ('TANAP')."""
    wordings = [name]
    bracketed = re.fullmatch(r"(.*?)\s*\(([^()]*)\)(.*)", name)
    if bracketed:
        shorter = f"{bracketed[1]}{bracketed[3]}".strip()
        wordings.append(shorter)
        if re.fullmatch(r"[A-Z][A-Z0-9-]+", bracketed[2]):
            wordings.append(bracketed[2])
    return [w for i, w in enumerate(wordings) if w and w not in wordings[:i]]


def corridor_labels(corridors: list[dict], points: list[tuple[list[float], float]], taken: list[tuple],
                    zoom: float, centre: tuple[float, float] | None = None) -> list[dict]:
    """One label per corridor that has a free spot at `zoom`: its name (or a shorter wording) at a point along
    its line, above or below it, clear of the point labels' boxes (`taken`) and of the drawn points and circles
    (`points`: position and radius in px); core/map_labels.py places them. A corridor with no free spot is named
    only in its tooltip there."""
    obstacles = list(taken) + [point_box(pos[0], pos[1], radius, zoom) for pos, radius in points]
    lines = [{"id": r["id"], "names": corridor_wordings(r["name"]), "path": r["path"], "size": CORRIDOR_SIZE}
             for r in corridors]
    placed = place_line_labels(lines, zoom, obstacles, centre)
    rows = []
    for r in corridors:
        if r["id"] in placed:
            wording, position, spot = placed[r["id"]]
            rows.append({"id": r["id"], "name": r["name"], "label": wording, "position": [round(v, 6) for v in position],
                         "anchor": spot.anchor, "offset": list(spot.offset)})
    return rows


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by 2, which makes the outlines' payload about six
    times larger. The JSON is built once, at the first to_json(): a deck is not changed once drawn (the app
    caches decks and draws the same one on every rerun, where serialising the outlines cost ~100 ms)."""

    def to_json(self) -> str:
        built = _DECK_JSON.get(self)
        if built is None:
            # pydeck's own serialiser, without its indentation (the same text as re-encoding its output compactly)
            built = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
            _DECK_JSON[self] = built
        return built


# Each deck's JSON, kept beside the deck rather than in it: pydeck serialises every attribute of a deck.
_DECK_JSON: weakref.WeakKeyDictionary[CompactDeck, str] = weakref.WeakKeyDictionary()


def build_map_deck(outlines: Mapping | str, places: list[Mapping], corridors: Mapping, *,
                   layers: Iterable[str] = DEFAULT_LAYERS, preset: str = DEFAULT_PRESET, dark: bool = False,
                   place_names: Mapping[str, str] | None = None,
                   source_titles: Mapping[str, str] | None = None,
                   corridor_ids: Iterable[str] | None = None, zoom_step: int = 0, recentred: int = 0) -> CompactDeck:
    """The map for the given layers (names from core.map_view.LAYERS) and preset view, `zoom_step` levels closer
    (the zoom buttons; labels are placed for the zoom drawn), its centre nudged on every other `recentred`
    (core.map_view.view_state). `places` are the records
    of `places_with_events`; `place_names` names the corridors' waypoints (place id -> name). `outlines` is a
    GeoJSON FeatureCollection, or the URL the browser fetches it from (core.map_view.outlines_url)."""
    chosen = set(layers) & set(LAYERS)
    drawn = view_state(preset, zoom_step, recentred)
    lat, lon, zoom = drawn["latitude"], drawn["longitude"], drawn["zoom"]
    theme = THEMES["dark" if dark else "light"]
    deck_layers = [pdk.Layer(
        "GeoJsonLayer", id="outlines", data=outlines, stroked=True, filled="basemap" not in chosen,
        get_fill_color=list(theme["land"]), get_line_color=list(theme["border"]), line_width_units=PIXELS,
        get_line_width=1, line_width_min_pixels=1, pickable=False,
        extensions=[PATH_STYLE],  # its borders then share the corridors' WebGL program (see PATH_STYLE)
    )]
    corridor_list = (corridor_rows(corridors, place_names or {}, source_titles or {}, corridor_ids)
                     if "corridors" in chosen else [])
    deposit_list = deposit_rows(places) if "deposits" in chosen else []
    place_list = place_rows(places) if "places" in chosen else []
    events = event_rows(places) if "events" in chosen else []
    deposit_names, place_names_shown, taken = labelled(deposit_list, place_list, zoom, (lon, lat))
    points = ([(r["position"], DEPOSIT_RADIUS) for r in deposit_list] + [(r["position"], PLACE_RADIUS) for r in place_list]
              + [(r["position"], r["radius"]) for r in events])
    if "corridors" in chosen:
        solid = [r for r in corridor_list if not r["dashed"]]
        dashed = [r for r in corridor_list if r["dashed"]]
        # One PathStyleExtension set for every path layer (a solid line is the dash array's default, [0, 0]): each
        # set of options is another WebGL program, and compiling one is most of the first draw in software WebGL.
        style = [PATH_STYLE]
        common = {"get_path": "path", "width_units": PIXELS, "cap_rounded": True, "joint_rounded": True,
                  "pickable": True, "auto_highlight": True}
        # Under every visible line (so a solid line that shares a stretch with a dashed one keeps its own picks):
        # each dashed line's invisible hit line, wider and solid, which carries the same row.
        deck_layers.append(pdk.Layer(
            "PathLayer", id="corridors_dashed_hit", data=dashed, get_color=[0, 0, 0, 0], get_width=HIT_WIDTH,
            get_offset="hit_offset", extensions=style, highlight_color=[128, 128, 128, 70],
            **common,
        ))
        deck_layers.append(pdk.Layer("PathLayer", id="corridors", data=solid, get_color="colour",
                                     get_width=LINE_WIDTH, get_offset="offset", extensions=style, **common))
        deck_layers.append(pdk.Layer(
            "PathLayer", id="corridors_dashed", data=dashed, get_color="colour", get_width=LINE_WIDTH,
            get_offset="offset", get_dash_array=[3, 2], dash_justified=True,
            extensions=style, **common,
        ))
        names = corridor_labels(corridor_list, points, taken, zoom, (lon, lat))
        deck_layers.append(_labels("corridor_labels", names, theme, CORRIDOR_SIZE))
    if "places" in chosen:
        deck_layers.append(pdk.Layer(
            "ScatterplotLayer", id="places", data=place_list, get_position="position",
            get_fill_color=list(place_dot(dark)), radius_units=PIXELS, get_radius=PLACE_RADIUS, pickable=True,
            auto_highlight=True,
        ))
        deck_layers.append(_labels("place_labels", place_names_shown, theme, PLACE_SIZE))
    if "events" in chosen:
        deck_layers.append(pdk.Layer(
            "ScatterplotLayer", id="events", data=events, get_position="position",
            get_fill_color="colour", get_radius="radius", radius_units=PIXELS, radius_min_pixels=MIN_EVENT_RADIUS,
            radius_max_pixels=MAX_EVENT_RADIUS, stroked=True,
            get_line_color=list(theme["text"]), line_width_units=PIXELS, get_line_width=1, pickable=True,
            auto_highlight=True,
        ))
    if "deposits" in chosen:
        deck_layers.append(pdk.Layer(
            "ScatterplotLayer", id="deposits", data=deposit_list, get_position="position", get_fill_color="colour",
            radius_units=PIXELS, get_radius=9, stroked=True, get_line_color=list(theme["text"]),
            line_width_units=PIXELS, get_line_width=2, pickable=True, auto_highlight=True,
        ))
        deck_layers.append(_labels("deposit_labels", deposit_names, theme, DEPOSIT_SIZE, bold=True))
    # Without the basemap, `map_provider=None` alone: pydeck then writes its '__MAP_STYLE__' placeholder, which
    # tells Streamlit to draw no basemap. Passing `map_style=None` too would drop that, and Streamlit would fetch
    # its default Carto style.
    basemap = {"map_provider": "carto", "map_style": "dark" if dark else "light"} if "basemap" in chosen else {
        "map_provider": None}
    return CompactDeck(
        layers=deck_layers, initial_view_state=pdk.ViewState(**drawn),
        views=[pdk.View(type="MapView", controller=CONTROLLER)], tooltip=TIP, **basemap,
    )


# ---- the legend: static text from this module, never data ---------------------------------------------------------

def _swatch(colour, shape: str = "circle", dashed: bool = False, diameter: str = "0.8rem") -> str:
    r, g, b, *alpha = colour
    a = (alpha[0] if alpha else 255) / 255
    fill = f"rgba({r},{g},{b},{a:.2f})"
    if shape == "line":
        style = f"border-top:4px {'dashed' if dashed else 'solid'} {fill};width:1.6rem;height:0;vertical-align:middle"
    else:
        align = "-0.1rem" if diameter == "0.8rem" else "middle"
        style = f"background:{fill};border-radius:50%;width:{diameter};height:{diameter};vertical-align:{align}"
    return f'<span aria-hidden="true" style="display:inline-block;margin-right:0.3rem;{style}"></span>'


def place_dot(dark: bool = False) -> tuple[int, int, int, int]:
    """The colour the places' dots are drawn in."""
    return THEMES["dark" if dark else "light"]["point"]


def _item(swatch: str, text: str) -> str:
    # An inline block: a short item never breaks between its swatch and its words, and a long one wraps inside
    # the legend's width instead of running off a phone's screen (nowrap did).
    return f'<span style="display:inline-block;max-width:100%;margin-right:1rem">{swatch}{html.escape(text)}</span>'


def legend_html(layers: Iterable[str], deposit_ids: Iterable[str] = (), event_types: Iterable[str] = (),
                dark: bool = False, sized: str = "events") -> str:
    """One line per layer that is on: the colours and line styles the map uses (the places' dot in the theme's
    colour and size, as drawn). Built only from this module's constants and the vocabularies (ids from the data
    only select among them), so it holds no text from the data; it is escaped all the same."""
    chosen = set(layers)
    lines = []
    if "deposits" in chosen and deposit_ids:
        items = [_item(_swatch(deposit_colour(pid, i)), DEPOSIT_LEGEND.get(pid, "Other deposit"))
                 for i, pid in enumerate(deposit_ids)]
        lines.append("<strong>Deposits</strong> (the village point, not the pit): " + "".join(items))
    if "corridors" in chosen:
        modes = [_item(_swatch(c, "line"), label(m)) for m, c in MODE_COLOURS.items()]
        statuses = [_item(_swatch(STATUS_SWATCHES["dark" if dark else "light"][alpha == 255], "line", dashed), label(s))
                    for s, (dashed, alpha) in STATUS_STYLE.items()]
        lines.append("<strong>Corridors</strong> by mode: " + "".join(modes))
        lines.append("<strong>Corridor status</strong>: " + "".join(statuses))
        lines.append("<strong>Corridor years</strong>: drawn when their years of validity overlap the filter's; "
                     "a corridor whose years are not sourced is drawn under every filter")
    if "places" in chosen:
        dot = _swatch(place_dot(dark), diameter=f"{2 * PLACE_RADIUS}px")  # as drawn: a small dot, not a disc
        lines.append("<strong>Places</strong>: " + _item(dot, "a town, terminal, border or pipeline point, named, with "
                                                       "its other name too where the data gives one; where names "
                                                       "would overlap, the less important one is named only in a "
                                                       "closer view"))
    if "events" in chosen:
        # One colour per family of event types (palette.py): the legend names the families drawn, and within each
        # the types that give it, so no two swatches of one colour name different things.
        present = [t for t in TYPE_COLOURS if t in set(event_types)]
        families = {}
        for event_type in present:
            families.setdefault(FAMILY_OF[event_type], []).append(label(event_type).lower())
        items = [_item(_swatch(_rgb(FAMILY_COLOURS[f])), f"{label(f)} ({', '.join(types)})")
                 for f, types in families.items()]
        size = ("circle area grows with the reported fatalities there: estimates, as ACLED says; a place whose "
                "events give no figure is drawn smallest" if sized == "fatalities" else "circle area grows with the count")
        lines.append(f"<strong>Events at places</strong> ({size}; the largest {2 * MAX_EVENT_RADIUS} px wide), "
                     "coloured by the family of the most frequent type: " + ("".join(items) or "none in the filter"))
    return "<div style='line-height:1.9;font-size:0.9rem'>" + "<br>".join(lines) + "</div>" if lines else ""

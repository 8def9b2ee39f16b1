"""Put the Map on screen: the deck, cached per data version, filter, view, layers and theme; its caption and
legend."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from components.shell.caches import shared_cache
from components.figures.map import build_map_deck, legend_html
from core.filters import FilterSpec
from core.map_view import outlines_url, read_outlines
from core.query import Store
from core.query.records import records

MAP_HEIGHT = 520
# The deck's controller leaves the mouse wheel to the page (components/figures/map.py, CONTROLLER).
ZOOM_HINT = ("The mouse wheel scrolls the page, not the map. Drag to move the map; zoom with the buttons above it, "
             "or double-click to zoom in, shift + double-click to zoom out; on a touch screen, pinch.")
BASEMAP_ZOOM_HINT = " With the web basemap on, the + and − buttons in the map's corner zoom too."
CHART_KEY = "map_chart"
CAPTION = (
    "Country outlines: Natural Earth admin-0, version 4.1.0 (1:50m, public domain), via the world-atlas 2.0.2 "
    "package. They show de facto control as Natural Earth 4.1.0 drew it, before it offered per-country "
    "viewpoints: Crimea inside Russia; Nagorno-Karabakh, Abkhazia and South Ossetia with no line of their own. "
    "They are not a statement about sovereignty. The Line of Contact and the de facto areas are not drawn: no "
    "stored source gives their geometry. Corridors join their waypoints with straight lines: approximate routes. "
    "A corridor is drawn when its sourced years of validity overlap the filter's years; one whose years no source "
    "gives is drawn under every filter (its tooltip says “years not sourced”). Corridors carry no actors, so the "
    "actor filter does not narrow them."
)


@shared_cache(max_entries=32)
def _deck(version: str, spec: FilterSpec, layers: frozenset[str], preset: str, dark: bool, zoom_step: int,
          recentred: int, _store: Store) -> pdk.Deck:
    # Keyed by the data version and the settings; the store (unhashed) belongs to `version`.
    places = records(_store.places_with_events(spec))
    names = {p["place_id"]: p["name"] for p in places}
    names.update({p["place_id"]: p["name"] for p in records(_store.unlocated_places(spec))})
    corridors = _store.dataset.corridors
    titles = {}
    for feature in corridors.get("features", []):
        source_id = feature.get("properties", {}).get("source_id")
        if source_id and source_id not in titles:
            row = _store.source(source_id)
            titles[source_id] = row["title"] if row else source_id
    kept = list(_store.corridors_in_filter(spec)["corridor_id"])
    return build_map_deck(_outlines(_store.dataset.data_dir), places, corridors, layers=layers, preset=preset,
                          dark=dark, place_names=names, source_titles=titles, corridor_ids=kept,
                          zoom_step=zoom_step, recentred=recentred)


def _outlines(data_dir) -> dict | str:
    """The outlines' static URL when the server serves them (the browser fetches them once and caches them), else
    the outlines themselves, inside the deck."""
    served = outlines_url(data_dir) if st.get_option("server.enableStaticServing") else None
    return served or read_outlines(data_dir)


def _dark() -> bool:
    theme = getattr(st.context, "theme", None)
    return getattr(theme, "type", None) == "dark"


def render_map(store: Store, spec: FilterSpec, preset: str, layers: frozenset[str], zoom_step: int = 0,
               recentred: int = 0):
    """Draw the map (`zoom_step` levels closer than the preset; `recentred`: resets so far, see
    core.map_view.view_state) and its caption and legend; return the chart's selection state (what was clicked)."""
    dark = _dark()
    deck = _deck(store.fingerprint, spec, layers, preset, dark, zoom_step, recentred % 2, store)
    state = st.pydeck_chart(
        deck, height=MAP_HEIGHT, key=CHART_KEY, on_select="rerun", selection_mode="single-object",
        alt="Map of the region: country outlines under the layers chosen above. Click a point or a corridor to see "
            "its evidence under the map.",
    )
    st.caption(ZOOM_HINT + (BASEMAP_ZOOM_HINT if "basemap" in layers else ""))
    st.caption(CAPTION)
    places = deck_ids(deck, "deposits")
    events = layer_data(deck, "events")
    types = sorted({d["main_type"] for d in events})
    sized = "fatalities" if any(d.get("sized_by") == "fatalities" for d in events) else "events"
    legend = legend_html(layers, places, types, dark=dark, sized=sized)
    if legend:
        # Static HTML built by components/figures/map.py from its own constants (colour swatches); no data text.
        st.markdown(legend, unsafe_allow_html=True)
    return state


def layer_data(deck: pdk.Deck, layer_id: str) -> list[dict]:
    found = [layer for layer in deck.layers if layer.id == layer_id]
    return list(found[0].data) if found else []


def deck_ids(deck: pdk.Deck, layer_id: str) -> list[str]:
    return [row["id"] for row in layer_data(deck, layer_id)]

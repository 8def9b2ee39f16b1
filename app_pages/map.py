"""Map: the Gizilbulag and Demirli deposits, the transport and energy corridors, the places and the filtered
events at each place, over country outlines bundled with the data, so it draws with no internet access (a web
basemap is an option, off by default). A preset view, the zoom buttons' steps and the layer toggles are kept in the link; a click on a
point or a corridor shows its evidence under the map, as on the Timeline. Places that no source locates are listed
under the map with their notes and source, never given a guessed point."""

import streamlit as st

from components.map.controls import render_controls, render_zoom_buttons
from components.map.deck import render_map
from components.map.selection import render_selection
from components.map.unlocated import render_unlocated
from components.shell.empty_state import render_empty_state
from components.shell.view import current


def render(view) -> None:
    st.title("Map")
    total = view.store.count("events", view.spec)
    if total == 0:
        render_empty_state("events", view)
    preset, layers = render_controls(view)
    zoom_step, recentred = render_zoom_buttons(view, preset)
    state = render_map(view.store, view.spec, preset, layers, zoom_step, recentred)
    with st.container(border=True):
        st.markdown("##### Evidence")
        render_selection(view, state)
    render_unlocated(view)


render(current())

"""The relations network as of the end of the filter's years."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import network_edges, network_figure
from components.figures.relations import WIDTH
from components.shell.view import View

BOX_KEY = "relations_network_box"  # Streamlit gives the container the class st-key-<key>
# Streamlit shrinks a chart to a narrower column; the box keeps the figure's width and scrolls instead.
_SCROLL_CSS = (f"<style>.st-key-{BOX_KEY} {{ overflow-x: auto; }} "
               f".st-key-{BOX_KEY} > div {{ min-width: {WIDTH}px; }}</style>")


def render_network(view: View) -> None:
    end = view.spec.years[1]
    edges = network_edges(view.store, view.spec)
    if not edges:
        st.caption(f"No relation under this filter is in force at the end of {end}.")
        return
    # The figure has a fixed size (its names are placed in its pixels); on a narrower screen its box scrolls sideways.
    st.html(_SCROLL_CSS)
    with st.container(key=BOX_KEY):
        st.plotly_chart(network_figure(view.store, view.spec), key="relations_network", theme="streamlit",
                        width="content", config={"displaylogo": False, "displayModeBar": False})
    st.caption(f"{len(edges)} relation{'s' if len(edges) != 1 else ''} in force at the end of {end}. Node colour is "
               "the actor's (its state's) colour; the line's style is the kind of relation. Hover the diamond on a "
               "line for its evidence. The positions are fixed: they do not move between filters. On a narrow screen the "
               "chart scrolls sideways.")

"""The relations network as of the end of the filter's years."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import network_edges, network_figure
from components.shell.view import View


def render_network(view: View) -> None:
    end = view.spec.years[1]
    edges = network_edges(view.store, view.spec)
    if not edges:
        st.caption(f"No relation under this filter is in force at the end of {end}.")
        return
    st.plotly_chart(network_figure(view.store, view.spec), key="relations_network", theme="streamlit",
                    width="stretch", config={"displaylogo": False, "displayModeBar": False})
    st.caption(f"{len(edges)} relation{'s' if len(edges) != 1 else ''} in force at the end of {end}. Node colour is "
               "the actor's (its state's) colour; the line's style is the kind of relation. Hover the diamond on a "
               "line for its evidence. The positions are fixed: they do not move between filters.")

"""A topic's stances over time: a topic picker and one step line per actor."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import history_figure
from components.shell.view import View


def render_history(view: View, topics: list[str]) -> None:
    """`topics`: the topic ids the heatmap shows, in its order (the picker's choices)."""
    names = view.domain.names
    topic = st.selectbox("Topic", topics, format_func=lambda t: names.get(t, t), key="stance_history_topic")
    if topic is None:
        return
    st.plotly_chart(history_figure(view.store, view.spec, topic), key="stance_history_chart", theme="streamlit",
                    width="stretch", config={"displaylogo": False, "displayModeBar": False})
    st.caption("Each line holds an actor's stance from one statement to the next; the marker's shape gives the "
               "statement's confidence (filled: high, hollow: medium, cross: low). Hover a marker for its quote.")

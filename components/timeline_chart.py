"""Put the Timeline figure on screen: cached per data version and filter, clickable, selection in the URL."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.dataset import get_dataset
from components.selection import chart_selected_ids, sync_selection
from components.timeline_figure import build_timeline
from core.filters import FilterSpec, apply_events

CHART_KEY = "timeline_chart"


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(version: str, spec: FilterSpec) -> go.Figure:
    # Keyed by the small (version, spec) pair, never by a DataFrame; the figure is shared read-only.
    dataset, _ = get_dataset()
    events = apply_events(dataset.events, spec, dataset.actors)
    return build_timeline(events, dataset.actors, dataset.events[dataset.events["key_period"]])


def render_timeline(version: str, spec: FilterSpec) -> None:
    """Draw the timeline for a non-empty filter and record a clicked marker as the selected event."""
    chart = st.plotly_chart(
        _figure(version, spec), key=CHART_KEY, on_select="rerun", selection_mode="points", theme="streamlit",
        width="stretch", config={"displaylogo": False},
    )
    sync_selection(CHART_KEY, chart_selected_ids(chart))

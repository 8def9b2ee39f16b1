"""Put the US aid figure on screen: cached per data version and filter; a click on an event marker selects
that event (kept in the URL, shown in the evidence panel), a click on a bar shows that row's evidence."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.figures.aid import build_aid_chart
from components.shared.selection import sync_selection
from core.filters import FilterSpec
from core.query import Store
from core.query.aid import AidView

CHART_KEY = "us_aid_chart"


@st.cache_resource(max_entries=32, show_spinner=False)
def _view(version: str, spec: FilterSpec, _store: Store) -> AidView:
    # Keyed by the data version and the spec; the store (unhashed) belongs to `version`. Shared read-only.
    return _store.aid_view(spec)


@st.cache_resource(max_entries=32, show_spinner=False)
def _overlay(version: str, spec: FilterSpec, with_events: bool, _store: Store) -> list[dict] | None:
    return _store.aid_overlay(spec) if with_events else None


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(version: str, spec: FilterSpec, with_events: bool, _store: Store) -> go.Figure:
    return build_aid_chart(_view(version, spec, _store), _overlay(version, spec, with_events, _store))


def aid_view(store: Store, spec: FilterSpec) -> AidView:
    """What the page draws for this filter, computed once per data version and filter."""
    return _view(store.fingerprint, spec, store)


def aid_overlay(store: Store, spec: FilterSpec, with_events: bool) -> list[dict] | None:
    """The policy events over the bars; None when the dataset has no events table."""
    return _overlay(store.fingerprint, spec, with_events, store)


def render_aid_chart(store: Store, spec: FilterSpec, with_events: bool) -> str | None:
    """Draw the figure; a clicked event goes to the URL; returns the id of a clicked bar or total, if any."""
    state = st.plotly_chart(
        _figure(store.fingerprint, spec, with_events, store), key=CHART_KEY, on_select="rerun",
        selection_mode="points", theme="streamlit", width="stretch", config={"displaylogo": False},
    )
    points = state.selection.points if state and state.selection else []
    picked = [p.get("customdata") for p in points if isinstance(p.get("customdata"), (list, tuple))]
    sync_selection(CHART_KEY, [str(d[0]) for d in picked if len(d) > 1 and d[1] == "event"])
    rows = [str(d[0]) for d in picked if len(d) > 1 and d[1] == "aid"]
    return rows[0] if rows else None

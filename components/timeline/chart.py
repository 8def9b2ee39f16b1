"""Put the Timeline figure on screen: cached per data version and filter, clickable, selection in the URL."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.shell.caches import shared_cache
from components.figures.frozen import freeze
from components.figures.timeline import AGGREGATE_THRESHOLD, build_timeline
from components.shared.measure import choose_measure, fatalities_caption
from components.shared.selection import chart_selected_ids, sync_selection
from components.timeline.scroll import install_tap_select
from core.filters import FilterSpec
from core.query import Store, TimelineData

CHART_KEY = "timeline_chart"


@shared_cache(max_entries=32)
def _data(version: str, spec: FilterSpec, _store: Store) -> TimelineData:
    # Keyed by the data version and the spec only; the store is passed in (unhashed) and belongs to `version`,
    # so data cached for one dataset is never served for another. Shared read-only.
    return _store.timeline(spec, AGGREGATE_THRESHOLD)


@shared_cache(max_entries=32)
def _figure(version: str, spec: FilterSpec, measure: str, _store: Store) -> go.Figure:
    fatalities = _store.monthly_fatalities_by_type(spec) if measure == "fatalities" else None
    return freeze(build_timeline(_data(version, spec, _store), years=spec.years, fatalities=fatalities))


def timeline_data(store: Store, spec: FilterSpec) -> TimelineData:
    """What the timeline draws for this filter (counts included), computed once per data version and filter."""
    return _data(store.fingerprint, spec, store)


def render_timeline(store: Store, spec: FilterSpec) -> None:
    """Draw the timeline for a non-empty filter, with the Events / Fatalities choice for its count bars when the
    dataset gives fatalities, and record a clicked marker as the selected event."""
    measure = choose_measure(store)
    chart = st.plotly_chart(
        _figure(store.fingerprint, spec, measure, store), key=CHART_KEY, on_select="rerun", selection_mode="points",
        theme="streamlit", width="stretch", config={"displaylogo": False},
    )
    sync_selection(CHART_KEY, chart_selected_ids(chart))
    install_tap_select()
    if measure == "fatalities":
        st.caption("The bars under the lanes count reported fatalities per month. "
                   + fatalities_caption(store.fatalities_known(spec)))

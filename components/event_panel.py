"""The detail panel for one event: title, date, actor chips, place, verbatim evidence, related events."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.evidence import render_evidence, source_line
from components.view import View
from core.event_rows import related_events, when
from core.text import md_escape
from core.vocab import label


def render_event_panel(view: View, event_id: str | None, in_filter: bool) -> None:
    events = view.dataset.events
    rows = events.loc[events["event_id"] == event_id] if event_id else events.iloc[0:0]
    if rows.empty:
        st.caption("Click a marker on the timeline, or a row in the table below, to see its evidence here.")
        return
    event = rows.iloc[0]
    st.markdown(f"#### {md_escape(event['title'])}")
    st.markdown(f"**{md_escape(when(event))}** · {md_escape(label(event['event_type']))}")
    if not in_filter:
        st.caption("This event is outside the current filter; it is shown because the link names it.")
    chips = [view.actor_names.get(a, a) for a in event["actor_ids"]]
    st.markdown(" ".join(f":gray-badge[{md_escape(name)}]" for name in chips))
    place = event["place_id"]
    if isinstance(place, str):
        places = view.dataset.places.set_index("place_id")
        st.caption(f"Place: {md_escape(places.loc[place, 'name'])}")
    render_evidence(view.dataset, event["evidence"], event["source_id"], event["confidence"], event["notes"])
    if isinstance(event["correction_source_id"], str):
        st.caption(f"Corrected value from: {source_line(view.dataset, event['correction_source_id'])}")
    related = related_events(events, event_id)
    if not related.empty:
        st.markdown("**Related events** (shared actors, ±30 days)")
        for _, other in related.iterrows():
            st.caption(f"{md_escape(when(other))} · {md_escape(other['title'])}")


def event_in(events: pd.DataFrame, event_id: str | None) -> bool:
    return bool(event_id) and bool((events["event_id"] == event_id).any())

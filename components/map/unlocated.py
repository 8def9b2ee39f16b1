"""The places the map cannot show: no source gave their coordinates, and none is guessed."""

from __future__ import annotations

import streamlit as st

from components.shell.view import View
from core.query.records import records
from core.text import is_blank, md_escape
from core.vocab import label


def render_unlocated(view: View) -> None:
    places = records(view.store.unlocated_places(view.spec))
    if not places:
        return
    st.subheader("Not on the map")
    st.markdown("No source gives coordinates for these places, so the map leaves them out rather than guess a point.")
    for place in places:
        count = int(place["events"] or 0)
        events = f"{count:,} event{'s' if count != 1 else ''} in the filter"
        st.markdown(f"**{md_escape(place['name'])}** ({md_escape(label(place['kind']))}) · {events}")
        if not is_blank(place["notes"]):
            st.markdown(md_escape(place["notes"]))
        source = place["source_title"] or place["source_id"]
        st.caption(f"Source: {md_escape(source)} · confidence: {md_escape(place['confidence'])}")

"""The detail panel for one event: title, date, actor chips, place, verbatim evidence, related events. The words
of the title and the quote that the sidebar's search text matches are in bold."""

from __future__ import annotations

import streamlit as st

from components.shared.evidence import render_evidence, source_line
from components.shell.view import View
from core.search import marked
from core.text import is_blank, md_escape, md_marked
from core.vocab import label


def render_event_panel(view: View, event_id: str | None) -> None:
    event = view.store.event(event_id) if event_id else None
    if event is None:
        st.caption("Click a marker on the timeline, or a row in the table below, to see its evidence here.")
        return
    query = view.spec.text
    st.markdown(f"#### {md_marked(marked(event['title'], query))}")
    st.markdown(f"**{md_escape(event['when_text'])}** · {md_escape(label(event['event_type']))}")
    if not view.store.in_filter(event_id, view.spec):
        st.caption("This event is outside the current filter; it is shown because the link names it.")
    st.markdown(" ".join(f":gray-badge[{md_escape(name)}]" for _, name in event["actors_named"]))
    if not is_blank(event["place_name"]):
        st.caption(f"Place: {md_escape(event['place_name'])}")
    render_evidence(view.store, event["evidence"], event["source_id"], event["confidence"], event["notes"],
                    cite=("event", event_id), query=query)
    if not is_blank(event["correction_source_id"]):
        st.markdown(f"Corrected value from: {source_line(view.store, event['correction_source_id'])}")
    related = view.store.related(event_id)
    if related:
        st.markdown("**Related events** (shared actors, ±30 days)")
        for other in related:
            st.caption(f"{md_escape(other['when_text'])} · {md_escape(other['title'])}")

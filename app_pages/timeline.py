"""Timeline: the filtered events in one swimlane per top-level actor, with date precision visible, the key
periods as background bands and a monthly count below; click a marker (or a table row) for its verbatim
evidence. The events explorer underneath lists the same events and downloads them as CSV."""

import streamlit as st

from components.empty_state import render_empty_state
from components.event_panel import event_in, render_event_panel
from components.events_table import render_events_table
from components.selection import selected_event_from_url
from components.timeline_chart import render_timeline
from components.view import current
from core.filters import apply_events
from core.text import md_escape


def render(view) -> None:
    dataset = view.dataset
    events = apply_events(dataset.events, view.spec, dataset.actors)

    st.title("Timeline")
    if events.empty:
        render_empty_state("events", view.spec, view.actor_labels)
        return

    chart_col, panel_col = st.columns([3, 1.15], gap="medium")
    with chart_col:
        render_timeline(dataset.fingerprint, view.spec)
        plural = "s" if len(events) != 1 else ""
        st.caption(
            f"{len(events)} event{plural}. Hollow markers with a shaded span: the source gives only the month or "
            "year. Bars: periods. Background bands: key periods. Drag the slider under the count chart to zoom."
        )

    st.subheader("Events explorer")
    render_events_table(view, events)

    # Read the selection after both widgets had their say, so a click on either shows at once.
    selected, notice = selected_event_from_url(set(dataset.events["event_id"]))
    with panel_col:
        st.markdown("##### Evidence")
        if notice:
            st.info(md_escape(notice))
        render_event_panel(view, selected, event_in(events, selected))


render(current())

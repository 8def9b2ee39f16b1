"""Timeline: the filtered events in one swimlane per top-level actor across the page's width, with date
precision visible, the key periods as numbered bands and a monthly count below; click a marker (or a table row)
and its verbatim evidence shows under the chart. The events explorer underneath lists the same events a page at
a time and downloads them as CSV."""

import streamlit as st

from components.shared.event_panel import render_event_panel
from components.shared.events_table import render_events_table
from components.shared.selection import selected_from_url
from components.shell.empty_state import render_empty_state
from components.shell.view import current
from components.timeline.chart import render_timeline, timeline_data
from components.timeline.scroll import EVIDENCE_KEY, scroll_to_evidence_if_new
from core.text import origin_counts


def render(view) -> None:
    data = timeline_data(view.store, view.spec)
    st.title("Timeline")
    if data.total == 0:
        render_empty_state("events", view)
        return

    render_timeline(view.store, view.spec)
    plural = "s" if data.total != 1 else ""
    by_origin = dict(data.by_origin)
    drawing = ("Each lane is a strip of monthly counts: too many events for markers to stay apart."
               if data.points is None else "Markers that fall close together in a lane are stacked in rows under its name.")
    st.caption(
        f"{data.total:,} event{plural}: {origin_counts({o: by_origin.get(o, 0) for o in view.domain.origins})}. "
        f"{drawing} Drag the handles of the slider under the count chart to zoom in."
    )
    evidence = st.container(border=True, key=EVIDENCE_KEY)

    st.subheader("Events explorer")
    render_events_table(view, data.total)

    # Read the selection after the chart and the table had their say, so a click on either shows at once.
    selected = selected_from_url()
    with evidence:
        st.markdown("##### Evidence")
        render_event_panel(view, selected)
    scroll_to_evidence_if_new(selected)


render(current())

"""The stance heatmap, and the statements of the cell a reader clicks."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import heatmap_figure
from components.actors_stances.statements import render_statements
from components.shell.view import View
from core.text import md_escape

CHART_KEY = "stance_heatmap"
BOX_KEY = "stance_heatmap_box"  # the chart's container; Streamlit gives it the class st-key-<key>
# On a phone, 12 topic columns in 390 px leave each about 17 px: too narrow to tap or to tell apart. Below 640 px
# the chart keeps a 640 px width and its own box scrolls sideways (the actor names scroll with it; the page
# does not scroll); the cells show colour only, and a tap opens the statements. Fixed rules, no text from the data.
_NARROW_SCREEN_CSS = (
    "<style>@media (max-width: 640px) { .heatmaplayer .heatmap-label { display: none; } "
    f".st-key-{BOX_KEY} {{ overflow-x: auto; }} "
    f".st-key-{BOX_KEY} > div {{ min-width: 640px; }} }}</style>"
)


def _clicked_cell(state) -> tuple[str, str] | None:
    points = (state or {}).get("selection", {}).get("points", []) if isinstance(state, dict) else state.selection.points
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) >= 2:
            return str(data[0]), str(data[1])
    return None


def render_heatmap(view: View) -> tuple[str, str] | None:
    """Draw the heatmap for a filter that leaves stances; return the clicked (actor_id, topic_id), if any."""
    st.html(_NARROW_SCREEN_CSS)
    with st.container(key=BOX_KEY):
        state = st.plotly_chart(
            heatmap_figure(view.store, view.spec), key=CHART_KEY, on_select="rerun", selection_mode="points",
            theme="streamlit", width="stretch", config={"displaylogo": False, "displayModeBar": False},
        )
    st.markdown(
        "Each cell is the actor's **latest** stance on the topic within the filter (latest date, then higher "
        "confidence, then smaller id). A superscript gives the number of statements when there are several; "
        "**?** marks a latest statement of medium or low confidence; a **dotted outline** marks a cell whose "
        "statements disagree. A blank cell means **no evidence**, which is not the grey of a neutral 0. Colours run "
        "from −2 (strongly opposes, dark orange) through 0 (neutral, grey) to +2 (strongly supports, dark purple). "
        "On a narrow screen the chart scrolls sideways and the cells show colour only: tap one for its statements."
    )
    return _clicked_cell(state)


def render_cell_statements(view: View, cell: tuple[str, str] | None) -> None:
    st.markdown("##### Statements behind a cell")
    if cell is None:
        st.caption("Click or tap a coloured cell to list every statement behind it, each with its quote.")
        return
    actor_id, topic_id = cell
    frame = view.store.cell_statements(view.spec, actor_id, topic_id)
    names = view.domain.names
    who, what = md_escape(names.get(actor_id, actor_id)), md_escape(names.get(topic_id, topic_id))
    if frame.empty:
        st.caption(f"No statement of {who} on {what} is left under this filter.")
        return
    st.markdown(f"**{who}** on **{what}**: {len(frame)} statement{'s' if len(frame) != 1 else ''}, latest first.")
    render_statements(view.store, frame)

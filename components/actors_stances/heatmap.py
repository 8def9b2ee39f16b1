"""The stance heatmap, and the statements of the cell a reader clicks."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import heatmap_figure
from components.actors_stances.statements import render_statements
from components.shell.view import View
from core.text import md_escape

CHART_KEY = "stance_heatmap"
# On a phone a column is too narrow for its label: the colour carries the stance, and a tap opens the statements.
# A fixed rule, with no text from the data in it.
_NARROW_SCREEN_CSS = "<style>@media (max-width: 640px) { .heatmaplayer .heatmap-label { display: none; } }</style>"


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
        "On a narrow screen the cells show colour only: tap one for its statements."
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

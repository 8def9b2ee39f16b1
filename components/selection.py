"""Keep one selected event in the URL (`event=<id>`), fed by chart clicks and table rows."""

from __future__ import annotations

import streamlit as st

from components.url_state import EVENT_KEY

_PREVIOUS = "_previous_selection_"


def selected_event_from_url(known_ids: set[str]) -> tuple[str | None, str | None]:
    """(event id, notice): an id the URL names that does not exist is dropped with a notice."""
    given = st.query_params.get_all(EVENT_KEY)
    if not given:
        return None, None
    value = given[-1]
    if value in known_ids:
        return value, None
    del st.query_params[EVENT_KEY]
    shown = value if len(value) <= 40 else value[:40] + "…"
    return None, f"unknown event '{shown}' in the link was ignored"


def sync_selection(widget_key: str, ids: list[str]) -> None:
    """When a widget's selection changed since the last run, write it to the URL (or clear it)."""
    previous = st.session_state.get(_PREVIOUS + widget_key, [])
    if ids == previous:
        return
    st.session_state[_PREVIOUS + widget_key] = ids
    if ids:
        st.query_params[EVENT_KEY] = ids[0]
    elif EVENT_KEY in st.query_params:
        del st.query_params[EVENT_KEY]


def chart_selected_ids(state) -> list[str]:
    points = (state or {}).get("selection", {}).get("points", []) if isinstance(state, dict) else state.selection.points
    ids = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and data:
            ids.append(str(data[0]))
        elif isinstance(data, str):
            ids.append(data)
    return ids

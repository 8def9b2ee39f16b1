"""Keep one selected row in the URL (the page's `selection_key`, e.g. `event=<id>`), fed by chart clicks and
table rows. The page registry's parser decides whether a value names a real row."""

from __future__ import annotations

import streamlit as st

from components.shell.view import current

_PREVIOUS = "_previous_selection_"


def selected_from_url(key: str | None = None) -> str | None:
    """The selected id the URL holds now (after this run's clicks) under `key` (the page's selection key by
    default), if the page's parser accepts it."""
    view = current()
    key = key or view.page.selection_key
    value = st.query_params.get(key) if key else None
    if not value:
        return None
    kept, _ = view.page.params[key](value, view.store)
    return kept


def sync_selection(widget_key: str, ids: list[str], key: str | None = None) -> bool:
    """When a widget's selection changed since the last run, write it to the URL under `key` (the page's
    selection key by default), or clear it. True when it wrote a selection."""
    key = key or current().page.selection_key
    remembered = f"{_PREVIOUS}{widget_key}:{key}"
    previous = st.session_state.get(remembered, [])
    if ids == previous or not key:
        return False
    st.session_state[remembered] = ids
    if ids:
        st.query_params[key] = ids[0]
        return True
    if key in st.query_params:
        del st.query_params[key]
    return False


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

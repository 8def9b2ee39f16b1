"""A titled placeholder for a page whose issue has not landed yet, with the rows it will draw on."""

from __future__ import annotations

import streamlit as st

from components.shell.empty_state import render_empty_state
from components.shell.view import current
from core.tables import BY_NAME


def render_coming_soon(coming: str) -> None:
    view = current()
    st.title(view.page.title)
    st.info(f"**Coming next:** {coming}", icon=":material/construction:")
    counts = {table: view.store.count(table, view.spec) for table in view.page.tables}
    if not any(counts.values()):
        render_empty_state(" or ".join(BY_NAME[t].rows for t in view.page.tables), view)
        return
    listed = ", ".join(f"{n:,} {BY_NAME[t].rows}" for t, n in counts.items())
    st.caption(f"The current filter selects {listed}.")

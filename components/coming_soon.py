"""A titled placeholder for a page whose issue has not landed yet, with the rows it will draw on."""

from __future__ import annotations

import streamlit as st

from components.view import current
from core.summary import summarise


def render_coming_soon(title: str, coming: str) -> None:
    view = current()
    summary = summarise(view.dataset, view.spec)
    st.title(title)
    st.info(f"**Coming next:** {coming}", icon=":material/construction:")
    st.caption(
        f"The current filter selects {len(summary.events)} events, {len(summary.aid)} aid rows "
        f"and {len(summary.sources)} sources."
    )

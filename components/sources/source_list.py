"""The sources the current filter's rows cite, corpus articles and public (context) sources counted apart."""

from __future__ import annotations

import streamlit as st

from components.shell.view import current
from core.text import format_partial_date


def render_cited_sources() -> None:
    view = current()
    counts = view.store.cited_source_counts(view.spec)
    if not any(counts.values()):
        return
    left, right = st.columns(2)
    left.metric("Corpus articles cited", counts["corpus"], help="The nine articles the dataset was built from")
    right.metric("Public sources cited", counts["external"], help="Pages that give context or correct the corpus")
    cited = view.store.cited_sources(view.spec)
    st.dataframe(
        cited.assign(
            Origin=cited["kind"].map({"corpus": "Corpus article", "external": "Public source"}),
            Published=[format_partial_date(p) for p in cited["published"]],
        ),
        hide_index=True, width="stretch",
        column_order=["Origin", "title", "publisher", "Published", "rows", "url"],
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "publisher": "Publisher",
            "rows": st.column_config.NumberColumn("Rows citing it", help="Rows in the current filter"),
            "url": st.column_config.LinkColumn("Address"),
        },
    )

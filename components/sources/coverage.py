"""Coverage: for each readable text, the share of its sentences that support at least one row, and for one text
the sentences that look like facts (a date, a number, a named actor) but support nothing yet: a curator's to-do
list."""

from __future__ import annotations

import streamlit as st

from components.shared.evidence import passage_link
from components.shared.kept_state import remember, restore
from components.shell.view import View
from core.text import md_escape, shorten

TODO_KEY = "coverage_source"


def render_coverage(view: View) -> None:
    table = view.store.coverage()
    if table.empty:
        st.info("This dataset has no corpus articles or stored excerpts to measure.", icon=":material/menu_book:")
        return
    st.caption("Share of each text's sentences that support at least one row (of any table, whatever the filter). "
               "To do: sentences with a date, a number or a named actor that support nothing yet.")
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_order=["title", "origin", "sentences", "supporting", "share", "to_do"],
        column_config={
            "title": st.column_config.TextColumn("Text", width="large"),
            "origin": "Kind",
            "sentences": st.column_config.NumberColumn("Sentences"),
            "supporting": st.column_config.NumberColumn("Supporting a row"),
            "share": st.column_config.ProgressColumn("Coverage", format="percent", min_value=0.0, max_value=1.0),
            "to_do": st.column_config.NumberColumn("To do", help="Fact-like sentences that support no row"),
        },
    )
    ids = list(table["source_id"])
    titles = dict(zip(table["source_id"], table["title"]))
    restore(TODO_KEY, options=ids)
    source_id = st.selectbox("To-do list of", ids, format_func=lambda i: shorten(titles[i], 90), key=TODO_KEY)
    remember(TODO_KEY, source_id)
    todo = view.store.to_do(source_id)
    if todo.empty:
        st.markdown("Every sentence of this text that looks like a fact already supports a row.")
        return
    for row in todo.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"Sentence {int(row['n'])} ({row['fact_like']}): {md_escape(row['text'])}")
            passage_link(source_id, int(row["n"]), label=f"Read passage {int(row['n'])} in context")


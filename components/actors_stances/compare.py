"""Compare two actors: their latest stances per topic side by side, the topics where they differ most first."""

from __future__ import annotations

import streamlit as st

from components.actors_stances.data import comparison_table, default_pair
from components.shell.view import View


def render_compare(view: View, actors: list[str]) -> None:
    """`actors`: the actor ids the heatmap shows, in its order (the pickers' choices)."""
    labels = view.domain.actor_labels
    default = default_pair(view.store, view.spec) or (actors[0], actors[min(1, len(actors) - 1)])
    left, right = st.columns(2)
    first = left.selectbox("First actor", actors, index=actors.index(default[0]) if default[0] in actors else 0,
                           format_func=lambda a: labels.get(a, a), key="compare_first")
    second = right.selectbox("Second actor", actors, index=actors.index(default[1]) if default[1] in actors else 0,
                             format_func=lambda a: labels.get(a, a), key="compare_second")
    if first == second:
        st.caption("Choose two different actors.")
        return
    shown = comparison_table(view.store, view.spec, first, second)
    if not shown.num_rows:
        st.caption("Neither actor has a stance under this filter.")
        return

    a, b = labels.get(first, first), labels.get(second, second)
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "topic_name": "Topic", "first_text": a, "second_text": b,
        "gap": st.column_config.TextColumn("Gap", help="How far apart their latest stances are; blank where one has none"),
        "first_when": f"{a}: date", "second_when": f"{b}: date",
        "first_evidence": st.column_config.TextColumn(f"{a}: quote", width="large"),
        "second_evidence": st.column_config.TextColumn(f"{b}: quote", width="large"),
    })
    st.caption("A blank stance means no evidence under this filter, not neutral. Topics both have a stance on "
               "come first, the widest gap first.")

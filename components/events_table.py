"""The events explorer: a sortable table of the filtered events, a CSV download and the data dictionary."""

from __future__ import annotations

import streamlit as st

from components.dataset import data_dir
from components.selection import sync_selection
from components.view import View
from core.event_rows import explorer_rows, export_rows, to_csv_bytes

TABLE_KEY = "events_table"


def render_events_table(view: View, events) -> None:
    rows = explorer_rows(events, view.dataset.sources, view.actor_names)
    state = st.dataframe(
        rows,
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        column_order=["When", "Event", "Type", "Actors", "Source", "Evidence", "Confidence"],
        column_config={
            "When": st.column_config.TextColumn("When", help="Shown at the precision the source gives", width="small"),
            "Event": st.column_config.TextColumn("Event", width="large"),
            "Evidence": st.column_config.TextColumn("Evidence (shortened; select the row for the full quote)", width="large"),
            "Confidence": st.column_config.TextColumn("Confidence", width="small"),
        },
    )
    picked = [rows.loc[i, "event_id"] for i in state.selection.rows] if state and state.selection else []
    sync_selection(TABLE_KEY, picked)

    left, right = st.columns(2)
    left.download_button(
        f"Download {'these ' + str(len(events)) + ' events' if len(events) != 1 else 'this event'} (CSV)",
        data=to_csv_bytes(export_rows(events, view.dataset.sources, view.actor_names)),
        file_name=f"south-caucasus-events-{view.dataset.fingerprint}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    dictionary = data_dir() / "README.md"
    if dictionary.exists():
        right.download_button(
            "Download the data dictionary",
            data=dictionary.read_bytes(),
            file_name="south-caucasus-data-dictionary.md",
            mime="text/markdown",
            icon=":material/menu_book:",
            on_click="ignore",
        )

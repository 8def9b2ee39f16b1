"""The events explorer: one page of the filtered events at a time, a CSV download built only on request, and
the data dictionary. The rows come from the query layer; nothing here filters or sorts a frame."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from components.shared.selection import selected_from_url, sync_selection
from components.shell.dataset import data_dir
from components.shell.view import View
from core.query import EXPLORER_PAGE_ROWS
from core.text import shorten
from core.vocab import ORIGIN_SHORT, label

TABLE_KEY = "events_table"
PAGE_KEY = "events_table_page"
EVIDENCE_PREVIEW_CHARS = 120

def render_events_table(view: View, total: int) -> None:
    pages = max(1, math.ceil(total / EXPLORER_PAGE_ROWS))
    number = 1
    if pages > 1:
        # Keyed by the filter too: a new filter starts on page 1, and a page past the new end cannot linger.
        number = int(st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1,
                                     key=f"{PAGE_KEY}-{hash(view.spec)}"))
    rows = view.store.events_page(view.spec, EXPLORER_PAGE_ROWS, (number - 1) * EXPLORER_PAGE_ROWS)
    # The figure only where the dataset gives any (an ACLED dataset); blank where unknown, never 0.
    fatalities = ["Fatalities"] if view.store.has_fatalities() else []
    # Only the columns the table shows: the browser is sent every column of the frame, hidden or not (the full
    # evidence quotes were most of the table's bytes on every new filter).
    shown = pd.DataFrame({
        "When": rows["when_text"], "Event": rows["title"], "Type": rows["event_type"].map(label),
        **({"Fatalities": rows["fatalities"]} if fatalities else {}),
        "Actors": rows["actor_names"], "Source": rows["source_title"], "Confidence": rows["confidence"],
        "Origin": rows["origin"].map(ORIGIN_SHORT),
        "Evidence": [shorten(quote, EVIDENCE_PREVIEW_CHARS) for quote in rows["evidence"].tolist()],
    })
    first = (number - 1) * EXPLORER_PAGE_ROWS + 1
    if pages > 1:
        st.caption(f"Showing events {first:,}–{first + len(rows) - 1:,} of {total:,}, in date order.")
    ids = list(rows["event_id"])  # the table shows these rows in this order
    # The selected event (from a marker click or a link) is marked in the table when it is on this page.
    selected = selected_from_url()
    marked = {"selection": {"rows": [ids.index(selected)], "columns": []}} if selected in ids else None
    # Streamlit applies selection_default only to a table it has not drawn yet, so the key names the selection.
    state = st.dataframe(
        shown,
        key=f"{TABLE_KEY}-{selected or ''}",
        on_select="rerun",
        selection_mode="single-row",
        selection_default=marked,
        hide_index=True,
        width="stretch",
        # Source, confidence and origin before the long evidence column, so they are in view at 1400 px.
        column_order=["When", "Event", "Type", *fatalities, "Actors", "Source", "Confidence", "Origin", "Evidence"],
        column_config={
            "When": st.column_config.TextColumn("When", help="Shown at the precision the source gives", width=220),
            "Event": st.column_config.TextColumn("Event", width="large"),
            "Source": st.column_config.TextColumn("Source", width="medium"),
            "Origin": st.column_config.TextColumn("Origin", help="Corpus: from one of the nine articles. Context: from a public source", width="small"),
            "Evidence": st.column_config.TextColumn("Evidence (shortened; select the row for the full quote)", width="large"),
            "Confidence": st.column_config.TextColumn("Confidence", width="small"),
            "Fatalities": st.column_config.NumberColumn(
                "Fatalities", format="%d", width="small",
                help="Reported fatalities: an estimate, as ACLED says of its own; blank where the source gives none"),
        },
    )
    picked = [ids[i] for i in state.selection.rows if i < len(ids)] if state and state.selection else []
    sync_selection(TABLE_KEY, picked)

    left, right = st.columns(2)
    store, spec = view.store, view.spec
    left.download_button(
        f"Download {'these ' + format(total, ',') + ' events' if total != 1 else 'this event'} (CSV)",
        data=lambda: store.export_csv(spec),  # built by the engine only when the button is pressed
        file_name=f"south-caucasus-events-{view.version}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        help="Exactly the filtered events, with their sources and evidence. Cells that a spreadsheet would run as "
             "a formula start with a quote.",
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

"""Contested claims: where sources report different readings of one event, the readings side by side, each with
its verbatim quote, date and source, and a link to its passage on the Sources page. Drawn as text, never HTML."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from components.shared.evidence import joined_source, render_evidence
from components.shell.empty_state import render_empty_state
from components.shell.view import View
from core.query.records import records
from core.text import format_date, is_blank, md_escape

# At most this many readings side by side; more wrap onto a second row (phones stack them all).
MAX_COLUMNS = 3
MAX_EVENTS = 12  # events shown, oldest first; the caption says how many more the filter holds
NO_ACTOR = "The source's own account (no actor named)"


def _reading(view: View, row: dict) -> None:
    who = NO_ACTOR if is_blank(row["actor_id"]) else md_escape(row["actor_name"] or row["actor_id"])
    when = format_date(row["date"]) if not is_blank(row["date"]) else "date not given by the source"
    lead = [f"**{who}** · {md_escape(when)}", f"Reading: {md_escape(row['claim'])}"]
    if not row["in_filter"]:
        lead.append("*Outside the current filter; shown so that no reading appears without the others.*")
    render_evidence(view.store, row["evidence"], row["source_id"], row["confidence"], row["notes"],
                    source=joined_source(row), lead=lead)


def render_claims(view: View) -> None:
    """Every subject with at least one reading under the filter, its readings side by side."""
    if not view.dataset.has("claims.csv"):
        st.caption("This dataset has no claims table, so no contested readings are shown.")
        return
    rows = records(view.store.contested_claims(view.spec))
    if not rows:
        render_empty_state("contested claims", view)
        return
    # The query returns the readings ordered by subject; consecutive rows of one subject are one block.
    blocks = [list(group) for _, group in groupby(rows, key=lambda r: r["subject_event_id"])]
    shown = blocks[:MAX_EVENTS]
    st.caption(f"{len(blocks):,} event{'s' if len(blocks) != 1 else ''} that sources read differently, "
               f"{len(rows):,} reading{'s' if len(rows) != 1 else ''}."
               + (f" The first {len(shown)}, oldest first, are shown: narrow the filter to see others."
                  if len(shown) < len(blocks) else "")
               + " Each reading is the source's words, quoted; none is judged right here.")
    for block in shown:
        first = block[0]
        with st.container(border=True):
            # One element for the heading and its date line: each element is one more message on every rerun.
            st.markdown(f"##### {md_escape(first['subject_title'])}\n\n"
                        f"{md_escape(first['subject_when'])} · {len(block)} readings")
            for start in range(0, len(block), MAX_COLUMNS):
                part = block[start:start + MAX_COLUMNS]
                for column, row in zip(st.columns(len(part), border=True), part):
                    with column:  # a bordered card per reading, also when phones stack them
                        _reading(view, row)

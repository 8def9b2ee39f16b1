"""Contested claims: where sources report different readings of one event, the list of those events and, for the
one picked (kept in the URL as `claim=`), its readings side by side, each with its verbatim quote, date and source,
and a link to its passage on the Sources page. Drawn as text, never HTML.

One event's readings at a time: each element is one more message on every rerun, and drawing every event's cards
was about half of this page's messages (bench/rerun_trace.py). The list itself names every contested event."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from components.actors_stances.data import contested_readings
from components.shared.evidence import joined_source, render_evidence
from components.shell.empty_state import render_empty_state
from components.shell.url_state import pick_to_url
from components.shell.view import View
from core.text import format_date, is_blank, md_escape

# At most this many readings side by side; more wrap onto a second row (phones stack them all).
MAX_COLUMNS = 3
MAX_EVENTS = 30  # events listed, oldest first; the caption says how many more the filter holds
PICK_KEY = "claims_event_pick"
URL_KEY = "claim"
NO_ACTOR = "The source's own account (no actor named)"


def _reading(view: View, row: dict) -> None:
    who = NO_ACTOR if is_blank(row["actor_id"]) else md_escape(row["actor_name"] or row["actor_id"])
    when = format_date(row["date"]) if not is_blank(row["date"]) else "date not given by the source"
    lead = [f"**{who}** · {md_escape(when)}", f"Reading: {md_escape(row['claim'])}"]
    if not row["in_filter"]:
        lead.append("*Outside the current filter; shown so that no reading appears without the others.*")
    render_evidence(view.store, row["evidence"], row["source_id"], row["confidence"], row["notes"],
                    source=joined_source(row), lead=lead)


def _option_label(block: list[dict]) -> str:
    first = block[0]
    return (f"{md_escape(first['subject_when'])} · {md_escape(first['subject_title'])} "
            f"({len(block)} reading{'s' if len(block) != 1 else ''})")


def render_claims(view: View) -> None:
    """Every subject with at least one reading under the filter, listed; the picked one's readings side by side."""
    if not view.dataset.has("claims.csv"):
        st.caption("This dataset has no claims table, so no contested readings are shown.")
        return
    rows = contested_readings(view.store, view.spec)
    if not rows:
        render_empty_state("contested claims", view)
        return
    # The query returns the readings ordered by subject; consecutive rows of one subject are one block.
    blocks = {key: list(group) for key, group in groupby(rows, key=lambda r: r["subject_event_id"])}
    shown = list(blocks)[:MAX_EVENTS]
    st.caption(f"{len(blocks):,} event{'s' if len(blocks) != 1 else ''} that sources read differently, "
               f"{len(rows):,} reading{'s' if len(rows) != 1 else ''}."
               + (f" The first {len(shown)}, oldest first, are listed: narrow the filter to see others."
                  if len(shown) < len(blocks) else "")
               + " Pick one to see its readings side by side. Each reading is the source's words, quoted; none is "
                 "judged right here.")
    given = view.params.get(URL_KEY)
    subject = st.radio("Event read differently", shown, index=shown.index(given) if given in shown else 0,
                       format_func=lambda key: _option_label(blocks[key]), key=PICK_KEY,
                       on_change=pick_to_url(PICK_KEY, URL_KEY),
                       help="The choice is kept in the page's link (claim=…), so a shared link opens on it.")
    block = blocks[subject if subject in blocks else shown[0]]
    with st.container(border=True):
        # One element for the heading and its date line: each element is one more message on every rerun.
        st.markdown(f"##### {md_escape(block[0]['subject_title'])}\n\n"
                    f"{md_escape(block[0]['subject_when'])} · {len(block)} readings")
        for start in range(0, len(block), MAX_COLUMNS):
            part = block[start:start + MAX_COLUMNS]
            for column, row in zip(st.columns(len(part), border=True), part):
                with column:  # a bordered card per reading, also when phones stack them
                    _reading(view, row)

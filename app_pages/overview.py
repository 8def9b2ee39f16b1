"""Overview: how much of the record the current filter covers (events, actors, sources, aid rows, date span),
the five latest events with their verbatim evidence, and how to read precision and confidence."""

import streamlit as st

from components.empty_state import render_empty_state
from components.evidence import render_evidence
from components.view import current
from core.summary import latest_events, summarise
from core.text import format_date, md_escape
from core.vocab import label


def render(view) -> None:
    summary = summarise(view.dataset, view.spec)

    st.title("South Caucasus Monitor")
    st.markdown(
        "Politics of Azerbaijan, Armenia and their neighbours, 2018–2022, built from news and analysis articles "
        "and looked-up public facts. Every row carries the sentence that supports it."
    )

    if summary.is_empty:
        render_empty_state("events or aid rows", view.spec, view.actor_labels)
        return

    counts = st.columns(4)
    counts[0].metric("Events", len(summary.events))
    counts[1].metric("Actors involved", len(summary.actor_ids))
    counts[2].metric("Sources cited", len(summary.sources))
    counts[3].metric("US aid rows", len(summary.aid))
    if summary.first:
        st.caption(f"Events from {summary.first} to {summary.last} (start dates, at the precision the sources give).")

    st.subheader("Latest events in this filter")
    if summary.events.empty:
        render_empty_state("events", view.spec, view.actor_labels)
    for event in latest_events(summary.events).itertuples():
        with st.container(border=True):
            who = ", ".join(view.actor_names.get(a, a) for a in event.actor_ids)
            st.markdown(f"**{format_date(event.start, event.date_precision)}** · {md_escape(event.title)}")
            st.caption(f"{label(event.event_type)} · {md_escape(who)}")
            render_evidence(view.dataset, event.evidence, event.source_id, event.confidence, event.notes)

    with st.expander("How to read this", expanded=False):
        st.markdown(
            "- **Dates are shown at the precision the source gives.** “Dec 2022” means the source names only the month; "
            "such an event is placed on the first of the month for sorting, not because it happened then.\n"
            "- **Confidence** is *high*, *medium* or *low*. It is the source's reliability for that fact, rounded down, "
            "never up (a fact marked “medium-low” in our reference notes is *low*).\n"
            "- **Quotes are verbatim.** Where the article was vague or wrong (for example “the meeting in Sochi on "
            "October 3”), the quote is kept and the corrected date comes from a named public source; the note says so.\n"
            "- **Blank means unknown.** An unknown amount is left blank, never shown as 0."
        )


render(current())

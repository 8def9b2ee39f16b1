"""Overview: how much of the record the current filter covers (events by origin, actors, sources, US aid figures,
date span), what happened when (events per month by type with the key periods, and one line per recent month
linking to its events on the Timeline), how complete each year of the record is (events per year by origin),
the five latest events with their verbatim evidence, and how to read precision and confidence."""

import streamlit as st

from components.overview.trend import RECENT_MONTHS, TITLES_PER_MONTH, render_coverage, render_trend
from components.shared.evidence import joined_source, render_evidence
from components.shell.empty_state import render_empty_state
from components.shell.view import current
from core.fields import AID, join_words
from core.text import md_escape, origin_counts
from core.vocab import label

LATEST_EVENTS = 5  # the evidence cards


def render(view) -> None:
    summary = view.store.summary(view.spec)

    st.title("South Caucasus Monitor")
    st.markdown(
        "Politics of Azerbaijan, Armenia and their neighbours, 2018–2022, built from news and analysis articles "
        "and looked-up public facts. Every row carries the sentence that supports it."
    )

    if summary.is_empty:
        render_empty_state("events or US aid figures", view)
        return

    # A wrapping row: four across on a desktop, two by two on a phone (columns would stack them one per row).
    counts = st.container(horizontal=True, gap="small")
    by_origin = dict(summary.by_origin)
    origins = origin_counts({o: by_origin.get(o, 0) for o in view.domain.origins})
    counts.metric("Events", f"{summary.events:,}", width=150, help=origins[:1].upper() + origins[1:])
    counts.metric("Actors involved", f"{summary.actors_involved:,}", width=150)
    counts.metric("Sources cited", f"{summary.sources_cited:,}", width=150)
    lacking = view.page.lacking_optional(view.dataset)
    if AID not in {t.name for t in lacking}:
        counts.metric("US aid figures", f"{summary.aid_rows:,}", width=150,
                      help="Amounts of US assistance to the region (appropriated, notified, requested…), each with its source")
    if lacking:  # one line, not a refusal: an ACLED upload has events and sources only
        st.caption(f"This dataset has no {join_words([t.name for t in lacking], 'or')} table, so the figures here "
                   "leave them out.")
    st.caption(f"Events by origin: {origin_counts({o: by_origin.get(o, 0) for o in view.domain.origins}, bold=True)}.")
    if summary.first:
        note = {"year": ", year only", "month": ", month only"}.get(summary.first_precision, "")
        st.caption(f"First event: {summary.first}{note}. Latest event: {summary.last}. "
                   "Dates are start dates, at the precision the sources give.")

    # The latest events and the recent months' first events, in one question.
    events = view.store.overview_events(view.spec, LATEST_EVENTS, RECENT_MONTHS, TITLES_PER_MONTH + 1)
    if summary.events:
        render_trend(view, summary, events.recent)
        render_coverage(view, summary)

    st.subheader("Latest events in this filter")
    latest = events.latest
    if not latest:
        render_empty_state("events", view)
    for event in latest:  # each record carries its source's fields and its quote's passage: no query per card
        with st.container(border=True):
            render_evidence(view.store, event["evidence"], event["source_id"], event["confidence"], event["notes"],
                            source=joined_source(event), passage=event["passage"],
                            lead=(f"**{md_escape(event['when_text'])}** · {md_escape(event['title'])}  \n"
                                  f"{label(event['event_type'])} · {md_escape(event['actor_names'])}",))

    with st.expander("How to read this", expanded=False):
        st.markdown(
            "- **Dates are shown at the precision the source gives.** “Dec 2022” means the source names only the month; "
            "such an event is placed on the first of the month for sorting, not because it happened then.\n"
            "- **Confidence** is *high*, *medium* or *low*. It is the source's reliability for that fact, rounded down, "
            "never up (a fact marked “medium-low” in our reference notes is *low*).\n"
            "- **Origin.** *Corpus* events come from the nine articles the dataset was built from; *context* events "
            "come from public sources, each with its stored excerpt, and fill in what an analyst expects to see. "
            "*ACLED* and *your upload* events are rows uploaded on the Data page; their quotes are not verified.\n"
            "- **Quotes are verbatim.** Where the article was vague or wrong (for example “the meeting in Sochi on "
            "October 3”), the quote is kept and the corrected date comes from a named public source; the note says so.\n"
            "- **Blank means unknown.** An unknown amount is left blank, never shown as 0."
        )


render(current())

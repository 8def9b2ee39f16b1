"""The measure of the monthly counts (Overview trend, Timeline count bars): events, or reported fatalities when
the dataset gives any fatalities figure (an ACLED dataset does; the bundled record does not, and then no choice is
drawn). One choice for both pages, kept when the reader moves between them (components/shared/kept_state.py).

A blank figure is unknown, never 0: a fatalities count covers only the events that give one, and the caption says
how many of the view's events that is."""

from __future__ import annotations

import streamlit as st

from components.shared.kept_state import remember, restore
from core.query import Store
from core.query.overview import FatalitiesKnown

MEASURE_KEY = "measure"
MEASURES = {"events": "Events", "fatalities": "Fatalities"}
# ACLED's own word on the figure (its codebook): the most conservative reported estimate, revised as more is known.
ESTIMATE_NOTE = ("Fatalities are reported estimates, as ACLED says of its own: it codes the most conservative figure "
                 "its sources report and revises it as more is known. A blank figure is unknown and is not counted "
                 "as 0.")


def choose_measure(store: Store, key: str = MEASURE_KEY) -> str:
    """Draw the Events / Fatalities choice when the dataset gives any fatalities figure and return the measure
    chosen; 'events', with nothing drawn, when it gives none."""
    if not store.has_fatalities():
        return "events"
    restore(key, "events", list(MEASURES))
    chosen = st.segmented_control("Count per month", list(MEASURES), format_func=MEASURES.get, key=key,
                                  required=True, help=ESTIMATE_NOTE)
    measure = chosen if chosen in MEASURES else "events"
    remember(key, measure)
    return measure


def fatalities_caption(known: FatalitiesKnown) -> str:
    """'Fatalities known for 1,204 of 2,000 events in this view. Fatalities are reported estimates …'."""
    return (f"Fatalities known for {known.known:,} of {known.events:,} event{'s' if known.events != 1 else ''} "
            f"in this view. {ESTIMATE_NOTE}")

"""Sources: every article and public page behind the data. The source list gives each one's title, author,
outlet, date at its precision, address, confidence and how many filtered rows of each table cite it; the reader
shows a corpus article (or a stored excerpt) in full with its evidence passages marked and the rows each passage
supports, opened by a deep link `?source=<id>&passage=<n>`; search finds passages in every text, folding case,
accents and places' other names; coverage gives each text's share of sentences supporting a row and a to-do
list of fact-like sentences that support nothing yet. Only the open tab is built; a tab switch is a rerun."""

import streamlit as st

from components.shell.view import current
from components.sources.coverage import render_coverage
from components.sources.reader import render_reader
from components.sources.search import render_search
from components.sources.source_list import render_counts, render_source_list

TABS = ("Source list", "Reader", "Search", "Coverage")
TAB_KEY = "sources_tab"


def render(view) -> None:
    st.title("Sources")
    render_counts(view)
    # Only the open tab runs (on_change="rerun" makes the tabs report which one is open): every tab's content would
    # otherwise be built, sent and drawn hidden on every rerun, two data grids and a whole article among them.
    tabs = st.tabs(TABS, default="Reader" if "source" in view.params else None, key=TAB_KEY, on_change="rerun")
    for tab, render_tab in zip(tabs, (render_source_list, render_reader, render_search, render_coverage)):
        if tab.open:
            with tab:
                render_tab(view)


render(current())

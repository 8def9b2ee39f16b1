"""Sources: every article and public page behind the data. The source list gives each one's title, author,
outlet, date at its precision, address, confidence and how many filtered rows of each table cite it; the reader
shows a corpus article (or a stored excerpt) in full with its evidence passages marked and the rows each passage
supports, opened by a deep link `?source=<id>&passage=<n>`; search finds passages in every text, folding case,
accents and places' other names; coverage gives each text's share of sentences supporting a row and a to-do
list of fact-like sentences that support nothing yet."""

import streamlit as st

from components.shell.view import current
from components.sources.coverage import render_coverage
from components.sources.reader import render_reader
from components.sources.search import render_search
from components.sources.source_list import render_counts, render_source_list

TABS = ("Source list", "Reader", "Search", "Coverage")


def render(view) -> None:
    st.title("Sources")
    render_counts(view)
    listing, reader, search, coverage = st.tabs(TABS, default="Reader" if "source" in view.params else None)
    with listing:
        render_source_list(view)
    with reader:
        render_reader(view)
    with search:
        render_search(view)
    with coverage:
        render_coverage(view)


render(current())

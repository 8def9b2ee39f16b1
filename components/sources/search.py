"""Full-text search over every readable text: each result is a snippet with every matching word in bold (the
first match, and every word whose stem a query word begins: core/search.marked) and a link to its passage in the
reader. Every word of the query must occur; case, accents and a place's other names are folded
(the query layer's `search_passages`)."""

from __future__ import annotations

import streamlit as st

from components.shared.evidence import passage_link
from components.shared.kept_state import remember, restore
from components.shell.view import View
from core.query.sources import SEARCH_LIMIT
from core.search import marked
from core.text import md_escape, md_marked, shorten

SEARCH_KEY = "sources_search"


def render_search(view: View) -> None:
    restore(SEARCH_KEY)
    query = st.text_input("Search the texts", max_chars=200, key=SEARCH_KEY,
                          placeholder="e.g. Qizilbulaq, Lachin corridor, Khankendi",
                          help="Finds passages holding every word, in any form, case or accent (peacekeeping finds "
                               "peacekeepers); a place's other names count too (Qizilbulaq finds Gizilbulag, "
                               "Khankendi finds Stepanakert).")
    remember(SEARCH_KEY, query)
    if not query.strip():
        st.markdown("Type a word or a few words to search every corpus article and stored excerpt.")
        return
    found = view.store.search_passages(query)
    if found.empty:
        st.info(f"No passage holds every word of “{md_escape(shorten(query, 60))}”.", icon=":material/search_off:")
        return
    more = f" (the first {SEARCH_LIMIT} are shown)" if len(found) >= SEARCH_LIMIT else ""
    holds = "passage holds" if len(found) == 1 else "passages hold"
    st.caption(f"{len(found)} {holds} every word{more}.")
    for row in found.to_dict("records"):
        with st.container(border=True):
            st.markdown(md_marked(marked(row["before"], query) + [(row["match"], True)] + marked(row["after"], query)))
            passage_link(row["source_id"], int(row["n"]),
                         label=f"{shorten(row['title'], 70)}, passage {int(row['n'])}")

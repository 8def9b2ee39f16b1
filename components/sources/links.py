"""Links from the Sources page to the page that shows a row: a timeline event, an aid row, a stance, a place."""

from __future__ import annotations

import streamlit as st

from components.shell.view import link_target
from core.pages import PAGES_BY_NAME

# row kind -> (page name, URL parameter that selects the row there, if the page has one)
ROW_PAGES = {"event": ("timeline", "event"), "aid": ("us_aid", None), "stance": ("actors_stances", None),
             "relation": ("actors_stances", None), "place": ("map", None)}
KIND_NAMES = {"event": "Event", "aid": "US aid row", "stance": "Stance", "relation": "Relation", "place": "Place"}


def row_link(kind: str, row_id: str, key: str) -> None:
    """A link to the page that shows this row (selecting it where the page takes a selection in its URL)."""
    name, param = ROW_PAGES[kind]
    page = PAGES_BY_NAME[name]
    st.page_link(link_target(name), label=f"Open on {page.title}", icon=":material/arrow_forward:",
                 query_params={param: row_id} if param else None)


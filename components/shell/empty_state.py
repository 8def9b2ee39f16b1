"""The empty state: what matched nothing, and what to change. Drawn instead of an empty chart.

It suggests only changes that could bring rows back on this page: a filter that does not narrow any of the
page's tables (event types on US aid, say) is never named."""

from __future__ import annotations

import streamlit as st

from components.shell.view import View
from core.text import md_escape


def render_empty_state(what: str, view: View) -> None:
    """Say that no `what` (e.g. 'events') match the filter, and how to get some back."""
    # A page that needs no table (the Overview, Sources) draws whichever it has: any of them can bring rows back.
    tips = view.spec.widen_hints(view.page.tables or view.page.all_tables)
    st.info(
        f"**No {what} match this filter.** {md_escape(view.spec.describe(view.domain.names))}  \n"
        f"Try to {', or '.join(tips)} in the sidebar, or press “Reset filters”.",
        icon=":material/search_off:",
    )

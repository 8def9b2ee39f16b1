"""How to cite what is on screen: the view (every page's footer) or one row (the evidence panels), as plain text
and BibTeX in code blocks, which show text as text and have a copy button.

The code blocks sit in popovers: a popover's content is drawn only when it is opened, and the first code block drawn
loads the browser's syntax highlighter (a 1.5 MB chunk, about half a second of a first page; issue S)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.shell.url_state import current_page_params, share_link
from components.shell.view import View
from core.citation import ViewCitation

WHOLE_DATASET = "The whole dataset, unfiltered."  # what a page without filters (Data) cites instead of a filter


def view_citation(view: View) -> ViewCitation:
    """The citation of this page under this filter, with the link to exactly this view."""
    link = share_link(view.spec, view.version, current_page_params(view.page))
    filters = WHOLE_DATASET if view.page.whole_dataset else view.spec.describe(view.domain.names)
    return ViewCitation(view.page.title, filters, view.version, link, date.today())


def render_citation(citation, label: str = "Cite this view", container=None) -> None:
    """A popover holding the citation (a ViewCitation or a RowCitation) as plain text, then as BibTeX (its
    `@misc{` says which is which, so no caption is drawn: each element is one more message per rerun)."""
    with (container or st).popover(label, icon=":material/format_quote:"):
        st.code(citation.text(), language=None, wrap_lines=True)
        st.code(citation.bibtex(), language=None, wrap_lines=True)

"""The footer on every page: data version and release, a copyable link to exactly this view (in a popover), how to
cite it, and one zip of what it shows (the rows the page shows, every row they reference, the data dictionary and a README)."""

from __future__ import annotations

import streamlit as st

from components.shell.cite import render_citation, view_citation
from components.shell.dataset import data_dir
from components.shell.url_state import current_page_params, share_link
from components.shell.view import View
from core.bundle_export import build_zip
from core.citation import ViewCitation
from core.view_rows import view_rows


def render_footer(view: View) -> None:
    st.divider()
    release = f", release {view.dataset.release}" if view.dataset.release else ""
    link = share_link(view.spec, view.version, current_page_params(view.page))
    # As few elements as will do: the footer is on every page, and each element is one more message per rerun.
    st.caption(f"Data version **{view.version}**{release}. Every figure links to its source in Sources.")
    citation = view_citation(view)
    share, cite, download = st.columns(3)
    # In a popover, like the citation (cite.py): a code block drawn on the first page costs it the highlighter's chunk.
    with share.popover("Copy link to this view", icon=":material/link:"):
        st.caption("The filters, the page and the data version:")
        st.code(link, language=None, wrap_lines=True)
    render_citation(citation, "Cite this view", cite)
    page, store, spec = view.page, view.store, view.spec
    download.download_button(
        "Download this view (zip)",
        data=lambda: _bundle(page, store, spec, citation),  # built only when the button is pressed
        file_name=f"south-caucasus-{view.page.name}-{view.version}.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
        help="The rows this page shows and every source, actor, place and topic they reference (CSV; cells a "
             "spreadsheet would run as a formula start with a quote), the data dictionary, and a README with what each "
             "file holds, the filter, data version, link and citation.",
    )


def _bundle(page, store, spec, citation: ViewCitation) -> bytes:
    dictionary = data_dir() / "README.md"
    text = dictionary.read_text(encoding="utf-8") if dictionary.exists() else None
    rows = view_rows(page, store, spec, store.dataset)
    return build_zip(rows.tables, text, citation, lookups=rows.lookups, corridors=rows.corridors,
                     filtered=rows.filtered)

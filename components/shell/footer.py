"""The footer on every page: data version and release, and a copyable link to exactly this view."""

from __future__ import annotations

import streamlit as st

from components.shell.url_state import current_page_params, share_link
from components.shell.view import View


def render_footer(view: View) -> None:
    st.divider()
    left, right = st.columns([1, 2], vertical_alignment="center")
    release = f", release {view.dataset.release}" if view.dataset.release else ""
    left.caption(f"Data version **{view.version}**{release}. Every figure links to its source in Sources.")
    with right:
        st.caption("Copy link to this view (filters, page and data version):")
        st.code(share_link(view.spec, view.version, current_page_params(view.page)), language=None, wrap_lines=True)

"""The footer on every page: data version and a copyable link to exactly this view."""

from __future__ import annotations

import streamlit as st

from components.url_state import EVENT_KEY, share_link
from core.filters import FilterSpec
from core.load import Dataset


def render_footer(dataset: Dataset, spec: FilterSpec) -> None:
    st.divider()
    left, right = st.columns([1, 2], vertical_alignment="center")
    release = f", released {dataset.release}" if dataset.release else ""
    left.caption(f"Data version **{dataset.fingerprint}**{release}. Every figure links to its source in Sources.")
    page_params = {EVENT_KEY: st.query_params.get(EVENT_KEY)}
    with right:
        st.caption("Copy link to this view (filters, page and data version):")
        st.code(share_link(spec, dataset.fingerprint, page_params), language=None, wrap_lines=True)

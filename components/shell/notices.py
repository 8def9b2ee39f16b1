"""Notices at the top of a page: ignored URL parameters and a link made with another data version."""

from __future__ import annotations

import streamlit as st

from components.shell.url_state import raw_params
from core.filters import FILTER_KEYS, FilterDomain, FilterSpec
from core.pages import ALL_PAGE_KEYS, VERSION_KEY
from core.text import md_escape

_LINK_VERSION = "_link_version"  # the version named by the link this session was opened with


def read_link(domain: FilterDomain) -> tuple[FilterSpec, list[str]]:
    """The filter the URL asks for, and what it held that could not be used (unknown keys leave the URL).

    A parameter that some page owns is not unknown: it stays, and only its own page reads it."""
    params = raw_params()
    spec, notes = FilterSpec.from_query_params(params, domain, other_keys=ALL_PAGE_KEYS)
    for key in params:
        if key not in FILTER_KEYS and key not in ALL_PAGE_KEYS:
            del st.query_params[key]
    return spec, notes


def render_url_notes(notes: list[str]) -> None:
    if notes:
        st.info("Some link settings were ignored: " + md_escape("; ".join(notes)) + ". The rest of the view applies.", icon=":material/info:")


def render_version_notice(fingerprint: str) -> None:
    """Say so when the link was made with another data version; then pin the URL to this version."""
    if _LINK_VERSION not in st.session_state:
        given = st.query_params.get_all(VERSION_KEY)
        st.session_state[_LINK_VERSION] = given[-1][:40] if given else None
    link_version = st.session_state[_LINK_VERSION]
    if link_version and link_version != fingerprint:
        st.warning(
            f"This link was made with data version {md_escape(link_version)}; you are viewing {fingerprint}. "
            "Counts and rows may differ from what the sender saw.",
            icon=":material/history:",
        )
    if st.query_params.get(VERSION_KEY) != fingerprint:
        st.query_params[VERSION_KEY] = fingerprint

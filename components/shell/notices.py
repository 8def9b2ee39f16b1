"""Notices at the top of a page: ignored URL parameters and a link made with another data version."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.shell.url_state import raw_params
from core.filters import FILTER_KEYS, FilterDomain, FilterSpec
from core.pages import ALL_PAGE_KEYS, VERSION_KEY
from core.fields import Adjusted
from core.text import md_escape, shorten

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


def notice_text(notes: list[str]) -> tuple[str | None, str | None]:
    """The two lines of the link notice: what was ignored, and what was applied in another form (core.fields
    Adjusted notes: a reversed range, a year read alone). Either is None when there is nothing to say."""
    ignored = [n for n in notes if not isinstance(n, Adjusted)]
    adjusted = [n for n in notes if isinstance(n, Adjusted)]
    first = ("Some link settings were ignored: " + "; ".join(ignored) + ". The rest of the view applies.") if ignored else None
    second = ("Some link settings were read differently: " + "; ".join(adjusted) + ".") if adjusted else None
    return first, second


def render_url_notes(notes: list[str]) -> None:
    for line in notice_text(notes):
        if line:
            st.info(md_escape(line), icon=":material/info:")


def unknown_page(path: str | None, pages) -> str | None:
    """The path a link asked for when no page has it ('nosuchpage'), else None."""
    path = (path or "").strip("/")
    if not path or path in {page.url_path for page in pages}:
        return None
    return path


def requested_path() -> str | None:
    """The page path this run was asked for by URL (None on a rerun or a click in the app's navigation)."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or getattr(manager, "intended_page_script_hash", None):
        return None
    return getattr(manager, "intended_page_name", None)


def render_unknown_page(pages, shown_title: str) -> None:
    """Say so when the link named a page that does not exist (Streamlit silently opens the default page)."""
    path = unknown_page(requested_path(), pages)
    if path:
        st.warning(f"There is no page at /{md_escape(shorten(path, 60))}; showing the {md_escape(shown_title)} "
                   "instead. The pages are listed in the sidebar.", icon=":material/link_off:")


def forget_link_version() -> None:
    """The session now shows other data on purpose (an upload): the link it was opened with is no longer news."""
    st.session_state[_LINK_VERSION] = None


def render_version_notice(fingerprint: str) -> None:
    """Say so when the link was made with another data version; then pin the URL to this version."""
    if _LINK_VERSION not in st.session_state:
        given = st.query_params.get_all(VERSION_KEY)
        st.session_state[_LINK_VERSION] = given[-1][:40] if given else None
    link_version = st.session_state[_LINK_VERSION]
    if link_version and link_version != fingerprint:
        st.warning(
            f"This link was made with data version {md_escape(link_version)}; you are viewing {fingerprint}. "
            "Counts and rows may differ from what the sender saw (a link made with an uploaded dataset does not "
            "carry the upload).",
            icon=":material/history:",
        )
    if st.query_params.get(VERSION_KEY) != fingerprint:
        st.query_params[VERSION_KEY] = fingerprint

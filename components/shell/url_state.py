"""The URL: filter parameters written back from the spec, each page's own parameters checked by its parser,
and the share link for the current view. Which parameters a page owns comes from core/pages.py."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from core.filters import FILTER_KEYS, FilterSpec
from core.pages import VERSION_KEY, Page


def raw_params() -> dict[str, list[str]]:
    """Every URL parameter as a list of strings, exactly as the browser sent it."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def read_page_params(page: Page, store) -> tuple[dict[str, str], list[str]]:
    """The page's own parameters that its parsers accept; a rejected one leaves the URL, with a notice."""
    kept, notes = {}, []
    for key, parser in page.params.items():
        given = st.query_params.get_all(key)
        if not given:
            continue
        value, note = parser(given[-1], store)
        if value is None:
            del st.query_params[key]
            notes.append(note)
        else:
            kept[key] = value
    return kept, notes


def share_query(spec: FilterSpec, version: str, page_params: dict[str, str] | None = None) -> str:
    params: dict[str, str | list[str]] = dict(spec.to_query_params())
    params.update({k: v for k, v in (page_params or {}).items() if v})
    params[VERSION_KEY] = version
    return urlencode(params, doseq=True)


def share_link(spec: FilterSpec, version: str, page_params: dict[str, str] | None = None) -> str:
    """Absolute link to this page and view under a server; a relative '?…' link where no URL is known."""
    base = (st.context.url or "").split("?", 1)[0]
    if base.count("/") == 2:  # 'http://host:port' with no path: the default page
        base += "/"
    return f"{base}?{share_query(spec, version, page_params)}"


def current_page_params(page: Page) -> dict[str, str]:
    """The page's own parameters as the URL holds them now (after this run's clicks)."""
    return {key: st.query_params.get(key) for key in page.params if st.query_params.get(key)}


def write_filter_params(spec: FilterSpec) -> None:
    """Make the URL's filter parameters say exactly what the spec says (defaults are left out)."""
    wanted = spec.to_query_params()
    for key in FILTER_KEYS:
        value = wanted.get(key)
        current = st.query_params.get_all(key)
        if value is None:
            if current:
                del st.query_params[key]
        elif current != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def pick_to_url(pick_key: str, url_key: str):
    """An on_change callback for a widget whose choice a page keeps in its link: it writes the widget's value (under
    `pick_key` in the session) to the URL parameter `url_key`, or removes the parameter when nothing is chosen."""
    def write() -> None:
        chosen = st.session_state.get(pick_key)
        if chosen:
            st.query_params[url_key] = chosen
        elif url_key in st.query_params:
            del st.query_params[url_key]
    return write

"""URL parameters that are not filters, and the share link for the current view."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from core.filters import FILTER_KEYS, FilterSpec

VERSION_KEY = "v"
EVENT_KEY = "event"
PAGE_KEYS = (VERSION_KEY, EVENT_KEY)


def raw_params() -> dict[str, list[str]]:
    """Every URL parameter as a list of strings, exactly as the browser sent it."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def share_query(spec: FilterSpec, version: str, page_params: dict[str, str] | None = None) -> str:
    params: dict[str, str | list[str]] = dict(spec.to_query_params())
    params.update({k: v for k, v in (page_params or {}).items() if v})
    params[VERSION_KEY] = version
    return urlencode(params, doseq=True)


def share_link(spec: FilterSpec, version: str, page_params: dict[str, str] | None = None) -> str:
    """Absolute link to this page and view under a server; a relative '?…' link where no URL is known."""
    base = st.context.url or ""
    if base.count("/") == 2:  # 'http://host:port' with no path: the default page
        base += "/"
    return f"{base}?{share_query(spec, version, page_params)}"


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

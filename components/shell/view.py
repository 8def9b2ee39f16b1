"""What app.py hands every page for this run: the data, the query layer, the filter and the page itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

from core.filters import FilterDomain, FilterSpec
from core.load import Dataset
from core.pages import PAGES_BY_NAME, Page
from core.query import Store

_KEY = "_current_view"


@dataclass(frozen=True)
class View:
    dataset: Dataset
    domain: FilterDomain
    store: Store
    spec: FilterSpec
    labels: Mapping[str, str]  # display names of actors ('Russian MoD (Russia)') and topics
    page: Page
    params: Mapping[str, str] = field(default_factory=dict)  # the page's own URL parameters that passed its parsers
    nav: Mapping[str, object] = field(default_factory=dict)  # page name -> its st.Page of this run (link_target)

    @property
    def version(self) -> str:
        return self.dataset.fingerprint


def link_target(name: str):
    """What st.page_link should be given for the page `name`: this run's st.Page when the router registered one (a
    link to it needs no path resolution, which Streamlit does per link from a file name), else the page's file."""
    return current().nav.get(name) or PAGES_BY_NAME[name].file


def set_current(view: View) -> None:
    st.session_state[_KEY] = view


def current() -> View:
    """The view app.py prepared before running the page."""
    return st.session_state[_KEY]

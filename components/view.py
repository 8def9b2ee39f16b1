"""What app.py hands every page for this run: the dataset, the filter spec and display names."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.filters import FilterDomain, FilterSpec
from core.load import Dataset

_KEY = "_current_view"


@dataclass(frozen=True)
class View:
    dataset: Dataset
    domain: FilterDomain
    spec: FilterSpec
    actor_labels: dict[str, str]

    @property
    def actor_names(self) -> dict[str, str]:
        return dict(zip(self.dataset.actors["actor_id"], self.dataset.actors["name"]))


def set_current(view: View) -> None:
    st.session_state[_KEY] = view


def current() -> View:
    """The view app.py prepared before running the page."""
    return st.session_state[_KEY]

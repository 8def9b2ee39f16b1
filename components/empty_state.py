"""The empty state: what matched nothing, and what to change. Drawn instead of an empty chart."""

from __future__ import annotations

import streamlit as st

from core.filters import FilterSpec
from core.text import md_escape


def suggestions(spec: FilterSpec) -> list[str]:
    tips = []
    if spec.text:
        tips.append("clear the search text")
    if spec.actors:
        tips.append("remove an actor" + ("" if spec.include_children else " or turn on “Include sub-actors”"))
    if spec.event_types:
        tips.append("allow more event types")
    if spec.topics:
        tips.append("allow more topics")
    tips.append("widen the year range")
    return tips


def render_empty_state(what: str, spec: FilterSpec, names: dict[str, str] | None = None) -> None:
    """Say that no `what` (e.g. 'events') match the filter, and how to get some back."""
    tips = suggestions(spec)
    st.info(
        f"**No {what} match this filter.** {md_escape(spec.describe(names))}  \n"
        f"Try to {', or '.join(tips)} in the sidebar, or press “Reset filters”.",
        icon=":material/search_off:",
    )

"""The global sidebar filters and the FilterSpec they describe.

The URL is read once per session, through FilterSpec.from_query_params (which drops and reports bad values),
into the widgets' session state; from then on the widgets are the truth and every run writes the URL back
from the spec. One codec, so what the notice says was ignored is exactly what the widgets ignored.
"""

from __future__ import annotations

import streamlit as st

from core import filters as f
from core.filters import FilterDomain, FilterSpec
from core.load import Dataset
from core.vocab import label

_FROM_URL = "_filters_read_from_url"


def _set_widgets(spec: FilterSpec) -> None:
    st.session_state[f.KEY_YEARS] = (spec.year_min, spec.year_max)
    st.session_state[f.KEY_ACTORS] = list(spec.actors)
    st.session_state[f.KEY_CHILDREN] = spec.include_children
    st.session_state[f.KEY_TYPES] = list(spec.event_types)
    st.session_state[f.KEY_TEXT] = spec.text


def _reset_filters() -> None:
    _set_widgets(FilterSpec())


def actor_options(dataset: Dataset) -> tuple[list[str], dict[str, str]]:
    """Actor ids grouped under their top-level actor, and display names like 'Russian MoD (Russia)'."""
    actors = dataset.actors
    names = dict(zip(actors["actor_id"], actors["name"]))
    parents = {a: p for a, p in zip(actors["actor_id"], actors["parent_id"]) if isinstance(p, str)}

    def root(actor: str) -> str:
        seen = set()
        while actor in parents and actor not in seen:
            seen.add(actor)
            actor = parents[actor]
        return actor

    order = sorted(actors["actor_id"], key=lambda a: (names[root(a)], a != root(a), names[a]))
    labels = {a: names[a] if a == root(a) else f"{names[a]} ({names[root(a)]})" for a in order}
    return order, labels


def render_filters(dataset: Dataset, domain: FilterDomain, from_url: FilterSpec) -> tuple[FilterSpec, dict[str, str]]:
    """Draw the filters in the sidebar; return the spec they hold and the actor labels they used.

    `from_url` seeds the widgets once per session."""
    if _FROM_URL not in st.session_state:
        st.session_state[_FROM_URL] = True
        _set_widgets(from_url)
    options, labels = actor_options(dataset)
    low, high = domain.year_bounds
    with st.sidebar:
        st.header("Filters")
        years = st.slider(
            "Years", min_value=low, max_value=high, step=1, key=f.KEY_YEARS,
            help="Rows whose date or period overlaps these years. The data spans "
            f"{low}–{high}; 2018–2022 is the default.",
        )
        actors = st.multiselect(
            "Actors", options, format_func=labels.get, key=f.KEY_ACTORS, placeholder="All actors",
        )
        include_children = st.checkbox(
            "Include sub-actors", key=f.KEY_CHILDREN,
            help="With this on, Russia also selects the Russian MoD, the peacekeepers and Putin.",
        )
        types = st.multiselect(
            "Event types", list(domain.event_types), format_func=label, key=f.KEY_TYPES,
            placeholder="All event types",
        )
        text = st.text_input(
            "Search text", key=f.KEY_TEXT, max_chars=f.MAX_TEXT_CHARS, placeholder="e.g. Sochi, peacekeepers",
            help="Matches titles, evidence quotes and notes, ignoring case.",
        )
        spec = FilterSpec(
            actors=tuple(actors), include_children=include_children, event_types=tuple(types),
            text=" ".join(text.split())[: f.MAX_TEXT_CHARS],
        ).with_years(*years)
        st.caption(spec.describe(labels))
        st.button("Reset filters", on_click=_reset_filters, disabled=spec.is_default(), key="reset_filters")
    return spec, labels

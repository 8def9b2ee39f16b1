"""The page's answers and figures, cached per data version and filter (and topic or actor where they depend on
one). The store is passed unhashed and belongs to `version`, so nothing cached for one dataset is served for
another. Cached values are shared read-only."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.shell.caches import CACHE_TTL
from components.figures.frozen import freeze
from components.figures.relations import build_network
from components.figures.stances import build_stance_heatmap, build_stance_history
from core.filters import FilterSpec
from core.query import Store
from core.query.records import records
from core.query.stances import StanceGrid


@st.cache_resource(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _cells(version: str, spec: FilterSpec, _store: Store) -> StanceGrid:
    return _store.stance_cells(spec)


@st.cache_resource(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _heatmap(version: str, spec: FilterSpec, _store: Store) -> go.Figure:
    return freeze(build_stance_heatmap(_cells(version, spec, _store).cells))


@st.cache_resource(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _history(version: str, spec: FilterSpec, topic_id: str, _store: Store) -> go.Figure:
    return freeze(build_stance_history(records(_store.stance_history(spec, topic_id))))


@st.cache_resource(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _edges(version: str, spec: FilterSpec, _store: Store) -> list[dict]:
    return records(_store.relations_network(spec))


@st.cache_resource(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _network(version: str, spec: FilterSpec, _store: Store) -> go.Figure:
    return freeze(build_network(_edges(version, spec, _store), _store.network_positions()))


def stance_grid(store: Store, spec: FilterSpec) -> StanceGrid:
    return _cells(store.fingerprint, spec, store)


def heatmap_figure(store: Store, spec: FilterSpec) -> go.Figure:
    return _heatmap(store.fingerprint, spec, store)


def history_figure(store: Store, spec: FilterSpec, topic_id: str) -> go.Figure:
    return _history(store.fingerprint, spec, topic_id, store)


def network_edges(store: Store, spec: FilterSpec) -> list[dict]:
    return _edges(store.fingerprint, spec, store)


def network_figure(store: Store, spec: FilterSpec) -> go.Figure:
    return _network(store.fingerprint, spec, store)


@st.cache_resource(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _card(version: str, spec: FilterSpec, actor_id: str, _store: Store) -> dict:
    return {
        "family": _store.actor_family(actor_id),
        "years": records(_store.actor_event_years(spec, actor_id)),
        "stances": _store.actor_stances(spec, actor_id),
        "relations": _store.actor_relations(spec, actor_id),
        "recent": _store.actor_recent_events(spec, actor_id, 3),
    }


@st.cache_resource(max_entries=32, ttl=CACHE_TTL, show_spinner=False)
def _pair(version: str, spec: FilterSpec, _store: Store) -> tuple[str, str] | None:
    return _store.most_compared_pair(spec)


@st.cache_resource(max_entries=64, ttl=CACHE_TTL, show_spinner=False)
def _comparison(version: str, spec: FilterSpec, first: str, second: str, _store: Store) -> list[dict]:
    return records(_store.stance_comparison(spec, first, second))


def actor_card(store: Store, spec: FilterSpec, actor_id: str) -> dict:
    """The card's answers: family, event years, stances, relations, the three most recent events."""
    return _card(store.fingerprint, spec, actor_id, store)


def default_pair(store: Store, spec: FilterSpec) -> tuple[str, str] | None:
    return _pair(store.fingerprint, spec, store)


def comparison(store: Store, spec: FilterSpec, first: str, second: str) -> list[dict]:
    return _comparison(store.fingerprint, spec, first, second, store)

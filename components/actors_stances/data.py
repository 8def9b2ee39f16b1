"""The page's answers and figures, cached per data version and filter (and topic or actor where they depend on
one). The store is passed unhashed and belongs to `version`, so nothing cached for one dataset is served for
another. Cached values are shared read-only."""

from __future__ import annotations

import plotly.graph_objects as go
import pyarrow as pa

from components.shell.caches import shared_cache
from components.figures.frozen import freeze
from components.figures.relations import build_network
from components.figures.stances import build_stance_heatmap, build_stance_history, stance_text
from core.filters import FilterSpec
from core.query import Store
from core.query.records import records
from core.query.stances import StanceGrid, compared_pair, comparison_rows, history_of
from core.text import format_date


@shared_cache(max_entries=32)
def _cells(version: str, spec: FilterSpec, _store: Store) -> StanceGrid:
    return _store.stance_cells(spec)


@shared_cache(max_entries=32)
def _heatmap(version: str, spec: FilterSpec, _store: Store) -> go.Figure:
    return freeze(build_stance_heatmap(_cells(version, spec, _store).cells))


@shared_cache(max_entries=64)
def _history(version: str, spec: FilterSpec, topic_id: str, _store: Store) -> go.Figure:
    # The grid holds the filter's statements when the stances table is small: then no question is asked here.
    rows = history_of(_cells(version, spec, _store), topic_id)
    return freeze(build_stance_history(_store.stance_history(spec, topic_id) if rows is None else rows))


@shared_cache(max_entries=32)
def _edges(version: str, spec: FilterSpec, _store: Store) -> list[dict]:
    return _store.relations_network(spec)


@shared_cache(max_entries=32)
def _network(version: str, relation_ids: tuple[str, ...], _edges: list[dict], _store: Store) -> go.Figure:
    # Keyed by the relations drawn, not by the filter: within one data version a relation's record is the same
    # under every filter, so filters that leave the same relations (most searches) share one figure and its layout.
    return freeze(build_network(_edges, _store.network_positions()))


def stance_grid(store: Store, spec: FilterSpec) -> StanceGrid:
    return _cells(store.fingerprint, spec, store)


def heatmap_figure(store: Store, spec: FilterSpec) -> go.Figure:
    return _heatmap(store.fingerprint, spec, store)


def history_figure(store: Store, spec: FilterSpec, topic_id: str) -> go.Figure:
    return _history(store.fingerprint, spec, topic_id, store)


def network_edges(store: Store, spec: FilterSpec) -> list[dict]:
    return _edges(store.fingerprint, spec, store)


def network_figure(store: Store, spec: FilterSpec) -> go.Figure:
    edges = network_edges(store, spec)
    return _network(store.fingerprint, tuple(edge["relation_id"] for edge in edges), edges, store)


@shared_cache(max_entries=64)
def _card(version: str, spec: FilterSpec, actor_id: str, _store: Store) -> dict:
    return {
        "family": _store.actor_family(actor_id),
        "years": records(_store.actor_event_years(spec, actor_id)),
        "stances": _store.actor_stances(spec, actor_id),
        "relations": _store.actor_relations(spec, actor_id),
        "recent": _store.actor_recent_events(spec, actor_id, 3),
    }


@shared_cache(max_entries=32)
def _pair(version: str, spec: FilterSpec, _store: Store) -> tuple[str, str] | None:
    # The comparison's default pair from the heatmap's grid, which the page has asked already: one question fewer.
    return compared_pair(_cells(version, spec, _store))


@shared_cache(max_entries=64)
def _comparison(version: str, spec: FilterSpec, first: str, second: str, _store: Store) -> list[dict]:
    if not spec.actors[0]:  # no actor chosen: the comparison's filter is the grid's (see comparison_rows)
        return comparison_rows(_cells(version, spec, _store), first, second)
    return records(_store.stance_comparison(spec, first, second))


@shared_cache(max_entries=64)
def _comparison_table(version: str, spec: FilterSpec, first: str, second: str, _store: Store) -> pa.Table:
    rows = _comparison(version, spec, first, second, _store)
    return pa.Table.from_pylist([
        {"topic_name": r["topic_name"],
         # A blank stance is no evidence, never 0.
         "first_text": "" if r["first_stance"] is None else stance_text(r["first_stance"]),
         "second_text": "" if r["second_stance"] is None else stance_text(r["second_stance"]),
         "gap": "" if r["gap"] is None else str(r["gap"]),
         "first_when": "" if r["first_day"] is None else format_date(r["first_day"], r["first_precision"]),
         "second_when": "" if r["second_day"] is None else format_date(r["second_day"], r["second_precision"]),
         "first_evidence": r["first_evidence"] or "", "second_evidence": r["second_evidence"] or ""}
        for r in rows
    ], schema=pa.schema([(name, pa.string()) for name in COMPARISON_COLUMNS]))


@shared_cache(max_entries=32)
def _claims(version: str, spec: FilterSpec, _store: Store) -> list[dict]:
    return _store.contested_claims(spec)


def actor_card(store: Store, spec: FilterSpec, actor_id: str) -> dict:
    """The card's answers: family, event years, stances, relations, the three most recent events."""
    return _card(store.fingerprint, spec, actor_id, store)


def default_pair(store: Store, spec: FilterSpec) -> tuple[str, str] | None:
    return _pair(store.fingerprint, spec, store)


COMPARISON_COLUMNS = ("topic_name", "first_text", "second_text", "gap", "first_when", "second_when",
                      "first_evidence", "second_evidence")


def comparison_table(store: Store, spec: FilterSpec, first: str, second: str) -> pa.Table:
    """The comparison as the page's table shows it, one text column per COMPARISON_COLUMNS, built once per view:
    an Arrow table goes to the browser as it is, where a list of rows is turned into a frame and then into Arrow
    on every rerun."""
    return _comparison_table(store.fingerprint, spec, first, second, store)


def contested_readings(store: Store, spec: FilterSpec) -> list[dict]:
    """The contested claims' readings under the filter, as records ordered by subject (`contested_claims`)."""
    return _claims(store.fingerprint, spec, store)

"""Headline figures for the current filter: what the Overview page shows, computed without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.filters import FilterSpec, apply_aid, apply_events, apply_relations, apply_stances, cited_sources
from core.load import Dataset


@dataclass(frozen=True)
class Summary:
    events: pd.DataFrame
    aid: pd.DataFrame
    actor_ids: frozenset[str]
    sources: pd.DataFrame
    first: pd.Timestamp | None
    last: pd.Timestamp | None

    @property
    def is_empty(self) -> bool:
        return self.events.empty and self.aid.empty


def summarise(dataset: Dataset, spec: FilterSpec) -> Summary:
    events = apply_events(dataset.events, spec, dataset.actors)
    aid = apply_aid(dataset.aid, spec, dataset.actors)
    stances = apply_stances(dataset.stances, spec, dataset.actors)
    relations = apply_relations(dataset.relations, spec, dataset.actors)
    actor_ids = {a for ids in events["actor_ids"] for a in ids}
    actor_ids |= set(aid["donor"]) | set(aid["recipient"])
    return Summary(
        events=events,
        aid=aid,
        actor_ids=frozenset(actor_ids),
        sources=cited_sources(dataset.sources, events, aid, stances, relations),
        first=events["start"].min() if not events.empty else None,
        last=events["start"].max() if not events.empty else None,
    )


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The most recent events by start date (ties broken by id, so the order is stable)."""
    return events.sort_values(["start", "event_id"], ascending=[False, True]).head(count)

"""Headline figures for the current filter: what the Overview page shows, computed without Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.filters import FilterSpec, apply_aid, apply_events, apply_relations, apply_stances, cited_sources
from core.load import Dataset
from core.text import format_date


@dataclass(frozen=True)
class Summary:
    events: pd.DataFrame
    aid: pd.DataFrame
    actor_ids: frozenset[str]
    sources: pd.DataFrame
    first: str  # the earliest and latest event dates, each at its own precision ('2018', 'Dec 2022'); '' if none
    last: str

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
        first=_dated(events, earliest=True),
        last=_dated(events, earliest=False),
    )


def _dated(events: pd.DataFrame, earliest: bool) -> str:
    if events.empty:
        return ""
    ordered = events.sort_values(["start", "event_id"], ascending=earliest)
    row = ordered.iloc[0]
    return format_date(row["start"], row["date_precision"])


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The most recent events by start date (ties broken by id, so the order is stable)."""
    return events.sort_values(["start", "event_id"], ascending=[False, True]).head(count)

"""Explorer rows, the guarded CSV export, related events and the overview summary."""

from __future__ import annotations

import io

import pandas as pd

from core.event_rows import explorer_rows, export_rows, related_events, to_csv_bytes
from core.filters import FilterSpec, apply_events
from core.summary import latest_events, summarise


def _names(dataset):
    return dict(zip(dataset.actors["actor_id"], dataset.actors["name"]))


def test_explorer_shows_dates_at_precision(dataset):
    rows = explorer_rows(dataset.events, dataset.sources, _names(dataset))
    month = dataset.events[(dataset.events["date_precision"] == "month") & dataset.events["end"].isna()].iloc[0]
    shown = rows.loc[rows["event_id"] == month["event_id"], "When"].iloc[0]
    assert shown == month["start"].strftime("%b %Y")
    assert not rows["When"].str.match(r"^\d{4}-\d{2}-\d{2}$").any()
    assert rows["Evidence"].str.len().max() <= 120


def test_export_is_exactly_the_filtered_rows_and_guarded(dataset):
    spec = FilterSpec(actors=("ru",))
    events = apply_events(dataset.events, spec, dataset.actors).copy()
    events.iloc[0, events.columns.get_loc("title")] = "=HYPERLINK(\"http://evil\")"
    frame = pd.read_csv(io.BytesIO(to_csv_bytes(export_rows(events, dataset.sources, _names(dataset)))), dtype=str)
    assert list(frame["event_id"]) == list(events["event_id"])
    assert {"evidence", "source_id", "source_title", "source_url"} <= set(frame.columns)
    assert frame["title"].iloc[0].startswith("'=")
    for column in frame.columns:
        assert not frame[column].dropna().str.match(r"^[=+\-@\t\r]").any(), column


def test_related_events_share_an_actor_within_30_days(dataset):
    events = dataset.events
    for event in events.itertuples():
        related = related_events(events, event.event_id)
        for other in related.itertuples():
            assert abs((other.start - event.start).days) <= 30
            assert set(other.actor_ids) & set(event.actor_ids)
            assert other.event_id != event.event_id
    assert related_events(events, "no-such-event").empty


def test_summary_and_latest(dataset):
    summary = summarise(dataset, FilterSpec())
    assert len(summary.events) >= 40
    latest = latest_events(summary.events)
    assert len(latest) == 5
    assert latest["start"].is_monotonic_decreasing
    assert summary.last == "Dec 2022" and summary.first == "2018"  # each at its event's own precision
    empty = summarise(dataset, FilterSpec(text="no-such-words-anywhere"))
    assert empty.is_empty and empty.first == ""

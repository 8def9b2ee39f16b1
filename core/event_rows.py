"""Events as readers see them: explorer rows, the CSV export, and related events. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from core.text import format_date, format_span, guard_frame
from core.vocab import label

EVIDENCE_PREVIEW_CHARS = 120
RELATED_WINDOW_DAYS = 30


def when(event) -> str:
    """The event's date at its precision, or its period."""
    if pd.notna(event["end"]):
        return format_span(event["start"], event["end"], event["date_precision"])
    return format_date(event["start"], event["date_precision"])


def _names(ids, names: dict[str, str]) -> str:
    return ", ".join(names.get(a, a) for a in ids)


def _source_titles(sources: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sources["source_id"], sources["title"]))


def explorer_rows(events: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One display row per event: dates at precision, actor names, source title, shortened evidence."""
    titles = _source_titles(sources)
    evidence = events["evidence"].fillna("")
    short = evidence.where(evidence.str.len() <= EVIDENCE_PREVIEW_CHARS, evidence.str[: EVIDENCE_PREVIEW_CHARS - 1] + "…")
    return pd.DataFrame(
        {
            "event_id": events["event_id"],
            "sort_date": events["start"],
            "When": [when(e) for _, e in events.iterrows()],
            "Event": events["title"],
            "Type": events["event_type"].map(label),
            "Actors": events["actor_ids"].map(lambda ids: _names(ids, names)),
            "Source": events["source_id"].map(lambda s: titles.get(s, s)),
            "Evidence": short,
            "Confidence": events["confidence"],
        }
    ).reset_index(drop=True)


def export_rows(events: pd.DataFrame, sources: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Exactly the filtered events, with source and evidence columns, guarded against formula injection."""
    by_id = sources.set_index("source_id")
    frame = pd.DataFrame(
        {
            "event_id": events["event_id"],
            "date": events["date"],
            "date_precision": events["date_precision"],
            "end_date": events["end_date"],
            "date_shown": [when(e) for _, e in events.iterrows()],
            "title": events["title"],
            "event_type": events["event_type"],
            "actor_ids": events["actors"],
            "actor_names": events["actor_ids"].map(lambda ids: "; ".join(names.get(a, a) for a in ids)),
            "place_id": events["place_id"],
            "confidence": events["confidence"],
            "evidence": events["evidence"],
            "source_id": events["source_id"],
            "source_title": events["source_id"].map(by_id["title"]),
            "source_url": events["source_id"].map(by_id["url"]),
            "correction_source_id": events["correction_source_id"],
            "notes": events["notes"],
        }
    )
    return guard_frame(frame)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def related_events(events: pd.DataFrame, event_id: str, days: int = RELATED_WINDOW_DAYS) -> pd.DataFrame:
    """Other events sharing at least one actor id, starting within ±days of this one."""
    rows = events.loc[events["event_id"] == event_id]
    if rows.empty:
        return events.iloc[0:0]
    event = rows.iloc[0]
    actors = set(event["actor_ids"])
    window = pd.Timedelta(days=days)
    near = (events["start"] - event["start"]).abs() <= window
    shares = events["actor_ids"].map(lambda ids: not actors.isdisjoint(ids))
    return events.loc[near & shares & (events["event_id"] != event_id)]

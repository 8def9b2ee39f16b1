"""The global filter as a value: FilterSpec, its URL codec, its plain-English description, and pure apply_* functions.

Query-string pairs become one immutable FilterSpec (after datasette's filters.py). Reading a URL is tolerant:
a bad value is dropped and reported in plain words, never raised, and the rest of the URL still applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from core.vocab import label

DEFAULT_YEARS = (2018, 2022)
MAX_TEXT_CHARS = 200
MAX_ID_CHARS = 64
MAX_LIST_ITEMS = 50

# URL keys. The widget keys in components/sidebar.py are the same strings, so Streamlit's own URL binding
# and this codec read and write one format.
KEY_YEARS = "years"
KEY_ACTORS = "actors"
KEY_CHILDREN = "sub"
KEY_TYPES = "types"
KEY_TOPICS = "topics"
KEY_TEXT = "q"
FILTER_KEYS = (KEY_YEARS, KEY_ACTORS, KEY_CHILDREN, KEY_TYPES, KEY_TOPICS, KEY_TEXT)


@dataclass(frozen=True)
class FilterDomain:
    """What a FilterSpec may hold for one dataset: the year span and the known ids."""

    year_bounds: tuple[int, int]
    actor_ids: tuple[str, ...]
    event_types: tuple[str, ...]
    topic_ids: tuple[str, ...]
    parents: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def from_dataset(cls, dataset) -> "FilterDomain":
        actors = dataset.actors
        parents = {a: (p if isinstance(p, str) else None) for a, p in zip(actors["actor_id"], actors["parent_id"])}
        low, high = dataset.year_span
        return cls(
            year_bounds=(min(low, DEFAULT_YEARS[0]), max(high, DEFAULT_YEARS[1])),
            actor_ids=tuple(actors["actor_id"]),
            event_types=tuple(sorted(dataset.events["event_type"].unique())),
            topic_ids=tuple(dataset.topics["topic_id"]),
            parents=parents,
        )


@dataclass(frozen=True)
class FilterSpec:
    year_min: int = DEFAULT_YEARS[0]
    year_max: int = DEFAULT_YEARS[1]
    actors: tuple[str, ...] = ()
    include_children: bool = True
    event_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    text: str = ""

    def __post_init__(self):
        if self.year_min > self.year_max:
            raise ValueError(f"year_min {self.year_min} is after year_max {self.year_max}")

    # ---- URL codec -------------------------------------------------------------------------------------------

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | list[str]], domain: FilterDomain, other_keys: Iterable[str] = ()
    ) -> tuple["FilterSpec", list[str]]:
        """Parse URL parameters. Returns the spec and a list of plain-English notes on what was ignored."""
        notes: list[str] = []
        values = {key: _as_list(value) for key, value in params.items()}
        allowed = set(FILTER_KEYS) | set(other_keys)
        for key in values:
            if key not in allowed:
                notes.append(f"unknown parameter '{_short(key)}'")

        year_min, year_max = _parse_years(values.get(KEY_YEARS), domain, notes)
        actors = _parse_ids(values.get(KEY_ACTORS), domain.actor_ids, "actor", notes)
        event_types = _parse_ids(values.get(KEY_TYPES), domain.event_types, "event type", notes)
        topics = _parse_ids(values.get(KEY_TOPICS), domain.topic_ids, "topic", notes)
        include_children = _parse_bool(values.get(KEY_CHILDREN), KEY_CHILDREN, True, notes)
        text = _parse_text(values.get(KEY_TEXT), notes)
        spec = cls(year_min, year_max, actors, include_children, event_types, topics, text)
        return spec, notes

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL parameters for this spec; defaults are left out so links stay short."""
        params: dict[str, str | list[str]] = {}
        if (self.year_min, self.year_max) != DEFAULT_YEARS:
            params[KEY_YEARS] = [str(self.year_min), str(self.year_max)]
        if self.actors:
            params[KEY_ACTORS] = list(self.actors)
        if not self.include_children:
            params[KEY_CHILDREN] = "false"
        if self.event_types:
            params[KEY_TYPES] = list(self.event_types)
        if self.topics:
            params[KEY_TOPICS] = list(self.topics)
        if self.text:
            params[KEY_TEXT] = self.text
        return params

    # ---- description -----------------------------------------------------------------------------------------

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """One plain-English line, e.g. 'Showing 2018–2022, involving Russia (with sub-actors), of type Meeting.'"""
        names = names or {}
        years = str(self.year_min) if self.year_min == self.year_max else f"{self.year_min}–{self.year_max}"
        parts = [f"Showing {years}"]
        if self.actors:
            who = _join([names.get(a, a) for a in self.actors], "or")
            parts.append(f"involving {who}" + (" (with sub-actors)" if self.include_children else " (exactly)"))
        else:
            parts.append("all actors")
        if self.event_types:
            parts.append("events of type " + _join([label(t) for t in self.event_types], "or"))
        if self.topics:
            parts.append("stances on " + _join([names.get(t, label(t)) for t in self.topics], "or"))
        if self.text:
            shown = self.text if len(self.text) <= 40 else self.text[:39] + "…"
            parts.append(f"matching “{shown}”")
        return ", ".join(parts) + "."

    def is_default(self) -> bool:
        return self == FilterSpec()

    def with_years(self, low: int, high: int) -> "FilterSpec":
        return replace(self, year_min=min(low, high), year_max=max(low, high))


# ---- pure filtering -------------------------------------------------------------------------------------------


def expand_actors(actor_ids: Iterable[str], parents: Mapping[str, str | None], include_children: bool) -> set[str]:
    """The selected actors plus, when asked, every actor below them in the parent chain."""
    selected = set(actor_ids)
    if not include_children:
        return selected
    expanded = set(selected)
    for actor in parents:
        current = parents.get(actor)
        seen = {actor}
        while current and current not in seen:
            if current in selected:
                expanded.add(actor)
                break
            seen.add(current)
            current = parents.get(current)
    return expanded


def _parents(actors: pd.DataFrame) -> dict[str, str | None]:
    return {a: (p if isinstance(p, str) else None) for a, p in zip(actors["actor_id"], actors["parent_id"])}


def _text_mask(frame: pd.DataFrame, columns: Iterable[str], text: str) -> pd.Series:
    needle = text.casefold()
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        mask |= frame[column].fillna("").astype(str).str.casefold().str.contains(needle, regex=False)
    return mask


def _overlaps_years(start_year: pd.Series, end_year: pd.Series, spec: FilterSpec) -> pd.Series:
    end_year = end_year.fillna(start_year)
    return (start_year <= spec.year_max) & (end_year >= spec.year_min)


def apply_events(events: pd.DataFrame, spec: FilterSpec, actors: pd.DataFrame) -> pd.DataFrame:
    """Events overlapping the year range, involving a selected actor, of a selected type, matching the text."""
    mask = _overlaps_years(events["start"].dt.year, events["end"].dt.year, spec)
    if spec.actors:
        wanted = expand_actors(spec.actors, _parents(actors), spec.include_children)
        mask &= events["actor_ids"].map(lambda ids: not wanted.isdisjoint(ids))
    if spec.event_types:
        mask &= events["event_type"].isin(spec.event_types)
    if spec.text:
        mask &= _text_mask(events, ("title", "evidence", "notes"), spec.text)
    return events.loc[mask]


def apply_aid(aid: pd.DataFrame, spec: FilterSpec, actors: pd.DataFrame) -> pd.DataFrame:
    """Aid rows whose fiscal years overlap the range and whose donor or recipient is a selected actor."""
    mask = _overlaps_years(aid["fiscal_year"], aid["fiscal_year_end"], spec)
    if spec.actors:
        wanted = expand_actors(spec.actors, _parents(actors), spec.include_children)
        mask &= aid["donor"].isin(wanted) | aid["recipient"].isin(wanted)
    if spec.text:
        mask &= _text_mask(aid, ("program", "authority", "evidence", "notes"), spec.text)
    return aid.loc[mask.fillna(False).astype(bool)]


def apply_stances(stances: pd.DataFrame, spec: FilterSpec, actors: pd.DataFrame) -> pd.DataFrame:
    """Stances attested in the year range, by a selected actor, on a selected topic, matching the text."""
    year = stances["when"].dt.year
    mask = (year >= spec.year_min) & (year <= spec.year_max)
    if spec.actors:
        wanted = expand_actors(spec.actors, _parents(actors), spec.include_children)
        mask &= stances["actor_id"].isin(wanted)
    if spec.topics:
        mask &= stances["topic_id"].isin(spec.topics)
    if spec.text:
        mask &= _text_mask(stances, ("evidence", "notes"), spec.text)
    return stances.loc[mask]


def apply_relations(relations: pd.DataFrame, spec: FilterSpec, actors: pd.DataFrame) -> pd.DataFrame:
    """Relations in force at some point of the year range (a blank start means 'since before the data')."""
    start = relations["start_date"].str[:4].astype(float).fillna(-1e9)
    end = relations["end_date"].str[:4].astype(float).fillna(1e9)
    mask = (start <= spec.year_max) & (end >= spec.year_min)
    if spec.actors:
        wanted = expand_actors(spec.actors, _parents(actors), spec.include_children)
        mask &= relations["actor_a"].isin(wanted) | relations["actor_b"].isin(wanted)
    if spec.text:
        mask &= _text_mask(relations, ("evidence", "notes"), spec.text)
    return relations.loc[mask]


def cited_sources(sources: pd.DataFrame, *frames: pd.DataFrame) -> pd.DataFrame:
    """The sources that the given (already filtered) rows cite, including correction sources."""
    cited: set[str] = set()
    for frame in frames:
        for column in ("source_id", "correction_source_id"):
            if column in frame.columns:
                cited |= set(frame[column].dropna())
    return sources.loc[sources["source_id"].isin(cited)]


# ---- parsing helpers ------------------------------------------------------------------------------------------


def _as_list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _short(value: str, limit: int = 40) -> str:
    value = str(value)
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value):,} characters)"


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _parse_years(raw: list[str] | None, domain: FilterDomain, notes: list[str]) -> tuple[int, int]:
    if not raw:
        return DEFAULT_YEARS
    low_bound, high_bound = domain.year_bounds
    years: list[int] = []
    for value in raw:
        try:
            year = int(value.strip())
        except ValueError:
            notes.append(f"years={_short(value)} is not a year")
            continue
        if not low_bound <= year <= high_bound:
            notes.append(f"years={year} is outside the data's span {low_bound}–{high_bound}")
            continue
        years.append(year)
    if len(raw) > 2:
        notes.append(f"years was given {len(raw)} times; a range needs exactly two")
        return DEFAULT_YEARS
    if len(years) != len(raw) or not years:
        notes.append(f"the year range fell back to {DEFAULT_YEARS[0]}–{DEFAULT_YEARS[1]}")
        return DEFAULT_YEARS
    if len(years) == 1:
        return years[0], years[0]
    if years[0] > years[1]:
        notes.append(f"years {years[0]}–{years[1]} were reversed; read as {years[1]}–{years[0]}")
    return min(years), max(years)


def _parse_ids(raw: list[str] | None, known: tuple[str, ...], noun: str, notes: list[str]) -> tuple[str, ...]:
    if not raw:
        return ()
    known_set = set(known)
    kept: list[str] = []
    for value in raw:
        value = value.strip()
        if value in kept:
            continue
        if len(value) > MAX_ID_CHARS or value not in known_set:
            notes.append(f"unknown {noun} '{_short(value)}'")
            continue
        if len(kept) >= MAX_LIST_ITEMS:
            notes.append(f"more than {MAX_LIST_ITEMS} {noun}s; the rest were ignored")
            break
        kept.append(value)
    return tuple(kept)


def _parse_bool(raw: list[str] | None, key: str, default: bool, notes: list[str]) -> bool:
    if not raw:
        return default
    if len(raw) > 1:
        notes.append(f"{key} was given {len(raw)} times; used the last")
    value = raw[-1].strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    notes.append(f"{key}={_short(value)} is not true or false")
    return default


def _parse_text(raw: list[str] | None, notes: list[str]) -> str:
    if not raw:
        return ""
    if len(raw) > 1:
        notes.append(f"{KEY_TEXT} was given {len(raw)} times; used the last")
    value = " ".join(raw[-1].split())
    if len(value) > MAX_TEXT_CHARS:
        notes.append(f"search text of {len(value):,} characters was cut to {MAX_TEXT_CHARS}")
        value = value[:MAX_TEXT_CHARS]
    return value

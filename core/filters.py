"""The global filter as a value: FilterSpec, and what a spec may hold for one dataset (FilterDomain).

Query-string pairs become one immutable FilterSpec (after datasette's filters.py). Everything a spec does it
does by walking the field objects of core/fields.py in order: reading a URL, writing it back, describing itself
in plain English, and (in core/query/engine.py) narrowing each table. Reading a URL is tolerant: a bad value is dropped
and reported in plain words, never raised, and the rest of the URL still applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from core.fields import (  # noqa: F401  (re-exported: the names pages and tests use)
    DEFAULT_YEARS,
    FIELDS,
    FIELDS_BY_NAME,
    FILTER_KEYS,
    MAX_ID_CHARS,
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    Field,
    short,
)
from core.vocab import ORIGIN_LABELS, ORIGINS


@dataclass(frozen=True)
class FilterDomain:
    """What a FilterSpec may hold for one dataset: the year span and the known ids, with display names."""

    year_bounds: tuple[int, int]
    actor_ids: tuple[str, ...]
    event_types: tuple[str, ...]
    topic_ids: tuple[str, ...]
    topic_names: Mapping[str, str]
    actor_labels: Mapping[str, str]  # 'Russian MoD (Russia)'
    origins: tuple[str, ...] = ORIGINS
    origin_labels: Mapping[str, str] = dataclass_field(default_factory=lambda: dict(ORIGIN_LABELS))

    @classmethod
    def from_dataset(cls, dataset) -> "FilterDomain":
        return cls.from_parts(dataset, dataset.year_span, dataset.tables["events"]["event_type"].unique())

    @classmethod
    def from_parts(cls, dataset, year_span: tuple[int, int], event_types: Iterable[str]) -> "FilterDomain":
        """The domain from a dataset's actors and topics, with the year span and event types given (the Spark
        engine asks them of the engine: its events are not held in pandas)."""
        low, high = year_span
        topics = dataset.tables["topics"]
        return cls(
            origins=dataset.origins,
            year_bounds=(min(low, DEFAULT_YEARS[0]), max(high, DEFAULT_YEARS[1])),
            actor_ids=tuple(dataset.actor_tree.widget_order()),
            event_types=tuple(sorted(event_types)),
            topic_ids=tuple(topics["topic_id"]),
            topic_names=dict(zip(topics["topic_id"], topics["name"])),
            actor_labels=dataset.actor_tree.labels(),
        )

    @property
    def names(self) -> dict[str, str]:
        """Display names for everything a description may mention (actors and topics)."""
        return {**self.actor_labels, **self.topic_names, **self.origin_labels}


@dataclass(frozen=True, init=False)
class FilterSpec:
    """One value per filter field, held by the field's name: `FilterSpec(years=(2021, 2021), actors=(("ru",), True))`.
    A field not named keeps its default. `spec["years"]` or `spec.years` reads a value. FIELDS is the only list
    of what a spec holds: a new field needs no attribute here."""

    values: tuple[tuple[str, object], ...]

    def __init__(self, **values):
        unknown = set(values) - set(FIELDS_BY_NAME)
        if unknown:
            raise TypeError(f"FilterSpec has no field {', '.join(sorted(unknown))}")
        held = tuple((f.name, f.normalise(values[f.name]) if f.name in values else f.default()) for f in FIELDS)
        for f in FIELDS:
            f.check(dict(held)[f.name])
        object.__setattr__(self, "values", held)

    def __getitem__(self, name: str):
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(name)

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "values":
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **values) -> "FilterSpec":
        return FilterSpec(**{**dict(self.values), **values})

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | list[str]], domain: FilterDomain, other_keys: Iterable[str] = ()
    ) -> tuple["FilterSpec", list[str]]:
        """Parse URL parameters. Returns the spec and plain-English notes on what was ignored.

        `other_keys` are parameters that belong to someone else (the page, the data version): not reported."""
        notes: list[str] = []
        values = {key: _as_list(value) for key, value in params.items()}
        allowed = set(FILTER_KEYS) | set(other_keys)
        notes += [f"unknown parameter '{short(key)}'" for key in values if key not in allowed]
        return cls(**{field.name: field.parse(values, domain, notes) for field in FIELDS}), notes

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL parameters for this spec; defaults are left out so links stay short."""
        params: dict[str, str | list[str]] = {}
        for field in FIELDS:
            params.update(field.serialise(self[field.name]))
        return params

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """One plain-English line, e.g. 'Showing 2018–2022, involving Russia (with sub-actors), events of type Meeting.'"""
        clauses = [field.describe(self[field.name], names or {}) for field in FIELDS]
        return ", ".join(c for c in clauses if c) + "."

    def widen_hints(self, tables: Iterable[str]) -> list[str]:
        """What to change to get rows back in these tables: only fields that narrow one of them are named."""
        tables = set(tables)
        return [field.widen_for(self[field.name]) for field in FIELDS
                if field.tables & tables and (not field.is_default(self[field.name]) or field.name == "years")]

    def is_default(self) -> bool:
        return self == FilterSpec()

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> "FilterSpec":
        """A spec from {field name: value}; fields not named keep their default."""
        return cls(**{name: value for name, value in values.items() if name in FIELDS_BY_NAME})

    def with_years(self, low: int, high: int) -> "FilterSpec":
        return self.replace(years=(min(low, high), max(low, high)))


def _as_list(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]

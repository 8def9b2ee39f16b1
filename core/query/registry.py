"""The registry of questions: every question a page asks, declared once (after datasette's facets, where each
facet is a class and one list registers them all).

A question is a function `(engine, *args) -> answer` registered with `@question(...)`. It states:
- `name`: how pages ask it (`store.<name>(...)`) and how tests and benchmarks name it;
- `examples`: the arguments that exercise it on a given dataset (every filter-taking question runs over the
  same example filters, see `example_specs`), so the engine test and the benchmark need no list of their own;
- `ordered`: whether the answer's row order is part of the answer (a paged list is; a set of counts is not).

The SQL inside is one text in DuckDB's dialect; engines other than DuckDB transpile it (core/query/spark.py).
Adding a question is one decorated function in the module of its domain; the differential engine test
(tests/engines), `bench/scale.py` and `Store` all walk QUESTIONS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.fields import AID, CLAIMS, CORRIDORS, EVENTS, RELATIONS, STANCES  # noqa: F401  (re-exported for question modules)
from core.filters import FilterSpec

Examples = Callable[["object"], Iterable[tuple]]


@dataclass(frozen=True)
class Question:
    name: str
    domain: str  # the module it lives in: overview, timeline, events, aid, stances, actors, relations, claims, places, sources
    ask: Callable
    examples: Examples
    ordered: bool = True
    doc: str = ""

    def __call__(self, engine, *args, **kwargs):
        record(engine, self.name, args, kwargs)
        return self.ask(engine, *args, **kwargs)


def record(engine, name: str, args: tuple, kwargs: dict) -> None:
    """Note a question asked of `engine` in its logs that are on: `asked` (names) and `calls` (with arguments)."""
    if engine.asked is not None:
        engine.asked.append(name)
    if engine.calls is not None:
        engine.calls.append((name, args, dict(kwargs)))


QUESTIONS: list[Question] = []


def question(domain: str, examples: Examples, ordered: bool = True):
    """Register the decorated function as a question of `domain`."""

    def register(ask: Callable) -> Callable:
        if any(q.name == ask.__name__ for q in QUESTIONS):
            raise ValueError(f"question {ask.__name__!r} is registered twice")
        QUESTIONS.append(Question(ask.__name__, domain, ask, examples, ordered, (ask.__doc__ or "").strip()))
        return ask

    return register


def example_specs(engine) -> list[FilterSpec]:
    """Filters that exercise every field on whatever dataset the engine holds: the default, a busy one that
    sets every field to a value the data has, the whole span, one that excludes sub-actors, and one that
    matches nothing."""
    first = _first(engine, "SELECT actor_id FROM actors WHERE parent_id IS NULL ORDER BY actor_id")
    event_type = _first(engine, "SELECT event_type FROM events GROUP BY event_type ORDER BY count(*) DESC, event_type")
    topic = _first(engine, "SELECT topic_id FROM stances GROUP BY topic_id ORDER BY count(*) DESC, topic_id")
    actors = (first,) if first else ()
    busy = FilterSpec(years=(2019, 2022), actors=(actors, True), event_types=(event_type,) if event_type else (),
                      topics=(topic,) if topic else (), origins=("corpus", "external"), text="e")
    return [
        FilterSpec(),
        busy,
        FilterSpec(years=(1900, 2100)),
        FilterSpec(years=(2020, 2022), actors=(actors, False)),
        FilterSpec(text="no-such-words-anywhere so'chi%_"),
    ]


def each_spec(engine) -> list[tuple]:
    return [(spec,) for spec in example_specs(engine)]


def first_id(table: str, column: str) -> Examples:
    """Examples for a question about one row: the first id of the table, and an id that does not exist."""

    def examples(engine) -> list[tuple]:
        found = _first(engine, f"SELECT {column} FROM {table} ORDER BY {column}")
        return [(found,), ("no-such-id",)] if found else [("no-such-id",)]

    return examples


def _first(engine, sql: str):
    frame = engine.frame(sql + " LIMIT 1")
    return None if frame.empty else frame.iat[0, 0]

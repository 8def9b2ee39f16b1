"""The registry of questions: every question a page asks, declared once (after datasette's facets, where each
facet is a class and one list registers them all).

A question is a function `(engine, *args) -> answer` registered with `@question(...)`. It states:
- `name`: how pages ask it (`store.<name>(...)`) and how tests and benchmarks name it;
- `examples`: the arguments that exercise it on a given dataset (every filter-taking question runs over the
  same example filters, see `example_specs`), so the engine test and the benchmark need no list of their own;
- `ordered`: whether the answer's row order is part of the answer (a paged list is; a set of counts is not).

The SQL inside is one text in DuckDB's dialect; engines other than DuckDB transpile it (core/query/spark.py).
Adding a question is one decorated function in the module of its domain; the differential engine test
(tests/engines), the portability test, `bench/scale.py` and `Store` all walk QUESTIONS, and docs/architecture.md
lists it once regenerated (`python -m scripts.gen_docs`). Its caller and its own test are the other files it
touches (docs/architecture.md, "How to add").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.fields import AID, CLAIMS, CORRIDORS, EVENTS, FIELDS, RELATIONS, STANCES  # noqa: F401  (re-exported for question modules)
from core.fields import first_value as _first
from core.filters import FilterSpec

Examples = Callable[["object"], Iterable[tuple]]


@dataclass(frozen=True)
class Question:
    name: str
    domain: str  # the module it lives in, core/query/<domain>.py
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
    """The filters every filter-taking question is exercised with on whatever dataset the engine holds, derived
    from FIELDS so that a new field is exercised with no edit here: the default; a busy one that sets every field
    to its example (a value the data has); then each field alone at each of its `lone_examples` (the years alone:
    the whole span; the actors alone: without sub-actors; the text alone: matches nothing). A filter equal to one
    before it is left out (a field whose example is its default, on a dataset without its table): the engine test
    runs every question under every one of them, so the list stays short.

    Examples take [0] as the default, [1] as the busy one and [2] (the whole span) as one with many rows."""
    busy = FilterSpec(**{field.name: field.example(engine) for field in FIELDS})
    alone = [FilterSpec(**{field.name: value}) for field in FIELDS for value in field.lone_examples(engine)]
    return list(dict.fromkeys([FilterSpec(), busy, *alone]))


def each_spec(engine) -> list[tuple]:
    return [(spec,) for spec in example_specs(engine)]


def first_id(table: str, column: str) -> Examples:
    """Examples for a question about one row: the first id of the table, and an id that does not exist."""

    def examples(engine) -> list[tuple]:
        found = _first(engine, f"SELECT {column} FROM {table} ORDER BY {column}")
        return [(found,), ("no-such-id",)] if found else [("no-such-id",)]

    return examples

"""The example filters every filter-taking question is exercised with (core/query/registry.example_specs) are
derived from FIELDS: every field is set by some example, so a new filter is run by the engine test, the
portability test and the benchmark with no edit to the examples."""

from __future__ import annotations

import pytest

import core.fields
import core.filters
import core.query.registry
from core.fields import EVENTS, FIELDS, CodesField
from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store, example_specs
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def engine():
    return Store(load_dataset(DATA_DIR, trust_stamp=True)).engine


def never_set(specs: list[FilterSpec], fields=FIELDS) -> list[str]:
    """The fields that no spec sets to anything but their default."""
    return [f.name for f in fields if all(f.is_default(spec[f.name]) for spec in specs)]


def test_every_field_is_set_by_some_example_and_all_of_them_by_the_busy_one(engine):
    specs = example_specs(engine)
    assert never_set(specs) == []
    busy = specs[1]
    assert [f.name for f in FIELDS if f.is_default(busy[f.name])] == []


def test_each_field_with_lone_examples_is_also_set_alone(engine):
    alone = {next(f.name for f in FIELDS if not f.is_default(spec[f.name]))
             for spec in example_specs(engine) if sum(not f.is_default(spec[f.name]) for f in FIELDS) == 1}
    assert alone == {f.name for f in FIELDS if f.lone_examples(engine)}
    assert {"years", "actors", "text"} <= alone  # the whole span, without sub-actors, matching nothing


def test_the_examples_are_few_distinct_and_keep_the_cases_questions_rely_on(engine):
    specs = example_specs(engine)
    assert len(specs) == len(set(specs)) <= 2 + len(FIELDS)
    default, busy, whole_span = specs[:3]  # questions take [0], [1] and [2] by position
    assert default == FilterSpec() and whole_span == FilterSpec(years=(1900, 2100))
    assert _events(engine, whole_span) > _events(engine, default) > _events(engine, busy) > 0
    assert FilterSpec(actors=(busy.actors[0], False)) in specs  # an actor without its sub-actors
    assert [s for s in specs if s.text and _events(engine, s) == 0]  # one that matches nothing


def _events(engine, spec) -> int:
    where, params = engine.where("events", spec)
    return int(engine.scalar(f"SELECT count(*) FROM events WHERE {where}", params))


def test_a_new_field_is_exercised_with_no_edit_to_the_examples(engine, monkeypatch):
    """A throwaway field added to FIELDS only: the examples set it, alone and in the busy one."""
    throwaway = CodesField("throwaway", "throwaway", EVENTS, "event_type", "kind", "Kinds", "All kinds", "of kind",
                           "event_types")
    fields = (*FIELDS, throwaway)
    by_name = {f.name: f for f in fields}
    for module in (core.fields, core.filters, core.query.registry):
        monkeypatch.setattr(module, "FIELDS", fields, raising=False)
    for module in (core.fields, core.filters):
        monkeypatch.setattr(module, "FIELDS_BY_NAME", by_name)
    specs = example_specs(engine)
    assert never_set(specs, fields) == []
    assert not throwaway.is_default(specs[1]["throwaway"])  # the busy example sets it


def test_a_field_without_an_example_is_named():
    class Bare(core.fields.Field):
        name = "bare"

    with pytest.raises(NotImplementedError, match="'bare'"):
        Bare().example(None)

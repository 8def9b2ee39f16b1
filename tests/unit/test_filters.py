"""FilterSpec: the tolerant URL codec, the description, the actor hierarchy and the pure apply_* functions."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import (
    FilterDomain,
    FilterSpec,
    apply_aid,
    apply_events,
    apply_relations,
    apply_stances,
    cited_sources,
    expand_actors,
)

DOMAIN = FilterDomain(
    year_bounds=(1992, 2025),
    actor_ids=("ru", "ru_mod", "ru_peacekeepers", "putin", "az", "am"),
    event_types=("meeting", "agreement"),
    topic_ids=("format_3plus3",),
    parents={"ru": None, "ru_mod": "ru", "ru_peacekeepers": "ru_mod", "putin": "ru", "az": None, "am": None},
)


def _actors_frame():
    return pd.DataFrame({"actor_id": list(DOMAIN.parents), "parent_id": [p for p in DOMAIN.parents.values()]})


def test_round_trip_of_a_full_spec():
    spec = FilterSpec(2019, 2021, ("ru", "az"), False, ("meeting",), ("format_3plus3",), "sochi")
    parsed, notes = FilterSpec.from_query_params(spec.to_query_params(), DOMAIN)
    assert parsed == spec and notes == []


def test_default_spec_has_no_params():
    assert FilterSpec().to_query_params() == {}
    assert FilterSpec.from_query_params({}, DOMAIN) == (FilterSpec(), [])


@pytest.mark.parametrize(
    "params, expected, note",
    [
        ({"actors": ["ru", "zz"]}, FilterSpec(actors=("ru",)), "unknown actor 'zz'"),
        ({"years": ["1850", "2020"]}, FilterSpec(), "outside the data's span"),
        ({"years": ["2022", "2019"]}, FilterSpec(2019, 2022), "reversed"),
        ({"years": ["abc", "2020"]}, FilterSpec(), "is not a year"),
        ({"years": ["2019", "2020", "2021"]}, FilterSpec(), "given 3 times"),
        ({"sub": ["true", "false"]}, FilterSpec(include_children=False), "given 2 times"),
        ({"sub": "maybe"}, FilterSpec(), "not true or false"),
        ({"types": ["meeting", "<script>"]}, FilterSpec(event_types=("meeting",)), "unknown event type '<script>'"),
        ({"zoom": "3"}, FilterSpec(), "unknown parameter 'zoom'"),
        ({"q": "x" * 10_000}, FilterSpec(text="x" * 200), "cut to 200"),
        ({"actors": "r" * 10_000}, FilterSpec(), "(10,000 characters)"),
    ],
    ids=["unknown-actor", "year-1850", "reversed-range", "text-in-number", "three-years", "repeated-bool", "bad-bool", "hostile-type", "unknown-key", "10kB-text", "10kB-actor"],
)
def test_tampered_params_are_dropped_and_reported(params, expected, note):
    spec, notes = FilterSpec.from_query_params(params, DOMAIN)
    assert spec == expected
    assert any(note in n for n in notes), notes
    assert all(len(n) < 200 for n in notes)


def test_other_keys_are_not_reported():
    _, notes = FilterSpec.from_query_params({"v": "abc", "event": "x"}, DOMAIN, other_keys=("v", "event"))
    assert notes == []


def test_reversed_spec_cannot_be_built():
    with pytest.raises(ValueError):
        FilterSpec(2022, 2019)
    assert FilterSpec().with_years(2022, 2019) == FilterSpec(2019, 2022)


def test_describe_is_one_plain_line():
    spec = FilterSpec(2020, 2020, ("ru",), True, ("meeting", "agreement"), (), "sochi")
    text = spec.describe({"ru": "Russia"})
    assert text == "Showing 2020, involving Russia (with sub-actors), events of type Meeting or Agreement, matching “sochi”."
    assert FilterSpec().describe() == "Showing 2018–2022, all actors."


def test_expand_actors_follows_the_whole_chain():
    assert expand_actors(["ru"], DOMAIN.parents, True) == {"ru", "ru_mod", "ru_peacekeepers", "putin"}
    assert expand_actors(["ru"], DOMAIN.parents, False) == {"ru"}
    assert expand_actors(["ru_mod"], DOMAIN.parents, True) == {"ru_mod", "ru_peacekeepers"}


def _events():
    return pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "start": pd.to_datetime(["2017-05-01", "2020-09-27", "2021-12-10", "2022-10-31"]),
            "end": pd.to_datetime([None, "2020-11-10", None, None]),
            "actor_ids": [("az",), ("az", "am"), ("ru_peacekeepers",), ("putin", "az", "am")],
            "event_type": ["agreement", "meeting", "meeting", "meeting"],
            "title": ["Old treaty", "War", "Peacekeepers block road", "Sochi meeting"],
            "evidence": ["x", "y", "z", "Sochi on October 3"],
            "notes": [None, None, None, None],
        }
    )


def test_apply_events_by_year_actor_hierarchy_type_and_text():
    events, actors = _events(), _actors_frame()
    assert list(apply_events(events, FilterSpec(), actors)["event_id"]) == ["b", "c", "d"]
    assert list(apply_events(events, FilterSpec(actors=("ru",)), actors)["event_id"]) == ["c", "d"]
    assert list(apply_events(events, FilterSpec(actors=("ru",), include_children=False), actors)["event_id"]) == []
    assert list(apply_events(events, FilterSpec(2010, 2025, event_types=("agreement",)), actors)["event_id"]) == ["a"]
    assert list(apply_events(events, FilterSpec(text="SOCHI"), actors)["event_id"]) == ["d"]


def test_a_period_overlapping_the_range_is_kept():
    events = _events()
    events.loc[1, "end"] = pd.Timestamp("2025-11-10")
    assert "b" in set(apply_events(events, FilterSpec(2023, 2025), _actors_frame())["event_id"])


def test_apply_aid_uses_fiscal_year_spans():
    aid = pd.DataFrame(
        {
            "aid_id": ["gao", "fy18", "fy16"],
            "donor": ["us", "us", "us"],
            "recipient": ["az", "az", "am"],
            "fiscal_year": pd.array([2002, 2018, 2016], dtype="Int64"),
            "fiscal_year_end": pd.array([2020, None, None], dtype="Int64"),
            "program": ["all", "333", "FMF"],
            "authority": [None, None, None],
            "evidence": ["e", "e", "e"],
            "notes": [None, None, None],
        }
    )
    actors = pd.DataFrame({"actor_id": ["us", "az", "am"], "parent_id": [None, None, None]})
    assert list(apply_aid(aid, FilterSpec(), actors)["aid_id"]) == ["gao", "fy18"]
    assert list(apply_aid(aid, FilterSpec(2016, 2016, ("am",)), actors)["aid_id"]) == ["fy16"]


def test_apply_on_bundled_tables(dataset):
    spec = FilterSpec(actors=("ru",))
    events = apply_events(dataset.events, spec, dataset.actors)
    assert 0 < len(events) < len(dataset.events)
    wanted = expand_actors(["ru"], FilterDomain.from_dataset(dataset).parents, True)
    assert all(not wanted.isdisjoint(ids) for ids in events["actor_ids"])
    stances = apply_stances(dataset.stances, spec, dataset.actors)
    assert set(stances["actor_id"]) <= wanted
    relations = apply_relations(dataset.relations, spec, dataset.actors)
    assert all(a in wanted or b in wanted for a, b in zip(relations["actor_a"], relations["actor_b"]))
    sources = cited_sources(dataset.sources, events)
    assert set(events["source_id"]) <= set(sources["source_id"])


def test_domain_from_dataset(dataset):
    domain = FilterDomain.from_dataset(dataset)
    assert domain.year_bounds[0] <= 1997 and domain.year_bounds[1] >= 2022
    assert "ru" in domain.actor_ids and "meeting" in domain.event_types

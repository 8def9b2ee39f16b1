"""FilterSpec and its fields: the tolerant URL codec, the description, the widgets' round trip, and which
tables each field narrows (what the empty state may suggest). The predicates run in tests/unit/test_store.py."""

from __future__ import annotations

import pandas as pd
import pytest

from core.actors import ActorTree
from core.fields import FIELDS, FILTER_KEYS
from core.filters import FilterDomain, FilterSpec
from core.pages import PAGES_BY_NAME

DOMAIN = FilterDomain(
    year_bounds=(1992, 2025),
    actor_ids=("ru", "ru_mod", "ru_peacekeepers", "putin", "az", "am"),
    event_types=("meeting", "agreement"),
    topic_ids=("format_3plus3",),
    topic_names={"format_3plus3": "The 3+3 format"},
    actor_labels={"ru": "Russia", "ru_mod": "Russian MoD (Russia)"},
)
TREE = ActorTree.from_frame(pd.DataFrame({
    "actor_id": ["ru", "ru_mod", "ru_peacekeepers", "putin", "az", "am"],
    "name": ["Russia", "Russian MoD", "Peacekeepers", "Putin", "Azerbaijan", "Armenia"],
    "parent_id": [None, "ru", "ru_mod", "ru", None, None],
}))


def test_round_trip_of_a_full_spec():
    spec = FilterSpec(years=(2019, 2021), actors=(("ru", "az"), False), event_types=("meeting",),
                      topics=("format_3plus3",), text="sochi", origins=("external",))
    parsed, notes = FilterSpec.from_query_params(spec.to_query_params(), DOMAIN)
    assert parsed == spec and notes == []


def test_default_spec_has_no_params():
    assert FilterSpec().to_query_params() == {}
    assert FilterSpec.from_query_params({}, DOMAIN) == (FilterSpec(), [])


@pytest.mark.parametrize(
    "params, expected, note",
    [
        ({"actors": ["ru", "zz"]}, FilterSpec(actors=(("ru",), True)), "unknown actor 'zz'"),
        ({"years": ["1850", "2020"]}, FilterSpec(years=(2020, 2020)), "outside the years this dashboard covers"),
        ({"years": ["2022", "2019"]}, FilterSpec(years=(2019, 2022)), "reversed"),
        ({"years": ["abc", "2020"]}, FilterSpec(years=(2020, 2020)), "is not a year"),
        ({"years": ["2019", "2020", "2021"]}, FilterSpec(), "given 3 times"),
        ({"sub": ["true", "false"]}, FilterSpec(actors=((), False)), "given 2 times"),
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
        FilterSpec(years=(2022, 2019))
    assert FilterSpec().with_years(2022, 2019) == FilterSpec(years=(2019, 2022))


def test_an_unknown_field_cannot_be_set():
    with pytest.raises(TypeError):
        FilterSpec(year_min=2019)
    with pytest.raises(TypeError):
        FilterSpec().replace(include_children=False)


def test_specs_are_hashable_and_equal_by_value():
    assert FilterSpec(years=(2019, 2020)) == FilterSpec(years=[2019, 2020])
    assert hash(FilterSpec(years=(2019, 2020))) == hash(FilterSpec(years=[2019, 2020]))
    assert FilterSpec(event_types=["meeting"]) == FilterSpec(event_types=("meeting",))
    assert FilterSpec(actors=(["ru"], True)) == FilterSpec(actors=(("ru",), True))
    assert FilterSpec(years=(2019, 2020)) != FilterSpec(years=(2019, 2021))
    assert len({FilterSpec(), FilterSpec(), FilterSpec(text="sochi"), FilterSpec(text="sochi")}) == 2
    assert FilterSpec(text="sochi").replace(years=(2020, 2020)) == FilterSpec(years=(2020, 2020), text="sochi")


def test_describe_is_one_plain_line():
    spec = FilterSpec(years=(2020, 2020), actors=(("ru",), True), event_types=("meeting", "agreement"), text="sochi")
    text = spec.describe({"ru": "Russia"})
    assert text == "Showing 2020, involving Russia (with sub-actors), events of type Meeting or Agreement, matching “sochi”."
    assert FilterSpec().describe() == "Showing 2018–2022, all actors."


def test_topics_are_described_by_name():
    spec = FilterSpec(topics=("format_3plus3",))
    assert spec.describe(DOMAIN.names) == "Showing 2018–2022, all actors, stances on The 3+3 format."


def test_actor_tree_follows_the_whole_chain_and_survives_a_loop():
    assert TREE.expand(["ru"], True) == {"ru", "ru_mod", "ru_peacekeepers", "putin"}
    assert TREE.expand(["ru"], False) == {"ru"}
    assert TREE.expand(["ru_mod"], True) == {"ru_mod", "ru_peacekeepers"}
    assert TREE.root("ru_peacekeepers") == "ru" and TREE.label("ru_mod") == "Russian MoD (Russia)"
    looped = ActorTree(names={"a": "A", "b": "B"}, parents={"a": "b", "b": "a"})
    assert looped.root("a") in {"a", "b"} and looped.expand(["a"], True) == {"a", "b"}


def test_every_url_key_belongs_to_exactly_one_field():
    assert len(FILTER_KEYS) == len(set(FILTER_KEYS))
    assert set(FILTER_KEYS) == {"years", "actors", "sub", "types", "origin", "topics", "q"}


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_each_field_round_trips_through_its_widgets_and_its_url(field):
    spec = FilterSpec(years=(2019, 2021), actors=(("ru",), False), event_types=("meeting",),
                      topics=("format_3plus3",), text="sochi", origins=("corpus",))
    value = spec[field.name]
    assert field.from_widgets(field.to_widgets(value)) == value
    notes: list[str] = []
    params = {k: v if isinstance(v, list) else [v] for k, v in field.serialise(value).items()}
    assert field.parse(params, DOMAIN, notes) == value and notes == []
    assert set(params) <= set(field.keys)
    assert {w.key for w in field.widgets(DOMAIN)} == set(field.keys)


def test_a_field_narrows_only_the_tables_it_names():
    spec = FilterSpec(event_types=("meeting",), topics=("format_3plus3",))
    types = next(f for f in FIELDS if f.name == "event_types")
    assert types.where("events", spec.event_types, TREE) is not None
    assert types.where("aid", spec.event_types, TREE) is None
    topics = next(f for f in FIELDS if f.name == "topics")
    assert topics.where("stances", spec.topics, TREE) is not None and topics.where("events", spec.topics, TREE) is None


def test_empty_state_hints_name_only_fields_that_narrow_the_page():
    spec = FilterSpec(event_types=("meeting",), text="zz", topics=("format_3plus3",))
    aid_hints = spec.widen_hints(PAGES_BY_NAME["us_aid"].tables)
    assert "allow more event types" not in aid_hints and "allow more topics" not in aid_hints
    assert "clear the search text" in aid_hints and "widen the year range" in aid_hints
    timeline_hints = spec.widen_hints(PAGES_BY_NAME["timeline"].tables)
    assert "allow more event types" in timeline_hints and "allow more topics" not in timeline_hints
    assert "allow more topics" in spec.widen_hints(PAGES_BY_NAME["actors_stances"].tables)
    exact = FilterSpec(actors=(("ru",), False)).widen_hints(["events"])
    assert "remove an actor or turn on “Include sub-actors”" in exact


def test_text_predicate_passes_only_words_as_parameters():
    # the query is cut into folded words; wildcards and quotes never reach the SQL, not even as parameters
    clause = next(f for f in FIELDS if f.name == "text").where("events", "100%_Sûre! 'x", TREE)
    assert clause[1] == [" 100", " sure", " x"] and "100" not in clause[0] and "LIKE" not in clause[0]


def test_years_before_the_default_range_are_one_stop():
    years = next(f for f in FIELDS if f.name == "years")
    widget = years.widgets(DOMAIN)[0]
    assert widget.options[:2] == ("before", 2018) and widget.labels["before"] == "Before 2018"
    assert years.to_widgets((1992, 2022), DOMAIN) == {"years": ("before", 2022)}
    assert years.from_widgets({"years": ("before", 2022)}, DOMAIN) == (1992, 2022)
    assert years.from_widgets({"years": ("before", "before")}, DOMAIN) == (1992, 2017)
    spec, notes = FilterSpec.from_query_params({"years": ["2008", "2020"]}, DOMAIN)
    assert spec.years == (1992, 2020) and any("chosen together" in n for n in notes)
    assert FilterSpec.from_query_params({"years": ["1992", "2017"]}, DOMAIN) == (FilterSpec(years=(1992, 2017)), [])


# ---- issue 19: a link loses only its bad part, and the notice tells adjusted from ignored ----------------------


def test_one_bad_year_keeps_the_other():
    from core.fields import Adjusted
    spec, notes = FilterSpec.from_query_params({"years": ["1850", "2021"]}, DOMAIN)
    assert spec.years == (2021, 2021)
    bad = [n for n in notes if "1850" in n]
    assert bad and not isinstance(bad[0], Adjusted)
    assert any(isinstance(n, Adjusted) and "2021" in n for n in notes), notes
    spec, _ = FilterSpec.from_query_params({"years": ["2020", "abc"]}, DOMAIN)
    assert spec.years == (2020, 2020)


def test_out_of_span_note_names_the_dashboard_span():
    _, notes = FilterSpec.from_query_params({"years": ["1850", "2021"]}, DOMAIN)
    text = "; ".join(notes)
    assert "2018–2022" in text and "1992" in text
    assert "data's span 1992" not in text


def test_reversed_years_are_adjusted_not_ignored():
    from core.fields import Adjusted
    spec, notes = FilterSpec.from_query_params({"years": ["2022", "2019"]}, DOMAIN)
    assert spec.years == (2019, 2022)
    assert notes and all(isinstance(n, Adjusted) for n in notes), notes
    from components.shell.notices import notice_text
    ignored, adjusted = notice_text(notes)
    assert ignored is None and "reversed" in adjusted


def test_notice_text_separates_ignored_from_adjusted():
    from components.shell.notices import notice_text
    _, notes = FilterSpec.from_query_params({"years": ["1850", "2021"], "zoom": "3"}, DOMAIN)
    ignored, adjusted = notice_text(notes)
    assert "ignored" in ignored and "zoom" in ignored and "1850" in ignored
    assert "2021" in adjusted and "zoom" not in adjusted


def test_an_unknown_page_path_is_named():
    from components.shell.notices import unknown_page
    from core.pages import PAGES
    assert unknown_page("nosuchpage", PAGES) == "nosuchpage"
    assert unknown_page("timeline", PAGES) is None
    assert unknown_page("", PAGES) is None and unknown_page(None, PAGES) is None

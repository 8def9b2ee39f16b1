"""Contested claims (data/claims.csv): the question `contested_claims` against expectations computed in plain
pandas from the CSV files (tests/expectations.py), the table's reference and verbatim rules, and a dataset
without the table."""

from __future__ import annotations

import pytest

from core.filters import FilterSpec
from core.load import load_dataset
from core.problems import DataError
from core.query import Store
from tests.expectations import Filter, actors, contested_claims, read

@pytest.fixture(scope="module")
def bundled_store(dataset):
    return Store(dataset)


CASES = [
    (FilterSpec(), Filter()),
    (FilterSpec(years=(2021, 2021)), Filter(years=(2021, 2021))),
    (FilterSpec(years=(2022, 2022)), Filter(years=(2022, 2022))),
    (FilterSpec(actors=(("ru",), True)), Filter(actors=actors("ru"))),
    (FilterSpec(actors=(("ru",), False)), Filter(actors=actors("ru", sub=False))),
    (FilterSpec(actors=(("az",), True), years=(2022, 2022)), Filter(years=(2022, 2022), actors=actors("az"))),
    (FilterSpec(text="activists"), Filter(text="activists")),
]


# Ids by position: a frozenset's repr follows the hash seed, which differs between pytest-xdist's workers.
@pytest.mark.parametrize("spec, expected", CASES, ids=[f"case{n}" for n in range(len(CASES))])
def test_contested_claims_match_the_csv(bundled_store, spec, expected):
    answer = bundled_store.contested_claims(spec)
    wanted = contested_claims(expected)
    assert [r["claim_id"] for r in answer] == list(wanted["claim_id"])
    assert [r["in_filter"] for r in answer] == list(wanted["in_filter"])


def test_every_subject_has_more_than_one_reading_and_every_reading_its_quote():
    claims = read("claims.csv")
    assert (claims.groupby("subject_event_id").size() >= 2).all()
    assert claims["evidence"].notna().all() and claims["source_id"].notna().all()


def test_a_filter_that_keeps_one_reading_shows_every_reading_of_its_event(bundled_store):
    answer = bundled_store.contested_claims(FilterSpec(actors=(("ru_mod",), False)))
    assert {r["actor_id"] for r in answer if r["in_filter"]} == {"ru_mod"}
    assert not all(r["in_filter"] for r in answer)  # the other sides are there too, marked as outside the filter
    for subject in {r["subject_event_id"] for r in answer}:
        block = [r for r in answer if r["subject_event_id"] == subject]
        assert any(r["in_filter"] for r in block) and len(block) >= 2


def test_an_undated_reading_takes_its_events_year(bundled_store):
    undated = read("claims.csv").query("date.isna()", engine="python")
    assert len(undated)  # the bundled data has readings whose source gives no date
    events = read("events.csv").set_index("event_id")
    year = int(events.loc[undated["subject_event_id"].iat[0], "date"][:4])
    answer = bundled_store.contested_claims(FilterSpec(years=(year, year)))
    assert undated["claim_id"].iat[0] in {r["claim_id"] for r in answer}
    assert undated["claim_id"].iat[0] not in {r["claim_id"] for r in bundled_store.contested_claims(
        FilterSpec(years=(year - 1, year - 1)))}


def test_claims_must_name_a_real_event_actor_and_source(make_dataset):
    with pytest.raises(DataError) as error:
        make_dataset(events=[{"event_id": "ev_test_1"}],
                     claims=[{"subject_event_id": "no_such_event"}, {"actor_id": "ghost", "evidence": "A quote."}],
                     actors=[{"actor_id": "test_actor"}])
    text = str(error.value)
    assert "unknown event 'no_such_event'" in text and "unknown actor 'ghost'" in text


def test_a_claims_quote_must_be_verbatim_in_its_source(make_dataset):
    dataset = make_dataset(events=[{"event_id": "ev_test_1"}], claims=[{"claim_id": "cl_ok"}])
    csv = dataset.data_dir / "claims.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Test evidence for cl_ok.", "Words nobody wrote."),
                   encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_dataset(dataset.data_dir)
    assert "cl_ok" in str(error.value)


def test_a_dataset_without_claims_answers_with_no_rows(make_dataset):
    dataset = make_dataset(events=[{"event_id": "ev_test_1"}])
    assert "claims.csv" in dataset.missing
    assert Store(dataset).contested_claims(FilterSpec()) == []

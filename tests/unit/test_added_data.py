"""An upload added to the bundled record (issue 30): the added rows carry their own origin ("acled" for an ACLED
export's, "upload" for others) in the Event origin filter, their quotes stay "not verified" while the bundled rows'
stay verified, an id clash is one report line (not a crash), and the bundled files are never altered. An upload
explored alone carries the same origins. Generated ACLED-shaped rows only."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from core.added_data import add_to_bundled, clashes
from core.filters import FilterDomain, FilterSpec
from core.query import Store
from core.synthetic_acled import acled_csv
from core.user_data import check_upload, open_report
from tests.conftest import DATA_DIR, REPO

ROWS = 50


def _bundled_bytes() -> dict[str, str]:
    return {str(p.relative_to(DATA_DIR)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(DATA_DIR.rglob("*")) if p.is_file()}


def _origins(store: Store, domain: FilterDomain) -> dict[str, int]:
    every = FilterSpec(years=domain.year_bounds)
    return {o: store.count("events", every.replace(origins=(o,))) for o in domain.origins}


@pytest.fixture(scope="module")
def acled_report():
    report = check_upload("export.csv", acled_csv(ROWS, seed=5))
    assert report.problems == [] and report.event_origin == "acled"
    return report


def test_acled_rows_added_to_the_bundled_record_carry_their_own_origin(acled_report):
    before = _bundled_bytes()
    bundled = open_bundled()
    dataset, lines = add_to_bundled(acled_report)
    assert lines == []  # the export's Azerbaijan and Armenia are the record's own rows: no clash to report
    domain = FilterDomain.from_dataset(dataset)
    assert domain.origins == ("corpus", "external", "acled")
    assert domain.origin_labels["acled"] == "ACLED"
    store = Store(dataset)
    counts = _origins(store, domain)
    assert counts["acled"] == ROWS
    assert (counts["corpus"], counts["external"]) == (bundled["corpus"], bundled["external"])
    assert _bundled_bytes() == before  # the bundled files, byte for byte


def open_bundled() -> dict[str, int]:
    from core.load import load_dataset

    dataset = load_dataset(DATA_DIR, trust_stamp=True)
    return _origins(Store(dataset), FilterDomain.from_dataset(dataset))


def test_bundled_quotes_stay_verified_and_added_ones_do_not(acled_report):
    dataset, _ = add_to_bundled(acled_report)
    events = dataset.tables["events"]
    bundled = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    ours = events[events["event_id"].isin(set(bundled["event_id"]))]
    theirs = events[~events["event_id"].isin(set(bundled["event_id"]))]
    assert len(ours) == len(bundled) and len(theirs) == ROWS
    assert all(dataset.quote_verified(s, q) for s, q in zip(ours["source_id"], ours["evidence"]))
    assert not any(dataset.quote_verified(s, q) for s, q in zip(theirs["source_id"], theirs["evidence"]))
    assert not dataset.user_supplied and dataset.has_added_rows


def test_an_upload_alone_carries_its_own_origin(acled_report):
    dataset = open_report(acled_report)
    domain = FilterDomain.from_dataset(dataset)
    assert domain.origins == ("acled",)
    assert _origins(Store(dataset), domain) == {"acled": ROWS}
    native = check_upload("events.csv", pd.read_csv(REPO / "data" / "events.csv", dtype=str).head(3)
                          .to_csv(index=False).encode("utf-8"))
    dataset = open_report(native)
    domain = FilterDomain.from_dataset(dataset)
    assert domain.origins == ("upload",) and _origins(Store(dataset), domain) == {"upload": 3}


def test_an_id_clash_is_a_report_line_and_the_bundled_row_is_kept():
    before = _bundled_bytes()
    bundled = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    mine = bundled[bundled["date"] >= "2019"].head(2).copy()
    clashing = mine["event_id"].iat[0]
    mine["title"] = ["My own reading of this event", "A second event of mine"]
    mine["event_id"] = [clashing, "my_new_event"]
    report = check_upload("events.csv", mine.to_csv(index=False).encode("utf-8"))
    assert report.problems == []
    lines = clashes(report)
    assert [(line["value"], line["column"]) for line in lines] == [(clashing, "event_id")]
    assert "already has an event with this id" in lines[0]["problem"]
    dataset, reported = add_to_bundled(report)
    assert reported == lines
    events = dataset.tables["events"].set_index("event_id")
    assert events.at[clashing, "title"] == bundled.set_index("event_id").at[clashing, "title"]
    assert events.at["my_new_event", "title"] == "A second event of mine"
    assert len(events) == len(bundled) + 1
    domain = FilterDomain.from_dataset(dataset)
    assert domain.origins == ("corpus", "external", "upload") and _origins(Store(dataset), domain)["upload"] == 1
    assert _bundled_bytes() == before

"""Fatalities as a measure: a blank figure is unknown (never counted as 0), a 0 is a 0; the questions that count,
list and export them; the bundled record has none."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.query import Store
from core.synthetic_acled import acled_frame
from core.user_data import check_upload, open_report

# Six events in two months (Jan and Feb 2020): figures 5, blank, 0 in January; 2, blank, 7 in February.
FIGURES = ["5", "", "0", "2", "", "7"]
DATES = ["2020-01-03", "2020-01-09", "2020-01-20", "2020-02-02", "2020-02-11", "2020-02-25"]


@pytest.fixture(scope="module")
def store() -> Store:
    frame = acled_frame(6, seed=3)
    frame["fatalities"], frame["event_date"], frame["time_precision"] = FIGURES, DATES, "1"
    frame["year"] = "2020"
    frame[["event_type", "sub_event_type"]] = ["Battles", "Armed clash"]
    report = check_upload("export.csv", frame.to_csv(index=False).encode())
    assert report.problems == []
    return Store(open_report(report))


def test_blank_is_unknown_and_left_out_of_the_monthly_sum(store):
    monthly = store.monthly_fatalities_by_type(FilterSpec(years=(2020, 2020)))
    assert [(m.month, n) for m, n in zip(monthly["month"], monthly["n"])] == [(1, 5), (2, 9)]
    assert list(monthly["month_total"]) == [5, 9]


def test_known_counts_figures_zero_included(store):
    known = store.fatalities_known(FilterSpec(years=(2020, 2020)))
    assert (known.known, known.events) == (4, 6)


def test_a_month_of_zeros_is_a_zero_not_a_gap():
    frame = acled_frame(2, seed=4)
    frame["fatalities"], frame["event_date"], frame["time_precision"], frame["year"] = ["0", ""], DATES[:2], "1", "2020"
    monthly = Store(open_report(check_upload("e.csv", frame.to_csv(index=False).encode()))) \
        .monthly_fatalities_by_type(FilterSpec(years=(2020, 2020)))
    assert list(monthly["n"]) == [0]


def test_the_dataset_has_fatalities_and_the_bundled_record_has_none(store, dataset):
    assert store.has_fatalities() is True
    assert Store(dataset).has_fatalities() is False


def test_explorer_rows_places_and_export_carry_the_figure(store):
    spec = FilterSpec(years=(2020, 2020))
    page = store.events_page(spec, limit=10).set_index("event_id")["fatalities"]
    assert [None if pd.isna(v) else int(v) for v in page] == [5, None, 0, 2, None, 7]
    places = store.places_with_events(spec)
    assert int(places["fatalities"].sum()) == 14
    exported = pd.read_csv(io.StringIO(store.export_rows(spec).to_csv(index=False)), dtype=str,
                           keep_default_na=False)
    assert list(exported["fatalities"]) == ["5", "", "0", "2", "", "7"]

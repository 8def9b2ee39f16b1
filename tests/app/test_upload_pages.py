"""AppTest of the pages on an ACLED upload (issue 30): an upload has events, sources, actors and places but no aid,
stances or relations. The Overview draws what it has (counts, trend, coverage, latest events) and names what it
lacks in one line; Sources lists the export's sources; US aid and Actors & stances keep their message."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.filters import FilterDomain
from core.pages import PAGES_BY_NAME
from core.query import Store
from core.synthetic_acled import acled_csv
from core.user_data import check_upload, open_report, summary
from tests.conftest import REPO

APP = str(REPO / "app.py")
ROWS = 60


@pytest.fixture(scope="module")
def upload_state():
    report = check_upload("export.csv", acled_csv(ROWS, seed=3))
    assert report.problems == [] and report.kind == "acled"
    dataset = open_report(report)
    return dataset, FilterDomain.from_dataset(dataset), Store(dataset), "export.csv", summary(report)


def _run(page: str, state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_uploaded_dataset"] = state
    at.switch_page(PAGES_BY_NAME[page].file)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    return [str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.title, *at.subheader]]


def test_the_overview_draws_an_upload_and_names_what_it_lacks_once(upload_state):
    at = _run("overview", upload_state)
    texts = _texts(at)
    assert not any("which this page needs" in t for t in texts), texts
    assert at.metric[0].label == "Events" and at.metric[0].value == f"{ROWS:,}"
    assert not any(m.label == "US aid figures" for m in at.metric)  # the upload has none to count
    assert len(at.get("plotly_chart")) >= 2  # the monthly trend and the coverage by year
    assert "Latest events in this filter" in texts
    lacking = [t for t in texts if "no aid" in t]
    assert lacking == ["This dataset has no aid, stances or relations table, so the figures here leave them out."], lacking


def test_sources_lists_the_exports_sources(upload_state):
    at = _run("sources", upload_state)
    texts = _texts(at)
    assert not any("which this page needs" in t for t in texts), texts
    listed = at.dataframe[0].value
    assert {"Synthetic Agency", "Synthetic Daily; Synthetic Wire"} <= set(listed["title"]), listed["title"].tolist()


@pytest.mark.parametrize(("page", "lacks"), [("us_aid", "no aid table"), ("actors_stances", "no stances or relations table")])
def test_the_pages_of_tables_an_upload_lacks_keep_their_message(upload_state, page, lacks):
    at = _run(page, upload_state)
    assert any(f"This dataset has {lacks}, which this page needs" in w.value for w in at.warning)

"""AppTest of an upload added to the bundled record (issue 30): the Data page offers the choice, the added rows have
their own origin in the Event origin filter and in the Timeline's words (never "from public sources giving
context"), their evidence says "quote not verified" while the bundled rows' does not. Generated ACLED rows only."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.added_data import add_to_bundled
from core.filters import FilterDomain
from core.pages import PAGES_BY_NAME
from core.query import Store
from core.synthetic_acled import acled_csv
from core.user_data import check_upload, open_report, summary
from tests.conftest import REPO

APP = str(REPO / "app.py")
ROWS = 40
SEED = 9


@pytest.fixture(scope="module")
def report():
    return check_upload("export.csv", acled_csv(ROWS, seed=SEED))


def _state(dataset, report):
    return dataset, FilterDomain.from_dataset(dataset), Store(dataset), "export.csv", summary(report)


def _run(page: str, state, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_uploaded_dataset"] = state
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(PAGES_BY_NAME[page].file)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.title])


def _report_page():
    from components.data.upload import render_report
    from core.synthetic_acled import acled_csv
    from core.user_data import check_upload

    render_report(check_upload("export.csv", acled_csv(40, seed=9)))


def test_the_data_page_offers_to_add_the_upload_to_the_bundled_record():
    at = AppTest.from_function(_report_page, default_timeout=120)
    at.session_state["_uploader_generation"] = 0  # render_upload sets it before the report
    at.run()
    choice = at.radio(key="upload_mode")
    assert choice.options == ["Explore it alone", "Add it to the bundled record"] and choice.value == "alone"
    choice.set_value("add").run()
    at.button(key="upload_go_on").click().run()
    assert not at.exception, [e.message for e in at.exception]
    dataset = at.session_state["_uploaded_dataset"][0]
    assert dataset.has_added_rows and not dataset.user_supplied
    assert at.session_state["_uploaded_dataset"][1].origins == ("corpus", "external", "acled")


def test_added_rows_have_their_own_origin_and_words(report):
    dataset, lines = add_to_bundled(report)
    at = _run("timeline", _state(dataset, report))
    origin = next(w for w in at.sidebar.multiselect if w.label == "Event origin")
    assert origin.options == ["corpus articles", "public sources (context)", "ACLED"], origin.options
    caption = next(c.value for c in at.caption if " events: " in c.value)
    assert f", {ROWS:,} from your ACLED export." in caption, caption
    assert "Dataset: bundled record + your upload" in "\n".join(m.value for m in at.sidebar.markdown)


def test_an_upload_alone_is_never_called_public_sources(report):
    at = _run("timeline", _state(open_report(report), report))
    caption = next(c.value for c in at.caption if " events: " in c.value)
    assert caption.startswith(f"{ROWS:,} events: {ROWS:,} from your ACLED export."), caption
    assert "public sources" not in _texts(at)


def test_added_evidence_is_not_verified_and_bundled_evidence_is(report):
    dataset, _ = add_to_bundled(report)
    state = _state(dataset, report)
    added = report.tables["events.csv"]["event_id"].iloc[0]
    at = _run("timeline", state, {"event": added})
    assert "User-supplied, quote not verified" in _texts(at)
    at = _run("timeline", state, {"event": "ev_2022_10_31_sochi_meeting"})
    assert "Sochi" in _texts(at) and "quote not verified" not in _texts(at)

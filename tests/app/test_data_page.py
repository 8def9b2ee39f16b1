"""AppTest of an uploaded dataset in a session (issue 21): every page names it as the active dataset, with the
way back; its evidence is marked "user-supplied, quote not verified"; a hostile title is shown as text; links
carry its data version; and going back shows the bundled data again. The upload itself (the file picker) is
driven in Chromium: tests/e2e/test_data_upload.py."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.filters import FilterDomain
from core.pages import PAGES, PAGES_BY_NAME
from core.query import Store
from core.user_data import check_upload, open_report, summary
from tests.conftest import REPO

APP = str(REPO / "app.py")
HOSTILE = "<script>alert(1)</script> [x](javascript:y)"


@pytest.fixture(scope="module")
def upload():
    events = pd.read_csv(REPO / "data" / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    events = events[events["date"] >= "2018"].head(5).reset_index(drop=True)  # inside the default year range
    events.loc[0, "title"] = HOSTILE
    report = check_upload("events.csv", events.to_csv(index=False).encode("utf-8"))
    assert report.problems == []
    dataset = open_report(report)
    return (dataset, FilterDomain.from_dataset(dataset), Store(dataset), "events.csv", summary(report)), events


def _run(page_file: str, upload_state, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["_uploaded_dataset"] = upload_state
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def _text(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.title])


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_names_the_upload_and_the_way_back(upload, page):
    state, events = upload
    at = _run(page.file, state)
    assert not at.exception, [e.message for e in at.exception]
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "**Dataset: your upload** events\\.csv" in sidebar and f"version {state[0].fingerprint}" in sidebar
    assert "does not carry" in sidebar or "but not the upload" in sidebar
    assert [b.label for b in at.sidebar.button if b.label == "Back to the bundled data"]
    assert any(i.value.startswith("You are exploring your upload events\\.csv") for i in at.info)  # above the page
    assert f"v={state[0].fingerprint}" in "\n".join(c.value for c in at.code)  # the share link's data version


def test_the_evidence_of_an_uploaded_row_says_it_is_not_verified_and_titles_are_text(upload):
    state, events = upload
    at = _run(PAGES_BY_NAME["timeline"].file, state, {"event": events.loc[0, "event_id"]})
    assert not at.exception
    text = _text(at)
    assert "User-supplied, quote not verified" in text
    heading = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(heading) == 1 and "\\<script\\>" in heading[0] and "](javascript" not in heading[0], heading


def test_going_back_shows_the_bundled_data(upload):
    state, _ = upload
    at = _run(PAGES_BY_NAME["data"].file, state)
    assert "You are exploring **your upload**" in _text(at)
    at.sidebar.button(key="drop_upload").click().run()
    assert not at.exception
    assert "You are exploring the app's own data" in _text(at)
    assert any(c.value.startswith("Dataset: bundled data") for c in at.sidebar.caption)


def test_bundled_evidence_is_not_marked(upload):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["event"] = "ev_2022_10_31_sochi_meeting"
    at.switch_page(PAGES_BY_NAME["timeline"].file)
    at.run()
    assert "quote not verified" not in _text(at)


def _parents_of(node, key: str, path: tuple = ()) -> tuple | None:
    """The blocks from the root down to the element whose widget key is `key`."""
    for child in getattr(node, "children", {}).values():
        if str(getattr(getattr(child, "proto", None), "id", "")).endswith(f"-{key}"):
            return path + (node,)
        found = _parents_of(child, key, path + (node,))
        if found:
            return found
    return None


def test_the_banner_button_keeps_its_whole_label(upload):
    """The banner above the page put "Back to the bundled data" in a fixed fifth of the row, which cut the label
    at 1400 px. It now sits in a row that gives it its text's width (the notice takes the rest, and the row wraps
    on a phone): its parent is that row, never a column of a fixed share."""
    state, _ = upload
    at = _run(PAGES_BY_NAME["overview"].file, state)
    parents = _parents_of(at._tree, "drop_upload_main")
    assert parents, "the banner's button is missing"
    assert not [p for p in parents if getattr(p, "type", None) == "column"]
    assert parents[-1].proto.id.endswith("-upload_banner")

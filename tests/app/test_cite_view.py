"""AppTest: every page's footer cites the view (tool, page, filter, data fingerprint, link) and offers its zip;
a tampered link still gives a citation, of the filter the page actually applied."""

from __future__ import annotations

import pytest

from core.load import fingerprint
from tests.app.test_pages import STATES, run_page
from tests.conftest import DATA_DIR


@pytest.mark.parametrize("page_file, title", [("app_pages/timeline.py", "Timeline"), ("app_pages/us_aid.py", "US aid")])
@pytest.mark.parametrize("state", ["default", "russia-2021", "tampered"])
def test_footer_cites_the_view_with_the_fingerprint(page_file, title, state):
    at = run_page(page_file, STATES[state])
    assert not at.exception, [e.message for e in at.exception]
    version = fingerprint(DATA_DIR)
    codes = [c.value for c in at.code]
    plain = [c for c in codes if c.startswith("South Caucasus Monitor, “")]
    bibtex = [c for c in codes if c.startswith("@misc{scm")]  # a row's citation starts with its source's entry
    assert len(plain) == 1 and len(bibtex) == 1, codes
    for citation in plain + bibtex:
        assert version in citation and title in citation
    described = next(c.value for c in at.sidebar.caption if c.value.startswith("Showing"))
    assert described in plain[0]
    link = next(c for c in codes if " " not in c and (c.startswith("http") or "?" in c or c.startswith("/")))
    assert link in plain[0]
    if state == "russia-2021":
        assert "2021" in plain[0]
    assert any(b.label == "Download this view (zip)" for b in at.get("download_button"))


def test_a_selected_event_cites_its_source_first_and_the_tool_second():
    from tests.expectations import read

    events, sources = read("events.csv"), read("sources.csv").set_index("source_id")
    event = events[events["source_id"].map(sources["url"]).notna()].iloc[0]
    source = sources.loc[event["source_id"]]
    at = run_page("app_pages/timeline.py", {"event": event["event_id"], "years": ["1990", "2022"]})
    assert not at.exception, [e.message for e in at.exception]
    assert any(e.label == "Cite this row" for e in at.expander)
    codes = [c.value for c in at.code]
    plain = [c for c in codes if f"event {event['event_id']}" in c and not c.startswith("@")]
    bibtex = [c for c in codes if c.startswith("@misc{") and not c.startswith("@misc{scm")]
    assert len(plain) == 1 and len(bibtex) == 1, codes
    text, version = plain[0], fingerprint(DATA_DIR)
    assert text.index(source["title"]) < text.index(source["url"]) < text.index("South Caucasus Monitor")
    assert event["evidence"] in text and version in text and "None" not in text
    assert bibtex[0].index(source["url"]) < bibtex[0].index("@misc{scm") and version in bibtex[0]


def test_the_download_button_builds_the_zip_of_the_pages_tables():
    import io
    import zipfile
    from datetime import date

    from components.shell.footer import _bundle
    from core.citation import ViewCitation
    from core.filters import FilterSpec
    from core.load import load_dataset
    from core.query import Store

    citation = ViewCitation("US aid", "Showing 2018–2022.", fingerprint(DATA_DIR), "http://x/us_aid", date(2026, 1, 1))
    data = _bundle(Store(load_dataset(DATA_DIR)), FilterSpec(), ["aid", "events"], citation)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert set(z.namelist()) == {"aid.csv", "events.csv", "data-dictionary.md", "README.txt"}
        assert z.read("data-dictionary.md") == (DATA_DIR / "README.md").read_bytes()

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


@pytest.mark.parametrize("page_file", ["app_pages/overview.py", "app_pages/timeline.py", "app_pages/map.py",
                                       "app_pages/actors_stances.py", "app_pages/sources.py", "app_pages/data.py"])
def test_every_code_block_sits_in_a_popover(page_file):
    """The link, the view's citation and a row's citation are code blocks (text as text, a copy button), each in a
    popover: a popover's content is drawn only when opened, and the first code block drawn costs a first page the
    browser's syntax highlighter (a 1.5 MB chunk, about half a second; issue S)."""
    at = run_page(page_file, {"event": "ev_2022_10_31_sochi_meeting"} if page_file.endswith("timeline.py") else {})
    assert not at.exception, [e.message for e in at.exception]
    in_popovers = [code for block in at.get("popover") for code in block.get("code")]
    assert in_popovers and len(in_popovers) == len(at.code), (
        f"code blocks outside a popover: {[c.value[:40] for c in at.code if c not in in_popovers]}")
    labels = [block.proto.popover.label for block in at.get("popover")]
    assert "Copy link to this view" in labels and "Cite this view" in labels, labels


def test_a_selected_event_cites_its_source_first_and_the_tool_second():
    from tests.expectations import read

    events, sources = read("events.csv"), read("sources.csv").set_index("source_id")
    event = events[events["source_id"].map(sources["url"]).notna()].iloc[0]
    source = sources.loc[event["source_id"]]
    at = run_page("app_pages/timeline.py", {"event": event["event_id"], "years": ["1990", "2022"]})
    assert not at.exception, [e.message for e in at.exception]
    assert any(b.proto.popover.label == "Cite this row" for b in at.get("popover"))
    codes = [c.value for c in at.code]
    plain = [c for c in codes if f"event {event['event_id']}" in c and not c.startswith("@")]
    bibtex = [c for c in codes if c.startswith("@misc{") and not c.startswith("@misc{scm")]
    assert len(plain) == 1 and len(bibtex) == 1, codes
    text, version = plain[0], fingerprint(DATA_DIR)
    assert text.index(source["title"]) < text.index(source["url"]) < text.index("South Caucasus Monitor")
    assert event["evidence"] in text and version in text and "None" not in text
    assert bibtex[0].index(source["url"]) < bibtex[0].index("@misc{scm") and version in bibtex[0]


@pytest.fixture(scope="module")
def store():
    from core.load import load_dataset
    from core.query import Store

    return Store(load_dataset(DATA_DIR), consume=True)  # as the app holds it: the row frames handed to the engine


def _page_zip(store, page: str, spec, filters: str = "Showing 2018–2022."):
    """The zip the page's "Download this view" button gives (components/shell/footer.py), opened."""
    import io
    import zipfile
    from datetime import date

    from components.shell.footer import _bundle
    from core.citation import ViewCitation
    from core.pages import PAGES_BY_NAME

    citation = ViewCitation(PAGES_BY_NAME[page].title, filters, fingerprint(DATA_DIR), f"http://x/{page}", date(2026, 1, 1))
    return zipfile.ZipFile(io.BytesIO(_bundle(PAGES_BY_NAME[page], store, spec, citation)))


def _ids(z, name: str, key: str) -> list[str]:
    import pandas as pd

    return list(pd.read_csv(z.open(name), dtype=str, keep_default_na=False)[key])


@pytest.mark.parametrize("spec_args", [{}, {"years": (2020, 2022)}, {"years": (1990, 2022)}])
def test_the_us_aid_zip_holds_the_overlay_events_it_draws(store, spec_args):
    from core.filters import FilterSpec
    from tests.expectations import Filter, rows

    spec = FilterSpec(**spec_args)
    with _page_zip(store, "us_aid", spec) as z:
        names = set(z.namelist())
        assert {"aid.csv", "events.csv", "sources.csv", "actors.csv", "data-dictionary.md", "README.txt"} <= names
        assert z.read("data-dictionary.md") == (DATA_DIR / "README.md").read_bytes()
        drawn = sorted(e["event_id"] for e in store.aid_overlay(spec))
        assert _ids(z, "events.csv", "event_id") == drawn
        assert 0 < len(drawn) < len(store.table_rows("events", spec))  # the overlay draws only some events
        assert _ids(z, "aid.csv", "aid_id") == list(store.table_rows("aid", spec)["aid_id"])
        if not spec_args:
            assert _ids(z, "aid.csv", "aid_id") == sorted(rows("aid", Filter())["aid_id"])
        assert f"- events.csv: {len(drawn)} row" in z.read("README.txt").decode()


def test_the_map_zip_holds_the_places_and_corridors_it_draws(store):
    import json

    from core.filters import FilterSpec

    spec = FilterSpec(years=(2018, 2019))  # leaves out the corridors whose sourced years start later
    with _page_zip(store, "map", spec) as z:
        names = set(z.namelist())
        assert {"events.csv", "places.csv", "corridors.geojson", "sources.csv"} <= names
        drawn = {*store.places_with_events(spec)["place_id"], *store.unlocated_places(spec)["place_id"]}
        assert set(_ids(z, "places.csv", "place_id")) == drawn
        corridors = [f["properties"]["corridor_id"] for f in json.loads(z.read("corridors.geojson"))["features"]]
        kept = list(store.corridors_in_filter(spec)["corridor_id"])
        assert sorted(corridors) == sorted(kept) and 0 < len(kept) < len(store.dataset.corridors["features"])
        readme = z.read("README.txt").decode()
    assert f"- places.csv: {len(drawn)} rows" in readme and f"- corridors.geojson: {len(kept)} corridors" in readme


def test_the_data_zip_holds_the_whole_dataset_and_no_filter_line(store):
    from core.filters import FilterSpec
    from core.tables import TABLES
    from tests.expectations import read

    with _page_zip(store, "data", FilterSpec(years=(2021, 2021))) as z:
        for table in TABLES:
            assert _ids(z, table.file, table.id_column) == sorted(read(table.file)[table.id_column]), table.name
        assert "corridors.geojson" in z.namelist()
        readme = z.read("README.txt").decode()
    assert not [line for line in readme.splitlines() if line.startswith("Filter:")]
    assert "no filters" in readme


def test_the_data_page_cites_the_whole_dataset():
    at = run_page("app_pages/data.py", STATES["russia-2021"])
    assert not at.exception, [e.message for e in at.exception]
    plain = [c.value for c in at.code if c.value.startswith("South Caucasus Monitor, “")]
    assert len(plain) == 1 and "The whole dataset, unfiltered." in plain[0] and "Showing" not in plain[0], plain

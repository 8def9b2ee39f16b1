"""Cite this view and Download this view (every page's footer): the citation holds the fingerprint, the filter
and the link; the zip's rows equal the filter's rows computed independently (tests/expectations.py)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pandas as pd
import pytest

from core.bundle_export import build_zip
from core.citation import RowCitation, ViewCitation, bibtex_escape, url_command
from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from core.tables import BY_NAME, TABLES
from tests.conftest import DATA_DIR
from tests.expectations import Filter, actors, read, rows

URL = "http://localhost:8501/timeline?from=2020&v=abc123"
FILTER_TEXT = "Showing 2020–2022, matching “a {b} 100% & c_d \\ e”."


def _citation(filters: str = FILTER_TEXT) -> ViewCitation:
    return ViewCitation("Timeline", filters, "abc123fingerprint", URL, date(2026, 11, 30))


def test_citation_holds_tool_page_filter_version_url_and_date():
    for text in (_citation().text(), _citation().bibtex()):
        assert "South Caucasus Monitor" in text and "Timeline" in text
        assert "abc123fingerprint" in text and "2026-11-30" in text
        assert "localhost:8501/timeline" in text
    assert FILTER_TEXT in _citation().text()


def test_bibtex_names_the_tool_as_its_author_and_organisation():
    bib = _citation().bibtex()
    assert "  author = {{South Caucasus Monitor}}," in bib  # braced: a corporate name, not "Monitor, South C."
    assert "  organization = {South Caucasus Monitor}," in bib


def test_bibtex_escapes_braces_and_special_characters():
    bib = _citation().bibtex()
    assert r"a \{b\} 100\% \& c\_d \textbackslash{} e" in bib
    # Braces balance: no field can close early.
    depth = 0
    for i, c in enumerate(bib):
        if c in "{}" and (i == 0 or bib[i - 1] != "\\"):
            depth += 1 if c == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert bibtex_escape("}") == r"\}"


@pytest.fixture(scope="module")
def store():
    return Store(load_dataset(DATA_DIR))


CASES = [
    (FilterSpec(), Filter()),
    (FilterSpec(years=(2020, 2021), actors=(("ru",), True)), Filter(years=(2020, 2021), actors=actors("ru"))),
    (FilterSpec(text="no-such-words-anywhere"), Filter(text="no-such-words-anywhere")),
]


@pytest.mark.parametrize("spec, expected", CASES)
def test_zip_rows_equal_the_filters_rows(store, spec, expected):
    tables = ("events", "aid", "stances", "relations")
    data = build_zip({t: store.table_rows(t, spec) for t in tables}, "# dictionary", _citation())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert set(z.namelist()) == {f"{t}.csv" for t in tables} | {"data-dictionary.md", "README.txt"}
        assert z.read("data-dictionary.md").decode() == "# dictionary"
        readme = z.read("README.txt").decode()
        assert "abc123fingerprint" in readme and URL in readme and FILTER_TEXT in readme
        for t in tables:
            got = pd.read_csv(z.open(f"{t}.csv"), dtype=str, keep_default_na=False)
            key = BY_NAME[t].id_column
            want = sorted(rows(t, expected)[key])
            assert list(got[key]) == want, t


def test_zip_guards_formulas():
    frame = Store(load_dataset(DATA_DIR)).table_rows("stances", FilterSpec()).head(3).copy()
    frame["notes"] = ["=HYPERLINK(\"x\")", "+1", "plain"]
    from core.query.events import guard_cell

    frame["notes"] = frame["notes"].map(guard_cell)
    data = build_zip({"stances": frame}, None, _citation())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        got = pd.read_csv(z.open("stances.csv"), dtype=str, keep_default_na=False)
        assert "data-dictionary.md" not in z.namelist()
    assert list(got["notes"]) == ["'=HYPERLINK(\"x\")", "'+1", "plain"]


# Which lookup table each reference column points at, stated here rather than read from core/integrity.py so
# that a reference the app forgets to follow shows up.
_REFERS_TO = {"source_id": "sources", "correction_source_id": "sources", "years_source_id": "sources",
              "actors": "actors", "actor_id": "actors", "actor_a": "actors", "actor_b": "actors", "donor": "actors",
              "recipient": "actors", "parent_id": "actors", "place_id": "places", "waypoints": "places",
              "topic_id": "topics"}
_LOOKUP_ID = {"sources": "source_id", "actors": "actor_id", "places": "place_id", "topics": "topic_id"}


def _referenced(z: zipfile.ZipFile) -> dict[str, set[str]]:
    """Every id of a lookup table that a file of the zip references (a lookup file's own id column aside)."""
    found = {t: set() for t in _LOOKUP_ID}
    for name in z.namelist():
        if name.endswith(".csv"):
            frame = pd.read_csv(z.open(name), dtype=str, keep_default_na=False, na_values=[""])
            own = _LOOKUP_ID.get(name[:-4])
            for column, target in _REFERS_TO.items():
                if column in frame.columns and column != own:
                    for value in frame[column].dropna():
                        found[target] |= set(value.split(";")) if column == "actors" else {value}
        elif name == "corridors.geojson":
            for feature in json.loads(z.read(name))["features"]:
                props = feature["properties"]
                for column in ("source_id", "years_source_id", "waypoints"):
                    values = props.get(column) or []
                    found[_REFERS_TO[column]] |= set(values if isinstance(values, list) else [values])
    return found


@pytest.mark.parametrize("spec, expected", CASES)
def test_zip_holds_every_row_its_files_reference_and_no_other(store, spec, expected):
    """Offline, every source_id, actor, place and topic a file of the zip names is a row of the zip's own
    sources.csv, actors.csv, places.csv or topics.csv (a place's source and an actor's parent too), and those files
    hold nothing else."""
    tables = {t.name: store.table_rows(t.name, spec) for t in TABLES if t.has_evidence}
    lookups = {t: read(f"{t}.csv") for t in _LOOKUP_ID}
    corridors = json.loads((DATA_DIR / "corridors.geojson").read_text(encoding="utf-8"))
    data = build_zip(tables, None, _citation(), lookups=lookups, corridors=corridors)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        referenced = _referenced(z)
        assert referenced["sources"] and referenced["places"]  # the corridors name some, whatever the filter
        for table, key in _LOOKUP_ID.items():
            held = set(pd.read_csv(z.open(f"{table}.csv"), dtype=str)[key]) if f"{table}.csv" in z.namelist() else set()
            assert held == referenced[table], table
        readme = z.read("README.txt").decode()
    assert "- sources.csv: " in readme and "reference" in readme and "- corridors.geojson: 9 corridors" in readme
    for t in tables:
        assert f"- {t}.csv: {len(tables[t]):,} row" in readme


def test_a_lookup_table_the_page_shows_keeps_its_rows_and_gains_the_referenced_ones():
    """The Map shows places itself: its places.csv holds those, plus any place a corridor names that it does not."""
    places = read("places.csv")
    shown = places.head(2)
    corridors = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"corridor_id": "c", "source_id": places["source_id"][5],
                                                             "waypoints": [places["place_id"][5]]}}]}
    data = build_zip({"places": shown}, None, _citation(), lookups={"places": places, "sources": read("sources.csv")},
                     corridors=corridors)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        got = pd.read_csv(z.open("places.csv"), dtype=str)
        sources = set(pd.read_csv(z.open("sources.csv"), dtype=str)["source_id"])
    assert set(got["place_id"]) == set(shown["place_id"]) | {places["place_id"][5]}
    assert sources == set(places["source_id"].iloc[[0, 1, 5]].dropna())


def test_table_rows_guards_every_text_cell(store):
    for t in ("events", "aid", "stances", "relations"):
        frame = store.table_rows(t, FilterSpec(years=(1900, 2100)))
        for column in frame.columns:
            texts = [v for v in frame[column] if isinstance(v, str)]
            assert not [v for v in texts if v[:1] in ("=", "+", "-", "@", "\t", "\r")], (t, column)


# ---- one row: its original source first, this tool second ----------------------------------------------------

SOURCE = {"source_id": "src_1", "title": "Peace {talks} in 100% of cases", "author": "A. Writer", "publisher": None,
          "published": "2022-12", "url": "https://example.org/a_b%20c?x=1&y=2#top"}


def test_a_row_cites_its_source_first_and_the_tool_second():
    row = RowCitation(SOURCE, "event", "ev_1", "the quote", _citation())
    text = row.text()
    assert text.index("A. Writer") < text.index("Peace {talks}") < text.index("South Caucasus Monitor")
    assert "Dec 2022" in text and "https://example.org/a_b%20c?x=1&y=2#top" in text and "“the quote”" in text
    assert "event ev_1" in text and "abc123fingerprint" in text and "localhost:8501/timeline" in text
    assert "None" not in text and "None" not in row.bibtex()  # a blank publisher is left out, not "None"
    bib = row.bibtex()
    assert bib.index("@misc{src1,") < bib.index("@misc{scmtimeline20261130,")
    assert "publisher" not in bib.split("@misc{scm")[0] and "  year = {2022}," in bib
    assert r"title = {Peace \{talks\} in 100\% of cases}" in bib
    assert "note = {event ev\\_1. " in bib and "abc123fingerprint" in bib.split("@misc{scm")[1]


def test_howpublished_url_stays_raw():
    # \url{} typesets its argument verbatim: escaping would print the backslashes into the address
    bib = RowCitation(SOURCE, "stance", "st_1", "q", _citation()).bibtex()
    assert r"howpublished = {\url{https://example.org/a_b%20c?x=1&y=2#top}}," in bib
    assert r"\url{http://localhost:8501/timeline?" in _citation().bibtex()
    assert "\\_" not in _citation().bibtex().split("howpublished = {")[1].split("\n")[0].replace("\\url", "")
    assert url_command("https://x.org/{a}") == r"\url{https://x.org/%7Ba%7D}"


def test_a_source_with_only_a_title_is_cited_without_blanks():
    row = RowCitation({"source_id": "s", "title": "Only a title", "author": "", "publisher": float("nan"),
                       "published": None, "url": None}, "aid row", "aid_1", "q", _citation())
    assert row.text().startswith("“Only a title”. Quoted:") and "nan" not in row.text()
    assert "howpublished" not in row.bibtex().split("@misc{scm")[0]

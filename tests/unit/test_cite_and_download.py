"""Cite this view and Download this view (every page's footer): the citation holds the fingerprint, the filter
and the link; the zip's rows equal the filter's rows computed independently (tests/expectations.py)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from core.bundle_export import build_zip
from core.citation import RowCitation, ViewCitation, bibtex_escape, url_command
from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from core.tables import BY_NAME
from tests.conftest import DATA_DIR
from tests.expectations import Filter, actors, rows

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

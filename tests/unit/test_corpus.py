"""The Sources page's text tools (core/corpus.py) and its questions: passages, evidence spans, highlighting,
coverage, the to-do list and search. Expectations come from the files themselves (plain str.find over the CSVs
and corpus texts) or from a fixture stated here, never from the query layer."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from core.corpus import fold, highlight_html, looks_like_fact, reader_html, search_terms, snippet, split_passages
from core.load import load_dataset
from core.pages import parse_passage, parse_source_id
from core.query import Store
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def store():
    return Store(load_dataset(DATA_DIR))


# ---- passages ----------------------------------------------------------------------------------------------


def test_passages_are_sentences_with_offsets_into_the_whole_text():
    text = "On Feb. 22, the U.S. Congress met. It voted “no.” Then it left!\nA second paragraph. Its 2nd sentence."
    passages = split_passages(text)
    assert [p.text for p in passages] == ["On Feb. 22, the U.S. Congress met.", "It voted “no.”", "Then it left!",
                                          "A second paragraph.", "Its 2nd sentence."]
    assert [p.n for p in passages] == [1, 2, 3, 4, 5]
    assert [p.paragraph for p in passages] == [1, 1, 1, 2, 2]
    assert all(text[p.start:p.end] == p.text for p in passages)


def test_every_corpus_file_is_covered_by_its_passages_in_order():
    for path in sorted((DATA_DIR / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        passages = split_passages(text)
        assert all(text[p.start:p.end] == p.text for p in passages)
        assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))
        assert "".join("".join(p.text.split()) for p in passages) == "".join(text.split())


def test_fold_keeps_length_and_folds_case_accents_and_quotes():
    for text in ("Türkgözü, Posof", "Eskişehir", "Baku’s “allied” — GIZILBULAG", "Qızılbulaq"):
        assert len(fold(text)) == len(text)
    assert fold("Türkgözü") == "turkgozu" and fold("ESKIŞEHIR") == "eskisehir"
    assert fold("Baku’s “allied” — x") == "baku's \"allied\" - x"


def test_fact_like_sentences():
    assert looks_like_fact("The talks of 26 Nov were short.") == "a date"
    assert looks_like_fact("It cost $47.5 million.") == "a number"
    assert looks_like_fact("Baku said so.", ("Baku",)) == "a named actor"
    assert looks_like_fact("The sky was grey.") is None


# ---- evidence spans and highlighting ------------------------------------------------------------------------


def _expected_spans() -> set[tuple[str, str, int, int]]:
    """(source_id, row id, start, end) of every evidence quote in its corpus file, by plain str.find."""
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False, na_values=[""])
    texts = {s: (DATA_DIR / f).read_text(encoding="utf-8")
             for s, f in zip(sources["source_id"], sources["corpus_file"]) if isinstance(f, str)}
    found = set()
    for table, key in (("events", "event_id"), ("aid", "aid_id"), ("stances", "stance_id"), ("relations", "relation_id")):
        frame = pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""])
        for row_id, source_id, quote in zip(frame[key], frame["source_id"], frame["evidence"]):
            if source_id in texts:
                start = texts[source_id].find(quote)
                assert start >= 0
                found.add((source_id, row_id, start, start + len(quote)))
    return found


def test_highlight_spans_map_back_to_the_exact_evidence_strings(store):
    expected = _expected_spans()
    shown = set()
    for source_id in {s for s, *_ in expected}:
        text = (DATA_DIR / "corpus" / f"{source_id}.txt").read_text(encoding="utf-8")
        spans = store.evidence_spans(source_id)
        for start, end, row_id in zip(spans["span_start"], spans["span_end"], spans["row_id"]):
            shown.add((source_id, row_id, int(start), int(end)))
            assert text[int(start):int(end)] in set(
                pd.concat([pd.read_csv(DATA_DIR / f"{t}.csv", dtype=str)["evidence"]
                           for t in ("events", "aid", "stances", "relations")]))
    assert shown == expected


def test_every_quote_is_marked_whole_in_the_reader(store):
    source_id = "peacekeepers_mines_2022_12"
    records = store.passages(source_id).to_dict("records")
    spans = store.evidence_spans(source_id)
    page = "".join(reader_html(records, list(zip(spans["span_start"], spans["span_end"]))))
    marked = "".join(html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", page))
    squeeze = lambda t: "".join(t.split())  # noqa: E731
    quotes = [q for t in ("events", "stances", "relations")
              for q, s in pd.read_csv(DATA_DIR / f"{t}.csv", dtype=str)[["evidence", "source_id"]].itertuples(index=False)
              if s == source_id]
    assert quotes and all(squeeze(q) in squeeze(marked) for q in quotes)


def test_script_in_the_text_stays_text():
    text = 'He said <script>alert("x")</script> & left.'
    out = highlight_html(text, 100, [(108, 135)], anchor='p"1')
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; left" in out
    assert out.count("<mark") == 1 and 'id="p&quot;1"' in out
    blocks = reader_html([{"n": 1, "paragraph": 1, "start_char": 0, "text": text, "rows": 1}], [(0, 7)], selected=1)
    assert "<script>" not in blocks[0] and "&lt;/script&gt;" in blocks[0]


def test_highlight_clips_spans_to_the_passage_and_merges_overlaps():
    out = highlight_html("abcdefghij", 10, [(5, 12), (11, 14), (18, 30)])
    assert re.findall(r"<mark[^>]*>(.*?)</mark>", out) == ["abcd", "ij"] and "efgh" in out


# ---- coverage and to-do on a fixture -------------------------------------------------------------------------

TEXT = ("Talks began on 3 May 2021. The sky was grey. Officials in Eskişehir counted 40 trucks.\n"
        "A <script>alert('x')</script> line.\n")


@pytest.fixture
def small(make_dataset):
    ds = make_dataset(sources=[{"source_id": "art", "kind": "corpus"}],
                      events=[{"event_id": "ev1", "source_id": "art", "evidence": "Talks began on 3 May 2021."}])
    (ds.data_dir / "corpus" / "art.txt").write_text(TEXT, encoding="utf-8")
    return Store(load_dataset(ds.data_dir))


def test_coverage_arithmetic(small):
    row = small.coverage().set_index("source_id").loc["art"]
    assert (row["sentences"], row["supporting"], row["to_do"]) == (4, 1, 1)
    assert row["share"] == pytest.approx(0.25)
    assert small.to_do("art")["n"].tolist() == [3]
    assert small.passages("art")["rows"].tolist() == [1, 0, 0, 0]
    assert small.passage_rows("art", 1)["row_id"].tolist() == ["ev1"]
    assert small.passage_of("art", "Talks began on 3 May 2021.") == 1


def test_search_folds_accents_and_case(small):
    assert small.search_passages("ESKISEHIR")["n"].tolist() == [3]
    assert small.search_passages("eskişehir trucks")["n"].tolist() == [3]
    assert small.search_passages("eskisehir grey").empty  # every word, not any word
    found = small.search_passages("script")
    assert found["match"].tolist() == ["script"]


# ---- search on the bundled data -------------------------------------------------------------------------------


def _passages_holding(word: str) -> set[tuple[str, int]]:
    """(source_id, n) of every corpus passage that holds the word as written (case-insensitive)."""
    found = set()
    for path in (DATA_DIR / "corpus").glob("*.txt"):
        for p in split_passages(path.read_text(encoding="utf-8")):
            if word.lower() in p.text.lower():
                found.add((path.stem, p.n))
    return found


def test_search_finds_alternative_names(store):
    def hits(query):
        frame = store.search_passages(query)
        return set(zip(frame["source_id"], frame["n"].astype(int)))

    gizilbulag = _passages_holding("Gizilbulag")
    assert gizilbulag and gizilbulag <= hits("Qizilbulaq") and gizilbulag <= hits("gizilbulag")
    assert hits("qizilbulaq") == hits("Gizilbulag")
    assert all("gizilbulag" in fold(m) or "qizilbulaq" in fold(m) or "drmbon" in fold(m)
               for m in store.search_passages("Qizilbulaq")["match"])
    # Khankendi is written Stepanakert in the texts
    assert any("stepanakert" in fold(m) for m in store.search_passages("Khankendi")["match"])
    both = store.search_passages("Lachin corridor")
    assert not both.empty and all("corridor" in fold(t) and ("lachin" in fold(t) or "berdzor" in fold(t))
                                  for t in both["text"])


def test_search_terms_and_snippet():
    groups = [{"gizilbulag gold deposit", "gizilbulag", "qizilbulaq", "drmbon"}]
    assert search_terms("Qizilbulaq  mine", groups) == [["qizilbulaq", "drmbon", "gizilbulag", "gizilbulag gold deposit"],
                                                       ["mine"]]
    assert search_terms("  ") == []
    before, match, after = snippet("x" * 200 + " Gizilbulag gold " + "y" * 200, [["qizilbulaq", "gizilbulag"]], 20)
    assert match == "Gizilbulag" and before.startswith("…") and after.endswith("…") and len(before) == 21


# ---- deep-link parsers ----------------------------------------------------------------------------------------


def test_passage_and_source_parsers(store):
    assert parse_passage("3", store) == ("3", None)
    for bad in ("-1", "03", "0", "abc", "99999", "３", "1e3"):
        kept, note = parse_passage(bad, store)
        assert kept is None and "not a passage number" in note
    assert parse_source_id("peacekeepers_mines_2022_12", store) == ("peacekeepers_mines_2022_12", None)
    kept, note = parse_source_id("<b>x</b>", store)
    assert kept is None and "unknown source" in note

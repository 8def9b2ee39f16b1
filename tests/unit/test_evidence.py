"""The verbatim rule and the corpus split."""

from __future__ import annotations

import hashlib

import pytest

from core.evidence import check_evidence, read_manifest, rebuild_seed
from core.load import collect
from tests.conftest import DATA_DIR, REPO
from tests.csv_edit import rewrite_csv

SHARED_SEED = REPO.parent / "shared" / "seed" / "000_0dc540b658ae18e1.txt"


@pytest.mark.parametrize("table", ["events", "aid", "stances", "relations"])
def test_every_quote_occurs_verbatim_in_its_source(dataset, table):
    frame = getattr(dataset, table)
    assert len(frame) > 0
    for row in frame.itertuples():
        kind = dataset.sources.set_index("source_id").loc[row.source_id, "kind"]
        text = dataset.corpus_text(row.source_id) if kind == "corpus" else dataset.reference_text()
        assert row.evidence in text, (row[1], row.evidence)


def test_corpus_files_rebuild_the_seed():
    seed_sha, parts = read_manifest(DATA_DIR)
    assert len(parts) >= 8
    assert hashlib.sha256(rebuild_seed(DATA_DIR)).hexdigest() == seed_sha
    assert [order for order, _, _ in parts] == list(range(1, len(parts) + 1))


def test_manifest_matches_the_shared_seed_when_present():
    if not SHARED_SEED.exists():
        pytest.skip("../shared is not beside this clone; the recorded SHA-256 is checked above")
    seed_sha, _ = read_manifest(DATA_DIR)
    assert hashlib.sha256(SHARED_SEED.read_bytes()).hexdigest() == seed_sha


def test_sources_list_every_corpus_file_once(dataset):
    corpus = dataset.sources[dataset.sources["kind"] == "corpus"]
    _, parts = read_manifest(DATA_DIR)
    assert sorted(corpus["corpus_file"]) == sorted(f"corpus/{name}" for _, name, _ in parts)
    assert sorted(corpus["order"].astype(int)) == [order for order, _, _ in parts]


def test_a_paraphrased_quote_is_caught(data_copy):
    def edit(rows):
        rows[0]["evidence"] = rows[0]["evidence"].replace(" ", "  ", 1)

    rewrite_csv(data_copy / "events.csv", edit)
    tables, _, _ = collect(data_copy)
    problems = check_evidence(data_copy, tables)
    assert any(p.file == "events.csv" and p.row == 1 and p.column == "evidence" for p in problems)


def test_an_edited_corpus_file_is_caught(data_copy):
    first = sorted((data_copy / "corpus").glob("*.txt"))[0]
    first.write_bytes(first.read_bytes() + b" ")
    tables, _, _ = collect(data_copy)
    problems = check_evidence(data_copy, tables)
    assert any("SHA-256" in p.message for p in problems)

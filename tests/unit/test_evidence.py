"""The verbatim rule and the corpus split."""

from __future__ import annotations

import hashlib

import pytest

from core.bundle import read_manifest, rebuild_seed
from core.evidence import check_evidence
from core.load import ROW_TABLES, check_all
from tests.conftest import DATA_DIR, REPO
from tests.csv_edit import rewrite_csv

SHARED_SEED = REPO.parent / "shared" / "seed" / "000_0dc540b658ae18e1.txt"


@pytest.mark.parametrize("table", ROW_TABLES)
def test_every_quote_occurs_verbatim_in_its_source(dataset, table):
    if not dataset.has(f"{table}.csv"):
        pytest.skip(f"the bundled data has no {table} table")
    frame = dataset.tables[table]
    assert len(frame) > 0
    sources = dataset.tables["sources"].set_index("source_id")
    for row in frame.itertuples():
        source = sources.loc[row.source_id]
        excerpt = DATA_DIR / "reference" / "excerpts" / f"{row.source_id}.txt"
        if source["kind"] == "corpus":
            text = (DATA_DIR / source["corpus_file"]).read_text(encoding="utf-8")
        elif excerpt.exists():  # the passage after the excerpt's header (url:, retrieved:, blank line)
            text = excerpt.read_text(encoding="utf-8").split("\n\n", 1)[1]
        else:
            text = (DATA_DIR / "reference" / "facts.md").read_text(encoding="utf-8")
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
    corpus = dataset.tables["sources"].loc[lambda t: t["kind"] == "corpus"]
    _, parts = read_manifest(DATA_DIR)
    assert sorted(corpus["corpus_file"]) == sorted(f"corpus/{name}" for _, name, _ in parts)
    assert sorted(corpus["order"].astype(int)) == [order for order, _, _ in parts]


def test_a_paraphrased_quote_is_caught(data_copy):
    def edit(rows):
        rows[0]["evidence"] = rows[0]["evidence"].replace(" ", "  ", 1)

    rewrite_csv(data_copy / "events.csv", edit)
    tables, _, _ = check_all(data_copy)
    problems = check_evidence(data_copy, tables)
    assert any(p.file == "events.csv" and p.row == 1 and p.column == "evidence" for p in problems)


def test_an_edited_corpus_file_is_caught(data_copy):
    first = sorted((data_copy / "corpus").glob("*.txt"))[0]
    first.write_bytes(first.read_bytes() + b" ")
    problems = check_all(data_copy)[2]
    assert any("SHA-256" in p.message for p in problems)


def test_bundle_checks_apply_to_a_release_copy_not_to_other_data(data_copy, tmp_path):
    from core.bundle import bundle_problems
    from core.synthetic import write_dataset

    (data_copy / "corpus" / "MANIFEST").unlink()
    assert bundle_problems(data_copy) == []  # a directory without a manifest is not a release
    assert bundle_problems(DATA_DIR) == []  # the bundled release keeps its manifest
    assert check_all(write_dataset(tmp_path / "generated", 50))[2] == []

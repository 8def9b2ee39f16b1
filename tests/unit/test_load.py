"""The loader: a stamped load of the bundled data equals a validated one; no other directory is ever trusted;
CSV and Parquet give the same report; a table a dataset lacks is named, not fatal; the fingerprint is cached."""

from __future__ import annotations

import pandas as pd
import pytest

from core import schema, vocab
import core.load
from core.load import check_all, fingerprint, is_stamped, load_dataset, write_stamp
from core.synthetic import write_dataset
from core.problems import DataError
from core.tables import TABLES
from tests.conftest import DATA_DIR
from tests.csv_edit import rewrite_csv

def test_bundled_stamp_is_current():
    """Fails when data/ changed without `python -m core.validate --stamp data/` after a clean validation."""
    assert is_stamped(DATA_DIR, fingerprint(DATA_DIR))


def test_trusted_load_equals_validated_load():
    checked = load_dataset(DATA_DIR, trust_stamp=False)
    trusted = load_dataset(DATA_DIR, trust_stamp=True)
    assert list(checked.tables) == list(trusted.tables) == [t.name for t in TABLES]  # every table, in the registry's order
    for name, frame in checked.tables.items():
        pd.testing.assert_frame_equal(frame, trusted.tables[name], obj=name)
    assert checked.corridors == trusted.corridors
    assert checked.fingerprint == trusted.fingerprint and len(checked.fingerprint) == 10


def test_an_edit_invalidates_the_stamp(data_copy):
    assert is_stamped(data_copy, fingerprint(data_copy))

    def edit(rows):
        rows[0]["confidence"] = "certain"

    rewrite_csv(data_copy / "events.csv", edit)
    assert not is_stamped(data_copy, fingerprint(data_copy))
    with pytest.raises(DataError):
        load_dataset(data_copy)


def test_stamp_written_only_for_what_was_read(data_copy):
    version = write_stamp(data_copy)
    assert (data_copy / "VALIDATED").read_text(encoding="utf-8").strip() == version == fingerprint(data_copy)


def test_vocab_lists_match_the_schemas():
    """The trusted load converts exactly the columns the schemas coerce to something other than text (a new
    table's numbers, say), to the same dtypes."""
    assert tuple(schema.TABLES) == vocab.TABLE_FILES
    coerced = {table: {name: str(column.dtype) for name, column in table_schema.columns.items()
                       if not str(column.dtype).startswith("string")}
               for table, (table_schema, _) in schema.TABLES.items()}
    assert vocab.NON_TEXT_COLUMNS == {table: columns for table, columns in coerced.items() if columns}


def test_fingerprint_ignores_documentation(data_copy):
    before = fingerprint(data_copy)
    (data_copy / "README.md").write_text("changed", encoding="utf-8")
    assert fingerprint(data_copy) == before


def test_a_forged_stamp_is_not_trusted_outside_the_bundle(data_copy, monkeypatch):
    """A directory that ships a VALIDATED file matching its own (broken) files is still validated in full."""

    def paraphrase(rows):
        rows[0]["evidence"] = "words that no source contains"

    rewrite_csv(data_copy / "events.csv", paraphrase)
    write_stamp(data_copy)  # anyone can compute the fingerprint
    assert is_stamped(data_copy, fingerprint(data_copy))
    with pytest.raises(DataError) as info:
        load_dataset(data_copy, trust_stamp=True)
    assert any(p.column == "evidence" for p in info.value.problems)
    monkeypatch.setenv("SCM_DATA_DIR", str(data_copy))  # the app's way in: the same full validation
    with pytest.raises(DataError):
        load_dataset(data_copy, trust_stamp=core.load.is_bundled(data_copy))


def test_trust_is_an_explicit_opt_in(monkeypatch):
    calls = []
    real = core.load.check_all
    monkeypatch.setattr(core.load, "check_all", lambda d: calls.append(d) or real(d))
    load_dataset(DATA_DIR)
    assert len(calls) == 1  # the default validates even the bundled data
    load_dataset(DATA_DIR, trust_stamp=True)
    assert len(calls) == 1


def test_fingerprint_is_computed_once_per_file_change(data_copy, monkeypatch):
    hashed = []
    real = core.load.hashlib.sha256
    monkeypatch.setattr(core.load.hashlib, "sha256", lambda *a: hashed.append(1) or real(*a))
    first = fingerprint(data_copy)
    assert fingerprint(data_copy) == first and len(hashed) == 1
    with (data_copy / "topics.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert fingerprint(data_copy) != first and len(hashed) == 2


def test_the_fingerprinted_files_are_what_pathlib_globs_match_in_the_same_order(data_copy):
    """fingerprinted_files lists with scandir (issue S: pathlib's glob cost a millisecond on every rerun): the same
    files as Path.glob over _FINGERPRINT_GLOBS, in the same order, so every digest and signed stamp stays valid."""
    (data_copy / ".hidden.csv").write_text("a\n", encoding="utf-8")
    (data_copy / "folder.csv").mkdir()  # a directory whose name matches: not a file
    (data_copy / "notes.CSV").write_text("a\n", encoding="utf-8")  # globs are case-sensitive here
    (data_copy / "corpus" / "zz extra.txt").write_text("more", encoding="utf-8")
    (data_copy / "reference" / "excerpts").mkdir(parents=True, exist_ok=True)
    (data_copy / "reference" / "excerpts" / "one.txt").write_text("quoted", encoding="utf-8")
    (data_copy / "gone.geojson").symlink_to(data_copy / "no such file")
    globbed = sorted(path for pattern in core.load._FINGERPRINT_GLOBS for path in data_copy.glob(pattern)
                     if path.is_file())
    listed = core.load.fingerprinted_files(data_copy)
    assert sorted(listed, key=lambda name: name.split("/")) == [p.relative_to(data_copy).as_posix() for p in globbed]
    assert {".hidden.csv", "corpus/zz extra.txt", "reference/excerpts/one.txt"} <= set(listed)


def _digest_as_pathlib_lists(data_dir):
    import hashlib

    digest = hashlib.sha256()
    paths = sorted(path for pattern in core.load._FINGERPRINT_GLOBS for path in data_dir.glob(pattern) if path.is_file())
    for path in paths:
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_the_digest_is_unchanged_by_how_files_are_listed(data_copy):
    """The digest computed the old way (pathlib's glob, Path order) equals files_digest's: for the bundled files,
    and where plain text order differs from Path order ('corpus.csv' sorts after 'corpus/…' as a Path)."""
    assert core.load.files_digest(DATA_DIR) == _digest_as_pathlib_lists(DATA_DIR)
    (data_copy / "corpus.csv").write_text("a\n", encoding="utf-8")
    assert core.load.files_digest(data_copy) == _digest_as_pathlib_lists(data_copy)


def test_csv_and_parquet_give_the_same_dataset_and_the_same_report(tmp_path):
    csv_dir = write_dataset(tmp_path / "csv", 300)
    parquet_dir = write_dataset(tmp_path / "parquet", 300, fmt="parquet")
    from_csv, from_parquet = load_dataset(csv_dir), load_dataset(parquet_dir)
    for name, frame in from_csv.tables.items():
        pd.testing.assert_frame_equal(frame, from_parquet.tables[name], obj=name)

    events = pd.read_parquet(parquet_dir / "events.parquet")
    events.loc[4, "confidence"] = "certain"
    events.to_parquet(parquet_dir / "events.parquet", index=False)
    rewrite_csv(csv_dir / "events.csv", lambda rows: rows[4].update(confidence="certain"))
    # The same words whatever the format: a user who loaded Parquet never reads "events.csv".
    as_text = lambda problems: sorted(str(p) for p in problems)  # noqa: E731
    assert as_text(check_all(parquet_dir)[2]) == as_text(check_all(csv_dir)[2]) != []
    assert all(str(p).startswith("the events table, row 5") for p in check_all(parquet_dir)[2])


def test_a_dataset_may_lack_a_table_a_page_does_not_need(tmp_path):
    directory = write_dataset(tmp_path / "no_aid", 100)
    (directory / "aid.csv").unlink()
    dataset = load_dataset(directory)
    assert "aid.csv" in dataset.missing and not dataset.has("aid.csv") and dataset.has("events.csv")
    assert dataset.tables["aid"].empty and list(dataset.tables["aid"].columns) == schema.columns_of("aid.csv")
    (directory / "actors.csv").unlink()
    with pytest.raises(DataError, match="the actors table: missing"):
        load_dataset(directory)


def test_a_large_directory_loads(tmp_path):
    """No file-size limit (the old one was 20 MB): 120k events with their quotes (about 24 MB) load and validate."""
    directory = write_dataset(tmp_path / "large", 120_000)
    assert (directory / "events.csv").stat().st_size > 20 * 1024 * 1024
    assert len(load_dataset(directory).tables["events"]) == 120_000

"""The loader: a stamped (already validated) load equals a fully validated one, and a stale stamp is ignored."""

from __future__ import annotations

import pandas as pd
import pytest

from core import schema, vocab
from core.load import fingerprint, is_stamped, load_dataset, write_stamp
from core.problems import DataError
from tests.conftest import DATA_DIR
from tests.csv_edit import rewrite_csv

TABLE_NAMES = ["sources", "actors", "places", "topics", "events", "aid", "stances", "relations"]


def test_bundled_stamp_is_current():
    """Fails when data/ changed without `python -m core.validate --stamp data/` after a clean validation."""
    assert is_stamped(DATA_DIR, fingerprint(DATA_DIR))


def test_trusted_load_equals_validated_load():
    checked = load_dataset(DATA_DIR, trust_stamp=False)
    trusted = load_dataset(DATA_DIR, trust_stamp=True)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(checked, name), getattr(trusted, name), obj=name)
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
    assert tuple(schema.TABLES) == vocab.TABLE_FILES
    for table, columns in vocab.NON_TEXT_COLUMNS.items():
        assert set(columns) <= set(schema.columns_of(table))


def test_fingerprint_ignores_documentation(data_copy):
    before = fingerprint(data_copy)
    (data_copy / "README.md").write_text("changed", encoding="utf-8")
    assert fingerprint(data_copy) == before

"""The passages shipped with the bundled data (core/prebuilt.py): current for the data and the code, read at start
instead of built, and never read when stale or outside the bundled directory."""

from __future__ import annotations

import pandas as pd
import pytest

from core import corpus, prebuilt
from core.load import fingerprint, load_dataset
from core.query.engine import DuckDBEngine
from tests.conftest import DATA_DIR

RESTAMP = "data/prebuilt/passages.arrow is stale: run `python -m core.validate --stamp data/`"


@pytest.fixture(scope="module")
def trusted_dataset():
    return load_dataset(DATA_DIR, trust_stamp=True)


def test_the_shipped_passages_are_current(trusted_dataset):
    """Fails when the data or the code that builds the passages changed since the data was stamped."""
    shipped = prebuilt.read_passages(DATA_DIR, fingerprint(DATA_DIR))
    assert shipped is not None, RESTAMP
    _, built = prebuilt.build_passages(DATA_DIR, trusted_dataset.tables["sources"], trusted_dataset.tables["actors"])
    pd.testing.assert_frame_equal(shipped, built, obj=RESTAMP)


def _no_building(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the passages were built at start")

    monkeypatch.setattr(corpus, "looks_like_fact", refuse)


def test_the_engine_reads_the_shipped_passages_instead_of_building_them(trusted_dataset, monkeypatch):
    expected = prebuilt.read_passages(DATA_DIR, trusted_dataset.fingerprint)
    _no_building(monkeypatch)
    engine = DuckDBEngine(trusted_dataset)
    loaded = engine.frame("SELECT * FROM passages ORDER BY source_id, n")
    assert len(loaded) == len(expected) > 0
    assert engine.scalar("SELECT count(*) FROM passage_support") > 0


@pytest.mark.parametrize("stale", ["data", "code", "no source"])
def test_a_stale_file_is_not_read_and_the_passages_are_built(trusted_dataset, monkeypatch, stale):
    if stale == "data":
        monkeypatch.setattr(prebuilt, "trusted", lambda ds: True)
        dataset = load_dataset(DATA_DIR, trust_stamp=True)
        object.__setattr__(dataset, "fingerprint", "0000000000")  # another data version than the file's
    elif stale == "code":
        dataset = trusted_dataset
        monkeypatch.setattr(prebuilt, "builder_version", lambda: "changed code")
    else:  # an install without .py files: the code's version cannot be known, so no file is read
        dataset = trusted_dataset

        def no_source(function):
            raise OSError("could not get source code")

        monkeypatch.setattr(prebuilt.inspect, "getsource", no_source)
    assert prebuilt.read_passages(DATA_DIR, dataset.fingerprint) is None
    texts, passages = prebuilt.staged_passages(dataset)
    built_texts, built = prebuilt.build_passages(DATA_DIR, dataset.tables["sources"], dataset.tables["actors"])
    pd.testing.assert_frame_equal(passages, built)
    pd.testing.assert_frame_equal(texts, built_texts)


def test_only_the_bundled_directory_reads_its_file(data_copy, monkeypatch):
    """A copy with a current stamp and a file whose versions match is still built: anyone can write such a file."""
    version = fingerprint(data_copy)
    path = prebuilt.write_prebuilt(data_copy, version)
    assert prebuilt.read_passages(data_copy, version) is not None and path.is_file()
    dataset = load_dataset(data_copy)
    assert not prebuilt.trusted(dataset)
    _no_building(monkeypatch)
    with pytest.raises(AssertionError, match="built at start"):
        prebuilt.staged_passages(dataset)

"""`python -m core.parquet DATA_DIR OUT`: validates first, writes nothing for an invalid directory, and writes the
same tables with the same columns and types, which the loader reads back (and validates again) unchanged."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from core import vocab
from core.load import load_dataset
from core.parquet import main, write_parquet
from core.tables import TABLES as REGISTRY
from tests.conftest import DATA_DIR
from tests.csv_edit import rewrite_csv
from tests.expectations import read

TABLES = tuple(t.name for t in REGISTRY if (DATA_DIR / t.file).exists())  # every table the bundled data has


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet") / "out"
    write_parquet(DATA_DIR, out)
    return out


def test_the_parquet_directory_loads_back_to_the_same_tables(written, dataset):
    again = load_dataset(written)  # every check again, on the Parquet files
    for table in TABLES:
        pd.testing.assert_frame_equal(again.tables[table], dataset.tables[table], obj=table)
    assert again.corridors == dataset.corridors and again.release == dataset.release


def test_same_table_names_rows_and_types(written):
    for table in TABLES:
        frame = read(f"{table}.csv")  # the CSV as text, read independently
        stored = pq.read_table(written / f"{table}.parquet")
        # An optional column the CSV leaves out (events.fatalities) is written blank, after the others.
        absent = [c for c in vocab.OPTIONAL_COLUMNS.get(f"{table}.csv", ()) if c not in frame.columns]
        assert stored.column_names == list(frame.columns) + absent
        assert stored.num_rows == len(frame)
    aid = pq.read_schema(written / "aid.parquet")
    assert str(aid.field("fiscal_year").type) == "int64" and str(aid.field("amount_usd").type) == "double"
    assert str(aid.field("aid_id").type) in ("string", "large_string")  # both are UTF-8 text in Parquet
    assert str(pq.read_schema(written / "events.parquet").field("fatalities").type) == "int64"
    assert not (written / "events.csv").exists() and not (written / "VALIDATED").exists()


def test_meta_records_what_was_validated(written, dataset):
    stored = pq.read_table(written / "_spark" / "meta.parquet").to_pydict()
    meta = dict(zip(stored["key"], stored["value"]))
    assert meta["fingerprint"] == dataset.fingerprint
    assert json.loads(meta["rows"])["events.csv"] == len(read("events.csv"))
    texts = pq.read_table(written / "_spark" / "source_texts.parquet").to_pandas()
    corpus = read("sources.csv").query("kind == 'corpus'")["source_id"]
    assert set(corpus) <= set(texts["source_id"])


def test_an_invalid_directory_is_refused_and_nothing_written(data_copy, tmp_path, capsys):
    rewrite_csv(data_copy / "events.csv", lambda rows: rows[0].update(source_id="no_such_source"))
    out = tmp_path / "out"
    assert main([str(data_copy), str(out)]) == 1
    assert "did not pass validation, nothing written" in capsys.readouterr().err
    assert not out.exists()


def test_a_non_empty_output_directory_is_refused(written, capsys):
    assert main([str(DATA_DIR), str(written)]) == 2
    assert "is not empty" in capsys.readouterr().err

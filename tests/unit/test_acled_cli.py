"""`python -m core.acled EXPORT.csv OUT_DIR [--with-bundled]`: an ACLED export (generated rows in its shape, never
real ACLED rows) converted in batches to a Parquet data directory that core.load.load_dataset opens, with the
Data page's report printed: the defects named, every other row kept."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from core import acled as acled_cli
from core.filters import FilterSpec
from core.load import USER_SUPPLIED, load_dataset
from core.query import Store
from core.synthetic_acled import acled_frame
from tests.conftest import REPO


def _export(tmp_path, n=80, defects=True):
    frame = acled_frame(n, seed=5)
    frame.loc[0, "actor1"] = "Military Forces of Azerbaijan (2003-)"
    frame.loc[0, "inter1"] = "State forces"
    frame.loc[1, "fatalities"] = ""
    if defects:
        frame.loc[10, "event_date"] = "2021-13-01"
        frame.loc[20, "latitude"] = "91"
        frame.loc[30, "event_id_cnty"] = frame.loc[40, "event_id_cnty"]
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_the_cli_converts_an_export_that_load_dataset_opens(tmp_path, capsys, monkeypatch):
    path, frame = _export(tmp_path)
    monkeypatch.setattr(acled_cli, "BLOCK_BYTES", 4096)  # several batches: the duplicate spans two of them
    assert acled_cli.main([str(path), str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "4 problems found" in printed and "76 events (of 80 rows in the export)" in printed
    for line in ("export.csv,11,event_date,", "export.csv,21,latitude,", "export.csv,31,event_id_cnty,",
                 "export.csv,41,event_id_cnty,"):
        assert line in printed
    dataset = load_dataset(tmp_path / "out")
    events = dataset.tables["events"].set_index("event_id")
    assert len(events) == 76 and dataset.profile == USER_SUPPLIED
    assert dataset.origins == ("acled",)
    assert pd.isna(events.loc["acled-syn2", "fatalities"])  # blank: unknown, not 0
    assert events.loc["acled-syn3", "fatalities"] == int(frame.loc[2, "fatalities"])
    found = Store(dataset).export_rows(FilterSpec(actors=(("az",), True)))
    assert list(found["event_id"]) == ["acled-syn1"]


def test_with_bundled_adds_the_records_rows(tmp_path, capsys):
    path, _ = _export(tmp_path, n=30, defects=False)
    assert acled_cli.main([str(path), str(tmp_path / "out"), "--with-bundled"]) == 0
    assert "No problems found" in capsys.readouterr().out
    dataset = load_dataset(tmp_path / "out")
    bundled = load_dataset(REPO / "data", trust_stamp=True)
    assert len(dataset.tables["events"]) == 30 + len(bundled.tables["events"])
    assert len(dataset.tables["aid"]) == len(bundled.tables["aid"])
    found = set(Store(dataset).export_rows(FilterSpec(actors=(("az",), True)))["event_id"])
    assert "acled-syn1" in found and found & set(bundled.tables["events"]["event_id"])
    # Each event's origin: ACLED's rows are ACLED's (not context from a public source); the record's keep theirs.
    summary = Store(dataset).summary(FilterSpec())
    assert dict(summary.by_origin) == {"acled": 30, **dict(Store(bundled).summary(FilterSpec()).by_origin)}
    assert dataset.origins == ("corpus", "external", "acled")  # the Event origin filter offers all three
    assert load_dataset(REPO / "data", trust_stamp=True).origins == ("corpus", "external")


def test_a_file_that_is_not_an_acled_export_is_refused(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text("event_id,date\nx,2020-01-01\n", encoding="utf-8")
    assert acled_cli.main([str(path), str(tmp_path / "out")]) == 2
    assert "is not an ACLED export" in capsys.readouterr().err


def test_python_m_core_acled_runs(tmp_path):
    path, _ = _export(tmp_path, n=30, defects=False)
    done = subprocess.run([sys.executable, "-m", "core.acled", str(path), str(tmp_path / "out")], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "SCM_DATA_DIR=" in done.stdout and (tmp_path / "out" / "events.parquet").is_file()


def test_the_written_directory_is_checked_across_tables_without_loading_the_events_in_pandas(tmp_path, monkeypatch):
    import pyarrow.parquet as pq
    import pytest

    from core.problems import DataError

    path, _ = _export(tmp_path, n=40, defects=False)

    def whole_load(*args, **kwargs):  # 2.5M rows loaded whole peaked at 4 GB: the check reads columns as Arrow
        raise AssertionError("the conversion loaded the written directory whole")

    monkeypatch.setattr(acled_cli, "load_dataset", whole_load)
    out = tmp_path / "out"
    acled_cli.convert(path, out)
    monkeypatch.undo()
    assert len(load_dataset(out).tables["events"]) == 40
    sources = pq.read_table(out / "sources.parquet")
    cited = set(pq.read_table(out / "events.parquet", columns=["source_id"])["source_id"].to_pylist())
    keep = [i for i, s in enumerate(sources["source_id"].to_pylist()) if s not in cited]
    pq.write_table(sources.take(keep), out / "sources.parquet")  # every cited source gone
    with pytest.raises(DataError, match="unknown source"):
        acled_cli._check_written(out)

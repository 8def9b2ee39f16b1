"""Opening ACLED's whole file fast (issue Q): `python -m core.acled` writes its events in date order and signs its
stamp; the app's open then skips the sort, the checks (only for a directory this machine signed, and only while its
files are the ones checked), the decoding of repeated text and the staged copy of the events. Each test names the
cost it guards against; the last ones check that the pages' answers are the same either way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import core.load
from core import acled as acled_cli
from core.filters import FilterSpec
from core.load import STAMP_FILE, _in_date_order, _with_event_columns, is_signed, load_dataset, read_stamped, write_stamp
from core.problems import DataError
from core.query import Store
from core.query.engine import EVENT_ORIGINS, SOURCE_ORIGINS, DuckDBEngine, staging_frames
from core.synthetic_acled import acled_frame


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """An export of 300 rows in no date order, converted."""
    folder = tmp_path_factory.mktemp("acled")
    frame = acled_frame(300, seed=11).sample(frac=1, random_state=3)
    frame.loc[frame.index[0], "fatalities"] = ""
    frame.to_csv(folder / "export.csv", index=False)
    acled_cli.convert(folder / "export.csv", folder / "out")
    return folder / "out"


def _copy(converted, tmp_path):
    import shutil

    return shutil.copytree(converted, tmp_path / "out")


def _no_checks(monkeypatch):
    def checked(*args, **kwargs):
        raise AssertionError("the open ran the checks")

    monkeypatch.setattr(core.load, "check_all", checked)


# ---- the date order: written by the conversion, checked (not sorted) by the open ----------------------------


def test_the_conversion_writes_the_events_in_date_order(converted):
    # Each open of 2.5M events in the export's order sorted them and gathered every column (6 s, 1.8 GB).
    written = pq.read_table(converted / "events.parquet", columns=["date", "event_id"]).to_pandas()
    expected = written.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    assert written.equals(expected)
    assert sorted(p.name for p in converted.iterdir()) == ["PROFILE", STAMP_FILE, "actors.parquet", "events.parquet",
                                                           "places.parquet", "sources.parquet"]  # no leftover


def test_events_in_date_order_are_neither_sorted_nor_gathered(monkeypatch):
    def sorted_anyway(*args, **kwargs):
        raise AssertionError("sorted events already in date order")

    monkeypatch.setattr(pc, "sort_indices", sorted_anyway)
    events = pd.DataFrame({"event_id": pd.Series(["b", "c", "a", "d"], dtype="str"),
                           "date": pd.Series(["2020-01-01", "2020-01-01", "2020-01-02", "2021-05-05"], dtype="str"),
                           "end_date": pd.Series([None] * 4, dtype="str"),
                           "key_period": pd.Series(["false"] * 4, dtype="str")})
    assert _with_event_columns(events)["event_id"].tolist() == ["b", "c", "a", "d"]


def test_the_order_check_agrees_with_the_sort():
    rng = np.random.default_rng(7)
    for trial in range(200):
        n = int(rng.integers(0, 12))
        days = np.sort(rng.integers(0, 4, n)) if trial % 2 else rng.integers(0, 4, n)
        start = (np.datetime64("2020-01-01", "us") + days.astype("timedelta64[D]")).astype("datetime64[us]")
        ids = [f"e{i}" for i in (rng.permutation(n) if trial % 3 else np.arange(n))]
        keys = pa.table({"start": pa.array(start), "id": pa.array(ids, type=pa.string())})
        order = pc.sort_indices(keys, sort_keys=[("start", "ascending"), ("id", "ascending")]).to_numpy()
        assert _in_date_order(start, pa.array(ids, type=pa.large_string())) == np.array_equal(order, np.arange(n))
    assert not _in_date_order(np.array(["2020-01-01", "NaT"], dtype="datetime64[us]"), pa.array(["a", "b"]))


# ---- the signed stamp: the checks are skipped only for the files that passed them --------------------------


def test_a_converted_directory_opens_without_the_checks_and_the_same_frames(converted, monkeypatch):
    checked = load_dataset(converted)  # every check
    assert is_signed(converted)
    _no_checks(monkeypatch)
    trusted = load_dataset(converted, trust_stamp=True)
    for name, frame in checked.tables.items():
        pd.testing.assert_frame_equal(trusted.tables[name], frame, check_dtype=False, check_categorical=False)
    assert trusted.origins == checked.origins == ("acled",)


def test_the_app_trusts_a_signed_directory(monkeypatch, converted):
    import components.shell.dataset as shell

    opened = []
    monkeypatch.setattr(shell, "load_dataset", lambda path, **kwargs: opened.append(kwargs) or load_dataset(path, **kwargs))
    shell._load.clear()
    shell._load(str(converted), "v")
    assert opened == [{"trust_stamp": True}]


def test_a_changed_file_is_checked_again(converted, tmp_path, monkeypatch):
    out = _copy(converted, tmp_path)
    sources = pq.read_table(out / "sources.parquet")
    cited = set(pq.read_table(out / "events.parquet", columns=["source_id"])["source_id"].to_pylist())
    pq.write_table(sources.filter(pc.invert(pc.is_in(sources["source_id"], pa.array(sorted(cited))))),
                   out / "sources.parquet")  # every cited source gone: the stamp no longer fits the files
    assert not is_signed(out)
    with pytest.raises(DataError, match="unknown source"):
        load_dataset(out, trust_stamp=True)


def test_a_stamp_this_machine_did_not_sign_is_not_trusted(converted, tmp_path, monkeypatch):
    out = _copy(converted, tmp_path)
    write_stamp(out)  # a plain fingerprint, which anyone can compute
    assert not is_signed(out)
    fingerprint, signature = (converted / STAMP_FILE).read_text(encoding="utf-8").split()
    (out / STAMP_FILE).write_text(f"{fingerprint}\n{signature[:-4]}0000\n", encoding="utf-8")  # forged
    assert not is_signed(out)
    (out / STAMP_FILE).write_text(f"{fingerprint}\n{signature}\n", encoding="utf-8")
    assert is_signed(out)
    other_key = tmp_path / "other.key"
    other_key.write_bytes(b"k" * 32)
    monkeypatch.setenv("SCM_STAMP_KEY_FILE", str(other_key))  # another machine's key
    assert not is_signed(out)
    _no_checks(monkeypatch)
    with pytest.raises(AssertionError, match="ran the checks"):
        load_dataset(out, trust_stamp=True)


def test_a_signed_directory_is_checked_unless_the_caller_trusts_stamps(converted, monkeypatch):
    _no_checks(monkeypatch)
    with pytest.raises(AssertionError, match="ran the checks"):
        load_dataset(converted)


# ---- what the open reads and stages ------------------------------------------------------------------------


def test_repeated_text_is_read_as_categories_with_check_all_s_values(converted):
    # 2.5M events' notes, actor lists and titles decoded to text took 3 s of CPU and 1.3 GB.
    tables, _ = read_stamped(converted)
    events = tables["events.csv"]
    for column in ("notes", "actors", "confidence", "source_id"):
        assert isinstance(events[column].dtype, pd.CategoricalDtype), column
    for column in ("event_id", "date", "end_date", "correction_source_id"):  # sorted, parsed, or never given
        assert events[column].dtype == "str", column
    assert str(events["fatalities"].dtype) == "Int64" and events["fatalities"].isna().sum() == 1


def test_the_events_are_scanned_where_they_are_not_staged_in_a_copy(converted, monkeypatch):
    # A staged copy of 2.5M events in DuckDB (1.4 GB, 1.6 s of CPU) was dropped once events_typed held them.
    added = []
    original = DuckDBEngine._add_table
    monkeypatch.setattr(DuckDBEngine, "_add_table", lambda self, name, frame: added.append(name) or original(self, name, frame))
    store = Store(load_dataset(converted, trust_stamp=True), consume=True)
    assert "events_in" not in added and "source_texts" in added
    con = store.engine.con
    assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == ""  # the pages' queries
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%\\_in' ESCAPE '\\'").fetchone()[0] == 0


def test_acled_origins_are_staged_per_source(converted):
    # 2.5M (event_id, "acled") rows were staged and joined to the events by id.
    frames = staging_frames(load_dataset(converted, trust_stamp=True))
    assert frames[EVENT_ORIGINS].empty and set(frames[SOURCE_ORIGINS]["origin"]) == {"acled"}


def test_the_pages_answers_are_the_same_either_way(converted):
    checked, trusted = Store(load_dataset(converted)), Store(load_dataset(converted, trust_stamp=True), consume=True)
    describe = "SELECT column_name, column_type FROM (DESCRIBE {})"
    for table in ("events", "event_actors", "event_lanes", "actor_lists"):
        assert checked.engine.frame(describe.format(table)).equals(trusted.engine.frame(describe.format(table))), table
        every = f"SELECT * FROM {table} ORDER BY ALL"
        pd.testing.assert_frame_equal(checked.engine.frame(every), trusted.engine.frame(every))
    actor = checked.engine.scalar("SELECT actor_id FROM event_actors ORDER BY event_key LIMIT 1")
    for spec in (FilterSpec(), FilterSpec(years=(2020, 2021)), FilterSpec(actors=((actor,), True))):
        assert checked.summary(spec) == trusted.summary(spec)
        pd.testing.assert_frame_equal(checked.export_rows(spec), trusted.export_rows(spec))

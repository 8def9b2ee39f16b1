"""Opening a large directory (issue Q: ACLED's whole file, 2.5M events): what the open must not copy or keep.
Each test names the cost it guards against; the answers themselves are checked by test_load.py and test_store.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlglot
from sqlglot import exp

import core.load
from core import vocab
from core.load import _with_event_columns, acled_source_origins, load_dataset
from core.query import Store
from core.query.engine import LOAD_STEPS, event_origin_frame, source_origin_frame
from tests.conftest import DATA_DIR


def test_acled_origins_are_given_per_source_not_per_event():
    # 2.5M (event_id, "acled") pairs were staged and joined to the events by id (about 2.5 s of CPU at each open):
    # an ACLED export's origin is its sources', one row per source.
    sources = pd.DataFrame({"source_id": pd.Series([vocab.ACLED_SOURCE_PREFIX + "x", "other", vocab.ACLED_SOURCE_PREFIX + "y"],
                                                   dtype="str")})
    origins = acled_source_origins(sources)
    assert list(origins["source_id"]) == ["acled-x", "acled-y"] and set(origins["origin"]) == {"acled"}
    assert all(dtype == "str" for dtype in origins.dtypes), origins.dtypes
    staged = source_origin_frame(origins)
    assert all(dtype == "str" for dtype in staged.dtypes), staged.dtypes


def test_an_upload_s_origins_stage_as_text_with_missing_values():
    frame = pd.DataFrame({"event_id": ["a", "b"], "origin": ["acled", None]}, dtype=object)
    staged = event_origin_frame(frame)
    assert staged["event_id"].tolist() == ["a", "b"] and staged["origin"].isna().tolist() == [False, True]


def test_the_date_order_gathers_two_columns_at_once(monkeypatch):
    # One thread gathered 2.5M events' long text column after column (about 6 s of CPU on the shared machine).
    pools = []

    class Recording(core.load.ThreadPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self._max_workers)

    monkeypatch.setattr(core.load, "ThreadPoolExecutor", Recording)
    rng = np.random.default_rng(3)
    n = 500
    events = pd.DataFrame({
        "event_id": pd.Series([f"e{i:03d}" for i in range(n)], dtype="str"),
        "date": pd.Series([f"20{18 + i % 5}-0{1 + i % 9}-1{i % 10}" for i in rng.permutation(n)], dtype="str"),
        "end_date": pd.Series([None] * n, dtype="str"),
        "key_period": pd.Series(["true" if i % 3 else "false" for i in range(n)], dtype="str"),
        "evidence": pd.Series([f"quote {i} " * (i % 7 + 1) for i in range(n)], dtype="str"),
    })
    ordered = _with_event_columns(events)
    assert pools == [2]
    expected = events.assign(start=pd.to_datetime(events["date"], format="%Y-%m-%d"), key_period=events["key_period"] == "true")
    expected = expected.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)
    assert ordered["event_id"].tolist() == expected["event_id"].tolist()
    assert ordered["evidence"].tolist() == expected["evidence"].tolist()
    assert ordered["key_period"].tolist() == expected["key_period"].tolist()
    assert list(ordered.dtypes.astype(str)) == ["str", "str", "str", "bool", "str", "datetime64[us]", "datetime64[us]"]


def test_evidence_spans_gather_only_the_quotes_of_sources_with_a_text():
    # The step de-duplicated every row's (source, quote) before joining the sources' texts: 2.5M ACLED quotes, whose
    # sources have no text, copied and hashed for no span (4-6 s and about 0.9 GB on the shared machine).
    select = dict(LOAD_STEPS)["evidence_spans"]
    rows = next(cte for cte in sqlglot.parse_one(select, read="duckdb").find_all(exp.CTE) if cte.alias == "r")
    where = rows.this.args.get("where")
    assert where is not None and any(t.name == "source_texts" for t in where.find_all(exp.Table))


def test_the_engine_gives_freed_memory_back_to_the_system():
    # Without the allocator's background threads, a dropped staging copy of 2.5M events stayed resident.
    store = Store(load_dataset(DATA_DIR, trust_stamp=True))
    setting = store.engine.con.execute("SELECT current_setting('allocator_background_threads')").fetchone()[0]
    assert setting is True
    assert not store.engine.frame("SELECT * FROM evidence_spans").empty  # the bundled quotes still have their spans

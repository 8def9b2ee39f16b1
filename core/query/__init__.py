"""The query layer: every page asks it for its data, and none filters, joins or groups a frame itself.

- `engine.py`: the connection, the load, and the filter predicates (`Engine.where`);
- `registry.py`: `@question` and QUESTIONS, the one list of questions;
- one module of questions per domain: overview, timeline, events, aid, stances, actors, relations, places, sources;
- `spark.py`: the same questions on PySpark (tests, and the app with SCM_ENGINE=spark: docs/scaling.md).

`Store(dataset)` is what pages hold: `store.<question>(...)` asks a registered question of its engine.

Why SQL and not Ibis: Ibis would cost about 0.9 s of import at every cold start, and at our sizes it answers
in the same time as raw SQL. The SQL keeps to what sqlglot transpiles, and tests/engines runs every registered
question on DuckDB and on Spark and compares the answers row for row.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO

from core.query import actors, aid, claims, events, overview, places, relations, sources, stances, timeline  # noqa: F401  (registers)
from core.query.engine import DuckDBEngine, Engine
from core.query.events import EXPLORER_PAGE_ROWS, RELATED_WINDOW_DAYS, export_statement  # noqa: F401
from core.query.overview import Summary  # noqa: F401
from core.query.registry import QUESTIONS, Question, example_specs  # noqa: F401
from core.query.timeline import MARKER_LIMIT, TimelineData  # noqa: F401

QUESTIONS_BY_NAME = {q.name: q for q in QUESTIONS}


class Store:
    """The query layer of one dataset: `store.summary(spec)`, `store.timeline(spec)`, … (one method per
    registered question), plus the streamed CSV export."""

    def __init__(self, dataset, engine: Engine | None = None, log: bool = False, consume: bool = False):
        """`consume=True` (the app's load): the DuckDB engine empties the dataset's row frames in place as soon as
        it holds the rows, so a million events are never held twice through the load (core/query/engine.py)."""
        self.engine = engine or DuckDBEngine(dataset, log=log, consume=consume)
        self.dataset = dataset
        self.fingerprint = dataset.fingerprint
        self.actor_tree = dataset.actor_tree

    def release_frames(self):
        """Keep only the engine's copy of the rows: the store and its engine hold the dataset without its row
        tables from now on (core/load.py Dataset.without_rows). Returns that dataset."""
        self.dataset = self.engine.dataset = self.dataset.without_rows()
        return self.dataset

    def __getattr__(self, name: str):
        found = QUESTIONS_BY_NAME.get(name)
        if found is None:
            raise AttributeError(f"the query layer has no question {name!r}")
        return lambda *args, **kwargs: found(self.engine, *args, **kwargs)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(QUESTIONS_BY_NAME))

    @property
    def sql_log(self) -> list[str] | None:
        return self.engine.sql_log

    def export_csv(self, spec) -> IO[bytes]:
        """The filtered events as CSV, streamed from DuckDB in Arrow record batches to a temporary file (never a
        whole frame in memory). Returns the file open for reading (a BufferedReader, which st.download_button
        accepts); its name is already gone from disk, so closing it frees the space."""
        from pyarrow import csv as arrow_csv

        sql, params = export_statement(self.engine, spec)
        if self.engine.sql_log is not None:
            self.engine.sql_log.append(sql)
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as out:
            path = out.name
            if self.engine.dialect != "duckdb":  # Spark: the rows come back as one Arrow table (docs/scaling.md)
                arrow_csv.write_csv(self.engine.arrow(sql, params), out)
            else:
                cursor = self.engine.cursor()
                try:
                    reader = cursor.execute(sql, params).to_arrow_reader(batch_size=50_000)
                    with arrow_csv.CSVWriter(out, reader.schema) as writer:
                        for batch in reader:
                            writer.write_batch(batch)
                finally:
                    cursor.close()
        handle = open(path, "rb")  # the caller reads and closes it
        os.unlink(path)
        return handle

"""The same questions on Apache Spark (PySpark, local or a cluster), for data past one machine.

The load builds temporary views from the same LOAD_STEPS as DuckDB (the event-actors step in its Spark form);
every statement is the DuckDB text transpiled by sqlglot, so the pages' questions stay one shared text.
PySpark and sqlglot are development dependencies (requirements-dev.txt); the app does not import this module.
"""

from __future__ import annotations

import pandas as pd

from core.query.engine import Engine, arrow_table, load_statements, staging_frames


def local_session(threads: int = 1):
    """A local Spark session tuned for small data: one partition per shuffle, no UI, UTC."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{threads}]")
        .appName("south-caucasus-monitor")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def to_spark(sql: str) -> str:
    """One DuckDB statement in Spark SQL."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    return sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)[0]


class SparkEngine(Engine):
    dialect = "spark"

    def __init__(self, dataset, session=None, log: bool = False):
        super().__init__(dataset, log)
        self.spark = session or local_session()
        self._load(dataset)

    def _load(self, ds) -> None:
        for name, frame in staging_frames(ds).items():
            self.spark.createDataFrame(arrow_table(frame)).createOrReplaceTempView(name)
        for name, select in load_statements(self.dialect):
            if self.sql_log is not None:
                self.sql_log.append(select)
            sql = select if name == "event_actors_raw" else to_spark(select)
            self.spark.sql(sql).cache().createOrReplaceTempView(name)
        # The staging views stay: Spark's views are plans over them (cached above), dropped with the session.

    def _add_table(self, name: str, frame: pd.DataFrame) -> None:
        self.spark.createDataFrame(arrow_table(frame)).cache().createOrReplaceTempView(name)

    def _execute(self, sql: str, params: list) -> pd.DataFrame:
        frame = self.spark.sql(to_spark(sql), args=list(params) or None).toArrow().to_pandas(date_as_object=False)
        # Match the frames DuckDB returns: naive timestamps, and plain object columns when there are no rows.
        for column in frame.columns:
            if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                frame[column] = frame[column].dt.tz_localize(None)
            elif frame.empty and frame[column].dtype != object:
                frame[column] = frame[column].astype(object)
        return frame

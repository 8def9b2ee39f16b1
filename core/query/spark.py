"""The same questions on Apache Spark (PySpark, local or a cluster), for data past one machine.

The load builds temporary views from the same LOAD_STEPS as DuckDB (the event-actors step in its Spark form);
every statement is the DuckDB text transpiled by sqlglot, so the pages' questions stay one shared text.

Two ways in:
- `SparkEngine(dataset)`: from a Dataset loaded and validated in pandas (tests/engines, and the app with
  SCM_ENGINE=spark and no SCM_PARQUET);
- `open_parquet(root, session)`: from a directory written by `python -m core.parquet` at a path or URL Spark
  reads (file paths, s3a://, hdfs://, …). Only the small reference tables (sources, actors, places, topics) come to
  this process, and are validated here by the same schemas; the row tables (core/load.py ROW_TABLES) stay in Spark, checked
  for their columns and row counts only (docs/scaling.md says what that does and does not prove).

PySpark and sqlglot are development dependencies (requirements-dev.txt), imported only when SCM_ENGINE=spark;
`spark_session` turns a missing one, a missing Java or an unreachable Spark Connect server into a SetupError.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd

from core.problems import SetupError
from core.load import ROW_TABLES
from core.query.engine import (ENGINE_SPECIFIC_STEP, EVENT_ORIGINS, SOURCE_ORIGINS, Engine, arrow_table, corridor_frame,
                               derived_statements, event_origin_frame, load_statements, source_origin_frame,
                               staging_frames, staging_name)
from core.tables import BY_FILE, TABLES

DEFAULT_MASTER = "local[2]"


# For many small queries over small tables (the tests, a laptop): compiling Java for each plan and re-planning
# at run time cost more than they save below about a million rows.
SMALL_DATA = {"spark.sql.codegen.wholeStage": "false", "spark.sql.adaptive.enabled": "false",
              "spark.sql.shuffle.partitions": "1", "spark.default.parallelism": "1"}


def local_session(threads: int = 1, master: str | None = None, small_data: bool = False):
    """A Spark session; local mode by default, tuned for small data: one partition per shuffle, no UI, UTC.
    `small_data` also turns off whole-stage code generation and adaptive execution (SMALL_DATA)."""
    from pyspark.sql import SparkSession

    master = master or f"local[{threads}]"
    builder = SparkSession.builder.master(master).appName("south-caucasus-monitor")
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", "1").config("spark.default.parallelism", "1")
    if small_data:
        for key, value in SMALL_DATA.items():
            builder = builder.config(key, value)
    return (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def _probe(remote: str, timeout: float = 5.0) -> None:
    """A plain TCP connection to the Spark Connect URL's host and port, so that a server that is not there is
    reported in seconds (PySpark's client retries for minutes before it gives up)."""
    import socket
    from urllib.parse import urlparse

    try:
        parsed = urlparse("http://" + remote.removeprefix("sc://").split("/")[0].split(";")[0])
        host, port = parsed.hostname, parsed.port or 15002
    except ValueError:
        raise SetupError(f"SCM_SPARK_REMOTE={remote!r} is not a Spark Connect URL such as sc://host:15002.") from None
    if not host:
        raise SetupError(f"SCM_SPARK_REMOTE={remote!r} names no host (expected sc://host:15002).")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise SetupError(f"Nothing answers at {host}:{port} (SCM_SPARK_REMOTE={remote}): {exc.strerror or exc}. "
                         "Start the Spark Connect server there (sbin/start-connect-server.sh), or unset "
                         "SCM_SPARK_REMOTE to run Spark in this process.") from None


def spark_session(master: str | None = None, remote: str | None = None):
    """The app's Spark session: Spark Connect at `remote` (sc://host:15002) when given, else `master`
    (local[2] by default, or spark://host:7077, yarn, …). Raises SetupError with what to do."""
    try:
        import pyspark  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError as exc:
        raise SetupError(f"SCM_ENGINE=spark needs PySpark and sqlglot, which are not installed ({exc.name}). "
                         "Install them with `pip install -r requirements-dev.txt` (PySpark also needs Java 17), "
                         "or run the app on DuckDB: unset SCM_ENGINE.") from None
    if remote:
        if not remote.startswith("sc://"):
            raise SetupError(f"SCM_SPARK_REMOTE must be a Spark Connect URL such as sc://host:15002, not {remote!r}.")
        _probe(remote)
        from pyspark.sql import SparkSession

        try:
            session = SparkSession.builder.remote(remote).getOrCreate()
        except ImportError as exc:
            raise SetupError("Spark Connect needs PySpark's connect extras, which are not installed "
                             f"({_first_line(exc)}). Install them with `pip install \"pyspark[connect]==4.3.0\"`.") from None
        except Exception as exc:  # any failure to connect is reported, not raised
            raise SetupError(f"Could not connect to Spark Connect at {remote}: {_first_line(exc)}") from None
        try:
            session.sql("SELECT 1").collect()
        except Exception as exc:
            raise SetupError(f"Spark Connect at {remote} did not answer: {_first_line(exc)}") from None
        return session
    if (master or DEFAULT_MASTER).startswith("local") and shutil.which("java") is None:
        raise SetupError("SCM_ENGINE=spark runs Spark in this process, which needs Java 17, and no `java` was found. "
                         "Install a JRE 17 (Debian: openjdk-17-jre-headless), or set SCM_SPARK_REMOTE.")
    session = local_session(master=master or DEFAULT_MASTER)
    session.sparkContext.setLogLevel("ERROR")
    return session


def to_spark(sql: str) -> str:
    """One DuckDB statement in Spark SQL."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    return sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)[0]


class SparkEngine(Engine):
    dialect = "spark"

    def __init__(self, dataset, session=None, log: bool = False, staging: dict | None = None):
        """From the Dataset's frames, or from `staging` (view name -> Spark DataFrame, as open_parquet gives)."""
        super().__init__(dataset, log)
        self.spark = session or local_session()
        if staging is None:
            staging = {name: self.spark.createDataFrame(arrow_table(frame))
                       for name, frame in staging_frames(dataset).items()}
        self._load(staging)

    def _load(self, staging: dict) -> None:
        for name, frame in staging.items():
            frame.createOrReplaceTempView(name)
        for name, select in load_statements(self.dialect):
            if self.sql_log is not None:
                self.sql_log.append(select)
            sql = select if name == ENGINE_SPECIFIC_STEP else to_spark(select)
            self.spark.sql(sql).cache().createOrReplaceTempView(name)
        for name, select in derived_statements():
            if self.sql_log is not None:
                self.sql_log.append(select)
            self.spark.sql(to_spark(select)).cache().createOrReplaceTempView(name)
        # The staging views stay: Spark's views are plans over them (cached above), dropped with the session.

    def _add_table(self, name: str, frame: pd.DataFrame) -> None:
        self.spark.createDataFrame(arrow_table(frame)).cache().createOrReplaceTempView(name)

    def arrow(self, sql: str, params: list):
        """One statement's rows as an Arrow table (the CSV export)."""
        return self.spark.sql(to_spark(sql), args=list(params) or None).toArrow()

    def _execute(self, sql: str, params: list) -> pd.DataFrame:
        return duckdb_like_frame(self.arrow(sql, params))


_NULLABLE_INTEGERS = {8: "Int8", 16: "Int16", 32: "Int32", 64: "Int64"}


def duckdb_like_frame(table) -> pd.DataFrame:
    """An Arrow result as the frame DuckDB's `.df()` gives for the same rows, so that a page shows the same thing
    on either engine: an integer column with a missing value stays integer (pandas' nullable Int, not floats:
    "FY2020", never "FY2020.0"), a boolean one stays boolean, a text column is `str` when it holds a value and
    plain objects (None) when it holds none, and timestamps are naive."""
    import pyarrow as pa

    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind, rows, nulls = column.type, len(column), column.null_count
        if pa.types.is_integer(kind) and nulls:
            series = column.to_pandas().astype(_NULLABLE_INTEGERS[kind.bit_width])
        elif pa.types.is_boolean(kind) and nulls:
            series = column.to_pandas().astype("boolean")
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
            series = column.to_pandas()
            if nulls == rows:  # no row, or no value: DuckDB gives objects
                series = pd.Series([None] * rows, dtype=object)
        else:
            series = column.to_pandas(date_as_object=False)
            if isinstance(series.dtype, pd.DatetimeTZDtype):
                series = series.dt.tz_localize(None)
        columns[name] = series.reset_index(drop=True)
    return pd.DataFrame(columns, columns=table.column_names)


# ---- the app on Spark: from a Parquet directory written by core/parquet.py ----------------------------------

# The reference tables (core/tables.py: the ones whose rows carry no evidence) are brought here and validated; the
# row tables stay in Spark.
SMALL_TABLES = tuple(t.file for t in TABLES if t.name not in ROW_TABLES)


def _read_parquet(session, url: str, what: str):
    try:
        return session.read.parquet(url)
    except Exception as exc:  # Spark raises AnalysisException and others for a missing path
        raise SetupError(f"Spark could not read {what} at {url}: {_first_line(exc)}") from None


def _read_meta(session, root: str) -> dict:
    url = f"{root}/_spark/meta.parquet"
    try:
        rows = session.read.parquet(url).collect()
    except Exception as exc:
        raise SetupError(f"SCM_PARQUET={root} has no readable _spark/meta.parquet ({_first_line(exc)}). Write the "
                         "directory with `python -m core.parquet DATA_DIR OUT_DIR`, which validates it first, and "
                         "point SCM_PARQUET at OUT_DIR.") from None
    meta = {row["key"]: row["value"] for row in rows}
    from core.parquet import META_FORMAT

    if meta.get("format") != META_FORMAT:
        raise SetupError(f"{url} has layout {meta.get('format')!r}; this app reads layout {META_FORMAT!r}. "
                         "Write the directory again with `python -m core.parquet`.")
    return meta


def _small_table(session, url: str, table: str) -> pd.DataFrame:
    """One small table, brought to this process and validated by its schema, as core/load.py reads Parquet."""
    import io

    import pyarrow.parquet as pq

    from core.load import read_table
    from core.problems import DataError

    buffer = io.BytesIO()
    pq.write_table(_read_parquet(session, url, f"the {table.removesuffix('.csv')} table").toArrow(), buffer)
    frame, problems = read_table(url.rsplit("/", 1)[-1], buffer.getvalue())
    if problems:
        raise DataError(problems)
    return frame


def open_parquet(root: str, session, log: bool = False):
    """(Dataset, FilterDomain, SparkEngine) over the Parquet directory at `root` (a path or URL Spark reads).

    Raises SetupError when the location lacks the layout or a table, and DataError when a small table fails its
    schema. The Dataset holds the small tables; its row tables (ROW_TABLES) are empty frames (those
    rows are only in Spark; no page reads them from the Dataset)."""
    from pathlib import Path

    from core import schema
    from core.load import Dataset, complete_tables
    from core.parquet import parquet_name

    root = root.rstrip("/")
    meta = _read_meta(session, root)
    rows = json.loads(meta["rows"])
    tables = complete_tables({})  # an empty frame of every table's columns, for the tables the data lacks
    staging = {}
    for table, count in rows.items():
        url = f"{root}/{parquet_name(table)}"
        if table in SMALL_TABLES:
            tables[table] = _small_table(session, url, table)
            continue
        frame = _read_parquet(session, url, f"the {table.removesuffix('.csv')} table")
        want = schema.columns_of(table)
        if list(frame.columns) != want:
            raise SetupError(f"{url} does not have the columns core/parquet.py writes: expected {', '.join(want)}; "
                             f"found {', '.join(frame.columns)}.")
        found = frame.count()
        if found != count:
            raise SetupError(f"{url} holds {found:,} rows, but {count:,} were validated and written there: the files "
                             "changed after `python -m core.parquet`. Write the directory again.")
        if table == "events.csv":
            # The load's event_key (core/query/engine.py LOAD_STEPS): the events' position in date order, which is
            # the order core/parquet.py wrote them in. Spark numbers rows in file order, partition by partition.
            from pyspark.sql import functions as F

            frame = frame.withColumn("event_key", F.monotonically_increasing_id() + 1)
        staging[staging_name(BY_FILE[table].name)] = frame
    dataset = Dataset(
        data_dir=Path(root), fingerprint=meta["fingerprint"], release=meta["release"],
        tables={t.name: tables[t.file] for t in TABLES}, corridors=json.loads(meta["corridors"]),
        missing=frozenset(json.loads(meta["missing"])))
    tree = dataset.actor_tree
    for table in SMALL_TABLES:
        frame = tables[table]
        if table == "actors.csv":
            frame = frame.assign(top_level_actor_id=[tree.root(a) for a in frame["actor_id"]])
        staging[staging_name(BY_FILE[table].name)] = session.createDataFrame(arrow_table(frame))
    for table in [t for t in TABLES if t.file not in rows and t.file not in SMALL_TABLES]:
        empty = tables[table.file]  # a row table the data lacks: an empty view of its columns
        if table.name == "events":
            empty = empty.assign(event_key=pd.Series([], dtype="int64"))
        staging[staging_name(table.name)] = session.createDataFrame(arrow_table(empty))
    staging["corridors_in"] = session.createDataFrame(arrow_table(corridor_frame(dataset.corridors)))
    staging[EVENT_ORIGINS] = session.createDataFrame(arrow_table(event_origin_frame(None)))  # a directory has none
    staging[SOURCE_ORIGINS] = session.createDataFrame(arrow_table(source_origin_frame(None)))
    for name in ("source_texts", "passages"):
        staging[name] = _read_parquet(session, f"{root}/_spark/{name}.parquet", f"the {name} table")
    engine = SparkEngine(dataset, session=session, log=log, staging=staging)
    return dataset, domain_of(dataset, engine), engine


def domain_of(dataset, engine: Engine):
    """The filter domain, with the year span and event types asked of the engine (the Dataset's own rule: the
    first and last year any event or aid row touches, 2018–2022 when there is none)."""
    from core.filters import FilterDomain

    span = engine.frame("""SELECT min(y) AS low, max(y) AS high FROM (
                             SELECT year(start_day) AS y FROM events UNION ALL SELECT fiscal_year FROM aid) t""")
    low, high = span.iat[0, 0], span.iat[0, 1]
    year_span = (2018, 2022) if pd.isna(low) else (int(low), int(high))
    types = engine.frame("SELECT DISTINCT event_type FROM events")["event_type"]
    return FilterDomain.from_parts(dataset, year_span, types)


def open_spark(data_dir, parquet: str | None = None, master: str | None = None, remote: str | None = None,
               trust_stamp: bool = False):
    """(Dataset, FilterDomain, Store) on Spark: over the Parquet directory `parquet` when given, else over
    `data_dir` loaded and validated here (as on DuckDB). Raises SetupError or DataError."""
    from core.filters import FilterDomain
    from core.load import load_dataset
    from core.query import Store

    session = spark_session(master, remote)
    if parquet:
        dataset, domain, engine = open_parquet(parquet, session)
    else:
        dataset = load_dataset(data_dir, trust_stamp=trust_stamp)
        engine, domain = SparkEngine(dataset, session=session), FilterDomain.from_dataset(dataset)
    return dataset, domain, Store(dataset, engine=engine)

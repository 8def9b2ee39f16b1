"""Every statement the query layer runs converts from DuckDB's dialect to Trino, Spark, BigQuery and ClickHouse
without an unsupported construct, and the pinned engine versions are the ones installed.

The statements are logged from a real run: a `Store(dataset, log=True)` loads the bundled data (the load's
statements are logged too) and then asks every registered question (QUESTIONS) with every example its registry
entry gives, so a new question is covered here with no edit, and a question without examples fails
(`test_every_question_was_asked`).

What this proves, and what it does not: sqlglot's transpiling proves only that each text *converts* to the
other dialect. It does not prove the other engine runs it, nor that the answer is the same: sqlglot passes a
function it does not know through unchanged, so DuckDB's `generate_subscripts` came out as Spark SQL that Spark
rejects. Against that, the Spark text is checked against a deny-list of DuckDB-only functions that Spark lacks
and against functions sqlglot does not know at all. That answers agree on Spark is proved by tests/engines,
which runs every question on DuckDB and on PySpark and compares the answers row for row.
"""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from core.load import load_dataset
from core.query import QUESTIONS, Store
from core.query.engine import LOAD_STEPS, VIEWS, load_statements
from core.query.spark import to_spark
from tests.conftest import DATA_DIR, REPO

TARGETS = ["trino", "spark", "bigquery", "clickhouse"]

# DuckDB functions that Spark does not have, which sqlglot 27.29 (duckdb -> spark) either passes through
# unchanged (so the Spark text names a function Spark rejects) or maps today but might not after an upgrade.
# Checked against PySpark 4.3's catalog (spark.catalog.functionExists is False for each).
SPARK_LACKS = (
    "generate_subscripts",  # passed through: the old event_actors load used it (Spark: posexplode)
    "list_extract", "list_element", "array_extract",  # passed through (Spark: element_at)
    "list_slice", "list_concat", "list_position", "list_distinct",  # passed through
    "regexp_split_to_array",  # passed through (Spark: split)
    "list_value",  # mapped to ARRAY(...) today
    "string_split", "str_split",  # mapped to SPLIT(a, '\\Q;\\E') today (Spark's split takes a regex)
    "generate_series",  # mapped to SEQUENCE today
    "strftime",  # mapped to DATE_FORMAT today
)
_SPARK_LACKS = re.compile(r"\b(" + "|".join(SPARK_LACKS) + r")\s*\(", re.IGNORECASE)

# Functions in the Spark text that sqlglot's Spark dialect does not know (exp.Anonymous) but Spark has. None so
# far; add a name here only after checking it in Spark's function catalog.
SPARK_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW: frozenset[str] = frozenset()

# The event_actors build before the load had an engine-specific step: one DuckDB text for every engine.
OLD_EVENT_ACTORS_SQL = """CREATE TABLE event_actors AS
   SELECT e.event_key, e.event_id, s.actor_id, coalesce(a.top_level_actor_id, s.actor_id) AS top_level_actor_id,
          s.position
   FROM events_keyed e,
        LATERAL (SELECT unnest(string_split(e.actors, ';')) AS actor_id,
                        generate_subscripts(string_split(e.actors, ';'), 1) AS position) s
   LEFT JOIN actors a ON a.actor_id = s.actor_id"""

def spark_lacks(spark_sql: str) -> set[str]:
    """The deny-listed DuckDB-only functions called in a Spark SQL text (lower case)."""
    return {name.lower() for name in _SPARK_LACKS.findall(spark_sql)}


def unknown_to_sqlglot(spark_sql: str) -> set[str]:
    """Functions called in a Spark SQL text that sqlglot's Spark dialect does not know (lower case)."""
    return {f.name.lower() for f in sqlglot.parse_one(spark_sql, read="spark").find_all(exp.Anonymous)}


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store(load_dataset(DATA_DIR), log=True)  # the log keeps the load's statements
    for question in QUESTIONS:
        for args in question.examples(store.engine):
            getattr(store, question.name)(*args)  # through Store, as a page asks
    return store


@pytest.fixture(scope="module")
def logged_sql(store) -> list[str]:
    return sorted(set(store.sql_log))


def engine_specific_steps() -> dict[str, str]:
    """The load steps each engine writes in its own form, as DuckDB logs them -> the text Spark runs untranspiled
    (core/query/spark.py runs its own form of these steps as it is, and transpiles every other statement)."""
    duck, spark = dict(load_statements("duckdb")), dict(load_statements("spark"))
    return {f"CREATE {'VIEW' if name in VIEWS else 'TABLE'} {name} AS {duck[name]}": spark[name]
            for name, sql in LOAD_STEPS if sql is None}


def spark_runs(logged: list[str]) -> list[str]:
    own = engine_specific_steps()
    return [own[sql] if sql in own else to_spark(sql) for sql in logged]


def test_the_log_holds_the_load_and_the_questions(store, logged_sql):
    for name, _ in LOAD_STEPS:
        assert any(sql.startswith((f"CREATE TABLE {name} AS ", f"CREATE VIEW {name} AS ")) for sql in logged_sql), name
    for duckdb_form in engine_specific_steps():
        assert duckdb_form in logged_sql
    assert len(logged_sql) >= len(LOAD_STEPS) + len(QUESTIONS)


def test_every_question_was_asked(store):
    never = [q.name for q in QUESTIONS if q.name not in set(store.engine.asked)]
    assert not never, f"never asked (do their examples give no arguments on the bundled data?): {never}"


@pytest.mark.parametrize("dialect", TARGETS)
def test_every_statement_transpiles(logged_sql, dialect):
    failed = []
    for sql in logged_sql:
        try:
            out = sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE)
            assert out and out[0].strip()
        except Exception as error:  # collect them all, then fail once
            failed.append(f"{type(error).__name__}: {error}\n    {' '.join(sql.split())[:300]}")
    assert not failed, f"{len(failed)} of {len(logged_sql)} statements do not convert to {dialect}:\n" + "\n".join(failed)


def test_the_deny_list_catches_what_sqlglot_passes_through():
    assert spark_lacks(to_spark("SELECT generate_subscripts(string_split(a, ';'), 1) FROM t")) == {"generate_subscripts"}
    assert spark_lacks(to_spark(OLD_EVENT_ACTORS_SQL)) == {"generate_subscripts"}
    assert unknown_to_sqlglot(to_spark(OLD_EVENT_ACTORS_SQL)) == {"generate_subscripts"}
    # The DuckDB form of the engine-specific step is exactly what Spark could not run, hence its Spark form.
    for duckdb_form in engine_specific_steps():
        assert spark_lacks(to_spark(duckdb_form))
    # string_split converts to Spark's split (regex-quoted), so it is not a gap today.
    assert to_spark("SELECT string_split(a, ';') FROM t") == "SELECT SPLIT(a, CONCAT('\\\\Q', ';', '\\\\E')) FROM t"
    assert not spark_lacks("SELECT SPLIT(a, ';'), element_at(x, 1), posexplode(y) FROM t")


def test_spark_runs_no_function_spark_lacks(logged_sql):
    found = {sql: spark_lacks(sql) for sql in spark_runs(logged_sql)}
    assert not {sql: names for sql, names in found.items() if names}


def test_spark_runs_no_function_sqlglot_does_not_know(logged_sql):
    found = {sql: unknown_to_sqlglot(sql) - SPARK_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW for sql in spark_runs(logged_sql)}
    assert not {sql: names for sql, names in found.items() if names}


def _pins(path) -> dict[str, str]:
    pins = {}
    for line in (REPO / path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)", line.strip())
        if match:
            pins[re.sub(r"\[.*\]", "", match.group(1)).lower()] = match.group(2)
    return pins


def test_installed_versions_are_the_pinned_ones():
    pins = {**_pins("requirements.txt"), **_pins("requirements-dev.txt")}
    for name in ("duckdb", "sqlglot", "pyspark", "streamlit", "pandas", "pandera"):
        assert version(name) == pins[name], name

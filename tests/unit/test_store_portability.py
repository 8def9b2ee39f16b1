"""Every query the pages run can move to a distributed engine: sqlglot transpiles each one, as logged from a
real run of every Store question, from DuckDB's dialect to Trino, Spark, BigQuery and ClickHouse without an
unsupported construct. And the pinned engine versions are the ones installed (ibis-free, see core/query/__init__.py)."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from tests.conftest import DATA_DIR, REPO

TARGETS = ["trino", "spark", "bigquery", "clickhouse"]
BUSY = FilterSpec(years=(2019, 2022), actors=(("ru",), True), event_types=("meeting",), topics=("format_3plus3",),
                  text="so'chi%")


@pytest.fixture(scope="module")
def logged_sql() -> list[str]:
    store = Store(load_dataset(DATA_DIR), log=True)
    store.sql_log.clear()  # the questions' queries, not the load's statements
    for spec in (FilterSpec(), BUSY):
        store.summary(spec)
        store.latest_events(spec)
        store.timeline(spec, 2000)
        store.timeline(spec, 0)  # the density query
        store.events_page(spec, 10, 0)
        store.export_csv(spec).close()
        store.cited_sources(spec)
        store.cited_source_counts(spec)
        store.aid_by_year(spec)
        store.stance_matrix(spec)
        for table in ("events", "aid", "stances", "relations"):
            store.count(table, spec)
    store.event("ev_2022_10_31_sochi_meeting")
    store.related("ev_2022_10_31_sochi_meeting")
    store.source("allied_declaration_2022_02")
    store.source_rows("allied_declaration_2022_02")
    store.has_event("x")
    store.in_filter("x", BUSY)
    return sorted(set(store.sql_log))


@pytest.mark.parametrize("dialect", TARGETS)
def test_every_query_transpiles(logged_sql, dialect):
    assert len(logged_sql) >= 20
    for sql in logged_sql:
        out = sqlglot.transpile(sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE)
        assert out and out[0].strip()


def _pins(path) -> dict[str, str]:
    pins = {}
    for line in (REPO / path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)", line.strip())
        if match:
            pins[re.sub(r"\[.*\]", "", match.group(1)).lower()] = match.group(2)
    return pins


def test_installed_versions_are_the_pinned_ones():
    pins = {**_pins("requirements.txt"), **_pins("requirements-dev.txt")}
    for name in ("duckdb", "sqlglot", "streamlit", "pandas", "pandera"):
        assert version(name) == pins[name], name

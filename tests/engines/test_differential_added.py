"""The questions that read an event's origin give the same answer on DuckDB and on Spark over the bundled record
with generated ACLED-shaped rows added (issue 30): the added events' own origin (`event_origins_in`, joined when
the load builds `events`) is one SQL text for both engines. The full comparison of every question is
tests/engines/test_differential.py; this one adds only the dataset the upload makes."""

from __future__ import annotations

import shutil

import pytest

from core.added_data import add_to_bundled
from core.filters import FilterDomain, FilterSpec
from core.query import QUESTIONS, Store
from core.synthetic_acled import acled_csv
from core.user_data import check_upload
from tests.engines.answers import canonical, difference, unordered

pyspark = pytest.importorskip("pyspark", reason="PySpark is a test dependency (requirements-dev.txt)")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: the Spark engine test needs a JRE 17", allow_module_level=True)

# With `make test`'s `--dist loadgroup`, one worker runs these beside the generated dataset's comparison, so the
# other worker's Spark never loads this dataset too.
pytestmark = pytest.mark.xdist_group("spark-generated")

ORIGIN_QUESTIONS = ("summary", "timeline", "overview_events", "events_page", "count")


@pytest.fixture(scope="module")
def engines(spark):
    from core.query.spark import SparkEngine

    dataset, _ = add_to_bundled(check_upload("export.csv", acled_csv(120, seed=4)))
    domain = FilterDomain.from_dataset(dataset)
    return Store(dataset).engine, SparkEngine(dataset, session=spark), domain


@pytest.mark.parametrize("name", ORIGIN_QUESTIONS)
def test_duckdb_and_spark_agree_on_added_rows(engines, name):
    duck, spark_engine, domain = engines
    question = next(q for q in QUESTIONS if q.name == name)
    every = FilterSpec(years=domain.year_bounds)
    examples = [args for args in question.examples(duck)]
    examples += [tuple(every.replace(origins=(o,)) if a is not None and isinstance(a, FilterSpec) else a
                       for a in args) for o in domain.origins for args in question.examples(duck)[:1]]
    for args in examples:
        want, got = canonical(question(duck, *args)), canonical(question(spark_engine, *args))
        if not question.ordered:
            want, got = unordered(want), unordered(got)
        assert got == want, f"{name}{args!r}: Spark and DuckDB differ: {difference(want, got)}"
    assert duck.frame("SELECT count(*) AS n FROM events WHERE origin = 'acled'")["n"].iat[0] == 120

"""Every registered question gives the same answer on DuckDB and on Spark (PySpark in local mode), over the
bundled data and over a generated dataset, for every example the registry gives it. The SQL is one text in
DuckDB's dialect, transpiled for Spark; only the load's event-actors step is written twice (core/query/engine.py).

Answers are compared row for row after core-independent normalisation (tests/engines/answers.py); row order is
normalised only for a question that promises none (`Question.ordered`). A new question is covered here with no
edit: the test walks QUESTIONS.
"""

from __future__ import annotations

import shutil

import pytest

from core.load import load_dataset
from core.query import QUESTIONS, Store
from core.query import overview as fatalities  # has_fatalities: whether a dataset gives the optional figure
from core.synthetic import write_dataset
from tests.conftest import DATA_DIR
from tests.engines.answers import canonical, difference, is_empty, unordered

pyspark = pytest.importorskip("pyspark", reason="PySpark is a test dependency (requirements-dev.txt)")
if shutil.which("java") is None:  # .ci/run installs Debian's openjdk-17-jre-headless when java is missing
    pytest.skip("Java is not installed: the Spark engine test needs a JRE 17 (apt-get install openjdk-17-jre-headless)",
                allow_module_level=True)

GENERATED_EVENTS = 400


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("generated"), GENERATED_EVENTS)


# With `make test`'s `--dist loadgroup`, each dataset's questions run on one pytest-xdist worker, so the two workers
# share the Spark work and neither loads both datasets into Spark.
@pytest.fixture(scope="module", params=[pytest.param("bundled", marks=pytest.mark.xdist_group("spark-bundled")),
                                        pytest.param("generated", marks=pytest.mark.xdist_group("spark-generated"))])
def engines(request, spark, generated_dir):
    from core.query.spark import SparkEngine

    dataset = load_dataset(DATA_DIR if request.param == "bundled" else generated_dir)
    return Store(dataset).engine, SparkEngine(dataset, session=spark)


def distinct(examples) -> list[tuple]:
    """The examples without repeats (two example filters can be the same on a small dataset)."""
    seen: list[tuple] = []
    for args in examples:
        if args not in seen:
            seen.append(args)
    return seen


def test_the_registry_covers_every_domain():
    assert {q.domain for q in QUESTIONS} == {"overview", "timeline", "events", "aid", "stances", "actors", "relations",
                                          "claims", "places", "sources"}
    assert len({q.name for q in QUESTIONS}) == len(QUESTIONS)


# Questions about the optional events.fatalities column, which only some datasets give (core/synthetic.py does).
ABOUT_FATALITIES = {"has_fatalities", "monthly_fatalities_by_type"}


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_duckdb_and_spark_agree(engines, question):
    duck, spark_engine = engines
    examples = distinct(question.examples(duck))
    assert examples, f"{question.name} has no examples on this dataset"
    answered_something = False
    for args in examples:
        want = canonical(question(duck, *args))
        got = canonical(question(spark_engine, *args))
        if not question.ordered:
            want, got = unordered(want), unordered(got)
        assert got == want, f"{question.name}{args!r}: Spark and DuckDB differ: {difference(want, got)}"
        answered_something |= not is_empty(want)
    if question.name in ABOUT_FATALITIES and not fatalities.has_fatalities(duck):
        return  # the bundled record gives no fatalities figure: these answer something on the generated data
    assert answered_something, f"every example of {question.name} answered nothing: the comparison proves little"

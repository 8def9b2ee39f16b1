"""The app on Spark (SCM_ENGINE=spark): every page of the registry opens over a generated dataset written as
Parquet by `python -m core.parquet` and read by Spark, and shows the same key figures as the same pages on DuckDB;
a tampered link gets its notice; a wrong setting gets a clear message, not a traceback.

One local SparkSession serves the whole module (the app's `getOrCreate` finds it). The Overview's event count is
also checked against an independent count of the CSV rows in plain pandas (tests/expectations.py).
"""

from __future__ import annotations

import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.shell.caches import clear_shared_caches
from core.pages import PAGES, PAGES_BY_NAME
from core.parquet import write_parquet
from core.problems import SetupError
from core.synthetic import write_dataset
from tests.conftest import REPO
from tests.expectations import Filter, rows

pytest.importorskip("pyspark", reason="PySpark is a test dependency (requirements-dev.txt)")
pytestmark = pytest.mark.xdist_group("spark-app")  # one worker runs this module's pages (see test_differential.py)
if shutil.which("java") is None:  # .ci/run installs Debian's openjdk-17-jre-headless when java is missing
    pytest.skip("Java is not installed: the Spark engine test needs a JRE 17 (apt-get install openjdk-17-jre-headless)",
                allow_module_level=True)

APP = str(REPO / "app.py")
GENERATED_EVENTS = 300
TAMPERED = {"years": ["1850", "2020"], "actors": ["zz", "ru"], "sub": ["true", "false"], "q": "x" * 10_000}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("spark") / "data", GENERATED_EVENTS)


@pytest.fixture(scope="module")
def parquet_dir(generated):
    out = generated.parent / "parquet"
    write_parquet(generated, out)
    return out


def run(page_file: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=1800)  # the first Spark page (Spark start + load) took 763 s at load 45-56
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page_file)
    at.run()
    return at


def shown(at: AppTest) -> dict:
    """What a reader takes from a page: its titles, metrics, the sidebar's count and the captions."""
    return {"titles": [t.value for t in at.title], "metrics": {m.label: m.value for m in at.metric},
            "showing": [c.value for c in at.sidebar.caption], "captions": sorted(c.value for c in at.caption),
            "notices": sorted(str(w.value) for w in [*at.warning, *at.info, *at.error])}


def on_spark(monkeypatch, generated, parquet_dir=None):
    monkeypatch.setenv("SCM_DATA_DIR", str(generated))
    monkeypatch.setenv("SCM_ENGINE", "spark")
    if parquet_dir is not None:
        monkeypatch.setenv("SCM_PARQUET", str(parquet_dir))


@pytest.fixture(scope="module")
def on_duckdb(generated):
    """What every page shows on DuckDB, run before any page on Spark. The pages cache their answers by data
    version, which both engines share, so the caches are cleared after: every Spark run below asks Spark."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCM_DATA_DIR", str(generated))
        runs = {page.name: run(page.file) for page in PAGES}
    st.cache_resource.clear()
    clear_shared_caches()
    for name, at in runs.items():
        assert not at.exception, (name, [e.message for e in at.exception])
    return {name: shown(at) for name, at in runs.items()}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_on_spark_shows_what_duckdb_shows(page, spark, generated, parquet_dir, on_duckdb, monkeypatch):
    on_spark(monkeypatch, generated, parquet_dir)
    at = run(page.file)
    assert not at.exception, [e.message for e in at.exception]
    assert shown(at) == on_duckdb[page.name]
    assert shown(at)["titles"], "the page drew nothing"
    assert app_engine() == "spark"
    if page.name == "overview":  # and the key figures against an independent count of the CSV rows
        metrics = shown(at)["metrics"]
        assert metrics["Events"] == f"{len(rows('events', Filter(), generated)):,}"
        assert metrics["US aid figures"] == f"{len(rows('aid', Filter(), generated)):,}"


def app_engine() -> str:
    """The engine of the store the app holds under the current settings (from the app's own cache)."""
    from components.shell.dataset import get_data

    return get_data()[2].engine.dialect


def test_the_csv_export_on_spark_is_the_same_file(spark, generated, parquet_dir, on_duckdb, monkeypatch):
    from core.filters import FilterSpec
    from core.load import load_dataset
    from core.query import Store

    on_spark(monkeypatch, generated, parquet_dir)
    assert app_engine() == "spark"
    spec = FilterSpec(actors=(("ru",), True))
    from components.shell.dataset import get_data

    exported = get_data()[2].export_csv(spec).read()
    assert exported == Store(load_dataset(generated)).export_csv(spec).read()
    assert exported.count(b"\n") > 10


def test_a_tampered_link_on_spark_gets_its_notice(spark, generated, parquet_dir, monkeypatch):
    on_spark(monkeypatch, generated, parquet_dir)
    at = run(PAGES_BY_NAME["timeline"].file, TAMPERED)
    assert not at.exception, [e.message for e in at.exception]
    text = "\n".join(str(w.value) for w in [*at.warning, *at.info, *at.markdown, *at.caption])
    assert "Some link settings were ignored" in text and "unknown actor" in text
    assert at.sidebar.select_slider[0].value == (2020, 2020)


def test_spark_over_the_data_directory_without_parquet(spark, generated, on_duckdb, monkeypatch):
    st.cache_resource.clear()  # the Overview's answers cached by the Parquet runs above are Spark's too, but fresh is plainer
    clear_shared_caches()
    on_spark(monkeypatch, generated)
    at = run(PAGES_BY_NAME["overview"].file)
    assert not at.exception, [e.message for e in at.exception]
    assert shown(at) == on_duckdb["overview"] and shown(at)["metrics"]
    assert app_engine() == "spark"


# ---- clear messages, not tracebacks ---------------------------------------------------------------------------


def _error(at: AppTest) -> str:
    assert not at.exception, [e.message for e in at.exception]
    return "\n".join(e.value for e in at.error).replace("\\", "")  # the message is shown markdown-escaped


def test_an_unknown_engine_gets_a_message(monkeypatch):
    monkeypatch.setenv("SCM_ENGINE", "oracle<script>")
    message = _error(run(PAGES_BY_NAME["overview"].file))
    assert "not an engine this app runs" in message and "duckdb" in message


def test_parquet_without_spark_gets_a_message(parquet_dir, monkeypatch):
    monkeypatch.setenv("SCM_PARQUET", str(parquet_dir))
    assert "set SCM_ENGINE=spark" in _error(run(PAGES_BY_NAME["overview"].file))


def test_a_parquet_location_without_the_tables_gets_a_message(spark, generated, tmp_path, monkeypatch):
    on_spark(monkeypatch, generated, tmp_path / "nothing-here")
    message = _error(run(PAGES_BY_NAME["overview"].file))
    assert "has no readable _spark/meta.parquet" in message and "python -m core.parquet" in message


def test_changed_or_missing_parquet_tables_are_refused(spark, parquet_dir, tmp_path):
    from core.query.spark import open_parquet

    copy = shutil.copytree(parquet_dir, tmp_path / "copy")
    events = pq.read_table(copy / "events.parquet")
    pq.write_table(events.slice(0, 10), copy / "events.parquet")
    with pytest.raises(SetupError, match="holds 10 rows, but 300 were validated"):
        open_parquet(str(copy), spark)
    pq.write_table(events.drop_columns(["evidence"]), copy / "events.parquet")
    with pytest.raises(SetupError, match="does not have the columns"):
        open_parquet(str(copy), spark)
    (copy / "events.parquet").unlink()
    with pytest.raises(SetupError, match="could not read the events table"):
        open_parquet(str(copy), spark)


def test_a_small_table_is_validated_when_spark_reads_it(spark, parquet_dir, tmp_path):
    from core.problems import DataError
    from core.query.spark import open_parquet

    copy = shutil.copytree(parquet_dir, tmp_path / "copy")
    actors = pq.read_table(copy / "actors.parquet").to_pandas()
    actors.loc[0, "actor_id"] = "Not An Id!"
    pq.write_table(pa.Table.from_pandas(actors, preserve_index=False), copy / "actors.parquet")
    with pytest.raises(DataError, match="actors"):
        open_parquet(str(copy), spark)


def test_missing_pyspark_and_bad_remote_get_messages(monkeypatch):
    from core.query.spark import spark_session

    with pytest.raises(SetupError, match="must be a Spark Connect URL"):
        spark_session(remote="http://localhost:15002")
    with pytest.raises(SetupError, match="Nothing answers at 127.0.0.1:9"):  # in seconds, not PySpark's retries
        spark_session(remote="sc://127.0.0.1:9")
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    with pytest.raises(SetupError, match="needs PySpark and sqlglot, which are not installed"):
        spark_session()

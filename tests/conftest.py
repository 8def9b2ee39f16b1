"""Shared fixtures: the bundled data directory, the loaded Dataset, a writable copy to break, and small datasets
written from rows stated in the test (`make_dataset`, see tests/fixtures.py)."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from core.load import load_dataset

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"


@pytest.fixture(autouse=True, scope="session")
def stamp_key_of_the_test_run(tmp_path_factory):
    """A stamp key of the test run's own (core/load.py sign_stamp signs what `python -m core.acled` wrote), never
    the user's ~/.config one; subprocesses inherit it."""
    os.environ["SCM_STAMP_KEY_FILE"] = str(tmp_path_factory.mktemp("stamp") / "stamp.key")


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_DIR)


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def bundled_or_synthetic_store(request, dataset, tmp_path_factory):
    """A query layer over the bundled data, then over 400 synthetic events: a module's tests run on both."""
    from core.query import Store
    from core.synthetic import write_dataset

    if request.param == "bundled":
        return Store(dataset)
    path = tmp_path_factory.mktemp("synthetic") / "data"
    write_dataset(path, 400)
    return Store(load_dataset(path))


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may corrupt; the bundled files are never touched."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture()
def make_dataset(tmp_path):
    """`make_dataset(events=[{...}], ...)`: tests/fixtures.make_dataset writing under this test's tmp_path."""
    from tests.fixtures import make_dataset as make

    return functools.partial(make, tmp_path)


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for the whole run (the engine test and the Spark AppTest share it; the app's
    own `spark_session()` gets this one through getOrCreate), with the settings for small data."""
    from core.query.spark import local_session

    session = local_session(small_data=True)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


SPARK_MODULES = ("tests/engines/", "tests/app/test_spark_engine.py")


def pytest_collection_modifyitems(items):
    """Marks by place, so a new test in tests/e2e or tests/engines is in its tier without a marker of its own:
    `e2e` (a browser against a real server) and `spark` (PySpark and Java)."""
    for item in items:
        path = item.nodeid
        if path.startswith("tests/e2e/"):
            item.add_marker(pytest.mark.e2e)
        if path.startswith(SPARK_MODULES):
            item.add_marker(pytest.mark.spark)

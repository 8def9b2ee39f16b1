"""Shared fixtures: the bundled data directory, the loaded Dataset, a writable copy to break, and small datasets
written from rows stated in the test (`make_dataset`, see tests/fixtures.py)."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from core.load import load_dataset

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_DIR)


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


@pytest.fixture(scope="module")
def spark():
    """A local Spark session for one test module (the Spark engine tests and the Spark AppTest); the modules skip
    themselves when Java is missing."""
    from core.query.spark import local_session

    session = local_session()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()

"""Shared fixtures: the bundled data directory, the loaded Dataset, and a writable copy to break."""

from __future__ import annotations

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

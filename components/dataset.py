"""The one cached Dataset every page reads, keyed by data directory and file fingerprint."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from core.filters import FilterDomain
from core.load import Dataset, fingerprint, load_dataset

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "SCM_DATA_DIR"  # lets tests and benchmarks point the app at generated data


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(path: str, version: str) -> tuple[Dataset, FilterDomain]:
    # `version` is part of the cache key only: a changed file gives a new fingerprint and a fresh load.
    dataset = load_dataset(path)
    return dataset, FilterDomain.from_dataset(dataset)


def get_dataset() -> tuple[Dataset, FilterDomain]:
    """The validated Dataset and its filter domain. Raises core.problems.DataError on invalid data."""
    path = data_dir()
    return _load(str(path), fingerprint(path))

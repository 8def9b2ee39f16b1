"""The one cached Dataset and query layer every page reads, keyed by data directory and data version."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from core.filters import FilterDomain
from core.load import BUNDLED_DATA_DIR, Dataset, fingerprint, is_bundled, load_dataset
from core.query import Store

DATA_DIR_ENV = "SCM_DATA_DIR"  # lets tests and benchmarks point the app at generated data


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR)


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(path: str, version: str) -> tuple[Dataset, FilterDomain, Store]:
    # `version` is part of the cache key only: a changed file gives a new fingerprint and a fresh load.
    # Only the bundled directory may skip validation (when its stamp is current); any other is checked in full.
    dataset = load_dataset(path, trust_stamp=is_bundled(Path(path)))
    domain, store = FilterDomain.from_dataset(dataset), Store(dataset)
    # The engine now holds the rows: pages read them through the store, so the frames are let go.
    return store.release_frames(), domain, store


def get_data() -> tuple[Dataset, FilterDomain, Store]:
    """The validated Dataset, its filter domain and its query layer. Raises core.problems.DataError."""
    path = data_dir()
    return _load(str(path), fingerprint(path))

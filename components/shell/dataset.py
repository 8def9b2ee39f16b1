"""The one cached Dataset and query layer every page reads, keyed by data directory and data version, or the
user's upload when this session has one (the Data page).

Which data: the session's upload, else `--data-dir DIR` (`streamlit run app.py -- --data-dir DIR`), else
`SCM_DATA_DIR`, else the bundled data/. A directory other than the bundled one is validated in full unless this machine signed its stamp (core/load.py).
An upload lives in st.session_state only: other sessions never see it, and the bundled files are never touched.
The query layer of a data directory is a CachingStore (components/shell/answers.py): its answers are shared by
every session on that version. An upload's is a plain Store, as private as the upload.

The engine is DuckDB unless SCM_ENGINE=spark (docs/scaling.md): then Spark runs the same questions, in local mode
(SCM_SPARK_MASTER, local[2] by default) or on a Spark Connect server (SCM_SPARK_REMOTE=sc://host:15002), over
the data directory, or over the Parquet directory at SCM_PARQUET (a path or URL Spark reads) written by
`python -m core.parquet`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from components.shell.answers import CachingStore
from core.filters import FilterDomain
from core.load import BUNDLED_DATA_DIR, Dataset, fingerprint, is_bundled, load_dataset
from core.problems import SetupError
from core.query import Store

DATA_DIR_ENV = "SCM_DATA_DIR"  # lets tests and benchmarks point the app at generated data
DATA_DIR_FLAG = "--data-dir"
ENGINE_ENV = "SCM_ENGINE"
PARQUET_ENV = "SCM_PARQUET"
MASTER_ENV = "SCM_SPARK_MASTER"
REMOTE_ENV = "SCM_SPARK_REMOTE"
ENGINES = ("duckdb", "spark")
_UPLOAD = "_uploaded_dataset"  # this session's upload: (Dataset, FilterDomain, Store, file name, summary)


def flag_data_dir(argv: list[str]) -> str | None:
    """DIR from `--data-dir DIR` or `--data-dir=DIR` among the script's arguments."""
    for position, arg in enumerate(argv):
        if arg == DATA_DIR_FLAG and position + 1 < len(argv):
            return argv[position + 1]
        if arg.startswith(DATA_DIR_FLAG + "="):
            return arg.split("=", 1)[1]
    return None


def data_dir() -> Path:
    """The data directory the app was started on (an upload is not a directory: see active_upload)."""
    return Path(flag_data_dir(sys.argv[1:]) or os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR)


def engine_choice() -> str:
    """'duckdb' or 'spark', from SCM_ENGINE. Raises SetupError on anything else."""
    value = (os.environ.get(ENGINE_ENV) or "duckdb").strip().lower()
    if value not in ENGINES:
        raise SetupError(f"SCM_ENGINE is set to {value[:40]!r}, which is not an engine this app runs. "
                         "Use duckdb (the default) or spark.")
    if value == "duckdb" and os.environ.get(PARQUET_ENV):
        raise SetupError("SCM_PARQUET is read by the Spark engine only: set SCM_ENGINE=spark as well, or open "
                         "a directory of Parquet tables on DuckDB with SCM_DATA_DIR.")
    return value


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(path: str, version: str) -> tuple[Dataset, FilterDomain, CachingStore]:
    # `version` is part of the cache key only: a changed file gives a new fingerprint and a fresh load.
    # Only the bundled directory (when its stamp is current) and a directory whose stamp this machine signed after
    # checking its exact files (`python -m core.acled` does) skip validation; any other is checked in full.
    dataset = load_dataset(path, trust_stamp=True)
    domain = FilterDomain.from_dataset(dataset)
    # The engine takes the rows (consume): it empties this dataset's row frames, which nothing else reads, as soon
    # as it holds them, and pages read the rows through the store.
    store = CachingStore(dataset, consume=True)
    return store.release_frames(), domain, store


@st.cache_resource(show_spinner="Starting Spark and loading the dataset…", max_entries=4)
def _load_spark(path: str, version: str, parquet: str, master: str, remote: str) -> tuple[Dataset, FilterDomain, Store]:
    # A Parquet location is keyed by its URL only: files changed there are read after a restart (docs/scaling.md).
    from core.query.spark import open_spark

    return open_spark(path, parquet or None, master or None, remote or None, trust_stamp=is_bundled(Path(path)))


def get_data() -> tuple[Dataset, FilterDomain, Store]:
    """The validated Dataset, its filter domain and its query layer. Raises core.problems.DataError, or SetupError
    when the engine cannot start as configured."""
    upload = st.session_state.get(_UPLOAD)
    if upload is not None:
        return upload[:3]
    path = data_dir()
    if engine_choice() == "spark":
        parquet = os.environ.get(PARQUET_ENV, "").strip()
        return _load_spark(str(path), "" if parquet else fingerprint(path), parquet,
                           os.environ.get(MASTER_ENV, "").strip(), os.environ.get(REMOTE_ENV, "").strip())
    return _load(str(path), fingerprint(path))


def active_upload() -> tuple[str, str] | None:
    """(file name, what was kept) of this session's upload, or None when the app shows a data directory."""
    upload = st.session_state.get(_UPLOAD)
    return None if upload is None else upload[3:]


def use_upload(dataset: Dataset, name: str, summary: str) -> None:
    """Make an upload this session's dataset (its query layer is built here, once)."""
    st.session_state[_UPLOAD] = (dataset, FilterDomain.from_dataset(dataset), Store(dataset), name, summary)


def drop_upload() -> None:
    """Back to the data directory the app was started on."""
    st.session_state.pop(_UPLOAD, None)

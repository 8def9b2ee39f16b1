"""Work the bundled data always needs, built when the data is stamped and shipped with it: the readable texts'
passages (core/corpus.passage_frames: every sentence split, folded and checked for a date, a number or a named
actor, which cost about half a second of Python at every start).

`python -m core.validate --stamp DIR` writes DIR/prebuilt/passages.arrow (an Arrow IPC file) beside the stamp.
Its metadata records the data version it was built from (the fingerprint the stamp holds) and the version of the
code that builds it (`builder_version`: a hash of that code's source). The engine's load (core/query/engine.py)
reads it only for the bundled data directory with a current stamp, and only when both recorded versions are the
current ones; otherwise it builds the passages itself, as it always did. A stale file is never read, and
tests/unit/test_prebuilt.py fails on one (it then says to run `python -m core.validate --stamp data/`).
"""

from __future__ import annotations

import hashlib
import inspect
import unicodedata
from pathlib import Path

import pandas as pd

from core import corpus, evidence
from core.load import VERIFIED, Dataset, is_bundled, is_stamped, read_file, table_files

PREBUILT_DIR = Path("prebuilt")
PASSAGES_FILE = PREBUILT_DIR / "passages.arrow"
DATA_VERSION_KEY = b"data_version"
BUILDER_KEY = b"builder_version"

# What makes the passages besides the data: each function's source and the constants they read.
_BUILDER_CODE = (corpus.readable_texts, corpus.passage_frames, corpus.split_passages, corpus.fold, corpus.fold_char,
                 corpus.looks_like_fact, evidence.excerpt_body)
_BUILDER_CONSTANTS = (corpus._END.pattern, sorted(corpus._ABBREVIATIONS), corpus._FOLD, corpus._DATE.pattern,
                      corpus._NUMBER.pattern, corpus._ACTOR_WORDS.pattern, str(evidence.EXCERPTS_DIR),
                      unicodedata.unidata_version)


def builder_version() -> str | None:
    """A hash of the code that builds the passages: a change to it makes every prebuilt file stale. None when the
    source is not at hand (an install without .py files): then no prebuilt file is read."""
    digest = hashlib.sha256()
    try:
        for function in _BUILDER_CODE:
            digest.update(inspect.getsource(function).encode())
    except OSError:
        return None
    digest.update(repr(_BUILDER_CONSTANTS).encode())
    return digest.hexdigest()[:16]


def build_passages(data_dir: Path, sources: pd.DataFrame, actors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The engines' `source_texts` and `passages` staging frames, built from the texts (core/corpus.py)."""
    return corpus.passage_frames(corpus.readable_texts(data_dir, sources), tuple(actors["name"]))


def write_prebuilt(data_dir: Path, version: str) -> Path:
    """Build the passages of a valid, stamped data directory (`version`: its stamp) and write them beside the stamp.
    Returns the file written."""
    import pyarrow as pa

    data_dir = Path(data_dir)
    files = table_files(data_dir)
    sources, actors = (read_file(files[name])[0] for name in ("sources.csv", "actors.csv"))
    _, passages = build_passages(data_dir, sources, actors)
    table = pa.Table.from_pandas(passages, preserve_index=False)
    table = table.replace_schema_metadata({DATA_VERSION_KEY: version.encode(), BUILDER_KEY: (builder_version() or "").encode()})
    path = data_dir / PASSAGES_FILE
    path.parent.mkdir(exist_ok=True)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(
            sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return path


def read_passages(data_dir: Path, version: str) -> pd.DataFrame | None:
    """The prebuilt passages of `data_dir` when they were built from data version `version` by the current code,
    else None (no file, or a stale one)."""
    import pyarrow as pa

    path = Path(data_dir) / PASSAGES_FILE
    if not path.is_file():
        return None
    with pa.memory_map(str(path)) as source:
        reader = pa.ipc.open_file(source)
        meta = reader.schema.metadata or {}
        builder = builder_version()
        if builder is None or meta.get(DATA_VERSION_KEY) != version.encode() or meta.get(BUILDER_KEY) != builder.encode():
            return None
        return reader.read_all().to_pandas()


def trusted(ds: Dataset) -> bool:
    """True when `ds` is the bundled data as stamped: the only dataset whose prebuilt files are read."""
    return ds.profile == VERIFIED and is_bundled(ds.data_dir) and is_stamped(ds.data_dir, ds.fingerprint)


def staged_passages(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`source_texts` and `passages` for the engine's load: the prebuilt passages when they are current for this
    dataset (the texts are read either way: a file read), else built here."""
    ready = read_passages(ds.data_dir, ds.fingerprint) if trusted(ds) else None
    if ready is None:
        return build_passages(ds.data_dir, ds.tables["sources"], ds.tables["actors"])
    texts = corpus.readable_texts(ds.data_dir, ds.tables["sources"])
    return corpus.text_frame(texts), ready

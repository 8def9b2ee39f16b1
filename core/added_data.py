"""An upload added to the bundled record (the Data page's "add it to the bundled record"), in memory only.

`add_to_bundled(report)` puts the upload's valid rows (core/user_data.py Report) beside the bundled record's, table
by table. The bundled rows are all kept, with their verified quotes; an upload row whose id a bundled row of the
same table already has is left out, with one report line saying so (`clashes`), except where the two rows are the
same (an ACLED export's Azerbaijan is the record's own `az`). The bundled files are read, never written. The result
is a Dataset of the ADDED profile (core/load.py): the added events carry their own origin ("acled" or "upload",
Dataset.event_origins) and only the bundled record's (source, quote) pairs count as verified
(Dataset.quote_verified), so every added row's evidence card says its quote is not verified.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from core.integrity import check_integrity
from core.load import (ADDED, BUNDLED_DATA_DIR, FINGERPRINT_CHARS, check_all, complete_tables, dataset_from_tables,
                       fingerprint, is_stamped, read_trusted)
from core.problems import DataError
from core.tables import BY_FILE, TABLE_FILES
from core.user_data import MAX_ROUNDS, Report, event_origins, version_of


def bundled_tables() -> tuple[dict[str, pd.DataFrame], dict]:
    """The bundled record's validated tables by file, and its corridors: read as stamped, or checked in full when
    the stamp is not current. Raises DataError when the bundled data fails a check."""
    if is_stamped(BUNDLED_DATA_DIR, fingerprint(BUNDLED_DATA_DIR)):
        return read_trusted(BUNDLED_DATA_DIR)
    tables, corridors, problems = check_all(BUNDLED_DATA_DIR)
    if problems:
        raise DataError(problems)
    return tables, corridors or {"type": "FeatureCollection", "features": []}


def own_tables(report: Report) -> dict[str, pd.DataFrame]:
    """The upload's own valid rows by table file (not the bundled tables that completed it)."""
    return {t: f for t, f in report.tables.items() if t not in report.from_bundled}


def clashes(report: Report, bundled: dict[str, pd.DataFrame] | None = None) -> list[dict]:
    """One report line (core/user_data.py REPORT_COLUMNS) per upload row whose id a bundled row of its table has and
    which differs from that bundled row: it is left out when the upload is added to the bundled record."""
    bundled = bundled if bundled is not None else bundled_tables()[0]
    lines = []
    for table, frame in own_tables(report).items():
        theirs = bundled.get(table)
        if theirs is None or frame.empty:
            continue
        key = BY_FILE[table].id_column
        shared = frame[frame[key].isin(set(theirs[key]))]  # few: a 100k-row ACLED export shares its states only
        shared = shared[~_same_rows(shared, theirs, key)]
        what = BY_FILE[table].rows.removesuffix("s")  # "event", "aid row", "actor"
        for row_id in shared[key]:
            lines.append({"file": f"{report.name} ({BY_FILE[table].called})", "row": None, "column": key,
                          "problem": f"the bundled record already has {_article(what)} {what} with this id: the bundled "
                                     "one is kept and this row is left out when the upload is added to it",
                          "value": str(row_id)[:200]})
    return lines


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _same_rows(frame: pd.DataFrame, theirs: pd.DataFrame, key: str) -> pd.Series:
    """For each upload row, True when the bundled row with its id holds the same values in every shared column."""
    columns = [c for c in frame.columns if c in theirs.columns]
    as_text = lambda f: f[columns].astype(object).where(f[columns].notna(), None).astype(str)  # noqa: E731
    bundled = dict(zip(theirs[key], map(tuple, as_text(theirs).to_numpy())))
    mine = map(tuple, as_text(frame).to_numpy())
    return pd.Series([bundled.get(k) == row for k, row in zip(frame[key], mine)], index=frame.index, dtype=bool)


def add_to_bundled(report: Report):
    """(the Dataset of the bundled record with the upload's valid rows added, the report lines of what was left
    out: id clashes, and any row that no longer passes the cross-table checks beside the bundled rows)."""
    bundled, corridors = bundled_tables()
    lines = clashes(report, bundled)
    added: dict[str, pd.DataFrame] = {}
    for table, frame in own_tables(report).items():
        key = BY_FILE[table].id_column
        theirs = bundled.get(table)
        added[table] = frame if theirs is None else frame[~frame[key].isin(set(theirs[key]))]
    for _ in range(MAX_ROUNDS):  # the bundled rows pass together; an added row that breaks a reference goes
        merged = {t: _joined(bundled.get(t), added.get(t)) for t in TABLE_FILES if t in bundled or t in added}
        problems = [p for p in check_integrity(complete_tables(merged), corridors)
                    if p.file in added and p.row is not None and p.row > _length(bundled.get(p.file))]
        if not problems:
            break
        for problem in problems:
            position = problem.row - 1 - _length(bundled.get(problem.file))
            frame = added[problem.file]
            lines.append({"file": f"{report.name} ({BY_FILE[problem.file].called})", "row": None,
                          "column": problem.column, "problem": f"{problem.message} (beside the bundled record)",
                          "value": str(frame[BY_FILE[problem.file].id_column].iat[position])[:200]})
        for table in {p.file for p in problems}:
            gone = {p.row - 1 - _length(bundled.get(table)) for p in problems if p.file == table}
            added[table] = added[table].drop(index=added[table].index[sorted(gone)])
    events = added.get("events.csv")
    version = _version(report)
    dataset = dataset_from_tables(BUNDLED_DATA_DIR, version, merged, corridors, ADDED,
                                  event_origins=None if events is None else event_origins(report, events),
                                  verified_quotes=verified_quotes(bundled, corridors))
    return dataset, lines


def _joined(theirs: pd.DataFrame | None, mine: pd.DataFrame | None) -> pd.DataFrame:
    if theirs is None or mine is None or mine.empty:
        return (theirs if theirs is not None else mine).reset_index(drop=True)
    return pd.concat([theirs, mine.astype({c: theirs[c].dtype for c in mine.columns if c in theirs.columns},
                                          errors="ignore")], ignore_index=True)


def _length(frame: pd.DataFrame | None) -> int:
    return 0 if frame is None else len(frame)


def verified_quotes(tables: dict[str, pd.DataFrame], corridors: dict) -> frozenset[tuple[str, str]]:
    """Every (source_id, quote) pair of a verified record: its rows' evidence and its corridors' years evidence."""
    pairs = set()
    for frame in tables.values():
        if {"source_id", "evidence"} <= set(frame.columns):
            pairs.update(zip(frame["source_id"], frame["evidence"]))
    for feature in corridors.get("features", []):
        props = feature.get("properties") or {}
        if props.get("years_evidence"):
            pairs.add((props.get("years_source_id") or "", props["years_evidence"]))
    return frozenset(pairs)


def _version(report: Report) -> str:
    """The data version of the bundled record with this upload added."""
    digest = hashlib.sha256(b"added\0" + fingerprint(BUNDLED_DATA_DIR).encode() + b"\0" + version_of(report).encode())
    return digest.hexdigest()[:FINGERPRINT_CHARS]

"""A user's upload, from bytes to a validation report and a data directory of its valid rows.

`check_upload(name, bytes)` unpacks the upload safely (core/upload.py), maps an ACLED export onto our tables
(core/acled.py), and validates every table with the same schemas and reference checks as a data directory
(core/schema.py, core/integrity.py). It returns a Report: one row per problem (file, row, column, problem,
value) and the rows that passed. Leaving a row out can break a reference (an event whose actor row failed), so
the checks run again on what is left until nothing more fails.

An upload that lacks the required sources or actors tables (one events.csv, say) is completed with the bundled
data's other tables (but not its claims, when the upload has its own events: a claim reads a bundled event), and
the report says so. `open_report(report)` makes a Dataset of the valid rows with the
USER_SUPPLIED profile (core/load.py): the checks are those of a data directory except the verbatim evidence
check, and every quote is marked as not verified. Its events carry their own origin, "acled" for the rows of an
ACLED export and "upload" for any other (Report.event_origin). The rows stay in memory, in the user's session: the
bundled files are never touched. core/added_data.py adds the valid rows to the bundled record instead.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import acled, schema
from core.integrity import _REFERENCES, check_integrity
from core.load import (BUNDLED_DATA_DIR, FINGERPRINT_CHARS, ROW_TABLES, USER_SUPPLIED, Dataset, complete_tables,
                       dataset_from_tables, parse_frame, read_corridors, table_files, table_name,
                       with_optional_columns)
from core.problems import Problem, from_failure_cases
from core.tables import BY_FILE, REQUIRED_FILES, TABLE_FILES, called
from core.upload import MAX_UPLOAD_BYTES, unpack

UPLOAD_ROOT = Path(tempfile.gettempdir()) / "scm-uploads"
REPORT_COLUMNS = ("file", "row", "column", "problem", "value")
MAX_ROUNDS = 6


@dataclass
class Report:
    name: str
    kind: str  # "acled", "native" or "" (nothing readable)
    problems: list[dict] = field(default_factory=list)  # REPORT_COLUMNS
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # table file -> its valid rows, as text
    corridors: dict | None = None
    totals: dict[str, int] = field(default_factory=dict)  # table file -> rows uploaded
    from_bundled: tuple[str, ...] = ()  # tables taken from the bundled data to complete the upload
    event_origin: str = "upload"  # the origin its events carry (vocab.UPLOAD_ORIGINS): "acled" from an ACLED export

    @property
    def kept(self) -> dict[str, int]:
        return {t: len(f) for t, f in self.tables.items() if t not in self.from_bundled}

    @property
    def usable(self) -> bool:
        """True when the valid rows make a dataset: sources, actors and at least one row of the user's own."""
        return all(t in self.tables for t in REQUIRED_FILES) and any(self.kept.values())

    @property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.problems, columns=list(REPORT_COLUMNS))


def _row(problem: Problem, value=None, file: str | None = None) -> dict:
    shown = None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)[:200]
    return {"file": file or problem.file, "row": problem.row, "column": problem.column, "problem": problem.message,
            "value": shown}


def check_upload(name: str, data: bytes, limit: int = MAX_UPLOAD_BYTES) -> Report:
    files, trouble = unpack(name, data, limit)
    report = Report(name, "", [_row(p) for p in trouble])
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}  # table file -> how the report names where its rows came from
    for file, content in files.items():
        if file == "corridors.geojson":
            report.corridors, problems = read_corridors(file, content)
            if problems:
                report.problems += [_row(p, p.row_id, _shown(name, file)) for p in problems]
                report.corridors = None
            continue
        frame, problems = parse_frame(file, content)
        if frame is None:
            report.problems += [_row(p, file=_shown(name, file)) for p in problems]
            continue
        if acled.is_acled(frame.columns):
            report.kind = "acled"
            report.problems += [_row(Problem(_shown(name, file), f"the column {column} is missing from this ACLED "
                                             f"export, so {acled.LEFT_BLANK[column]}", column=column))
                                for column in acled.missing_optional(frame.columns)]
            tables, problems, kept = acled.to_tables(_shown(name, file), frame)
            columns = {str(c).strip().lower(): c for c in frame.columns}
            report.problems += [_row(p, frame.at[frame.index[p.row - 1], columns[p.column]]) for p in problems]
            for table, mapped in tables.items():
                if table in frames:
                    report.problems.append(_row(Problem(_shown(name, file), f"a second file gives {called(table)}")))
                    continue
                frames[table] = mapped
                if table == "events.csv":
                    report.event_origin = "acled"
                labels[table] = _shown(name, file) if table == "events.csv" else f"{_shown(name, file)} ({called(table)} made from it)"
            report.totals["events.csv"] = len(frame)
            continue
        table = table_name(file)
        lacking = acled.missing_required(frame.columns)
        if table not in schema.TABLES and lacking:  # an ACLED export with columns cut away
            report.problems += [_row(Problem(_shown(name, file), f"the column {column} is missing: an ACLED export "
                                             "always has it, and rows cannot be read without it", column=column))
                                for column in lacking]
            continue
        if table not in schema.TABLES:
            report.problems.append(_row(Problem(_shown(name, file),
                f"neither an ACLED export nor a table of this dataset (name it one of {', '.join(TABLE_FILES)})")))
            continue
        if table in frames:
            report.problems.append(_row(Problem(_shown(name, file), f"a second file gives {called(table)}")))
            continue
        report.kind = report.kind or "native"
        frames[table] = with_plain_booleans(table, frame)
        labels[table] = _shown(name, file)
        report.totals[table] = len(frame)
    if not frames:
        return report
    if not all(t in frames for t in REQUIRED_FILES):
        # Not a bundled table that names rows of a row table the upload brings (the bundled claims read bundled
        # events, which the upload's own events replace).
        brought = {t for t in frames if BY_FILE[t].name in ROW_TABLES}
        skip = {table for table, _, target, _ in _REFERENCES if target in brought and target != table}
        bundled = {t: parse_frame(p.name, p.read_bytes())[0] for t, p in table_files(BUNDLED_DATA_DIR).items()
                   if t not in frames and t not in skip}
        report.from_bundled = tuple(t for t, f in bundled.items() if f is not None)
        for table in report.from_bundled:
            frames[table] = bundled[table]
            labels[table] = f"bundled {table}"
    typed = _keep_valid(frames, labels, report)
    report.tables = {t: typed[t] for t in TABLE_FILES if t in typed}
    report.problems.sort(key=lambda p: (p["file"] or "", p["row"] or 0))  # stable: a row's problems keep their order
    return report


def with_plain_booleans(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its true/false columns (schema.BOOLEAN_COLUMNS) in lower case: TRUE, True, an Excel boolean
    (read as True) and " true " are all true. Any other word stays as it is, for the schema to name."""
    columns = [c for c in schema.BOOLEAN_COLUMNS.get(table, ()) if c in frame.columns]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        values = frame[column].astype(object)
        plain = values.map(lambda v: v.strip().lower() if isinstance(v, str) else v)
        frame[column] = values.where(~plain.isin(["true", "false"]), plain)
    return frame


def _shown(upload: str, file: str) -> str:
    return upload if Path(upload).suffix.lower() not in (".zip",) else f"{upload}/{file}"


def _keep_valid(frames: dict[str, pd.DataFrame], labels: dict[str, str], report: Report) -> dict[str, pd.DataFrame]:
    """Drop every row that fails a check, and every table that cannot be read, until the rest passes. Returns the
    typed (validated) tables."""
    originals = dict(frames)
    typed: dict[str, pd.DataFrame] = {}
    for _ in range(MAX_ROUNDS):
        for table in list(frames):
            if table in typed:
                continue
            frame = frames[table]
            problems, valid = _schema_problems(table, frame, originals[table])
            for problem in problems:
                report.problems.append(_row(problem, _value(originals[table], problem), labels[table]))
            if valid is not None:
                typed[table] = _plain(valid)
            elif any(p.row is None for p in problems):  # a missing or unexpected column: the table cannot be used
                del frames[table]
            else:
                frames[table] = frame.drop(index=list({p.row - 1 for p in problems} & set(frame.index)))
        if set(typed) != set(frames):
            continue
        problems = check_integrity(complete_tables(typed), report.corridors or {"features": []})
        drop: dict[str, set] = {}
        for problem in problems:
            if problem.file == "corridors.geojson":
                report.problems.append(_row(problem, problem.row_id, report.name))
                report.corridors = None
                continue
            frame = typed.get(problem.file)
            if frame is None or problem.row is None:
                report.problems.append(_row(problem, None, labels.get(problem.file)))
                continue
            index = frame.index[problem.row - 1]
            shown = Problem(problem.file, problem.message, int(index) + 1, problem.column, problem.row_id)
            report.problems.append(_row(shown, _value(originals[problem.file], shown), labels[problem.file]))
            drop.setdefault(problem.file, set()).add(index)
        if not drop:
            return typed
        for table, indexes in drop.items():
            typed[table] = typed[table].drop(index=list(indexes))
            frames[table] = frames[table].drop(index=list(indexes))
    return typed


def _schema_problems(table: str, frame: pd.DataFrame, original: pd.DataFrame) -> tuple[list[Problem], pd.DataFrame | None]:
    """(schema problems with rows numbered in the uploaded file, the validated frame when there are none)."""
    import pandera.pandas as pa

    table_schema, id_column = schema.TABLES[table]
    try:
        return [], table_schema.validate(with_optional_columns(table, frame), lazy=True)
    except pa.errors.SchemaErrors as exc:
        ids = original[id_column].reset_index(drop=True) if id_column in original.columns else None
        return from_failure_cases(table, exc.failure_cases, ids), None


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects, blank as None, as the loader's frames hold them."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) and out[column].dtype != object:
            values = out[column].astype(object)
            out[column] = values.where(values.notna(), None)
    return out


def _value(original: pd.DataFrame, problem: Problem):
    if problem.row is None or problem.column not in original.columns or problem.row - 1 not in original.index:
        return None
    return original.at[problem.row - 1, problem.column]


def version_of(report: Report) -> str:
    """The upload's data version: a hash of its valid rows (and corridors), as long as a directory's fingerprint."""
    digest = hashlib.sha256(b"upload\0")
    for table, frame in sorted(report.tables.items()):
        digest.update(table.encode() + b"\0")
        digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
    if report.corridors:
        digest.update(json.dumps(report.corridors, sort_keys=True).encode())
    return digest.hexdigest()[:FINGERPRINT_CHARS]


def open_report(report: Report) -> Dataset:
    """The valid rows of an upload as a Dataset of the USER_SUPPLIED profile. Nothing is written to disk except
    an empty folder named by its version, which stands for its data directory (it has no corpus or excerpts)."""
    version = version_of(report)
    folder = UPLOAD_ROOT / version
    folder.mkdir(parents=True, exist_ok=True)
    return dataset_from_tables(folder, version, dict(report.tables), report.corridors, USER_SUPPLIED,
                               event_origins=event_origins(report))


def event_origins(report: Report, events: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """(event_id, origin) of the upload's own events (or of `events`, a part of them): "acled" or "upload"."""
    if events is None:
        if "events.csv" not in report.tables or "events.csv" in report.from_bundled:
            return None
        events = report.tables["events.csv"]
    return pd.DataFrame({"event_id": events["event_id"].astype(object).to_numpy(), "origin": report.event_origin},
                        dtype=object)


def summary(report: Report) -> str:
    """'1,204 of 1,250 events' for each table the user gave."""
    parts = []
    for table, kept in report.kept.items():
        total = report.totals.get(table)
        rows = BY_FILE[table].rows
        parts.append(f"{kept:,} of {total:,} {rows}" if total is not None else f"{kept:,} {rows}")
    return ", ".join(parts)

"""Command line: `python -m core.acled EXPORT.csv OUT_DIR [--with-bundled]` converts an ACLED export of any size
(beyond the Data page's upload limit) into a validated data directory of Parquet files.

The export is read twice, in batches (pyarrow's streaming CSV reader), never whole: once for its ids (an id
repeated anywhere in the file is a defect of every row holding it), then for its rows. Each batch is mapped by
core/acled.py and checked like an upload (core/user_data.py: schemas, references); its events are appended to
OUT_DIR/events.parquet and its sources, actors and places gathered by id. `--with-bundled` adds the bundled
record's tables (and its corpus, excerpts and boundaries). OUT_DIR/PROFILE declares the directory user-supplied
(core/load.py): as for an upload, its quotes are not checked and the pages say so. OUT_DIR is then loaded with
every other check (core/load.py) and the same report as the Data page is printed: what was kept, and one
line per problem (file, row, column, problem, value). `SCM_DATA_DIR=OUT_DIR make run` opens it.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pandas as pd

from core import acled
from core.load import BUNDLED_DATA_DIR, PROFILE_FILE, STAMP_FILE, USER_SUPPLIED, load_dataset, table_name
from core.problems import DataError
from core.tables import TABLE_FILES

BLOCK_BYTES = 16 << 20  # one batch of the export: a few tens of thousands of rows
USAGE = "usage: python -m core.acled EXPORT.csv OUT_DIR [--with-bundled]"
_SKIPPED_BUNDLED_FILES = {STAMP_FILE, "datapackage.json"}  # they describe the bundled files, not OUT_DIR's


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _batches(path: Path, header: list[str], columns: list[str] | None = None):
    """The export as pandas frames of text (blank as None), batch by batch, indexed by their 0-based row."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions(column_types={c: pa.string() for c in header}, strings_can_be_null=True,
                                   include_columns=columns)
    reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES), convert_options=convert)
    start = 0
    for batch in reader:
        frame = batch.to_pandas()
        frame.index = pd.RangeIndex(start, start + len(frame))
        start += len(frame)
        yield frame


def _duplicate_ids(path: Path, header: list[str]) -> set[str]:
    column = next(c for c in header if c.strip().lower() == "event_id_cnty")
    seen, repeated = set(), set()
    for frame in _batches(path, header, [column]):
        for value in frame[column].dropna().str.strip():
            (repeated if value in seen else seen).add(value)
    return repeated


def convert(export: str | Path, out: str | Path, with_bundled: bool = False) -> tuple[dict[str, int], int, list[dict]]:
    """Write OUT_DIR from the export. Returns ({table: rows written}, rows in the export, problem rows). Raises
    ValueError for a file that is not an ACLED export, FileExistsError for a non-empty OUT_DIR, DataError when the
    written directory fails a check (it should not: every row was checked before it was written)."""
    import pyarrow.parquet as pq

    from core.query.engine import arrow_table
    from core.user_data import Report, _keep_valid

    export, out = Path(export), Path(out)
    header = _header(export)
    if not acled.is_acled(header):
        raise ValueError(f"{export} is not an ACLED export: it lacks the columns "
                         f"{', '.join(c for c in acled.DETECT if c not in {h.strip().lower() for h in header})}")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new directory")
    out.mkdir(parents=True, exist_ok=True)
    (out / PROFILE_FILE).write_text(USER_SUPPLIED + "\n", encoding="utf-8")  # nobody checked ACLED's notes
    duplicates = _duplicate_ids(export, header)
    report = Report(export.name, "acled")
    reference: dict[str, dict[str, pd.Series]] = {"sources.csv": {}, "actors.csv": {}, "places.csv": {}}
    total, written, writer, events_schema = 0, 0, None, None
    try:
        for raw in _batches(export, header):
            total += len(raw)
            tables, problems, _ = acled.to_tables(export.name, raw, duplicates)
            columns = {str(c).strip().lower(): c for c in raw.columns}
            report.problems += [{"file": p.file, "row": p.row, "column": p.column, "problem": p.message,
                                 "value": raw.at[p.row - 1, columns[p.column]] if p.column in columns else None}
                                for p in problems]
            typed = _keep_valid(tables, {t: export.name for t in tables}, report)
            for table, rows in reference.items():
                for row in typed.get(table, pd.DataFrame()).to_dict("records"):
                    rows.setdefault(row[table_id(table)], row)
            events = typed.get("events.csv")
            if events is None or events.empty:
                continue
            arrow = arrow_table(events.reset_index(drop=True))
            if writer is None:
                events_schema = arrow.schema
                writer = pq.ParquetWriter(out / "events.parquet", events_schema)
            writer.write_table(arrow.cast(events_schema))
            written += len(events)
        if with_bundled:
            written += _add_bundled(out, reference, writer, events_schema)
    finally:
        if writer is not None:
            writer.close()
    counts = {"events.csv": written}
    for table, rows in reference.items():
        frame = pd.DataFrame(list(rows.values()))
        pq.write_table(arrow_table(frame), out / table.replace(".csv", ".parquet"))
        counts[table] = len(frame)
    load_dataset(out)  # every check again, on what was written; raises DataError
    return counts, total, report.problems


def table_id(table: str) -> str:
    from core.tables import BY_FILE

    return BY_FILE[table].id_column


def _add_bundled(out: Path, reference: dict, writer, events_schema) -> int:
    """The bundled record's rows: its sources, actors and places first (its own rows win over the export's
    copies of the region's states), its events appended, its other tables and files copied. Returns its events."""
    import pyarrow.parquet as pq

    from core.parquet import table_frames
    from core.query.engine import arrow_table

    bundled = load_dataset(BUNDLED_DATA_DIR, trust_stamp=True)
    frames = table_frames(bundled)
    for table, rows in reference.items():
        own = {row[table_id(table)]: row for row in frames[table].to_dict("records")}
        reference[table] = own | {k: v for k, v in rows.items() if k not in own}
    events = frames["events.csv"].assign(key_period=lambda f: f["key_period"].map({True: "true", False: "false"}))
    arrow = arrow_table(events.reset_index(drop=True))
    if writer is None:
        pq.write_table(arrow, out / "events.parquet")
    else:
        writer.write_table(arrow.select(events_schema.names).cast(events_schema))
    for table, frame in frames.items():
        if table not in reference and table != "events.csv":
            pq.write_table(arrow_table(frame), out / table.replace(".csv", ".parquet"))
    for path in BUNDLED_DATA_DIR.iterdir():
        if path.name in _SKIPPED_BUNDLED_FILES or (table_name(path.name) in TABLE_FILES and path.suffix in (".csv", ".parquet")):
            continue
        if path.is_dir():
            shutil.copytree(path, out / path.name)
        else:
            shutil.copy2(path, out / path.name)
    return len(events)


def print_report(export: str, counts: dict[str, int], total: int, problems: list[dict]) -> None:
    """The Data page's report (components/data/upload.py), as text."""
    kept = f"{counts['events.csv']:,} events (of {total:,} rows in the export)"
    others = ", ".join(f"{n:,} {t.removesuffix('.csv')}" for t, n in counts.items() if t != "events.csv")
    print(f"{export} holds an ACLED export.")
    if not problems:
        print(f"No problems found: {kept}; {others}.")
        return
    print(f"{len(problems):,} problem{'s' if len(problems) != 1 else ''} found; the rows with a problem are left out. "
          f"Valid: {kept}; {others}.")
    print("file,row,column,problem,value")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for p in sorted(problems, key=lambda p: (p["file"] or "", p["row"] or 0)):
        writer.writerow([p["file"], p["row"], p["column"], p["problem"], p["value"]])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with_bundled = "--with-bundled" in args
    paths = [a for a in args if a != "--with-bundled"]
    if len(paths) != 2 or any(a.startswith("-") for a in paths):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        counts, total, problems = convert(paths[0], paths[1], with_bundled)
    except (ValueError, FileExistsError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 2
    except DataError as error:
        print(f"{paths[1]} did not pass validation ({len(error.problems)} problem(s)):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print_report(paths[0], counts, total, problems)
    print(f"Wrote {paths[1]} (Parquet, validated). Open it with: SCM_DATA_DIR={paths[1]} make run")
    return 0

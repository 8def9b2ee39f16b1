"""Command line: `python -m core.parquet DATA_DIR OUT_DIR` writes a validated data directory as Parquet.

The directory is loaded and validated in full first (core/load.py: schemas, references, verbatim evidence); an
invalid one is refused with the same report as `python -m core.validate`, and nothing is written. Then OUT_DIR
gets:
- one `<table>.parquet` per table the directory has, same table names, same columns and types as the validated
  tables (text as Parquet strings, the numeric columns of core/vocab.py as integers or floats); the derived
  columns the loader adds (events.start/end, stances.when) are not written;
- every other file of the directory (corpus/, reference/, boundaries/, corridors.geojson, RELEASE, README.md),
  so OUT_DIR is itself a data directory that `SCM_DATA_DIR=OUT_DIR` opens (and validates again) on DuckDB;
- `_spark/`: what the Spark engine needs and cannot compute where the data lives: the readable texts of the
  sources and their passages (the engines' `source_texts` and `passages`, core/corpus.py) and `meta.parquet`
  (key, value): the source directory's fingerprint, release, corridors, and each table's row count.

`SCM_ENGINE=spark SCM_PARQUET=OUT_DIR` (or that directory copied to s3a://, hdfs://, …) runs the app on Spark
over these files (core/query/spark.py). docs/scaling.md says what is and is not checked when Spark reads them.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from core import vocab
from core.corpus import passage_frames, readable_texts
from core.load import STAMP_FILE, Dataset, as_validated, load_dataset, table_name
from core.problems import DataError
from core.tables import TABLES

SPARK_DIR = "_spark"
META_FORMAT = "1"  # the layout of _spark/; the Spark engine refuses another


def parquet_name(table: str) -> str:
    """'events.csv' -> 'events.parquet'."""
    return table_name(table).replace(".csv", ".parquet")


def table_frames(ds: Dataset) -> dict[str, object]:
    """The tables the directory has, by file, as written: the validated frames without the loader's derived columns."""
    return {table.file: as_validated(table.name, ds.tables[table.name]) for table in TABLES if ds.has(table.file)}


def write_parquet(data_dir: str | Path, out: str | Path) -> dict[str, int]:
    """Validate `data_dir` in full, then write it to `out` as Parquet. Returns {table: rows}. Raises DataError."""
    import pyarrow.parquet as pq

    from core.query.engine import arrow_table

    data_dir, out = Path(data_dir), Path(out)
    dataset = load_dataset(data_dir)  # every check; the bundled stamp is not trusted here
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new directory")
    tables = table_frames(dataset)
    written_as_table = {p.resolve() for p in data_dir.glob("*") if table_name(p.name) in vocab.TABLE_FILES
                        and p.suffix in (".csv", ".parquet")}
    shutil.copytree(data_dir, out, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if (Path(folder) / n).resolve() in written_as_table
                                                  or (Path(folder) == data_dir and n == STAMP_FILE)])
    for table, frame in tables.items():
        pq.write_table(arrow_table(frame), out / parquet_name(table))
    texts, passages = passage_frames(readable_texts(data_dir, dataset.tables["sources"]),
                                      tuple(dataset.tables["actors"]["name"]))
    (out / SPARK_DIR).mkdir()
    pq.write_table(arrow_table(texts), out / SPARK_DIR / "source_texts.parquet")
    pq.write_table(arrow_table(passages), out / SPARK_DIR / "passages.parquet")
    rows = {table: len(frame) for table, frame in tables.items()}
    meta = {"format": META_FORMAT, "fingerprint": dataset.fingerprint, "release": dataset.release,
            "corridors": json.dumps(dataset.corridors, ensure_ascii=False), "rows": json.dumps(rows),
            "missing": json.dumps(sorted(dataset.missing))}
    import pandas as pd

    pq.write_table(arrow_table(pd.DataFrame({"key": list(meta), "value": list(meta.values())})),
                   out / SPARK_DIR / "meta.parquet")
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m core.parquet DATA_DIR OUT_DIR", file=sys.stderr)
        return 2
    try:
        rows = write_parquet(args[0], args[1])
    except DataError as error:
        print(f"{args[0]} did not pass validation, nothing written ({len(error.problems)} problem(s)):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Validated {args[0]} and wrote it as Parquet to {args[1]}:")
    for table, count in rows.items():
        print(f"  {parquet_name(table)}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

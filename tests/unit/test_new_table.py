"""A new table needs its `Table` entry (core/tables.py), its schema (core/schema.py) and its load step
(LOAD_STEPS, core/query/engine.py), and nothing else in the code: the loader, the engine's staging, the Parquet
writer, the Spark engine's Parquet path, the upload, the synthetic generator and tests/fixtures.py walk the registry.

The proof adds a throwaway table `notes` exactly where a developer would (the two files' text is edited before they
are imported, and the load step appended to LOAD_STEPS) in a fresh interpreter, then loads, stages, writes and
uploads a dataset that has it. A hand-kept list of tables anywhere on that path drops the notes, and this fails.
(Its columns in data/README.md are the fourth edit; tests/unit/test_docs.py holds the dictionary to the schemas.)
A second test looks for a literal list of every table anywhere in the code and the tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

from core.tables import TABLES
from tests.conftest import REPO

SCRIPT = textwrap.dedent('''
    import io, sys, tempfile, types, zipfile
    from pathlib import Path

    import core


    def edited(name, old, new):
        """Import core.<name> from its file with one edit, as a developer would make it."""
        path = Path("core") / f"{name}.py"
        source = path.read_text(encoding="utf-8")
        assert source.count(old) == 1, f"{path} changed shape: update the edit in tests/unit/test_new_table.py"
        module = types.ModuleType(f"core.{name}")
        module.__file__ = str(path)
        sys.modules[module.__name__] = module
        setattr(core, name, module)
        exec(compile(source.replace(old, new), str(path), "exec"), module.__dict__)


    # 1. Its Table entry: the notes, rows that carry evidence (a row table, as events).
    edited("tables", "\\n)\\nBY_NAME", '\\n    Table("notes", "note_id", False, "notes", True),\\n)\\nBY_NAME')
    # 2. Its schema, named after its file.
    edited("schema", "\\n_SCHEMAS = ", """
    NOTES = DataFrameSchema(
        {"note_id": _id(), "text": _text(False), "evidence": _evidence(), "source_id": _ref(False)},
        strict=True,
        name="notes.csv",
    )
    _SCHEMAS = """)
    # 3. Its load step, which builds the query table `notes` from the staged `notes_in`.
    from core.query import engine
    engine.LOAD_STEPS = (*engine.LOAD_STEPS, ("notes", "SELECT *, 2020 AS y0, 2020 AS y1 FROM notes_in"))

    from core.load import load_dataset
    from core.parquet import write_parquet
    from core.query import Store
    from core.query.engine import DuckDBEngine, staging_frames
    from core.query.spark import SMALL_TABLES
    from core.synthetic import write_dataset
    from core.user_data import check_upload, open_report
    from tests.fixtures import make_dataset

    work = Path(tempfile.mkdtemp(prefix="scm-new-table-"))
    note = {"note_id": "n1", "text": "A note.", "evidence": "Evidence for the note.", "source_id": "test_source"}

    # The loader: tests/fixtures.py writes it (and its quote into its source's excerpt); every check passes.
    dataset = make_dataset(work, events=[{"event_id": "e1"}], notes=[note])
    assert list(dataset.tables)[-1] == "notes" and "notes.csv" not in dataset.missing, dataset.missing
    assert dataset.tables["notes"]["note_id"].tolist() == ["n1"]
    assert dataset.without_rows().tables["notes"].empty  # a row table: the app lets its frame go

    # DuckDB: staged as notes_in, built by its load step, the staging table dropped.
    store = Store(dataset)
    assert store.engine.frame("SELECT note_id, y0 FROM notes").values.tolist() == [["n1", 2020]]
    names = set(store.engine.frame("SELECT table_name FROM information_schema.tables")["table_name"])
    assert "notes" in names and "notes_in" not in names, names
    consumed = load_dataset(dataset.data_dir)
    DuckDBEngine(consumed, consume=True)
    assert consumed.tables["notes"].empty

    # Spark's staging and its Parquet path: a row table, staged as notes_in, left in Spark.
    assert "notes_in" in staging_frames(dataset) and "notes.csv" not in SMALL_TABLES

    # Parquet: written, and read back by the loader.
    out = work / "parquet"
    assert write_parquet(dataset.data_dir, out)["notes.csv"] == 1 and (out / "notes.parquet").is_file()
    assert load_dataset(out).tables["notes"]["note_id"].tolist() == ["n1"]

    # An upload (a zip of the directory's tables) keeps its rows.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(dataset.data_dir.glob("*.csv")):
            archive.write(path, path.name)
    report = check_upload("data.zip", buffer.getvalue())
    assert report.problems == [], report.problems
    assert len(report.tables["notes.csv"]) == 1 and open_report(report).tables["notes"]["note_id"].tolist() == ["n1"]

    # The synthetic generator makes no notes: its directory lacks the table, and loads.
    synthetic = load_dataset(write_dataset(work / "synthetic", 50))
    assert synthetic.tables["notes"].empty and not synthetic.has("notes.csv")
    print("carried")
''')


def test_a_new_table_needs_only_its_entry_schema_and_load_step():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and done.stdout.strip().endswith("carried"), done.stderr[-3000:]


# A tuple, list or set literal of quoted table names ('events' or 'events.csv'), as hand-kept lists were written.
_NAMES_LITERAL = re.compile(r"[(\[{]\s*((?:[\"'][a-z_]+(?:\.csv)?[\"']\s*,\s*)+[\"'][a-z_]+(?:\.csv)?[\"']\s*,?)\s*[)\]}]")


def test_no_code_keeps_its_own_list_of_the_tables():
    """No module or test spells out every table (or every table but one: a copy that fell behind), nor every row
    table: those walk core/tables.py. A list of some tables that a question or a page chose is not caught."""
    every = {t.name for t in TABLES}
    row_tables = {t.name for t in TABLES if t.has_evidence}
    found = []
    for folder in ("core", "components", "app_pages", "tests", "bench", "scripts"):
        for path in sorted((REPO / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for match in _NAMES_LITERAL.finditer(text):
                names = {n.removesuffix(".csv") for n in re.findall(r"[\"']([a-z_.]+)[\"']", match.group(1))}
                if (names <= every and len(names) >= len(every) - 1) or names == row_tables:
                    found.append(f"{path.relative_to(REPO)}:{text[:match.start()].count(chr(10)) + 1}: {match.group(0)[:70]}")
    assert found == [], "walk core/tables.py TABLES instead:\n" + "\n".join(found)

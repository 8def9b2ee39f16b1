"""data/datapackage.json: generated from the schemas, in sync with them, and valid for the frictionless library."""

from __future__ import annotations

import json
import shutil

from frictionless import validate

from core import schema
from core.datapackage import DESCRIPTOR_FILE, build_descriptor, write_descriptor
from tests.conftest import DATA_DIR
from tests.csv_edit import rewrite_csv


def test_committed_descriptor_is_the_generated_one():
    """Fails when a schema, the dictionary or the sources changed without `python -m core.datapackage data/`."""
    committed = json.loads((DATA_DIR / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(build_descriptor(DATA_DIR)))


def test_every_column_is_a_described_field():
    descriptor = build_descriptor(DATA_DIR)
    by_name = {r["path"]: r for r in descriptor["resources"]}
    for table in schema.TABLES:
        fields = by_name[table]["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.columns_of(table)
        assert all(f["description"] for f in fields), table
    assert all(s["rights"] for s in descriptor["sources"]) and descriptor["version"]


def test_the_package_validates_with_frictionless():
    report = validate(str(DATA_DIR / DESCRIPTOR_FILE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_package_catches_a_bad_value(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    rewrite_csv(copy / "events.csv", lambda rows: rows[0].update(confidence="certain"))
    write_descriptor(copy)
    report = validate(str(copy / DESCRIPTOR_FILE))
    assert not report.valid
    assert any(row[1] == "confidence" for row in report.flatten(["rowNumber", "fieldName"]))

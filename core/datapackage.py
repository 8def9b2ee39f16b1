"""Describe a data directory as a Frictionless Tabular Data Package, generated from the pandera schemas.

Every field takes its type, requiredness, uniqueness and allowed values from core/schema.py, and its description
from the data dictionary (data/README.md, the `| column | type | meaning | blank? |` table of each file). Keys
come from core/integrity.py's reference list. Each source of the data is listed with its address and the rights
that apply to what we quote from it. Anyone can then load the data with standard tools (frictionless, Data
Package readers in R, Julia or JavaScript).

    python -m core.datapackage data/      # writes data/datapackage.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

from core import schema, vocab
from core.integrity import _REFERENCES

DESCRIPTOR_FILE = "datapackage.json"
# What we can truthfully say about rights: we have licensed nothing, and quote briefly with attribution.
PACKAGE_RIGHTS = (
    "Compiled by the South Caucasus Monitor team. No open licence has been chosen for the compilation yet. "
    "Every evidence quote is a short passage from its source, quoted with attribution for reference; the "
    "passage remains the copyright of its author or publisher."
)
CORPUS_RIGHTS = "Article text in corpus/ is the copyright of its author or publisher; kept verbatim for reference."
EXTERNAL_RIGHTS = "Copyright of the publisher; only the quoted passage is stored (reference/excerpts/), with its address."

_DATE_COLUMNS = {("events.csv", "date"), ("events.csv", "end_date"), ("stances.csv", "date")}


def _field_type(table: str, column: str, dtype) -> str:
    if (table, column) in _DATE_COLUMNS:
        return "date"
    text = str(dtype)
    if "Int" in text or "int" in text:
        return "integer"
    if "float" in text:
        return "number"
    return "string"


def column_descriptions(readme: str) -> dict[str, dict[str, str]]:
    """{file: {column: 'meaning (blank: …)'}} from the data dictionary's tables."""
    found: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"^## (\S+\.(?:csv|geojson))\s*$(.*?)(?=^## |\Z)", readme, flags=re.M | re.S):
        rows = {}
        for line in match.group(2).splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[0].startswith("`") and cells[0].endswith("`"):
                meaning = cells[2]
                blank = cells[3] if len(cells) > 3 else ""
                rows[cells[0].strip("`")] = f"{meaning} (blank: {blank})" if blank else meaning
        found[match.group(1)] = rows
    return found


def _constraints(column) -> dict:
    constraints: dict = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        allowed = check.statistics.get("allowed_values") if hasattr(check, "statistics") else None
        if allowed:
            constraints["enum"] = list(allowed)
    return constraints


def _foreign_keys(table: str) -> list[dict]:
    keys = []
    for source, column, target, target_column in _REFERENCES:
        if source != table or column == "actors":  # 'actors' holds a ';'-list, which a foreign key cannot express
            continue
        keys.append({"fields": column, "reference": {"resource": target.removesuffix(".csv"), "fields": target_column}})
    return keys


def build_descriptor(data_dir: Path) -> dict:
    data_dir = Path(data_dir)
    descriptions = column_descriptions((data_dir / "README.md").read_text(encoding="utf-8"))
    resources = []
    for table, (table_schema, id_column) in schema.TABLES.items():
        if not (data_dir / table).exists():
            continue
        fields = []
        for name, column in table_schema.columns.items():
            field = {"name": name, "type": _field_type(table, name, column.dtype),
                     "description": descriptions.get(table, {}).get(name, "")}
            if constraints := _constraints(column):
                field["constraints"] = constraints
            fields.append(field)
        resource = {
            "name": table.removesuffix(".csv"), "path": table, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": id_column, "missingValues": [""]},
        }
        if vocab.OPTIONAL_COLUMNS.get(table):  # a file may leave those columns out (blank: unknown)
            resource["schema"]["fieldsMatch"] = "partial"  # what frictionless and the spec both read as "may lack some"
        if keys := _foreign_keys(table):
            resource["schema"]["foreignKeys"] = keys
        resources.append(resource)
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False, na_values=[""])
    release = (data_dir / "RELEASE").read_text(encoding="utf-8").strip() if (data_dir / "RELEASE").exists() else ""
    return {
        "profile": "tabular-data-package",
        "name": "south-caucasus-monitor",
        "title": "South Caucasus Monitor: events, US aid, stances and relations, 2018–2022",
        "description": "Politics of Azerbaijan, Armenia and their neighbours. Every row names its source and carries "
                       "a verbatim evidence quote from it. See README.md (data dictionary) and CHANGELOG.md.",
        "version": release,
        "rights": PACKAGE_RIGHTS,
        "resources": resources,
        "sources": [
            {"title": row.title, **({"path": row.url} if isinstance(row.url, str) else {}),
             "rights": CORPUS_RIGHTS if row.kind == "corpus" else EXTERNAL_RIGHTS, "id": row.source_id}
            for row in sources.itertuples()
        ],
        "vocabularies": {"event_type": list(vocab.EVENT_TYPES), "confidence": list(vocab.CONFIDENCE)},
    }


def write_descriptor(data_dir: Path) -> Path:
    path = Path(data_dir) / DESCRIPTOR_FILE
    path.write_text(json.dumps(build_descriptor(data_dir), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m core.datapackage DATA_DIR", file=sys.stderr)
        sys.exit(2)
    print(f"wrote {write_descriptor(Path(sys.argv[1]))}")

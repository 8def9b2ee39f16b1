"""Test helper: rewrite a CSV in place through a function of its rows."""

from __future__ import annotations

import csv
import io


def rewrite_csv(path, edit):
    """Apply edit(rows) to a CSV's list of dict rows and write it back; edit may return new field names."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames)
        rows = list(reader)
    fields = edit(rows) or fields
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")

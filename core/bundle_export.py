"""The "Download this view" zip: the filtered rows of every table a page uses, the data dictionary, and a README
that gives the filter, the data version, the link and the citation. Pure: the caller hands in the frames."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

from core.citation import ViewCitation


def readme(citation: ViewCitation, counts: Mapping[str, int], has_dictionary: bool = True) -> str:
    lines = [
        f"South Caucasus Monitor — {citation.page}, downloaded {citation.accessed.isoformat()}",
        "",
        f"Filter: {citation.filters}",
        f"Data version: {citation.version}",
        f"Link to this view: {citation.url}",
        "",
        "Files:",
        *(f"- {name}.csv: {n:,} row{'s' if n != 1 else ''} the filter keeps" for name, n in counts.items()),
        *(["- data-dictionary.md: what every column means"] if has_dictionary else []),
        "",
        "Text cells a spreadsheet would run as a formula (starting with = + - @ or a tab) begin with a quote.",
        "",
        "Cite as:",
        citation.text(),
        "",
        citation.bibtex(),
        "",
    ]
    return "\n".join(lines)


def build_zip(tables: Mapping[str, pd.DataFrame], dictionary: str | None, citation: ViewCitation) -> bytes:
    """The zip's bytes: <table>.csv for every frame (already filtered and guarded), data-dictionary.md, README.txt."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, frame in tables.items():
            z.writestr(f"{name}.csv", frame.to_csv(index=False))
        if dictionary is not None:
            z.writestr("data-dictionary.md", dictionary)
        z.writestr("README.txt", readme(citation, {name: len(frame) for name, frame in tables.items()}, dictionary is not None))
    return out.getvalue()

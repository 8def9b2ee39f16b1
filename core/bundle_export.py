"""The "Download this view" zip: the rows the page shows, every row they reference (sources, actors, places,
topics), the corridors the Map draws, the data dictionary, and a README that says what each file holds and gives
the filter, the data version, the link and the citation. Pure: the caller hands in the frames."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Mapping

import pandas as pd

from core.citation import ViewCitation
from core.integrity import _REFERENCES
from core.tables import BY_NAME

LOOKUPS = ("sources", "actors", "places", "topics")  # the tables other rows reference by id
CORRIDORS_FILE = "corridors.geojson"


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0]


def _ids(values: Iterable, split: bool = False) -> set[str]:
    """The ids a reference column holds; `split` for a ';'-list (an event's actors)."""
    found = set()
    for value in values:
        if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            continue
        found.update(str(value).split(";") if split else [str(value)])
    return found


def _corridor_ids(corridors: Mapping | None) -> dict[str, set[str]]:
    """The sources and places the corridors reference (their source, the source of their years, their waypoints)."""
    wanted = {"sources": set(), "places": set()}
    for feature in (corridors or {}).get("features", []):
        props = feature.get("properties") or {}
        wanted["sources"] |= _ids([props.get("source_id"), props.get("years_source_id")])
        wanted["places"] |= _ids(props.get("waypoints") or [])
    return wanted


def referenced_rows(shown: Mapping[str, pd.DataFrame], lookups: Mapping[str, pd.DataFrame],
                    corridors: Mapping | None = None) -> dict[str, pd.DataFrame]:
    """The rows of the lookup tables (LOOKUPS, as `lookups` holds them) that the shown rows and corridors reference,
    with the shown rows of a lookup table itself, following the references between tables (core/integrity.py)
    until nothing new is reached: an event brings its place, the place its source; an actor its parent."""
    wanted = {t: set() for t in LOOKUPS if t in lookups}
    for table, ids in _corridor_ids(corridors).items():
        if table in wanted:
            wanted[table] |= ids
    current = dict(shown)
    while True:  # pick the wanted rows, then read what they reference, until that adds nothing
        for table in wanted:
            frame, key = lookups[table], BY_NAME[table].id_column
            picked = frame[frame[key].astype(str).isin(wanted[table])]
            if table in shown:  # the page shows some of its rows: those, then the referenced ones it does not show
                picked = pd.concat([shown[table], picked[~picked[key].astype(str).isin(_ids(shown[table][key]))]])
                picked = picked.sort_values(key, kind="stable")
            current[table] = picked.reset_index(drop=True)
        before = {t: len(ids) for t, ids in wanted.items()}
        for table, column, target, _ in _REFERENCES:
            source, target = _stem(table), _stem(target)
            if target in wanted and source in current and column in current[source].columns:
                wanted[target] |= _ids(current[source][column], split=column == "actors")
        if {t: len(ids) for t, ids in wanted.items()} == before:
            break
    return {t: current[t] for t in wanted if t in shown or len(current[t])}


def readme(citation: ViewCitation, counts: Mapping[str, int], has_dictionary: bool = True, *,
           shown: Iterable[str] | None = None, corridors: int | None = None, filtered: bool = True) -> str:
    """`counts`: rows per table file; `shown`: those the page shows (the others are the rows they reference);
    `corridors`: how many corridors corridors.geojson holds, if it is in the zip; `filtered`: whether the page
    has filters (the Data page has none: the README says so instead of giving a filter)."""
    shown = set(counts) if shown is None else set(shown)

    def line(name: str, n: int) -> str:
        held = f"{n:,} row{'s' if n != 1 else ''}"
        if name in shown:
            return f"- {name}.csv: {held} this page shows" + (" under the filter" if filtered else ": the whole table")
        return f"- {name}.csv: {held} that the rows of the other files reference (by {BY_NAME[name].id_column})"

    lines = [
        f"South Caucasus Monitor — {citation.page}, downloaded {citation.accessed.isoformat()}",
        "",
        f"Filter: {citation.filters}" if filtered else "This page has no filters: the files hold the whole dataset.",
        f"Data version: {citation.version}",
        f"Link to this view: {citation.url}",
        "",
        "Files:",
        *(line(name, n) for name, n in counts.items()),
        *([f"- {CORRIDORS_FILE}: {corridors:,} corridor{'s' if corridors != 1 else ''} (GeoJSON) "
           + ("this page draws under the filter" if filtered else "the dataset holds")] if corridors is not None else []),
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


def build_zip(tables: Mapping[str, pd.DataFrame], dictionary: str | None, citation: ViewCitation, *,
              lookups: Mapping[str, pd.DataFrame] | None = None, corridors: Mapping | None = None,
              filtered: bool = True) -> bytes:
    """The zip's bytes: <table>.csv for every frame the page shows (already filtered and guarded), then the rows of
    `lookups` (sources, actors, places, topics; guarded) those rows and the corridors reference, corridors.geojson
    when `corridors` is given, data-dictionary.md, README.txt."""
    files = dict(tables)
    if lookups is not None:
        files.update(referenced_rows(tables, lookups, corridors))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, frame in files.items():
            z.writestr(f"{name}.csv", frame.to_csv(index=False))
        if corridors is not None:
            z.writestr(CORRIDORS_FILE, json.dumps(corridors, ensure_ascii=False, indent=1))
        if dictionary is not None:
            z.writestr("data-dictionary.md", dictionary)
        counts = {name: len(frame) for name, frame in files.items()}
        n_corridors = len(corridors.get("features", [])) if corridors is not None else None
        z.writestr("README.txt", readme(citation, counts, dictionary is not None, shown=tables, corridors=n_corridors,
                                        filtered=filtered))
    return out.getvalue()

"""An ACLED export mapped onto our tables (sources, actors, places, events). The mapping is documented in
data/README.md ("ACLED exports").

An export is recognised by its columns (COLUMNS; the ones in DETECT must all be there). Each row becomes one
event; its actors, location and source become actor, place and source rows. Nothing is made up: a value ACLED
does not give is left blank. Every ACLED event type and sub-event type has an event type of ours
(core/vocab.py ACLED_SUB_EVENT_TYPES); ACLED's own three type columns stay readable in the event's notes
(NOTES_FORMAT, read back by `acled_types`), its fatalities go to the events' `fatalities` column, and the state
forces of the region's states become sub-actors of the record's states (STATE_ACTORS). A row is left out only
for a defect of its own (a blank required cell, a bad date or coordinate, a duplicate id, a type ACLED's codebook
does not have), each named in the report by the user's file, row and column; the mapped tables then go through
the same validation as any data directory.

    python -m core.acled EXPORT.csv OUT_DIR [--with-bundled]

converts an export of any size into a validated Parquet data directory ("The command line", below).
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

from core import vocab
from core.load import BUNDLED_DATA_DIR, PROFILE_FILE, STAMP_FILE, USER_SUPPLIED, load_dataset, sign_stamp, table_name
from core.problems import DataError, Problem
from core.tables import TABLE_FILES

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")
DETECT = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
          "location", "latitude", "longitude", "source", "notes")

# The columns the mapping reads (the others are kept by ACLED, not by us).
USED = ("event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
        "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "location", "latitude", "longitude", "source",
        "notes", "fatalities")
PRECISION = {"1": "day", "2": "month", "3": "year"}
# (event type, sub-event type), lower case -> our event type; an event type alone -> its fallback.
SUB_EVENT_TYPES = {(e.lower(), sub.lower()): ours for (e, sub), ours in vocab.ACLED_SUB_EVENT_TYPES.items()}
EVENT_TYPES = {e.lower(): ours for e, ours in vocab.ACLED_EVENT_TYPE_FALLBACK.items()}
# ACLED's type columns in an event's notes, in this fixed form (read back by acled_types).
# ACLED's disorder_type may itself hold a semicolon ("Political violence; Demonstrations"), hence the quotes.
NOTES_FORMAT = "ACLED: disorder_type «{disorder}», event_type «{event}», sub_event_type «{sub}»"
_NOTES_PATTERN = re.compile(r"ACLED: disorder_type «(.*?)», event_type «(.*?)», sub_event_type «(.*?)»")
# ACLED's inter codes (older exports) and names (newer ones): the parent every other actor sits under.
INTER = {"1": "State forces", "2": "Rebel groups", "3": "Political militias", "4": "Identity militias",
         "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces"}
STATE_FORCES = {"1", "state forces"}  # inter1/inter2: a code (older exports) or its name
ASSOCIATED = "Associated actors"  # the parent of an actor named only in assoc_actor_1/2 (ACLED gives it no inter)
UNKNOWN_INTER = "Type not given"  # the parent of actor1/actor2 whose inter1/inter2 is blank
# The region's states: ACLED's country name -> the record's actor (data/actors.csv): id, name, colour.
STATE_ACTORS = {
    "azerbaijan": ("az", "Azerbaijan", "#0072B2"),
    "armenia": ("am", "Armenia", "#D55E00"),
    "russia": ("ru", "Russia", "#CC79A7"),
    "turkey": ("tr", "Turkey", "#E69F00"),
    "türkiye": ("tr", "Turkey", "#E69F00"),
    "turkiye": ("tr", "Turkey", "#E69F00"),
    "iran": ("ir", "Iran", "#009E73"),
    "georgia": ("ge", "Georgia", "#56B4E9"),
}
# "Military Forces of Azerbaijan (2003-)", "Police Forces of Armenia (2018-) Special Police", "Government of
# Georgia (2013-)": the body, the state, the period ACLED dates it by, and anything after it (a unit).
_STATE_BODY = re.compile(r"^(military forces|police forces|government) of (.+?) \(\d{4}-(\d{4})?\)(.*)$", re.IGNORECASE)
STATE_BODY_KINDS = {"military forces": "armed_forces", "police forces": "government_body", "government": "government_body"}
ACTOR_COLOUR = "#888888"  # one neutral colour for every ACLED actor (ACLED gives none)
PLACE_KIND = "town"  # ACLED does not say what kind of place a location is; documented in data/README.md
CONFIDENCE = "low"  # nobody has checked a user's rows against their sources
EXPORT_SOURCE_ID = "acled-export"
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y")  # ACLED's API writes ISO dates; its export tool writes 27 September 2020


def is_acled(columns) -> bool:
    return set(DETECT) <= {str(c).strip().lower() for c in columns}


# What a row becomes when the export lacks a column the mapping reads but can do without.
LEFT_BLANK = {
    "disorder_type": "every event's ACLED disorder type is left blank",
    "assoc_actor_1": "no associated actor is read for actor1",
    "inter1": "actor1's ACLED actor type is not known",
    "assoc_actor_2": "no associated actor is read for actor2",
    "inter2": "actor2's ACLED actor type is not known",
    "fatalities": "every event's fatalities are left blank (unknown)",
}


def missing_optional(columns) -> list[str]:
    """The columns the mapping reads that an ACLED export (is_acled) lacks, each of which it can do without."""
    have = {str(c).strip().lower() for c in columns}
    return [c for c in USED if c not in DETECT and c not in have]


def missing_required(columns) -> list[str]:
    """The columns of DETECT a file lacks when it looks like an ACLED export cut short (it has ACLED's id column,
    or at least half of DETECT); else [] (not an ACLED export at all)."""
    have = {str(c).strip().lower() for c in columns}
    lacking = [c for c in DETECT if c not in have]
    looks = "event_id_cnty" in have or len(DETECT) - len(lacking) >= len(DETECT) // 2
    return lacking if looks else []


def _cells(column: pd.Series) -> pd.Series:
    """Stripped text as plain Python objects, blank as None (object columns iterate far faster than Arrow ones)."""
    values = column.astype(object).to_numpy()
    out = [v.strip() or None if isinstance(v, str) else None for v in values]
    return pd.Series(out, index=column.index, dtype=object)


def _slug(value: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:limit].strip("-")
    return slug or "x"


def _key(prefix: str, value: str) -> str:
    """A stable id: readable slug plus a short hash of the full value (two names with one slug stay apart)."""
    return f"{prefix}-{_slug(value)}-{hashlib.sha1(str(value).encode()).hexdigest()[:6]}"


def _dates(values: pd.Series) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        missing = parsed.isna()
        parsed[missing] = pd.to_datetime(values[missing], format=fmt, errors="coerce")
    return parsed


def _split(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def to_tables(name: str, raw: pd.DataFrame, duplicates: set | None = None,
              offset: int = 0) -> tuple[dict[str, pd.DataFrame], list[Problem], list[int]]:
    """(native text frames by table file, problems naming the user's rows, the 0-based rows kept).

    `duplicates`: ids that occur more than once in the whole export (the command line reads it in batches and finds
    them first); by default, the ids repeated within `raw`. `offset`: the rows of the export before `raw`'s first,
    so that a batch's problems name the rows of the file."""
    frame = raw.rename(columns={c: str(c).strip().lower() for c in raw.columns})
    frame = pd.DataFrame({c: _cells(frame[c]) for c in USED if c in frame.columns}, index=frame.index)
    for column in [c for c in USED if c not in frame.columns]:
        frame[column] = None
    problems: list[Problem] = []
    bad = pd.Series(False, index=frame.index)

    def flag(mask: pd.Series, column: str, message) -> None:
        nonlocal bad
        for index in frame.index[mask]:
            value = frame.at[index, column]
            text = message(value) if callable(message) else message
            problems.append(Problem(name, text, int(index) + 1 + offset, column, frame.at[index, "event_id_cnty"]))
        bad |= mask

    for column in ("event_id_cnty", "event_date", "event_type", "actor1", "location", "notes"):
        flag(frame[column].isna(), column, "blank, but ACLED always fills it")
    ids = frame["event_id_cnty"]
    repeated = ids.duplicated(keep=False) if duplicates is None else ids.isin(duplicates)
    flag(ids.notna() & repeated, "event_id_cnty", lambda v: f"duplicate id '{v}' (every row with it is left out)")
    dates = _dates(frame["event_date"])
    flag(frame["event_date"].notna() & dates.isna(), "event_date",
         lambda v: f"'{str(v)[:40]}' is not a date written 2020-09-27 or 27 September 2020")
    precision = frame["time_precision"].map(PRECISION)
    flag(precision.isna(), "time_precision", lambda v: f"'{v}' is not an ACLED time precision (1, 2 or 3)")
    types = event_types(frame["event_type"], frame["sub_event_type"])
    flag(frame["event_type"].notna() & types.isna(), "event_type",
         lambda v: f"'{str(v)[:40]}' is not one of ACLED's six event types ({', '.join(vocab.ACLED_EVENT_TYPE_FALLBACK)})")
    for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        number = pd.to_numeric(frame[column], errors="coerce")
        flag(frame[column].notna() & (number.isna() | (number < low) | (number > high)), column,
             lambda v, low=low, high=high: f"'{str(v)[:40]}' is not a number from {low} to {high}")
    deaths = pd.to_numeric(frame["fatalities"], errors="coerce")
    flag(frame["fatalities"].notna() & (deaths.isna() | (deaths < 0) | (deaths % 1 != 0)), "fatalities",
         lambda v: f"'{str(v)[:40]}' is not a whole number (leave it blank if unknown)")

    good = frame[~bad]
    kept = [int(i) for i in good.index]
    return _map(name, good, dates[~bad], precision[~bad], types[~bad]), problems, kept


def event_types(event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
    """Our event type for each (ACLED event type, sub-event type); a sub-event type the codebook does not list
    under that event type (or a blank one) takes the event type's own code; an unknown event type gives None."""
    pairs = list(zip(event_type.str.lower(), sub_event_type.str.lower()))
    exact = pd.Series([SUB_EVENT_TYPES.get(pair) for pair in pairs], index=event_type.index, dtype=object)
    return exact.fillna(event_type.str.lower().map(EVENT_TYPES))


def acled_types(notes: str) -> dict[str, str] | None:
    """ACLED's disorder_type, event_type and sub_event_type, read back from an event's notes (NOTES_FORMAT)."""
    found = _NOTES_PATTERN.search(str(notes or ""))
    if not found:
        return None
    return dict(zip(("disorder_type", "event_type", "sub_event_type"), found.groups()))


def state_body(actor: str) -> tuple[str, str] | None:
    """(the record's state id, our actor kind) for a state body of the region's states named ACLED's way
    ("Military Forces of Azerbaijan (2003-)"), else None."""
    found = _STATE_BODY.match(actor.strip())
    if not found or found.group(2).strip().lower() not in STATE_ACTORS:
        return None
    return STATE_ACTORS[found.group(2).strip().lower()][0], STATE_BODY_KINDS[found.group(1).lower()]


_ASSOC = object()  # the inter of an associated actor: none


def _inter_name(inter) -> str:
    """'State forces' for 1 or 'State forces'; UNKNOWN_INTER for a blank inter."""
    text = "" if inter is None else str(inter).strip()
    return INTER.get(text, text) if text else UNKNOWN_INTER


def _map(name: str, rows: pd.DataFrame, dates: pd.Series, precision: pd.Series, types: pd.Series) -> dict[str, pd.DataFrame]:
    # Sources: the export itself (what places and actors come from) and each distinct `source` text.
    source_texts = rows["source"].dropna().drop_duplicates().tolist()
    source_ids = {text: _key("acled-src", text) for text in source_texts}
    sources = pd.DataFrame({
        "source_id": [EXPORT_SOURCE_ID, *source_ids.values()],
        "kind": "external",
        "title": [f"ACLED export ({name})"[:200], *source_texts],
        "author": None, "publisher": None, "published": None, "url": None, "corpus_file": None, "order": None,
        "confidence": CONFIDENCE,
        "notes": ["uploaded by the user; not verified", *["named in the `source` column of an ACLED export"] * len(source_texts)],
    })

    # Actors: actor1, assoc_actor_1, actor2, assoc_actor_2, in that order. A state body of the region's states sits
    # under the record's state; any other actor under a parent named after its ACLED inter (actor1/2 first, so an
    # actor that is also named as an associated actor keeps its inter).
    who = ["actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2"]
    combos = rows[who].drop_duplicates()  # far fewer than rows: the same pairs of actors recur
    lists, inters = [], {}
    for row in combos.itertuples(index=False):
        names = []
        for group, inter in ((row.actor1, row.inter1), (row.assoc_actor_1, _ASSOC), (row.actor2, row.inter2),
                             (row.assoc_actor_2, _ASSOC)):
            for actor in _split(group):
                names.append(actor)
                if inter is _ASSOC:
                    inters.setdefault(actor, ASSOCIATED)
                elif inters.get(actor) in (None, ASSOCIATED):
                    inters[actor] = _inter_name(inter)
        lists.append(list(dict.fromkeys(names)))
    actor_ids = {actor: _key("acled", actor) for actor in inters}
    states = {state_id: (state, colour) for state_id, state, colour in STATE_ACTORS.values()}
    parents: dict[str, tuple] = {}  # parent id -> its row, in order of first use
    children = []
    for actor, inter in inters.items():
        body = state_body(actor)
        if body:  # under the record's state, in its colour
            state_id, kind = body
            state, colour = states[state_id]
            parents.setdefault(state_id, (state_id, state, "state", None, state, colour))
            children.append((actor_ids[actor], actor, kind, state_id, state, colour))
            continue
        parent = _key("acled-inter", inter)
        parents.setdefault(parent, (parent, f"ACLED: {inter}", "organisation", None, None, ACTOR_COLOUR))
        kind = "armed_forces" if inter.lower() in STATE_FORCES else "organisation"
        children.append((actor_ids[actor], actor, kind, parent, None, ACTOR_COLOUR))
    actors = pd.DataFrame([*parents.values(), *children],
                          columns=["actor_id", "name", "kind", "parent_id", "country", "colour"])

    # Places: one per distinct (location, latitude, longitude).
    where = rows["location"].astype(str) + "|" + rows["latitude"].fillna("").astype(str) + "|" + rows["longitude"].fillna("").astype(str)
    first = ~where.duplicated()
    place_ids = where.map({w: _key("acled-place", w) for w in where[first]})
    places = pd.DataFrame({"place_id": place_ids[first].values, "name": rows["location"][first].values,
                           "alt_names": None, "kind": PLACE_KIND, "lat": rows["latitude"][first].values,
                           "lon": rows["longitude"][first].values, "source_id": EXPORT_SOURCE_ID,
                           "confidence": CONFIDENCE, "notes": "a location of an ACLED export"})

    # Events: one per row.
    start = dates.copy()
    start[precision == "month"] = start[precision == "month"].dt.to_period("M").dt.start_time
    start[precision == "year"] = start[precision == "year"].dt.to_period("Y").dt.start_time
    notes = pd.Series([NOTES_FORMAT.format(disorder=d or "", event=e, sub=s or "") for d, e, s in
                       zip(rows["disorder_type"], rows["event_type"], rows["sub_event_type"])], index=rows.index, dtype=object)
    evidence = rows["notes"].map(_quote)
    notes[evidence != rows["notes"]] += "; the quote is the first 300 characters of ACLED's notes"
    events = pd.DataFrame({
        "event_id": "acled-" + rows["event_id_cnty"].map(_slug),
        "date": start.dt.strftime("%Y-%m-%d"),
        "date_precision": precision,
        "end_date": None,
        "title": (rows["sub_event_type"].fillna(rows["event_type"]).astype(str) + " in " + rows["location"].astype(str)),
        "event_type": types,
        "actors": _per_row(rows, who, combos, [";".join(actor_ids[a] for a in names) for names in lists]),
        "place_id": place_ids,
        "source_id": rows["source"].map(source_ids).fillna(EXPORT_SOURCE_ID),
        "evidence": evidence,
        "confidence": CONFIDENCE,
        "notes": notes,
        "correction_source_id": None,
        "key_period": "false",
        "fatalities": rows["fatalities"].map(lambda v: None if v is None else str(int(float(v)))),
    }, index=rows.index)
    return {"sources.csv": sources, "actors.csv": actors, "places.csv": places, "events.csv": events}


def _per_row(rows: pd.DataFrame, columns: list[str], combos: pd.DataFrame, values: list) -> pd.Series:
    """The value computed for each distinct combination of `columns`, back on every row."""
    keyed = combos.assign(_value=values)
    merged = rows[columns].reset_index().merge(keyed, on=columns, how="left").set_index(rows.index.name or "index")
    return merged["_value"].reindex(rows.index)


def _quote(text) -> str:
    """ACLED's notes as the evidence, cut at a word to the schema's 300 characters when longer (never padded)."""
    text = str(text)
    if len(text) <= 300:
        return text
    cut = text[:300]
    return cut[: cut.rfind(" ")] if " " in cut else cut


# ---- the command line: an export beyond the upload limit ------------------------------------------------------
# `python -m core.acled EXPORT.csv OUT_DIR [--with-bundled]` converts an ACLED export of any size
# (beyond the Data page's upload limit) into a validated data directory of Parquet files.
#
# The export is read twice, in batches (pyarrow's streaming CSV reader), never whole: once for its ids (an id
# repeated anywhere in the file is a defect of every row holding it), then for its rows. Each batch is mapped by
# to_tables (ACLED's rules) and its tables checked by their schemas (core/load.py validate_frame); its events are
# appended to OUT_DIR/events.parquet and its sources, actors and places gathered by id. `--with-bundled` adds the bundled
# record's tables (and its corpus, excerpts and boundaries). OUT_DIR/PROFILE declares the directory user-supplied
# (core/load.py): as for an upload, its quotes are not checked and the pages say so. The events are then sorted into
# the loader's date order (write_in_date_order), OUT_DIR is checked across tables (_check_written) and, when every
# check passed, its stamp is signed with this machine's key (core/load.py sign_stamp), so that the app's open of
# these exact files skips the checks; the same report as the Data page is printed: what was kept, and one
# line per problem (file, row, column, problem, value). `SCM_DATA_DIR=OUT_DIR make run` opens it.

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

    export, out = Path(export), Path(out)
    header = _header(export)
    if not is_acled(header):
        raise ValueError(f"{export} is not an ACLED export: it lacks the columns "
                         f"{', '.join(c for c in DETECT if c not in {h.strip().lower() for h in header})}")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new directory")
    out.mkdir(parents=True, exist_ok=True)
    (out / PROFILE_FILE).write_text(USER_SUPPLIED + "\n", encoding="utf-8")  # nobody checked ACLED's notes
    duplicates = _duplicate_ids(export, header)
    report: list[dict] = []  # REPORT_COLUMNS of core/user_data.py
    reference: dict[str, dict[str, pd.Series]] = {"sources.csv": {}, "actors.csv": {}, "places.csv": {}}
    total, written, writer, events_schema = 0, 0, None, None
    try:
        for raw in _batches(export, header):
            total += len(raw)
            tables, problems, _ = to_tables(export.name, raw, duplicates)
            columns = {str(c).strip().lower(): c for c in raw.columns}
            report += [{"file": p.file, "row": p.row, "column": p.column, "problem": p.message,
                        "value": raw.at[p.row - 1, columns[p.column]] if p.column in columns else None}
                       for p in problems]
            typed = _validated(export.name, tables, report)
            for table, rows in reference.items():
                for row in typed.get(table, pd.DataFrame()).to_dict("records"):
                    rows.setdefault(row[table_id(table)], row)
            events = typed.get("events.csv")
            if events is None or events.empty:
                continue
            arrow = arrow_table(events.reset_index(drop=True))
            if writer is None:
                events_schema = arrow.schema
                writer = pq.ParquetWriter(out / UNSORTED_EVENTS, events_schema)
            writer.write_table(arrow.cast(events_schema))
            written += len(events)
        if with_bundled:
            written += _add_bundled(out, reference, writer, events_schema)
    finally:
        if writer is not None:
            writer.close()
    if (out / UNSORTED_EVENTS).is_file():
        write_in_date_order(out / UNSORTED_EVENTS, out / "events.parquet")
    counts = {"events.csv": written}
    for table, rows in reference.items():
        frame = pd.DataFrame(list(rows.values()))
        pq.write_table(arrow_table(frame), out / table.replace(".csv", ".parquet"))
        counts[table] = len(frame)
    _check_written(out)
    sign_stamp(out)  # every check passed on these exact files: the app's open need not repeat them (core/load.py)
    return counts, total, report


# The events as the batches wrote them, before write_in_date_order sorts them into events.parquet (and deletes it).
UNSORTED_EVENTS = "events.unsorted.parquet.tmp"
SORTED_ROW_GROUP = 122_880  # rows per row group of the sorted file (DuckDB's own row group size)


def write_in_date_order(unsorted: Path, out: Path) -> None:
    """The events of `unsorted` written to `out` in the order the loader keeps them (date, then event_id; core/load.py
    _date_order), same schema, and `unsorted` deleted. An events file already in that order spares every open a sort
    and a gather of every column (2.5M events: about 6 s of CPU and 1.8 GB). The dates are YYYY-MM-DD text, so their
    text order is their date order. The export's repeated text (notes, actor lists, titles, places) is read
    dictionary-encoded and gathered as indices, so the sort holds a fraction of the events' 1.3 GB of text; the
    rows are written a row group at a time, each decoded to text only there."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schema = pq.read_schema(unsorted)
    plain = {"event_id", "date"}
    text = [f.name for f in schema if (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
            and f.name not in plain]
    table = pq.read_table(unsorted, read_dictionary=text)
    columns = list(table.columns)
    for position in range(len(columns)):  # one contiguous array per column (a take across chunks concatenates them
        columns[position] = columns[position].combine_chunks()  # at every call), a column at a time
    table = pa.table(columns, names=table.column_names)
    del columns
    order = pc.sort_indices(table.select(["date", "event_id"]),
                            sort_keys=[("date", "ascending"), ("event_id", "ascending")])
    with pq.ParquetWriter(out, schema) as writer:
        for start in range(0, len(order), SORTED_ROW_GROUP):
            rows = table.take(order.slice(start, SORTED_ROW_GROUP))
            writer.write_table(rows.cast(schema), row_group_size=SORTED_ROW_GROUP)
    unsorted.unlink()


# The events' columns the cross-table checks read (core/integrity.py): ids, references and the two dates.
_CHECKED_EVENT_COLUMNS = ("event_id", "source_id", "correction_source_id", "actors", "place_id", "date", "end_date")


def _check_written(out: Path) -> None:
    """The checks load_dataset makes that no batch could make alone, on what was written: every reference, dates in
    order, actor cycles and corridors (core/integrity.py), with the other tables read and validated as load_dataset
    reads them. Each batch of events passed its schemas before it was written and ids were checked for repeats
    across the export first, so this completes load_dataset's checks; the events are read as Arrow, only the
    columns the checks read, so an export of millions of rows is never held in pandas (load_dataset on 2.5M rows
    peaked at 4 GB). Raises DataError."""
    import pyarrow.parquet as pq

    from core.bundle import bundle_problems
    from core.integrity import check_integrity
    from core.load import collect, complete_tables, table_files

    paths = table_files(out)
    events = paths.pop("events.csv", None)
    files = {path.relative_to(out).as_posix(): path.read_bytes() for path in paths.values()}
    if (out / "corridors.geojson").is_file():
        files["corridors.geojson"] = (out / "corridors.geojson").read_bytes()
    tables, corridors, problems = collect(files)
    if events is not None:
        tables["events.csv"] = pq.read_table(events, columns=list(_CHECKED_EVENT_COLUMNS))
    if not problems:
        problems = check_integrity(complete_tables(tables), corridors or {"features": []})
    problems += bundle_problems(out)  # the corpus --with-bundled copied, against its manifest
    if problems:
        raise DataError(problems)


def _validated(export: str, tables: dict[str, pd.DataFrame], report: list[dict]) -> dict[str, pd.DataFrame]:
    """A batch's mapped tables through their schemas (core/load.py validate_frame). The mapping checked every
    ACLED rule already, so a failure here is reported with the row's id and the row left out, never written."""
    from core.load import validate_frame

    typed = {}
    for table, frame in tables.items():
        valid, problems = validate_frame(table, frame.reset_index(drop=True), [])
        if valid is None:
            bad = {p.row_id for p in problems}
            report += [{"file": f"{export} ({table} made from it)", "row": None, "column": p.column,
                        "problem": p.message, "value": p.row_id} for p in problems]
            valid, _ = validate_frame(table, frame[~frame[table_id(table)].isin(bad)].reset_index(drop=True), [])
        if valid is not None:
            typed[table] = valid
    return typed


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
        pq.write_table(arrow, out / UNSORTED_EVENTS)
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
    """The command line (see the module's docstring)."""
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


if __name__ == "__main__":
    sys.exit(main())

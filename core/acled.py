"""An ACLED export mapped onto our tables (sources, actors, places, events). The mapping is documented in
data/README.md ("ACLED exports").

An export is recognised by its columns (COLUMNS; the ones in DETECT must all be there). Each row becomes one
event; its actors, location and source become actor, place and source rows. Nothing is made up: a value ACLED
does not give is left blank, and an ACLED value that has no counterpart in our vocabularies (an event type such
as Protests) is reported as a problem of that row, which the user can leave out. Cells are checked here
against ACLED's own rules (a date, a latitude, a time precision) so that the report names the user's file, row
and column; the mapped tables then go through the same validation as any data directory.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from core.problems import Problem

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")
DETECT = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
          "location", "latitude", "longitude", "source", "notes")

# The columns the mapping reads (the others are kept by ACLED, not by us).
USED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
        "inter1", "actor2", "assoc_actor_2", "inter2", "location", "latitude", "longitude", "source", "notes",
        "fatalities")
PRECISION = {"1": "day", "2": "month", "3": "year"}
EVENT_TYPES = {  # ACLED event type -> ours; Strategic developments only for its Agreement sub-type
    "battles": "armed_conflict",
    "explosions/remote violence": "armed_conflict",
    "violence against civilians": "armed_conflict",
}
SUB_EVENT_TYPES = {"agreement": "agreement"}
STATE_FORCES = {"1", "state forces"}  # inter1/inter2: a code (older exports) or its name
ACTOR_COLOUR = "#888888"  # one neutral colour for every ACLED actor (ACLED gives none)
PLACE_KIND = "town"  # ACLED does not say what kind of place a location is; documented in data/README.md
CONFIDENCE = "low"  # nobody has checked a user's rows against their sources
EXPORT_SOURCE_ID = "acled-export"
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y")  # ACLED's API writes ISO dates; its export tool writes 27 September 2020


def is_acled(columns) -> bool:
    return set(DETECT) <= {str(c).strip().lower() for c in columns}


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


def to_tables(name: str, raw: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], list[Problem], list[int]]:
    """(native text frames by table file, problems naming the user's rows, the 0-based rows kept)."""
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
            problems.append(Problem(name, text, int(index) + 1, column, frame.at[index, "event_id_cnty"]))
        bad |= mask

    for column in ("event_id_cnty", "event_date", "event_type", "actor1", "location", "notes"):
        flag(frame[column].isna(), column, "blank, but ACLED always fills it")
    ids = frame["event_id_cnty"]
    flag(ids.notna() & ids.duplicated(keep=False), "event_id_cnty", lambda v: f"duplicate id '{v}'")
    dates = _dates(frame["event_date"])
    flag(frame["event_date"].notna() & dates.isna(), "event_date",
         lambda v: f"'{str(v)[:40]}' is not a date written 2020-09-27 or 27 September 2020")
    precision = frame["time_precision"].map(PRECISION)
    flag(precision.isna(), "time_precision", lambda v: f"'{v}' is not an ACLED time precision (1, 2 or 3)")
    types = frame["event_type"].str.lower().map(EVENT_TYPES)
    types = types.fillna(frame["sub_event_type"].str.lower().map(SUB_EVENT_TYPES))
    flag(frame["event_type"].notna() & types.isna(), "event_type",
         lambda v: f"'{str(v)[:40]}' has no counterpart among this dataset's event types (only battles, explosions, "
                   "violence against civilians and agreements are mapped), so the row is left out")
    for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        number = pd.to_numeric(frame[column], errors="coerce")
        flag(frame[column].notna() & (number.isna() | (number < low) | (number > high)), column,
             lambda v, low=low, high=high: f"'{str(v)[:40]}' is not a number from {low} to {high}")
    if "fatalities" in frame.columns:
        deaths = pd.to_numeric(frame["fatalities"], errors="coerce")
        flag(frame["fatalities"].notna() & (deaths.isna() | (deaths < 0) | (deaths % 1 != 0)), "fatalities",
             lambda v: f"'{str(v)[:40]}' is not a whole number (leave it blank if unknown)")

    good = frame[~bad]
    kept = [int(i) for i in good.index]
    return _map(name, good, dates[~bad], precision[~bad], types[~bad]), problems, kept


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

    # Actors: actor1, assoc_actor_1, actor2, assoc_actor_2, in that order; state forces are armed forces.
    who = ["actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2"]
    combos = rows[who].drop_duplicates()  # far fewer than rows: the same pairs of actors recur
    lists, kinds = [], {}
    for row in combos.itertuples(index=False):
        names = []
        for group, inter in ((row.actor1, row.inter1), (row.assoc_actor_1, None), (row.actor2, row.inter2),
                             (row.assoc_actor_2, None)):
            for actor in _split(group):
                names.append(actor)
                state = inter is not None and str(inter).strip().lower() in STATE_FORCES
                kinds.setdefault(actor, "armed_forces" if state else "organisation")
        lists.append(list(dict.fromkeys(names)))
    actor_ids = {actor: _key("acled", actor) for actor in kinds}
    actors = pd.DataFrame({"actor_id": list(actor_ids.values()), "name": list(actor_ids), "kind": list(kinds.values()),
                           "parent_id": None, "country": None, "colour": ACTOR_COLOUR})

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
    notes = "ACLED: " + rows["event_type"].astype(str) + " / " + rows["sub_event_type"].fillna("").astype(str)
    if "fatalities" in rows.columns:
        has = rows["fatalities"].notna()
        notes[has] = notes[has] + "; fatalities reported by ACLED: " + rows["fatalities"][has].astype(str)
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

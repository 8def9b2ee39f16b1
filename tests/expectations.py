"""Expected answers computed independently of the app: plain pandas over the data directory's CSV files.

Tests compare what the query layer and the pages show with these, so a bug in the query layer cannot hide by
being used to compute its own expectation."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import snowballstemmer

from tests.conftest import DATA_DIR


def read(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    return pd.read_csv(data_dir / name, dtype=str, keep_default_na=False, na_values=[""])


def descendants(actor: str, data_dir: Path = DATA_DIR) -> set[str]:
    """The actor and every actor below it in actors.csv."""
    actors = read("actors.csv", data_dir)
    parents = dict(zip(actors["actor_id"], actors["parent_id"]))
    found = {actor}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


@dataclass(frozen=True)
class Filter:
    """A filter as the tests state it (not core.filters.FilterSpec): `actors` is the set of actor ids already
    expanded (see `actors()`), or None for every actor."""

    years: tuple[int, int] = (2018, 2022)
    actors: frozenset[str] | None = None
    types: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    text: str = ""


def actors(*ids: str, sub: bool = True, data_dir: Path = DATA_DIR) -> frozenset[str]:
    """The actor ids a filter on `ids` selects: with every actor below them when `sub`, else exactly them."""
    return frozenset().union(*(descendants(a, data_dir) if sub else {a} for a in ids))


def _year(column: pd.Series, missing: float = math.nan) -> pd.Series:
    return column.str[:4].astype(float).fillna(missing)


class Table(NamedTuple):
    file: str
    key: str
    span: Callable[[pd.DataFrame], tuple[pd.Series, pd.Series]]  # the first and last year each row covers
    text: tuple[str, ...]  # the columns the search text looks in
    actors: tuple[str, ...]  # the columns naming the row's actors (an event's `actors` is a ';'-separated list)
    codes: dict[str, str]  # the code filters that narrow this table only: {Filter attribute: column}


TABLES = {
    "events": Table("events.csv", "event_id", lambda t: (_year(t["date"]), _year(t["end_date"].fillna(t["date"]))),
                    ("title", "evidence", "notes"), ("actors",), {"types": "event_type", "origins": "origin"}),
    "aid": Table("aid.csv", "aid_id",
                 # FY N runs from 1 Oct of N-1 to 30 Sep of N: it overlaps the calendar years N-1 and N.
                 lambda t: (_year(t["fiscal_year"]) - 1, _year(t["fiscal_year_end"].fillna(t["fiscal_year"]))),
                 ("program", "authority", "evidence", "notes"), ("donor", "recipient"), {}),
    "stances": Table("stances.csv", "stance_id", lambda t: (_year(t["date"]),) * 2,
                     ("evidence", "notes"), ("actor_id",), {"topics": "topic_id"}),
    "relations": Table("relations.csv", "relation_id",  # an open start or end reaches back or on for ever
                       lambda t: (_year(t["start_date"], -math.inf), _year(t["end_date"], math.inf)),
                       ("evidence", "notes"), ("actor_a", "actor_b"), {}),
}
# Claims are searched like the other tables (core/search.py), but kept out of TABLES: rows() and citations()
# state the four tables the filter and the source counts cover.
CLAIMS = Table("claims.csv", "claim_id", None, ("claim", "evidence", "notes"), ("actor_id",), {})
EVERY_YEAR = Filter((-math.inf, math.inf))  # every row of every table, whatever its years


def rows(table: str, spec: Filter = Filter(), data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of `table` the filter keeps: the row's years overlap spec.years, it names one of spec.actors,
    its codes are among those chosen, and one of its text columns contains spec.text, ignoring case. An event's
    origin is its source's kind."""
    t = TABLES[table]
    frame = read(t.file, data_dir)
    if table == "events":
        kinds = read("sources.csv", data_dir).set_index("source_id")["kind"]
        frame["origin"] = frame["source_id"].map(kinds).fillna("external")
    first, last = t.span(frame)
    keep = (first <= spec.years[1]) & (last >= spec.years[0])
    if spec.actors is not None:
        named = [frame[c].fillna("").str.split(";").map(set) for c in t.actors]
        keep &= pd.concat(named, axis=1).apply(lambda r: bool(set().union(*r) & spec.actors), axis=1)
    for attr, column in t.codes.items():
        if getattr(spec, attr):
            keep &= frame[column].isin(getattr(spec, attr))
    if spec.text:
        keep &= text_matches(frame, table, spec.text, data_dir)
    return frame[keep]


# ---- the search text, stated independently of core/search.py ---------------------------------------------------
_LETTERS = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d"})


def words(text) -> list[str]:
    """Lower-case words with accents dropped ('Eskişehir' -> 'eskisehir'; "Lachin's" -> 'lachin', 's')."""
    if not isinstance(text, str):
        return []
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.translate(_LETTERS)) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain.lower())


_ENGLISH = snowballstemmer.stemmer("english")


def stemmed(text) -> list[str]:
    """The Snowball English stems of the text's words: 'Peacekeepers' and 'peacekeeping' are both 'peacekeep'."""
    return _ENGLISH.stemWords(words(text))


def place_names(data_dir: Path = DATA_DIR) -> dict[str, list[list[str]]]:
    """place_id -> the words of each of its names (name, then each alternative name)."""
    places = read("places.csv", data_dir)
    return {pid: [words(name)] + [words(a) for a in str(alts).split(";") if isinstance(alts, str) and a.strip()]
            for pid, name, alts in zip(places["place_id"], places["name"], places["alt_names"])}


def corridor_places(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """place_id -> the names of the corridors (corridors.geojson) it is a waypoint of, each name without a
    parenthesis holding a year and without what follows a comma ('Lachin corridor (2020–2022 route)' is
    'Lachin corridor')."""
    found: dict[str, list[str]] = {}
    path = data_dir / "corridors.geojson"
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"] if path.exists() else []:
        name = feature["properties"]["name"]
        name = re.sub(r"\([^()]*(?:19|20)\d\d[^()]*\)", " ", name).split(",")[0]
        for place in feature["properties"]["waypoints"]:
            found.setdefault(place, []).append(name)
    return found


def corridor_events(corridor_id: str, data_dir: Path = DATA_DIR) -> set[str]:
    """The events whose place is a waypoint of the corridor."""
    corridors = json.loads((data_dir / "corridors.geojson").read_text(encoding="utf-8"))["features"]
    waypoints = next(f["properties"]["waypoints"] for f in corridors if f["properties"]["corridor_id"] == corridor_id)
    events = read("events.csv", data_dir)
    return set(events.loc[events["place_id"].isin(waypoints), "event_id"])


def text_matches(frame: pd.DataFrame, table: str | Table, query: str, data_dir: Path = DATA_DIR) -> pd.Series:
    """True where the stem of every word of the query begins the stem of a word of the row's text columns, of its
    actors' names, of its place's names, of the names of the corridors its place is a waypoint of, or of any name
    of a place the row names (by a name, or by the first word of its name)."""
    t = TABLES[table] if isinstance(table, str) else table
    wanted = stemmed(query)
    names = dict(zip(read("actors.csv", data_dir)["actor_id"], read("actors.csv", data_dir)["name"]))
    places = place_names(data_dir)
    corridors = corridor_places(data_dir)
    found = []
    for _, row in frame.iterrows():
        held = [w for c in t.text for w in words(row[c])]
        for column in t.actors:
            for actor in str(row[column]).split(";") if isinstance(row[column], str) else []:
                held += words(names.get(actor, actor))
        if isinstance(row.get("place_id"), str) and row["place_id"] in places:
            held += [w for name in places[row["place_id"]] for w in name]
            held += [w for name in corridors.get(row["place_id"], []) for w in words(name)]
        joined = " " + " ".join(held) + " "
        for every in places.values():
            keys = [n for n in every if len(" ".join(n)) >= 3] + ([every[0][:1]] if every[0] and len(every[0][0]) >= 3 else [])
            if any(" " + " ".join(k) + " " in joined for k in keys):
                held += [w for name in every for w in name]
        held = _ENGLISH.stemWords(held)
        found.append(all(any(h.startswith(w) for h in held) for w in wanted))
    return pd.Series(found, index=frame.index, dtype=bool)


def citations(spec: Filter = Filter(), data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """(table, row_id, source_id), once each: every source a filtered row cites, correction sources included."""
    parts = []
    for table, t in TABLES.items():
        kept = rows(table, spec, data_dir)
        for column in ("source_id", "correction_source_id"):
            if column in kept:
                parts.append(pd.DataFrame({"table": table, "row_id": kept[t.key], "source_id": kept[column]}).dropna())
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def cited_sources(spec: Filter = Filter(), data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The sources the filtered rows cite (indexed by source_id, with `kind`), and `rows`: how many rows cite each."""
    per_source = citations(spec, data_dir).groupby("source_id").size().rename("rows")
    return read("sources.csv", data_dir).set_index("source_id").join(per_source, how="inner")


def involved_actors(spec: Filter = Filter(), data_dir: Path = DATA_DIR) -> set[str]:
    """Every actor a filtered event names, and every donor and recipient of a filtered aid row."""
    aid = rows("aid", spec, data_dir)
    named = {a for cell in rows("events", spec, data_dir)["actors"] for a in cell.split(";")}
    return named | set(aid["donor"]) | set(aid["recipient"])


def event_ids(low: int, high: int, actors: set[str] | None = None, types=(), text="", data_dir: Path = DATA_DIR) -> set[str]:
    """Events overlapping [low, high] that involve one of `actors`, of one of `types`, containing `text`."""
    spec = Filter((low, high), None if actors is None else frozenset(actors), tuple(types), text=text)
    return set(rows("events", spec, data_dir)["event_id"])


def contested_claims(spec: Filter = Filter(), data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Every reading (claims.csv) of each event that at least one reading under the filter reads, with
    `in_filter`. A reading's year is its date's, or its event's years when it has no date; the actor filter keeps
    readings by one of spec.actors (a reading with no actor is kept only with no actor filter); the search text as
    for every table (text_matches over claim, evidence, notes and the actor's name). Ordered by event date, event id, dated readings before undated, date, id."""
    claims = read("claims.csv", data_dir)
    events = read("events.csv", data_dir).set_index("event_id")
    subject = events.loc[claims["subject_event_id"]]
    first = _year(claims["date"]).fillna(_year(subject["date"]).reset_index(drop=True))
    last = _year(claims["date"]).fillna(_year(subject["end_date"].fillna(subject["date"])).reset_index(drop=True))
    keep = (first <= spec.years[1]) & (last >= spec.years[0])
    if spec.actors is not None:
        keep &= claims["actor_id"].isin(spec.actors)
    if spec.text:
        keep &= text_matches(claims, CLAIMS, spec.text, data_dir)
    claims = claims.assign(in_filter=keep, subject_day=subject["date"].to_numpy(),
                           undated=claims["date"].isna())
    shown = claims[claims["subject_event_id"].isin(claims.loc[keep, "subject_event_id"])]
    return shown.sort_values(["subject_day", "subject_event_id", "undated", "date", "claim_id"])

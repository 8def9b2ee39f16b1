"""Text search: one implementation for the sidebar's "Search text" and the Sources page's corpus search.

On the first search (Engine.ensure_search; not at load, which a session that never searches should not pay for),
every searchable document gets one row of the table `search_words(doc_kind, doc_id, n, words)`:
- `doc_kind` 'event', 'aid', 'stance', 'relation' or 'claim' (a row of that table, `doc_id` its id, `n` 0), or 'passage'
  (a sentence of a readable text: `doc_id` its source_id, `n` its number, see core/corpus.py);
- `words`: the document's normalised tokens, lower case with accents folded (core/corpus.fold) and stemmed
  (Snowball English, core/stems.py: 'peacekeepers' and 'peacekeeping' are both 'peacekeep'), in order, between
  single spaces and with a space at each end (' the lachin corridor berdzor ').
  A row's tokens come from its text columns (TEXT_COLUMNS: titles, evidence, notes, an aid row's programme and
  authority), the names of its actors, the name and alternative names of its place, and the name of every
  corridor its place is a waypoint of (corridors.geojson; see `corridor_names`), so 'Lachin corridor' finds the
  events at Goris, Lachin, Shusha and Khankendi. A document that names a place by any of its names (places.csv
  `name`, `alt_names`, or the first word of a longer name: 'Gizilbulag' for 'Gizilbulag gold deposit') also gets
  every other name of that place, so Qizilbulaq finds Gizilbulag and Khankendi finds Stepanakert.

A query matches a document when the stem of every word of the query (folded the same way) begins one of its
tokens: `strpos(words, ' ' || stem) > 0` for each word, ANDed. Stemming happens here in Python, on both sides,
so every engine sees the same stems. `marked(text, query)` cuts a text into the words that match (to be shown
in bold) and the rest, by the same rule. It is plain SQL that every engine runs (DuckDB's fts
extension is not available here), and one row per document keeps the table as long as the data, not the
vocabulary. `clause()` gives the predicate; the filter field (core/fields.py TextField) and the corpus search
(core/query/sources.search_passages) both use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from core.corpus import fold
from core.stems import stem

MAX_WORDS = 12
EVENTS, AID, STANCES, RELATIONS, CLAIMS = "events", "aid", "stances", "relations", "claims"

# The columns of each table whose text is searched (besides actor and place names).
TEXT_COLUMNS = {
    EVENTS: ("title", "evidence", "notes"),
    AID: ("program", "authority", "evidence", "notes"),
    STANCES: ("evidence", "notes"),
    RELATIONS: ("evidence", "notes"),
    CLAIMS: ("claim", "evidence", "notes"),
}
# Each table's document kind, id column and the columns naming its actors.
DOCS = {
    EVENTS: ("event", "event_id", ("actors",)),
    AID: ("aid", "aid_id", ("donor", "recipient")),
    STANCES: ("stance", "stance_id", ("actor_id",)),
    RELATIONS: ("relation", "relation_id", ("actor_a", "actor_b")),
    CLAIMS: ("claim", "claim_id", ("actor_id",)),
}

# A passage's key on both sides of `clause`: in search_words, and in the passages table aliased `p`.
PASSAGE_KEY = "doc_id || '#' || CAST(n AS VARCHAR)"
PASSAGE_ID = "p.source_id || '#' || CAST(p.n AS VARCHAR)"

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """The folded tokens of a text, in order (repeats kept): 'Lachin’s corridor' -> ('lachin', 's', 'corridor')."""
    folded = text.lower() if text.isascii() else fold(text)
    return tuple(_TOKEN.findall(folded))


def query_words(query: str) -> list[str]:
    """The distinct stems of a query's folded words, at most MAX_WORDS (words, before stemming), in order."""
    return list(dict.fromkeys(stem(t) for t in dict.fromkeys(tokens(str(query or ""))).keys()))[:MAX_WORDS]


def marked(text, query: str) -> list[tuple[str, bool]]:
    """The text cut into (fragment, matched) pieces, in order: a matched piece is one word whose stem a word of
    the query begins (the search's own rule, so 'peacekeeping' marks 'peacekeepers'). No query, no marks."""
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    wanted = tuple(query_words(query))
    if not wanted or not text:
        return [(text, False)] if text else []
    pieces, at = [], 0
    for match in _TOKEN.finditer(fold(text)):  # fold keeps every offset: its pieces are the original's
        if stem(match.group()).startswith(wanted):
            if match.start() > at:
                pieces.append((text[at:match.start()], False))
            pieces.append((text[match.start():match.end()], True))
            at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def clause(doc_kind: str, id_column: str, query: str, doc_key: str = "doc_id") -> tuple[str, list] | None:
    """`id_column IN (the ids of the documents of this kind that hold every word)`, or None for an empty query.
    `doc_key` is what the ids are compared with (a passage is `doc_id || '#' || n`, see PASSAGE_KEY)."""
    words = query_words(query)
    if not words:
        return None
    matches = " AND ".join("strpos(words, ?) > 0" for _ in words)
    return (f"{id_column} IN (SELECT {doc_key} FROM search_words WHERE doc_kind = '{doc_kind}' AND {matches})",
            [" " + w for w in words])


def place_aliases(places: pd.DataFrame) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(key, stems) pairs: a document holding the stem run `key` gets `stems`, every name of that place. The
    length limits are on the unstemmed names ('Goris' is a key though its stem is 'gori')."""
    pairs = []
    for name, alts in zip(places["name"], places["alt_names"]):
        names = [tokens(str(name))] + [tokens(a) for a in str(alts).split(";") if isinstance(alts, str) and a.strip()]
        names = [n for n in names if n]
        if not names:
            continue
        every = tuple(dict.fromkeys(stem(t) for n in names for t in n))
        keys = {tuple(map(stem, n)) for n in names if len(" ".join(n)) >= 3}
        if len(names[0][0]) >= 3:
            keys.add((stem(names[0][0]),))  # 'Gizilbulag gold deposit' is written 'Gizilbulag' in the texts
        pairs += [(key, every) for key in sorted(keys)]
    return pairs


def corridor_names(corridors: dict | None) -> dict[str, list[str]]:
    """place_id -> the names of the corridors it is a waypoint of, each without a parenthesis that gives years
    and without a qualifier after a comma: 'Lachin corridor (2020–2022 route)' -> 'Lachin corridor',
    'Nakhchivan ("Zangezur") corridor, proposed' -> 'Nakhchivan ("Zangezur") corridor'."""
    found: dict[str, list[str]] = {}
    for feature in (corridors or {}).get("features", []):
        props = feature.get("properties") or {}
        name = re.sub(r"\s*\([^)]*\b\d{4}\b[^)]*\)", "", str(props.get("name") or "")).split(",")[0].strip()
        for place in props.get("waypoints") or []:
            if name:
                found.setdefault(str(place), []).append(name)
    return found


def _stemmed(words: str) -> str:
    return " " + " ".join(map(stem, words.split())) + " "


def _normalised(text: pd.Series) -> pd.Series:
    """' stem stem … ' for each text: folded (only texts with a non-ASCII character go through fold), every run of
    other characters one space, each token stemmed (one cached call per token)."""
    text = text.astype(str).fillna("")
    ascii_only = text.str.isascii()
    if not ascii_only.all():
        text = text.where(ascii_only, text[~ascii_only].map(fold))
    return text.str.lower().str.replace(r"[\W_]+", " ", regex=True).map(_stemmed)


def _text(column: pd.Series) -> pd.Series:
    """The column as text, a blank cell as "" (never "nan" or "None", which a search would then find)."""
    return column.astype(object).where(column.notna(), "").astype(str)


def _joined(columns: list[pd.Series]) -> pd.Series:
    out = _text(columns[0])
    for column in columns[1:]:
        out = out + " " + _text(column)
    return out


def _expanded(words: pd.Series, pairs) -> pd.Series:
    """Each document that holds a place's name (a key of place_aliases) gets that place's names appended."""
    extra = pd.Series("", index=words.index, dtype=object)
    for key, every in pairs:
        holds = words.str.contains(" " + " ".join(key) + " ", regex=False)
        if holds.any():
            extra = extra.where(~holds, extra + " ".join(every) + " ")
    return words + extra.astype(str)


def search_frame(tables: dict[str, pd.DataFrame | None], places: pd.DataFrame | None, actors: pd.DataFrame,
                 passages: pd.DataFrame, corridors: dict | None = None) -> pd.DataFrame:
    """The staging table `search_words` for the loaded tables (by name: events, aid, stances, relations; a
    missing one is None or empty), the corpus passages (core/corpus.passage_frames) and the corridors (the
    parsed corridors.geojson, or None)."""
    pairs = place_aliases(places) if places is not None and len(places) else []
    names = dict(zip(actors["actor_id"], actors["name"].astype(str)))
    on_corridors = corridor_names(corridors)
    place_names = {} if places is None else {
        pid: " ".join([str(name)] + [a for a in str(alts).split(";") if isinstance(alts, str)]
                      + on_corridors.get(str(pid), []))
        for pid, name, alts in zip(places["place_id"], places["name"], places["alt_names"])}
    parts = []
    for table, (kind, key, actor_columns) in DOCS.items():
        frame = tables.get(table)
        if frame is None or frame.empty:
            continue
        columns = [frame[c] for c in TEXT_COLUMNS[table]]
        for c in actor_columns:
            cell = _text(frame[c])
            if cell.str.contains(";", regex=False).any():
                columns.append(cell.map(lambda v: " ".join(names.get(a, a) for a in v.split(";"))))
            else:
                columns.append(cell.map(names).fillna(cell))
        if "place_id" in frame:
            columns.append(frame["place_id"].map(place_names))
        parts.append(pd.DataFrame({"doc_kind": kind, "doc_id": frame[key].astype(str).to_numpy(), "n": 0,
                                   "words": _normalised(_joined(columns)).to_numpy()}))
    if len(passages):
        parts.append(pd.DataFrame({"doc_kind": "passage", "doc_id": passages["source_id"].astype(str).to_numpy(),
                                   "n": passages["n"].to_numpy(), "words": _normalised(passages["text"]).to_numpy()}))
    if not parts:
        return pd.DataFrame({"doc_kind": [], "doc_id": [], "n": pd.Series([], dtype="int64"), "words": []})
    frame = pd.concat(parts, ignore_index=True)
    frame["words"] = _expanded(frame["words"], pairs)
    frame["n"] = frame["n"].astype("int64")
    return frame[["doc_kind", "doc_id", "n", "words"]]

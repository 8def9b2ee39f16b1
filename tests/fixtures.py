"""Small datasets written from rows stated in the test (after datasette's fixtures.py), and stores over them.

`make_dataset(tmp_path, events=[{...}], ...)` writes a data directory of CSV files and loads it through the real
loader (core.load.load_dataset, every check included), so a test's rows are held to the same rules as the
bundled data. It fills what a test does not care about: a default source and the actors, topics and places the
rows name, any column a row leaves out, and each source's text, which holds every evidence quote cited against
it (a corpus file for a corpus source, a stored excerpt for an external one; see core/evidence.py).

Bigger or complete data comes from core/synthetic.py (a valid directory of N events)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from core import schema
from core.evidence import EXCERPTS_DIR
from core.integrity import _REFERENCES
from core.load import Dataset, load_dataset
from core.query import Store
from core.tables import TABLES as REGISTRY

DEFAULT_SOURCE = "test_source"
DEFAULT_ACTOR = "test_actor"
DEFAULT_TOPIC = "test_topic"
COLOURS = ("#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#009E73", "#56B4E9", "#F0E442", "#000000")
TABLES = tuple(t.name for t in REGISTRY)  # every table of the registry (core/tables.py), in its order
EVIDENCE_TABLES = tuple(t.name for t in REGISTRY if t.has_evidence)

Row = dict
Defaults = dict[str, Callable[[Row, int], object]]


def make_dataset(tmp_path: str | Path, corridors: dict | None = None, **tables: list[dict] | pd.DataFrame) -> Dataset:
    """Write a data directory under `tmp_path` from the tables given by name (a list of dicts or a DataFrame
    each) and return it loaded and validated. Raises core.problems.DataError if the rows break a rule.

    Only the tables given are written, and the ones the rows need: `sources` (a default external source
    'test_source' unless given), `actors` (every actor the rows name, or 'test_actor'), and `topics`/`places`
    when rows name one and the table is not given. A column a row leaves out gets a default (a date of
    2020-01-01, the first source, actor and topic, an evidence sentence naming the row, ...).
    `corridors`, when given, is written as corridors.geojson."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise TypeError(f"make_dataset has no table {', '.join(sorted(unknown))} (tables: {', '.join(TABLES)})")
    given = {name: _records(rows) for name, rows in tables.items()}
    source = given["sources"][0].get("source_id", DEFAULT_SOURCE) if given.get("sources") else DEFAULT_SOURCE
    actor = given["actors"][0].get("actor_id", DEFAULT_ACTOR) if given.get("actors") else DEFAULT_ACTOR
    topic = given["topics"][0].get("topic_id", DEFAULT_TOPIC) if given.get("topics") else DEFAULT_TOPIC

    filled: dict[str, list[Row]] = {}
    # The tables given other than the required sources and actors (filled last, from what these rows name): the row
    # tables first, so the sources are cited in the order the rows cite them.
    for table in sorted(REGISTRY, key=lambda t: not t.has_evidence):
        if table.name in given and not table.required:
            filled[table.name] = _fill(table.name, given[table.name], _defaults(table.name, source, actor, topic))
    features = (corridors or {}).get("features", [])
    filled["actors"] = _fill("actors", given.get("actors") or [{"actor_id": a} for a in _named(filled, "actors")
                                                               or [DEFAULT_ACTOR]],
                             _defaults("actors", source, actor, topic))
    if "topics" not in filled and (named_topics := _named(filled, "topics")):
        filled["topics"] = _fill("topics", [{"topic_id": t} for t in named_topics], _defaults("topics", source, actor, topic))
    places = _unique(_named(filled, "places")
                     + [w for f in features for w in (f.get("properties") or {}).get("waypoints") or []])
    if "places" not in filled and places:
        filled["places"] = _fill("places", [{"place_id": p} for p in places], _defaults("places", source, actor, topic))
    cited = _unique([r[c] for rows in filled.values() for r in rows for c in ("source_id", "correction_source_id")
                     if _present(r.get(c))] + [(f.get("properties") or {}).get("source_id") for f in features])
    sources = given.get("sources") or [{"source_id": s} for s in (cited or [DEFAULT_SOURCE]) if s]
    filled["sources"] = _fill("sources", sources, _source_defaults(sources))

    directory = _fresh_directory(Path(tmp_path))
    _write_source_texts(directory, filled)
    for name in TABLES:
        if name in filled:
            frame = pd.DataFrame(filled[name], columns=schema.columns_of(f"{name}.csv"))
            frame.to_csv(directory / f"{name}.csv", index=False)
    if corridors is not None:
        (directory / "corridors.geojson").write_text(json.dumps(corridors), encoding="utf-8")
    return load_dataset(directory)


# ---- rows: every column present, with a default where the test gave none ---------------------------------------


def _records(rows: list[dict] | pd.DataFrame) -> list[Row]:
    if isinstance(rows, pd.DataFrame):
        rows = rows.astype(object).where(rows.notna(), None).to_dict("records")
    return [dict(row) for row in rows]


def _fill(name: str, rows: list[Row], defaults: Defaults) -> list[Row]:
    """Each row with every column of the table's schema: a column the row leaves out gets its default (None
    where there is none); booleans are written as the files spell them."""
    out = []
    for number, row in enumerate(rows, start=1):
        full = dict(row)
        for column in schema.columns_of(f"{name}.csv"):
            if column not in full:
                full[column] = defaults[column](full, number) if column in defaults else None
        out.append({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in full.items()})
    return out


def _defaults(name: str, source: str, actor: str, topic: str) -> Defaults:
    def fixed(value):
        return lambda row, number: value

    evidence = {"source_id": fixed(source), "confidence": fixed("medium")}
    quote = lambda key: (lambda row, number: f"Test evidence for {row[key]}.")  # noqa: E731
    return {
        "events": {"event_id": lambda row, n: f"ev_test_{n}", "date": fixed("2020-01-01"),
                   "date_precision": fixed("day"), "title": lambda row, n: f"Test event {row['event_id']}",
                   "event_type": fixed("meeting"), "actors": fixed(actor), "key_period": fixed("false"),
                   **evidence, "evidence": quote("event_id")},
        "aid": {"aid_id": lambda row, n: f"aid_test_{n}", "donor": fixed(actor), "recipient": fixed(actor),
                "fiscal_year": fixed(2020), "category": fixed("security_assistance"),
                "amount_kind": fixed("appropriated"), **evidence, "evidence": quote("aid_id")},
        "stances": {"stance_id": lambda row, n: f"st_test_{n}", "actor_id": fixed(actor), "topic_id": fixed(topic),
                    "date": fixed("2020-01-01"), "date_precision": fixed("day"), "stance": fixed(0),
                    **evidence, "evidence": quote("stance_id")},
        "relations": {"relation_id": lambda row, n: f"rel_test_{n}", "actor_a": fixed(actor), "actor_b": fixed(actor),
                      "kind": fixed("cooperation_format"), **evidence, "evidence": quote("relation_id")},
        "claims": {"claim_id": lambda row, n: f"cl_test_{n}", "subject_event_id": fixed("ev_test_1"),
                   "actor_id": fixed(actor), "claim": lambda row, n: f"Test reading {row['claim_id']}",
                   "date": fixed("2020-01-01"), **evidence, "evidence": quote("claim_id")},
        "places": {"place_id": lambda row, n: f"place_test_{n}", "name": lambda row, n: row["place_id"],
                   "kind": fixed("city"), **evidence},
        "topics": {"topic_id": lambda row, n: f"topic_test_{n}", "name": lambda row, n: row["topic_id"],
                   "source_id": fixed(source)},
        "actors": {"actor_id": lambda row, n: f"actor_test_{n}", "name": lambda row, n: row["actor_id"],
                   "kind": fixed("state"), "colour": lambda row, n: COLOURS[(n - 1) % len(COLOURS)]},
    }.get(name, {})  # a table without defaults here: the test gives every column it needs


def _source_defaults(sources: list[Row]) -> Defaults:
    """External sources get a URL and a confidence; a corpus source its corpus file and its place in the corpus."""
    corpus = [s.get("source_id") for s in sources if s.get("kind") == "corpus"]

    def when(kind: str, value: Callable[[Row], object]):
        return lambda row, number: value(row) if row["kind"] == kind else None

    return {
        "source_id": lambda row, n: f"source_test_{n}", "kind": lambda row, n: "external",
        "title": lambda row, n: f"Test source {row['source_id']}",
        "url": when("external", lambda row: f"https://example.org/{row['source_id']}"),
        "confidence": when("external", lambda row: "medium"),
        "corpus_file": when("corpus", lambda row: f"corpus/{row['source_id']}.txt"),
        "order": when("corpus", lambda row: corpus.index(row["source_id"]) + 1),
    }


def _named(filled: dict[str, list[Row]], target: str) -> list[str]:
    """Every id of the table `target` that the other tables' rows name (their references, core/integrity.py), in
    order of first mention: table by table, row by row (an event's ';'-list of actors item by item)."""
    columns: dict[str, list[str]] = {}
    for table, column, to, _ in _REFERENCES:
        if to == f"{target}.csv" and table != to:
            columns.setdefault(table.removesuffix(".csv"), []).append(column)
    named = [item for table, names in columns.items() for row in filled.get(table, []) for column in names
             if _present(row.get(column))
             for item in (str(row[column]).split(";") if column == "actors" else [row[column]])]
    return _unique(named)


# ---- files ---------------------------------------------------------------------------------------------------


def _write_source_texts(directory: Path, filled: dict[str, list[Row]]) -> None:
    """Each source's text, holding every quote cited against it: its corpus file, or its stored excerpt."""
    quotes: dict[str, list[str]] = {}
    for name in EVIDENCE_TABLES:
        for row in filled.get(name, []):
            if _present(row.get("evidence")):
                quotes.setdefault(row["source_id"], []).append(str(row["evidence"]))
    for source in filled["sources"]:
        body = "\n".join(_unique(quotes.get(source["source_id"], []))) + "\n"
        if source["kind"] == "corpus" and _present(source.get("corpus_file")):
            path = directory / str(source["corpus_file"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        elif source["kind"] != "corpus":
            (directory / EXCERPTS_DIR).mkdir(parents=True, exist_ok=True)
            url = source.get("url") or f"https://example.org/{source['source_id']}"
            (directory / EXCERPTS_DIR / f"{source['source_id']}.txt").write_text(
                f"url: {url}\nretrieved: 2026-01-01\n\n{body}", encoding="utf-8")


def _fresh_directory(parent: Path) -> Path:
    """parent/data, or parent/data-2, ... when a test makes more than one dataset."""
    number = 1
    while (directory := parent / ("data" if number == 1 else f"data-{number}")).exists():
        number += 1
    directory.mkdir(parents=True)
    return directory


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


# ---- stores for the figure builders ---------------------------------------------------------------------------

EVENT_COLUMNS = ["event_id", "date", "date_precision", "end_date", "title", "event_type", "actors", "confidence"]


def make_store(events: list[tuple], actors: pd.DataFrame, key_periods: tuple[str, ...] = (),
               tmp_path: str | Path | None = None) -> Store:
    """A Store over these events (tuples in EVENT_COLUMNS order; `actors` as 'a;b') and actors, all cited to one
    corpus source, through make_dataset. Without `tmp_path` the files go to a temporary directory, removed once
    the store has loaded them."""
    rows = [dict(zip(EVENT_COLUMNS, event), key_period=event[0] in key_periods) for event in events]
    sources = [{"source_id": DEFAULT_SOURCE, "kind": "corpus", "title": "Test source"}]
    if tmp_path is not None:
        return Store(make_dataset(tmp_path, sources=sources, actors=actors, events=rows))
    with tempfile.TemporaryDirectory(prefix="scm-test-") as directory:
        return Store(make_dataset(directory, sources=sources, actors=actors, events=rows))

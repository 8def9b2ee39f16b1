"""A complete, valid data directory of N synthetic events, for tests and benchmarks (after datasette's fixtures.py).

Every table is written, ids are consistent, and every row's evidence quote occurs verbatim in its source's
stored excerpt, so the directory passes the same validation as the bundled data. Nothing here is a fact:
titles say "Synthetic", and the sources point at example.org.

Text is written the way real quotes and notes come: every evidence quote holds a comma and double quotes, one
in three spans two lines (its excerpt holds the same line break), and one event title and note in ten do too,
so the CSV writer quotes them (RFC 4180) and a reader of the big files meets quoted line breaks everywhere.

    python -m core.synthetic OUT_DIR N [--parquet]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from core.vocab import CURATED_EVENT_TYPES as EVENT_TYPES  # the curated ones: same output as before

N_SOURCES = 20
SENTENCES_PER_SOURCE = 12
START = np.datetime64("2018-01-01")
DAYS = int((np.datetime64("2023-01-01") - START).astype(int))

ACTORS = [  # (id, name, kind, parent, colour)
    ("az", "Azerbaijan", "state", None, "#0072B2"),
    ("am", "Armenia", "state", None, "#D55E00"),
    ("ru", "Russia", "state", None, "#CC79A7"),
    ("tr", "Turkey", "state", None, "#E69F00"),
    ("ir", "Iran", "state", None, "#009E73"),
    ("us", "United States", "state", None, "#56B4E9"),
    ("ru_mod", "Russian MoD", "government_body", "ru", "#CC79A7"),
    ("ru_peacekeepers", "Russian peacekeepers", "peacekeeping_force", "ru_mod", "#CC79A7"),
    ("aliyev", "Ilham Aliyev", "leader", "az", "#0072B2"),
    ("pashinyan", "Nikol Pashinyan", "leader", "am", "#D55E00"),
]
TOPICS = ["peacekeepers_role", "peace_treaty", "transit_corridor"]


def _sentence(source: int, number: int) -> str:
    """A quote and the excerpt sentence it comes from: a comma, double quotes, and a line break in one of three."""
    brk = "\n" if number % 3 == 0 else " "
    return f'Synthetic statement {number} of source {source}: the parties met,{brk}and said "we will keep talking".'


def _title(i: int) -> str:
    return f'Synthetic event {i}, "quoted"\nover two lines' if i % 10 == 0 else f"Synthetic event {i}"


def _note(i: int) -> str | None:
    return f'Synthetic note {i}: a comma, "double quotes"\nand a second line.' if i % 10 == 5 else None


def _fatalities(n_events: int, seed: int) -> pd.Series:
    """A reported fatalities figure (0 to 5) for about half the events, blank (unknown) for the rest, so the
    fatalities questions have figures, zeros and blanks to answer over. From a generator of its own, so the other
    columns are drawn as they were before the column existed."""
    rng = np.random.default_rng(seed + 1000)
    figures = pd.Series(rng.integers(0, 6, n_events), dtype="Int64")
    return figures.where(rng.random(n_events) < 0.5)


def write_dataset(out: str | Path, n_events: int, fmt: str = "csv", seed: int = 7) -> Path:
    """Write the directory and return its path. `fmt` is 'csv' or 'parquet' for the tables."""
    out = Path(out)
    (out / "reference" / "excerpts").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    source_ids = [f"synthetic_source_{i:02d}" for i in range(N_SOURCES)]
    for number, source_id in enumerate(source_ids):
        body = " ".join(_sentence(number, k) for k in range(SENTENCES_PER_SOURCE))
        (out / "reference" / "excerpts" / f"{source_id}.txt").write_text(
            f"url: https://example.org/{source_id}\nretrieved: 2026-11-25\n\n{body}\n", encoding="utf-8")
    sources = pd.DataFrame({
        "source_id": source_ids, "kind": "external", "title": [f"Synthetic source {i}" for i in range(N_SOURCES)],
        "author": None, "publisher": "Example", "published": "2022", "url": [f"https://example.org/{s}" for s in source_ids],
        "corpus_file": None, "order": None, "confidence": "medium", "notes": "Synthetic test data.",
    })
    actors = pd.DataFrame(ACTORS, columns=["actor_id", "name", "kind", "parent_id", "colour"]).assign(country=None)
    actors = actors[["actor_id", "name", "kind", "parent_id", "country", "colour"]]
    places = pd.DataFrame({
        "place_id": ["baku", "yerevan", "nowhere"], "name": ["Baku", "Yerevan", "Unlocated"], "alt_names": None,
        "kind": ["capital", "capital", "village"], "lat": [40.41, 40.18, None], "lon": [49.87, 44.51, None],
        "source_id": source_ids[0], "confidence": "low", "notes": None,
    })
    topics = pd.DataFrame({"topic_id": TOPICS, "name": [t.replace("_", " ").capitalize() for t in TOPICS],
                           "description": None, "source_id": source_ids[0]})

    days = np.sort(rng.integers(0, DAYS, n_events))
    starts = pd.to_datetime(START + days.astype("timedelta64[D]"))
    precision = rng.choice(["day", "month", "year"], n_events, p=[0.9, 0.07, 0.03])
    starts = pd.Series(starts)
    starts = starts.where(precision == "day", starts.dt.to_period("M").dt.to_timestamp())
    starts = starts.where(precision != "year", starts.dt.to_period("Y").dt.to_timestamp())
    is_period = (rng.random(n_events) < 0.02) & (precision == "day")
    ends = (starts + pd.to_timedelta(rng.integers(1, 90, n_events), unit="D")).where(is_period)
    actor_ids = np.array([a[0] for a in ACTORS])
    picks = rng.integers(0, len(actor_ids), (n_events, 3))
    sizes = rng.integers(1, 4, n_events)
    actor_lists = [";".join(dict.fromkeys(actor_ids[row[:k]])) for row, k in zip(picks, sizes)]
    source_pick = rng.integers(0, N_SOURCES, n_events)
    sentence_pick = rng.integers(0, SENTENCES_PER_SOURCE, n_events)
    key = np.zeros(n_events, dtype=bool)
    key[: min(3, n_events)] = True
    events = pd.DataFrame({
        "event_id": [f"ev_syn_{i:07d}" for i in range(n_events)],
        "date": starts.dt.strftime("%Y-%m-%d"),
        "date_precision": precision,
        "end_date": ends.dt.strftime("%Y-%m-%d").where(is_period, None),
        "title": [_title(i) for i in range(n_events)],
        "event_type": rng.choice(list(EVENT_TYPES), n_events),
        "actors": actor_lists,
        "place_id": rng.choice(np.array(["baku", "yerevan", None], dtype=object), n_events),
        "source_id": [source_ids[s] for s in source_pick],
        "evidence": [_sentence(s, k) for s, k in zip(source_pick, sentence_pick)],
        "confidence": rng.choice(["high", "medium", "low"], n_events),
        "notes": [_note(i) for i in range(n_events)],
        "correction_source_id": None,
        "key_period": np.where(key, "true", "false"),
        "fatalities": _fatalities(n_events, seed),
    })
    n_aid = max(4, n_events // 100)
    aid = pd.DataFrame({
        "aid_id": [f"aid_syn_{i:06d}" for i in range(n_aid)], "donor": "us",
        "recipient": rng.choice(["az", "am"], n_aid), "fiscal_year": rng.integers(2018, 2023, n_aid).astype(str),
        "fiscal_year_end": None, "program": "Synthetic programme", "authority": None,
        "category": "security_assistance",
        "amount_usd": np.where(rng.random(n_aid) < 0.1, None, rng.integers(10_000, 5_000_000, n_aid).astype(str)),
        "amount_kind": "appropriated", "parent_aid_id": None, "source_id": source_ids[1],
        "evidence": _sentence(1, 0), "confidence": "medium", "notes": None, "correction_source_id": None,
    })
    n_stances = max(6, n_events // 50)
    stance_days = pd.to_datetime(START + rng.integers(0, DAYS, n_stances).astype("timedelta64[D]"))
    stances = pd.DataFrame({
        "stance_id": [f"st_syn_{i:06d}" for i in range(n_stances)],
        "actor_id": rng.choice(actor_ids[:6], n_stances), "topic_id": rng.choice(TOPICS, n_stances),
        "date": pd.Series(stance_days).dt.strftime("%Y-%m-%d"), "date_precision": "day",
        "stance": rng.integers(-2, 3, n_stances).astype(str), "source_id": source_ids[2],
        "evidence": _sentence(2, 1), "confidence": "low", "notes": None,
    })[["stance_id", "actor_id", "topic_id", "date", "date_precision", "stance", "evidence", "source_id", "confidence", "notes"]]
    relations = pd.DataFrame({
        "relation_id": ["rel_syn_1", "rel_syn_2"], "actor_a": ["ru", "tr"], "actor_b": ["am", "az"],
        "kind": ["alliance", "strategic_partnership"], "start_date": ["1997", None], "end_date": [None, "2022-12"],
        "source_id": source_ids[3], "evidence": _sentence(3, 2), "confidence": "medium", "notes": None,
    })
    # Contested claims: two or three readings of every 20th event, by different actors (one the source's own,
    # with no actor), some without a date (their years are the event's).
    subjects = events["event_id"].iloc[::20].tolist()[:max(2, min(500, n_events // 40))]
    readers = ["az", "am", "ru_mod", None]
    claim_rows = []
    for i, subject in enumerate(subjects):
        for k in range(2 + i % 2):
            claim_rows.append({
                "claim_id": f"cl_syn_{i:06d}_{k}", "subject_event_id": subject,
                "actor_id": readers[(i + k) % len(readers)], "claim": f"Synthetic reading {k} of {subject}",
                "evidence": _sentence(4, k), "source_id": source_ids[4],
                "date": None if (i + k) % 5 == 0 else events["date"].iloc[i * 20],
                "confidence": "medium", "notes": None,
            })
    claims = pd.DataFrame(claim_rows, columns=["claim_id", "subject_event_id", "actor_id", "claim", "evidence",
                                               "source_id", "date", "confidence", "notes"])
    corridors = {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[49.87, 40.41], [44.51, 40.18]]},
        "properties": {"corridor_id": "syn_corridor", "name": "Synthetic corridor", "mode": "road",
                       "status": "proposed", "approximate": True, "waypoints": ["baku", "yerevan"],
                       "source_id": source_ids[0], "confidence": "low", "notes": None},
    }]}
    tables = {"sources": sources, "actors": actors, "places": places, "topics": topics, "events": events,
              "aid": aid, "stances": stances, "relations": relations, "claims": claims}
    for name, frame in tables.items():
        if fmt == "parquet":
            frame.astype("string").to_parquet(out / f"{name}.parquet", index=False)
        else:
            frame.to_csv(out / f"{name}.csv", index=False)
    (out / "corridors.geojson").write_text(json.dumps(corridors), encoding="utf-8")
    (out / "RELEASE").write_text(f"synthetic-{n_events}\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m core.synthetic OUT_DIR N [--parquet]", file=sys.stderr)
        return 2
    path = write_dataset(argv[0], int(argv[1]), "parquet" if "--parquet" in argv else "csv")
    print(f"wrote {argv[1]} synthetic events to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

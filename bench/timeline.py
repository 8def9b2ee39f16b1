"""Benchmark: Timeline figure build time and payload at 100, 10k, 100k and 1M synthetic events (medians).

Run: .venv/bin/python bench/timeline.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.timeline_figure import AGGREGATE_THRESHOLD, build_timeline  # noqa: E402
from core.vocab import EVENT_TYPES  # noqa: E402

STATES = ["az", "am", "ru", "tr", "ir", "ge", "us", "eu", "ua", "il", "nato", "csto"]


def synthetic_actors() -> pd.DataFrame:
    ids = STATES + [f"{s}_sub" for s in STATES]
    return pd.DataFrame(
        {
            "actor_id": ids,
            "name": [i.upper() for i in ids],
            "parent_id": [None] * len(STATES) + STATES,
            "colour": ["#0072B2"] * len(ids),
        }
    )


def synthetic_events(count: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.array(synthetic_actors()["actor_id"])
    sizes = rng.integers(1, 4, count)
    picks = rng.integers(0, len(ids), (count, 3))
    start = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, count), unit="D")
    precision = rng.choice(["day", "day", "day", "month", "year"], count)
    return pd.DataFrame(
        {
            "event_id": np.char.add("e", np.arange(count).astype(str)),
            "start": start,
            "end": pd.NaT,
            "date_precision": precision,
            "title": "Synthetic event",
            "event_type": rng.choice(list(EVENT_TYPES), count),
            "actor_ids": [tuple(ids[row[:n]]) for row, n in zip(picks, sizes)],
            "confidence": "medium",
        }
    )


def bundled() -> None:
    from core.filters import FilterSpec, apply_events
    from core.load import load_dataset

    dataset = load_dataset(Path(__file__).resolve().parent.parent / "data")
    events = apply_events(dataset.events, FilterSpec(), dataset.actors)
    periods = dataset.events[dataset.events["key_period"]]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        figure = build_timeline(events, dataset.actors, periods)
        times.append(time.perf_counter() - started)
    payload = len(figure.to_json().encode("utf-8"))
    print(f"bundled data, default filter ({len(events)} events): median build {statistics.median(times) * 1000:.0f} ms, payload {payload / 1024:.0f} KB")


def main() -> None:
    bundled()
    actors = synthetic_actors()
    periods = synthetic_events(0)
    print(f"Timeline builder (aggregates above {AGGREGATE_THRESHOLD:,} events)")
    print(f"{'events':>10} {'runs':>5} {'median build':>13} {'payload':>10}")
    for count, runs in ((100, 5), (10_000, 3), (100_000, 3), (1_000_000, 1)):
        events = synthetic_events(count)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            figure = build_timeline(events, actors, periods)
            times.append(time.perf_counter() - started)
        payload = len(figure.to_json().encode("utf-8"))
        print(f"{count:>10,} {runs:>5} {statistics.median(times) * 1000:>10.0f} ms {payload / 1024:>7.0f} KB")


if __name__ == "__main__":
    main()

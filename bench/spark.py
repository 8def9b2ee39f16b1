"""Benchmark: a few questions on Spark in local mode beside DuckDB, over N generated events (docs/scaling.md).

Generates N events (core/synthetic.py, cached under the temp directory, as bench/scale.py does), writes them as
Parquet with `core.parquet` (validated first; not timed), then times:
- opening: DuckDB's load_dataset + Store from the CSV directory; Spark's session start, and open_parquet (reading
  the Parquet tables, validating the small ones, building and caching the query tables);
- per question, the median of --rounds calls over the same filter changes (year range and actor), after one
  warm-up call: summary (Overview), timeline (Timeline chart), events_page (the explorer), aid_view (US aid).

Run: .venv/bin/python bench/spark.py [--events 100000] [--rounds 5] [--master local[2]]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CACHE = Path(tempfile.gettempdir()) / "scm-bench"
ACTORS = ["ru", "az", "am", "tr", "ir", "us", "ru_mod"]
YEARS = [(2018, 2022), (2019, 2021), (2020, 2020), (2018, 2019), (2021, 2022), (2020, 2022), (2019, 2019)]


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _questions(store, specs) -> dict[str, float]:
    from core.query import EXPLORER_PAGE_ROWS

    asks = {"summary": lambda s: store.summary(s), "timeline": lambda s: store.timeline(s, 2000),
            "events_page": lambda s: store.events_page(s, EXPLORER_PAGE_ROWS, 0), "aid_view": lambda s: store.aid_view(s)}
    out = {}
    for name, ask in asks.items():
        ask(specs[0])  # warm-up: Spark plans and caches on first use
        out[name] = statistics.median(_timed(lambda s=s, ask=ask: ask(s)) for s in specs) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()

    from core.filters import FilterSpec
    from core.load import load_dataset
    from core.parquet import write_parquet
    from core.query import Store
    from core.query.spark import open_parquet, spark_session
    from core.synthetic import write_dataset

    directory = CACHE / f"events-{args.events}"
    if not (directory / "events.csv").exists():
        write_dataset(directory, args.events)
    parquet = CACHE / f"events-{args.events}-parquet"
    if not (parquet / "_spark" / "meta.parquet").exists():
        write_parquet(directory, parquet)
    specs = [FilterSpec(years=YEARS[i % len(YEARS)], actors=((ACTORS[i % len(ACTORS)],), True))
             for i in range(args.rounds)]

    started = time.perf_counter()
    duck = Store(load_dataset(directory))
    duck_open = time.perf_counter() - started
    duck_times = _questions(duck, specs)

    started = time.perf_counter()
    session = spark_session(master=args.master)
    session_s = time.perf_counter() - started
    started = time.perf_counter()
    dataset, _, engine = open_parquet(str(parquet), session)
    spark_open = time.perf_counter() - started
    spark_times = _questions(Store(dataset, engine=engine), specs)
    session.stop()

    print(f"{args.events:,} generated events; Spark {args.master}; medians of {args.rounds} filter changes\n")
    print("| measure | DuckDB | Spark local |")
    print("|---|---|---|")
    print(f"| open (DuckDB: CSV, validated; Spark: Parquet) | {duck_open:.1f} s | {spark_open:.1f} s "
          f"(+ {session_s:.1f} s session start) |")
    for name in duck_times:
        print(f"| {name} | {duck_times[name]:.0f} ms | {spark_times[name]:.0f} ms |")


if __name__ == "__main__":
    main()

"""Upload benchmark (issue 21): N generated ACLED-shaped rows (default 100,000; never real ACLED rows), from the
uploaded bytes to a query layer ready for every page: unpack and map (core/upload.py, core/acled.py), validate and
leave out failing rows (core/user_data.py check_upload), make the Dataset (open_report) and load it into DuckDB
(Store). Prints the median of RUNS wall-clock and CPU times per step. The target is 10 s for 100k rows, explored
alone or, with --added, added to the bundled record (core/added_data.py) as the Data page's second choice does.

    python -m bench.upload [N] [RUNS] [--added]
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings


def main(rows: int = 100_000, runs: int = 3, added: bool = False) -> None:
    warnings.simplefilter("ignore")
    from core.added_data import add_to_bundled
    from core.query import Store
    from core.synthetic_acled import acled_csv
    from core.user_data import check_upload, open_report

    data = acled_csv(rows)
    check_upload("warm-up.csv", acled_csv(200))  # imports (pandera) are paid once per server, not per upload
    steps: dict[str, list[tuple[float, float]]] = {"check": [], "dataset": [], "store": [], "total": []}
    for _ in range(runs):
        marks = [(time.perf_counter(), time.process_time())]
        report = check_upload("export.csv", data)
        marks.append((time.perf_counter(), time.process_time()))
        dataset = add_to_bundled(report)[0] if added else open_report(report)
        marks.append((time.perf_counter(), time.process_time()))
        Store(dataset)
        marks.append((time.perf_counter(), time.process_time()))
        for name, (a, b) in zip(("check", "dataset", "store"), zip(marks, marks[1:])):
            steps[name].append((b[0] - a[0], b[1] - a[1]))
        steps["total"].append((marks[-1][0] - marks[0][0], marks[-1][1] - marks[0][1]))
    print(("Added to the bundled record: " if added else "Explored alone: ") + f"{rows:,} ACLED-shaped rows, {len(data) / 1e6:.1f} MB, {len(dataset.tables['events']):,} events kept; median of {runs}")
    for name, values in steps.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"  {name:8} {wall:6.2f} s wall  {cpu:6.2f} s CPU")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    main(*numbers[:2], added="--added" in sys.argv)

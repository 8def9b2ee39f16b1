"""ACLED's whole global file, converted on the command line (issue 30): N generated ACLED-shaped rows (default
2,500,000, about the size of ACLED's global export; never real ACLED rows) written to a CSV, then
`python -m core.acled EXPORT.csv OUT_DIR` timed as its own process with its peak memory, then the converted
directory opened as the app opens it (load_dataset, then the query layer with consume=True and release_frames, as
components/shell/dataset.py does) in a second process.
Targets: the conversion in 60 s or less with a peak RSS of 2 GB or less, on an idle 2-core machine; the open
within issue 20's targets scaled to the rows (10 s and 3.75 GB at 2.5M).

    python -m bench.acled_convert [N] [--keep DIR]    # DIR keeps the converted directory for --pages
    python -m bench.acled_convert --pages DIR [--reruns 3]
    python -m bench.acled_convert --open DIR [--steps]  # the open alone, in its own process

`--open DIR`: the app's open of a converted directory (as components/shell/dataset.py: load_dataset, the filter
domain, then the query layer with consume=True and release_frames) in a process of its own: its wall time, CPU
time (user + system) and peak RSS, with the load average before and after. `--steps` adds where the time goes:
wall, process CPU and resident memory at the end of each step of the load (steps run in threads overlap).

`--pages DIR`: every page's own questions and figures on a converted directory (bench/page_walk.py, as
bench/scale.py times them: learned in AppTest in a process of their own, then asked again of the engine under
--reruns filter changes of years and ACLED actors, no cache), and a whole AppTest rerun of each page after each
filter change (in that walk's process, whose data is already open); medians in ms.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 250_000
OPEN = ("import sys, time; t = time.perf_counter(); from core.load import load_dataset; from core.query import Store; "
        "d = load_dataset(sys.argv[1], trust_stamp=True); n = len(d.tables['events']); Store(d, consume=True).release_frames(); "
        "print(f'{n:,} events opened in {time.perf_counter() - t:.1f} s ({time.process_time():.1f} s of CPU)')")
# The app's open (components/shell/dataset.py _load), timed in its own process by --open.
STEPS = (("core.load", "check_all"), ("core.load", "collect"), ("core.load", "validate_frame"),
         ("core.load", "parse_frame"), ("core.load", "read_stamped"), ("core.load", "_with_event_columns"),
         ("core.load", "dataset_from_tables"), ("core.integrity", "check_integrity"),
         ("core.evidence", "check_evidence"), ("core.query.engine", "staging_frames"))
ENGINE_STEPS = ("_add_table", "run_statement")
# The filter changes of --pages: year ranges and the generated export's actors (core/synthetic_acled.py).
YEARS = [(2018, 2022), (2019, 2021), (2020, 2020), (2018, 2019), (2021, 2022), (2020, 2022), (2019, 2019)]
ACTORS = ["acled-synthetic-state-forces-of-country-b-829cc2", "acled-synthetic-militia-c-d85908",
          "acled-inter-state-forces-7ce8dd", "acled-synthetic-group-d-f2bb15"]


def write_export(path: Path, rows: int) -> None:
    """The rows in chunks, each from its own seed, their ids numbered across the whole file."""
    from core.synthetic_acled import acled_frame

    with path.open("w", encoding="utf-8", newline="") as handle:
        for start in range(0, rows, CHUNK):
            frame = acled_frame(min(CHUNK, rows - start), seed=start // CHUNK)
            frame["event_id_cnty"] = [f"SYN{start + i + 1}" for i in range(len(frame))]
            frame.to_csv(handle, index=False, header=start == 0)


def timed(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, the largest peak RSS of any child so far in MB, its output)."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - began, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.stdout


def load() -> str:
    """The one-, five- and fifteen-minute load averages: the machine is shared, so every figure says its load."""
    return "load " + ", ".join(f"{v:.1f}" for v in os.getloadavg())


def convert_and_open(rows: int, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export, out = Path(folder) / "export.csv", Path(folder) / "out"
        began = time.perf_counter()
        write_export(export, rows)
        print(f"{rows:,} generated rows, {export.stat().st_size / 1e6:,.0f} MB, written in {time.perf_counter() - began:.0f} s")
        print(f"before the conversion: {load()}")
        wall, peak, output = timed([sys.executable, "-m", "core.acled", str(export), str(out)])
        print(f"python -m core.acled: {wall:.1f} s wall, peak RSS {peak:,.0f} MB ({load()})")
        print("  " + "\n  ".join(output.strip().splitlines()[:4]))
        export.unlink()
        wall, peak_open, output = timed([sys.executable, "-c", OPEN, str(out)])
        print(f"open: {output.strip()} ({wall:.1f} s with the interpreter's start; peak RSS of either step "
              f"{peak_open:,.0f} MB; {load()})")
        if keep is not None:
            shutil.copytree(out, keep)


def open_here(directory: Path, steps: bool) -> None:
    """The app's open in this process; prints one line of figures (and with `steps`, one line per step)."""
    import importlib
    import threading

    log: list[tuple[str, float, float, float, float]] = []  # (step, wall at start, wall at end, CPU at end, RSS MB)
    began = time.perf_counter()

    def rss() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def timer(label, function):
        def timed_step(*args, **kwargs):
            start = time.perf_counter() - began
            try:
                return function(*args, **kwargs)
            finally:
                if threading.current_thread() is threading.main_thread() or label.endswith("_with_event_columns"):
                    name = label
                    if label.endswith("run_statement") or label.endswith("_add_table"):
                        text = str(args[1]).split(" AS ", 1)[0]
                        held = args[0].con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
                        name = f"{label.rsplit('.', 1)[-1]} {text[:40]} (DuckDB holds {held / 2**20:,.0f} MB)"
                    log.append((name, start, time.perf_counter() - began, cpu(), rss()))
        return timed_step

    if steps:
        for module_name, name in STEPS:
            module = importlib.import_module(module_name)
            if hasattr(module, name):
                setattr(module, name, timer(f"{module_name}.{name}", getattr(module, name)))
        from core.query.engine import DuckDBEngine

        for name in ENGINE_STEPS:
            setattr(DuckDBEngine, name, timer(f"engine.{name}", getattr(DuckDBEngine, name)))
    from core.filters import FilterDomain
    from core.load import load_dataset
    from core.query import Store

    began = time.perf_counter()
    dataset = load_dataset(directory, trust_stamp=True)  # as the app: a stamp this machine signed is trusted
    loaded, loaded_cpu = time.perf_counter() - began, cpu()
    events = len(dataset.tables["events"])
    FilterDomain.from_dataset(dataset)
    Store(dataset, consume=True).release_frames()
    wall = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, start, end, at_cpu, at_rss in log:
        print(f"  {start:6.1f}-{end:6.1f} s  CPU {at_cpu:5.1f} s  RSS {at_rss:6,.0f} MB  {name}")
    print(f"{events:,} events: load_dataset {loaded:.1f} s ({loaded_cpu:.1f} s of CPU), whole open {wall:.1f} s "
          f"wall, {cpu():.1f} s of CPU, peak RSS {peak:,.0f} MB")


def open_alone(directory: Path, steps: bool) -> None:
    """--open: open_here in a process of its own, with the load average around it."""
    print(f"before: {load()}")
    began = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "bench.acled_convert", "--open-here", str(directory)]
                   + (["--steps"] if steps else []), check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"process: {time.perf_counter() - began:.1f} s wall with the interpreter's start, "
          f"{after.ru_utime - before.ru_utime:.1f} s user + {after.ru_stime - before.ru_stime:.1f} s system CPU, "
          f"peak RSS {after.ru_maxrss / 1024:,.0f} MB; after: {load()}")


def filter_changes(count: int):
    from core.filters import FilterSpec

    return [FilterSpec(years=YEARS[i % len(YEARS)], actors=((ACTORS[i % len(ACTORS)],), True)) for i in range(count)]


def walk_and_rerun(directory: Path, reruns: int) -> dict:
    """In this process: every page's calls (page_walk.walk_pages), then a whole AppTest rerun of each page per filter
    change, on the data AppTest opened once (the app's own cache); the reruns' medians in ms."""
    from bench.page_walk import walk_pages
    from bench.scale import _app_reruns

    calls = walk_pages(directory)
    return {"calls": calls, "app_rerun_ms": _app_reruns(directory, filter_changes(reruns))}


def pages(directory: Path, reruns: int) -> None:
    """Every page's questions, figures and AppTest rerun at this directory's size (module docstring)."""
    from bench.scale import _page_work
    from core.load import load_dataset
    from core.pages import PAGES
    from core.query import Store

    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "walk.pickle"
        subprocess.run([sys.executable, "-m", "bench.acled_convert", "--walk", str(directory), "--calls", str(out),
                        "--reruns", str(reruns)], check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        walked = pickle.loads(out.read_bytes())
    print(f"walked and reran in AppTest: {load()}")
    began = time.perf_counter()
    dataset = load_dataset(directory)
    events = len(dataset.tables["events"])
    store = Store(dataset, consume=True)
    store.release_frames()
    del dataset
    print(f"{events:,} events opened in {time.perf_counter() - began:.1f} s ({load()})")
    specs = filter_changes(reruns)
    print(f"medians of {reruns} filter changes, ms: | page | its questions | its figures | whole AppTest rerun | "
          "slowest question (median ms) |")
    for page in PAGES:
        runs = [_page_work(store, walked["calls"][page.name], spec, page) for spec in specs]
        by_question = {name: statistics.median(r["by_question_s"][name] for r in runs) * 1000
                       for name in runs[0]["by_question_s"]}
        slowest = max(by_question.items(), key=lambda item: item[1], default=("–", 0.0))
        rerun = walked["app_rerun_ms"].get(page.name)
        print(f"| {page.name} | {statistics.median(r['queries_s'] for r in runs) * 1000:.0f} "
              f"| {statistics.median(r['figure_s'] for r in runs) * 1000:.0f} "
              f"| {'–' if rerun is None else f'{rerun:.0f}'} | {slowest[0]} {slowest[1]:.0f} |")
    print(f"after: {load()}; peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int, nargs="?", default=2_500_000)
    parser.add_argument("--keep", type=Path, help="copy the converted directory here (for --pages)")
    parser.add_argument("--pages", type=Path, help="time every page on this converted directory")
    parser.add_argument("--reruns", type=int, default=3, help="filter changes timed per page (--pages)")
    parser.add_argument("--open", type=Path, help="time the app's open of this converted directory alone")
    parser.add_argument("--steps", action="store_true", help="with --open: where the open's time goes")
    parser.add_argument("--open-here", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--walk", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_here:
        open_here(args.open_here, args.steps)
    elif args.open:
        open_alone(args.open, args.steps)
    elif args.walk:  # pickled: the calls hold FilterSpecs and the page's own arguments
        args.calls.write_bytes(pickle.dumps(walk_and_rerun(args.walk, args.reruns)))
    elif args.pages:
        pages(args.pages, args.reruns)
    else:
        convert_and_open(args.rows, args.keep)


if __name__ == "__main__":
    main()

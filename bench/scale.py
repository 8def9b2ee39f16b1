"""Benchmark: every page's questions at 10k, 100k and 1M generated events, beside a naive pandas baseline.

For each size, in fresh processes (so peak memory is that size's own):
- open: reading and validating the directory (core/load.py), then loading the engine (core/query), from CSV and,
  in a second process, from Parquet; the peak RSS of the process once the data is open (the app then keeps only
  the engine's copy: Store.release_frames);
- per page, the median of --reruns filter changes (year range and actor), so no cache helps:
  * queries: the page's own questions. Each page of core.pages.PAGES is run once in AppTest, in a process of its
    own, with the engine's call log on and the app's caches emptied (bench/page_walk.py): the questions it asks
    under the default filter, with their arguments (the router's, the sidebar's and the footer's included). Each
    filter change asks them again of the engine directly, the page's filter replaced by the new one;
  * figure: the page's figure builders (components/figures) over those answers, with their JSON as sent to the
    browser (Timeline, US aid and its breakdowns, the map deck, the stance heatmap, history and relations network,
    the Overview's trend and coverage); Sources and Data draw none;
  * app rerun: a whole AppTest rerun of the page (router, sidebar, page, footer) after a filter change;
- each page's chart payload (figure JSON bytes), the Timeline question alone, and the peak RSS of the process;
- baseline, in a process of its own: a naive pandas app that reads the same CSV files (no validation) and
  re-filters the full frame on every rerun: the timeline question (filter + actor match + monthly group-by), as
  the app did it before the query layer (a tuple column of actors per event); its load, rerun and peak RSS;
- per question: every registered question (core/query QUESTIONS) over the examples its registry entry gives on
  that dataset, each example run --question-rounds times; the median of those calls in ms. A new question is
  benchmarked here with no edit. Finding a question's examples is timed apart, not as the question. This walk
  runs last, so the peak RSS above is that of the pages' work; the peak after the walk is reported beside it.

Run: .venv/bin/python bench/scale.py [--sizes 10000 100000 1000000] [--reruns 7] [--question-rounds 3]
One size, open and pages only (no AppTest rerun; the page walk runs in a process of its own), in this process:
     .venv/bin/python bench/scale.py --child 1000000 --pages-only parquet --reruns 3
The generated directories are cached under $TMPDIR/scm-bench (delete them after a change to core/synthetic.py).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.page_walk import APP, build_figures, payload, replay, set_filter, walk_pages  # noqa: E402
from core.pages import PAGES  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "scm-bench"
ACTORS = ["ru", "az", "am", "tr", "ir", "us", "ru_mod"]


def _specs(count: int):
    from core.filters import FilterSpec

    years = [(2018, 2022), (2019, 2021), (2020, 2020), (2018, 2019), (2021, 2022), (2020, 2022), (2019, 2019)]
    return [FilterSpec(years=years[i % len(years)], actors=((ACTORS[i % len(ACTORS)],), True)) for i in range(count)]


def _page_work(store, calls, spec, page) -> dict:
    """One filter change of a page, with no cache: its questions (page_walk.replay) and then its figures built and
    serialised to JSON, as sent to the browser (page_walk.build_figures); times in seconds, payload in bytes."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    answers = replay(store, calls, spec, seconds=seconds)
    asked = time.perf_counter() - started
    started = time.perf_counter()
    size = payload(build_figures(page.name, answers, store, spec))
    return {"queries_s": asked, "figure_s": time.perf_counter() - started, "payload": size, "by_question_s": seconds}


def _walk(size: int, fmt: str) -> dict:
    """Every page's calls on `size` events (page_walk.walk_pages), learned in a process of its own: AppTest opens
    the data again, which must not count in this process's peak RSS."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "calls.pickle"
        subprocess.run([sys.executable, __file__, "--child", str(size), "--walk", fmt, "--calls", str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        return pickle.loads(out.read_bytes())


def _naive_timeline(events, tree, spec) -> int:
    """The question the old pandas code answered: year overlap, actor tuple match, monthly counts per type."""
    (low, high), (actors, include_children) = spec.years, spec.actors
    wanted = tree.expand(actors, include_children)
    mask = (events["start"].dt.year <= high) & (events["end"].dt.year.fillna(events["start"].dt.year) >= low)
    mask &= events["actor_ids"].map(lambda ids: not wanted.isdisjoint(ids))
    chosen = events.loc[mask]
    month = chosen["start"].dt.to_period("M")
    return int(chosen.assign(month=month).groupby(["month", "event_type"]).size().sum())


def _question_times(store, rounds: int) -> dict:
    """Every registered question over its examples: the median and the slowest call in ms, how many examples,
    and how long finding them took."""
    from core.query import QUESTIONS

    out = {}
    for question in QUESTIONS:
        started = time.perf_counter()
        examples = list(question.examples(store.engine))
        found_s = time.perf_counter() - started
        times = []
        for _ in range(rounds if examples else 0):
            for args in examples:
                started = time.perf_counter()
                question(store.engine, *args)
                times.append(time.perf_counter() - started)
        out[question.name] = {
            "domain": question.domain, "examples": len(examples),
            "examples_s": found_s, "median_ms": statistics.median(times) * 1000 if times else None,
            "max_ms": max(times) * 1000 if times else None,
        }
    return out


def _directory(size: int, fmt: str) -> Path:
    from core.synthetic import write_dataset

    directory = CACHE / (f"events-{size}" if fmt == "csv" else f"events-{size}-{fmt}")
    marker = directory / f"events.{fmt}"
    if not marker.exists():
        write_dataset(directory, size, fmt=fmt)
    return directory


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_only(size: int, fmt: str) -> dict:
    """Open and validate one directory, as the app does for SCM_DATA_DIR: its time and the process's peak RSS."""
    from core.load import load_dataset
    from core.query import Store

    directory = _directory(size, fmt)
    started = time.perf_counter()
    dataset = load_dataset(directory)
    loaded = time.perf_counter() - started
    store = Store(dataset, consume=True)  # as the app does (components/shell/dataset.py)
    store.release_frames()
    del dataset
    return {"size": size, "fmt": fmt, "load_s": loaded, "open_s": time.perf_counter() - started, "peak_rss_mb": _peak_mb()}


def naive(size: int, reruns: int) -> dict:
    """The naive pandas app: read the same CSV files, then re-filter the full frame on every rerun."""
    import pandas as pd

    from core.actors import ActorTree

    directory = _directory(size, "csv")
    started = time.perf_counter()
    events = pd.read_csv(directory / "events.csv", dtype=str, keep_default_na=False, na_values=[""])
    actors = pd.read_csv(directory / "actors.csv", dtype=str, keep_default_na=False, na_values=[""])
    events["start"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    events["end"] = pd.to_datetime(events["end_date"], format="%Y-%m-%d")
    events["actor_ids"] = events["actors"].str.split(";").map(tuple)
    tree = ActorTree.from_frame(actors)
    loaded = time.perf_counter() - started
    times = []
    for spec in _specs(reruns):
        started = time.perf_counter()
        _naive_timeline(events, tree, spec)
        times.append(time.perf_counter() - started)
    return {"size": size, "load_s": loaded, "timeline_ms": statistics.median(times) * 1000, "peak_rss_mb": _peak_mb()}


def child(size: int, reruns: int, question_rounds: int = 3, fmt: str = "csv", app: bool = True) -> dict:
    from core.load import load_dataset
    from core.query import Store

    directory = _directory(size, fmt)
    started = time.perf_counter()
    dataset = load_dataset(directory)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    store = Store(dataset, consume=True)
    store.release_frames()  # as the app does (components/shell/dataset.py): the engine keeps the only copy
    del dataset
    engine = time.perf_counter() - started
    result = {"size": size, "load_s": loaded, "engine_s": engine, "peak_rss_open_mb": _peak_mb(), "pages": {}}
    specs = _specs(reruns)
    walked = _walk(size, fmt)
    for page in PAGES:
        runs = [_page_work(store, walked[page.name], spec, page) for spec in specs]
        result["pages"][page.name] = {
            "queries_ms": statistics.median(r["queries_s"] for r in runs) * 1000,
            "figure_ms": statistics.median(r["figure_s"] for r in runs) * 1000,
            "payload": max(r["payload"] for r in runs),
            "questions": [name for name, _, _ in walked[page.name]],
            "question_ms": {name: statistics.median(r["by_question_s"][name] for r in runs) * 1000
                            for name in runs[0]["by_question_s"]},
        }
    tl = []
    for spec in specs:
        started = time.perf_counter()
        store.timeline(spec, 2000)
        tl.append(time.perf_counter() - started)
    result["timeline_queries_ms"] = statistics.median(tl) * 1000
    result["peak_rss_mb"] = _peak_mb()
    if not app:  # --pages-only: the open and the pages' questions and figures, the peak RSS of that process
        return result
    # AppTest opens the directory again in this process (the app's own cache), so it runs after the peak above.
    result["app_rerun_ms"] = _app_reruns(directory, specs) if size <= 1_000_000 else {}
    result["questions"] = _question_times(store, question_rounds)
    result["peak_rss_questions_mb"] = _peak_mb()
    return result


def _app_reruns(directory: Path, specs) -> dict:
    """A whole AppTest rerun per page after a filter change (the data is cached after the first run)."""
    from streamlit.testing.v1 import AppTest

    os.environ["SCM_DATA_DIR"] = str(directory)
    out = {}
    for page in PAGES:
        if not page.fields:  # the Data page draws no filter to change
            continue
        at = AppTest.from_file(APP, default_timeout=600)
        at.switch_page(page.file)
        at.run()
        times = []
        for spec in specs:
            set_filter(at, spec)
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
            assert not at.exception, [e.message for e in at.exception]
        out[page.name] = statistics.median(times) * 1000
    return out


def _run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--reruns", type=int, default=7, help="filter changes timed per page")
    parser.add_argument("--question-rounds", type=int, default=3, help="runs of each question's examples")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--open", choices=["csv", "parquet"], help=argparse.SUPPRESS)
    parser.add_argument("--naive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--walk", choices=["csv", "parquet"], help=argparse.SUPPRESS)
    parser.add_argument("--calls", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages-only", choices=["csv", "parquet"],
                        help="open SIZE (--child) from this format and time every page's questions and figures "
                             "(chart payloads) in one process, print JSON with its peak RSS; no AppTest rerun and no "
                             "per-question table (the pages' calls are still learned in AppTest, in a process of "
                             "their own)")
    args = parser.parse_args()
    if args.child:
        if args.walk:  # pickled: the calls hold FilterSpecs and the page's own arguments
            args.calls.write_bytes(pickle.dumps(walk_pages(_directory(args.child, args.walk))))
        elif args.open:
            print(json.dumps(open_only(args.child, args.open)))
        elif args.pages_only:
            print(json.dumps(child(args.child, args.reruns, fmt=args.pages_only, app=False)))
        elif args.naive:
            print(json.dumps(naive(args.child, args.reruns)))
        else:
            print(json.dumps(child(args.child, args.reruns, args.question_rounds)))
        return
    CACHE.mkdir(exist_ok=True)
    rows = []
    for size in args.sizes:
        common = ["--child", str(size), "--reruns", str(args.reruns)]
        row = _run_child(*common, "--question-rounds", str(args.question_rounds))
        row["csv"] = _run_child(*common, "--open", "csv")
        row["parquet"] = _run_child(*common, "--open", "parquet")
        row["naive"] = _run_child(*common, "--naive")
        rows.append(row)
    print(f"medians of {args.reruns} filter changes (year range and actor) per page; times in ms unless marked\n")
    print("| events | open + validate, CSV | open + validate, Parquet | peak RSS (CSV, Parquet) | timeline queries "
          "| naive pandas: load, timeline, peak RSS | naive ÷ app, timeline |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        n = r["naive"]
        print(f"| {r['size']:,} | {r['csv']['open_s']:.1f} s | {r['parquet']['open_s']:.1f} s "
              f"| {r['csv']['peak_rss_mb']:,.0f} MB, {r['parquet']['peak_rss_mb']:,.0f} MB | {r['timeline_queries_ms']:.0f} "
              f"| {n['load_s']:.1f} s, {n['timeline_ms']:.0f}, {n['peak_rss_mb']:,.0f} MB "
              f"| {n['timeline_ms'] / r['timeline_queries_ms']:.1f}× |")
    print("\n| events | page | queries | figure | whole app rerun (AppTest) | chart payload |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        for name, page in r["pages"].items():
            rerun = r["app_rerun_ms"].get(name)
            shown = f"{page['payload'] / 1000:.0f} KB" if page["payload"] else "–"
            figure = f"{page['figure_ms']:.0f}" if page["payload"] else "–"
            print(f"| {r['size']:,} | {name} | {page['queries_ms']:.0f} | {figure} "
                  f"| {'–' if rerun is None else f'{rerun:.0f}'} | {shown} |")
    print(f"\nthe questions each page asked on one run (AppTest, default filter), replayed above under each filter; "
          f"in brackets, the median ms of all its calls at {rows[-1]['size']:,} events:")
    for name, page in rows[-1]["pages"].items():
        counted = Counter(page["questions"])
        print(f"- {name}: " + ", ".join(f"{q}{f' ×{n}' if n > 1 else ''} ({page['question_ms'][q]:.0f})"
                                        for q, n in counted.items()))
    _print_questions(rows, args)


def _print_questions(rows: list[dict], args) -> None:
    """One row per registered question, one column per size: the median call in ms (the slowest in brackets)."""
    print(f"\nper question: median (slowest) ms over its examples × {args.question_rounds} rounds; "
          f"peak RSS after this walk: " + ", ".join(f"{r['peak_rss_questions_mb']:,.0f} MB at {r['size']:,}" for r in rows))
    print("\n| question | domain | examples | " + " | ".join(f"{r['size']:,} events" for r in rows) + " |")
    print("|---|---|---|" + "---|" * len(rows))
    slow = []
    for name, first in rows[0]["questions"].items():
        counts = {r["questions"][name]["examples"] for r in rows}
        cells = []
        for r in rows:
            q = r["questions"][name]
            if q["median_ms"] is None:
                cells.append("no examples")
            else:
                cells.append(f"{q['median_ms']:.1f} ({q['max_ms']:.0f})")
            if q["examples_s"] >= 1:
                slow.append(f"{name}: finding its examples took {q['examples_s']:.1f} s at {r['size']:,} events")
        print(f"| {name} | {first['domain']} | {'/'.join(str(c) for c in sorted(counts)) or '–'} | "
              + " | ".join(cells) + " |")
    for line in slow:
        print(f"- {line}")


if __name__ == "__main__":
    main()

"""Benchmark: the server's part of a rerun, per page, as CPU time of the script thread (so a busy machine changes it
little), beside the hello-world script of bench/startup.py.

Each page is opened in AppTest, then the "Include sub-actors" checkbox is toggled: the first two reruns fill the
caches, the next --runs are timed (warm). With --fresh, each timed rerun sets a search text never used before
(cold: every cache misses). CPU time is `time.thread_time()` around the script's execution in the script thread;
DuckDB's own worker threads are not counted. Pages are compiled once, as a server does (AppTest recompiles them on
every run). Pages without filters (Data) are left out: there is no filter to change. `--profile PAGE` prints a
cProfile of that page's timed reruns (with --fresh, its fresh ones). `--split` splits the median into the script thread's CPU in the
engine's statements (queries), in the figure builders and figure serialisation (figures), and the rest (the page's
own Python and Streamlit's), each its own median.
Run: .venv/bin/python bench/rerun_cpu.py [--runs 15] [--fresh] [--split] [--profile map]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import streamlit.runtime.scriptrunner.script_runner as script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from core.pages import PAGES  # noqa: E402
from startup import FRESH_TEXTS, HELLO  # noqa: E402

import streamlit.runtime.scriptrunner.script_cache as script_cache  # noqa: E402

_BYTECODE: dict[str, object] = {}
_compile = script_cache.ScriptCache.get_bytecode


def _kept_bytecode(self, script_path: str):
    """A server keeps one ScriptCache for its life, so a page is compiled once; AppTest makes a new one per run, and
    recompiling a page (with Streamlit's magic) would be counted as the page's time on every rerun."""
    key = str(Path(script_path).resolve())
    if key not in _BYTECODE:
        _BYTECODE[key] = _compile(self, script_path)
    return _BYTECODE[key]


script_cache.ScriptCache.get_bytecode = _kept_bytecode

_SORT = "cumulative"
_TIMES: list[float] = []
_PROFILE: list[cProfile.Profile] = []
_exec = script_runner.exec_func_with_error_handling


def _timed(func, ctx):
    def run():
        started = time.thread_time()
        if _PROFILE:
            _PROFILE[0].enable()
        try:
            return func()
        finally:
            if _PROFILE:
                _PROFILE[0].disable()
            _TIMES.append(time.thread_time() - started)
    return _exec(run, ctx)


script_runner.exec_func_with_error_handling = _timed

# --split: CPU time of the script thread inside the engine's statements and inside the figure builders, per rerun.
_PARTS = {"queries": 0.0, "figures": 0.0}
_DEPTH = {"queries": 0, "figures": 0}


def _counted(part: str, func):
    def run(*args, **kwargs):
        _DEPTH[part] += 1
        started = time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            _DEPTH[part] -= 1
            if _DEPTH[part] == 0:  # a builder calling a builder is counted once
                _PARTS[part] += time.thread_time() - started
    return functools.wraps(func)(run)


def _split_parts() -> None:
    """Wrap the engine's statements (queries) and every figure builder and figure serialisation (figures) before
    the app imports them, so the pages call the wrapped ones."""
    import importlib
    import pkgutil

    import components.figures as figures
    from components.figures.frozen import FrozenFigure
    from core.query.engine import Engine

    Engine.frame = _counted("queries", Engine.frame)
    FrozenFigure.to_dict = _counted("figures", FrozenFigure.to_dict)
    for info in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"components.figures.{info.name}")
        for name, func in list(vars(module).items()):
            if name.startswith("build_") and callable(func) and getattr(func, "__module__", "") == module.__name__:
                setattr(module, name, _counted("figures", func))


def _measure(at: AppTest, runs: int, texts, profile: bool) -> tuple[float, str]:
    def toggle():
        box = next(c for c in at.sidebar.checkbox if c.label == "Include sub-actors")
        box.set_value(not box.value)
    for _ in range(2):
        toggle()
        at.run()
    _TIMES.clear()
    parts: list[tuple[float, float]] = []
    if profile:
        _PROFILE.append(cProfile.Profile(time.thread_time))  # CPU of this thread, as the medians
    for _ in range(runs):
        if texts is None:
            toggle()
        else:
            next(t for t in at.sidebar.text_input if t.label == "Search text").set_value(next(texts))
        _PARTS.update(queries=0.0, figures=0.0)
        at.run()
        parts.append((_PARTS["queries"], _PARTS["figures"]))
    report = ""
    if _PROFILE:
        out = io.StringIO()
        pstats.Stats(_PROFILE.pop(), stream=out).sort_stats(_SORT).print_stats(40)
        report = out.getvalue()
    if at.exception:
        raise RuntimeError(f"the script raised: {at.exception[0].message}")
    at_median = statistics.median(_TIMES)
    _LAST_PARTS[:] = [statistics.median(p[i] for p in parts) for i in (0, 1)]
    return at_median, report


_LAST_PARTS: list[float] = [0.0, 0.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed reruns per page")
    parser.add_argument("--fresh", action="store_true", help="also time reruns on filter states never seen before")
    parser.add_argument("--profile", default=None,
                        help="a page name (or 'hello') to print a cProfile of (its fresh reruns with --fresh)")
    parser.add_argument("--split", action="store_true",
                        help="also print the medians of the CPU spent in queries and in figures (build + to_dict)")
    args = parser.parse_args()
    if args.split:
        _split_parts()
    texts = iter(FRESH_TEXTS * 3)
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        scripts = [("hello", str(hello), None)] + [(p.name, str(REPO / "app.py"), p.file) for p in PAGES if p.fields]
        for name, script, page_file in scripts:
            at = AppTest.from_file(script, default_timeout=120)
            if page_file:
                at.switch_page(page_file)
            at.run()
            warm, report = _measure(at, args.runs, None, args.profile == name and not args.fresh)
            line = f"{name:<15} warm rerun: median {warm * 1000:5.1f} ms CPU"
            if args.fresh:
                cold, report = _measure(at, args.runs, texts, args.profile == name)
                line += f"   fresh filter: median {cold * 1000:5.1f} ms CPU"
            if args.split:
                queries, built = _LAST_PARTS
                line += f" (queries {queries * 1000:.1f}, figures {built * 1000:.1f}, rest {(cold if args.fresh else warm) * 1000 - (queries + built) * 1000:.1f})"
            print(line, flush=True)
            if report:
                print(report)
    from components.shell.dataset import get_data  # the app's cached query layer: AppTest ran in this process

    answers = get_data()[2].answers
    print(f"answer cache after every page: {len(answers)} answers, {answers.bytes / 1e6:.1f} MB "
          f"(limits {answers.max_entries} answers, {answers.max_bytes / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()

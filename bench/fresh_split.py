"""Benchmark: where a fresh rerun's time goes, server or browser, per page beside hello-world (issue S).

A fresh rerun is bench/startup.py's: a search text never used before, typed into the sidebar and sent with Enter,
timed to the script_finished message of the rerun it starts. For each rerun this also reads, from /proc, the CPU
seconds the whole Streamlit server process spent (every thread: the script's, the event loop's sending the
deltas, DuckDB's) and the CPU seconds Chromium's renderer processes spent from the key press until they are done
drawing (their CPU has not grown by a clock tick for three polls 50 ms apart, after the app is idle). CPU time
moves much less with the machine's load than wall time, so the split holds on a busy machine.

Each page is opened in its own tab of one browser, beside a hello-world tab (bench/startup.py's HELLO, the same
sidebar), and their reruns alternate. Prints per page the medians of wall, server CPU and renderer CPU.

`--floor` times, instead of the app, hello-world with one small Plotly bar chart whose bars follow the search text
(HELLO_CHART): what any page that redraws one chart on a fresh filter pays, whatever its data. Streamlit gives a
plotly_chart element an id hashed from its figure, and its frontend keys each element by that id, so a chart whose
figure changed is unmounted and drawn anew by Plotly, not updated in place.
Run: .venv/bin/python bench/fresh_split.py [--reruns 7] [--pages overview timeline ...] [--floor]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from playwright.sync_api import sync_playwright  # noqa: E402

from startup import FILTERED_PAGES, FRESH_TEXTS, HELLO, _open  # noqa: E402
from tests.e2e.streamlit_server import (  # noqa: E402
    CHROMIUM_ARGS, SIDEBAR, StreamlitServer, find_chromium, last_rerun_ms, rerun,
)

TICK = 1 / os.sysconf("SC_CLK_TCK")

# hello-world's page with one Plotly chart of twelve bars whose heights follow the search text: each fresh rerun
# sends a new figure, as a page's chart does when a filter changes its data.
CHART = """    import plotly.graph_objects as go
    text = st.session_state.get("search") or ""
    heights = [(sum(map(ord, text)) * (m + 3)) % 17 + 1 for m in range(12)]
    st.plotly_chart(go.Figure(go.Bar(x=list(range(1, 13)), y=heights)), height=300)
"""
HELLO_CHART = (HELLO.replace('    st.write("world")\n', '    st.write("world")\n' + CHART)
               .replace('st.text_input("Search text")', 'st.text_input("Search text", key="search")'))


def _cpu(stat: Path) -> float:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process, every thread."""
    return _cpu(Path(f"/proc/{pid}/stat"))


def renderer_cpu() -> float:
    """CPU seconds of every Chromium renderer process on the machine (one browser runs)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if b"--type=renderer" in (proc / "cmdline").read_bytes():
                total += _cpu(proc / "stat")
        except OSError:  # ended while read
            continue
    return total


def _settled(page) -> float:
    """The renderers' CPU once it has stopped growing: the page has drawn what the rerun sent."""
    last, still = renderer_cpu(), 0
    while still < 3:
        page.wait_for_timeout(50)
        now = renderer_cpu()
        still = still + 1 if now - last < TICK / 2 else 0
        last = now
    return last


def fresh_rerun(page, server_pid: int, text: str) -> tuple[float, float, float]:
    """(wall ms, server CPU ms, renderer CPU ms) of one fresh rerun."""
    box = page.get_by_test_id(SIDEBAR).get_by_role("textbox", name="Search text")
    box.fill(text)
    _settled(page)
    server_before, renderer_before = process_cpu(server_pid), renderer_cpu()
    with rerun(page):
        box.press("Enter")
    server = process_cpu(server_pid) - server_before
    renderer = _settled(page) - renderer_before
    return last_rerun_ms(page), server * 1000, renderer * 1000


def _medians(runs: list[tuple[float, float, float]]) -> str:
    wall, server, renderer = (statistics.median(r[i] for r in runs) for i in range(3))
    return f"wall {wall:5.0f} ms, server CPU {server:4.0f} ms, renderer CPU {renderer:4.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=7)
    parser.add_argument("--pages", nargs="*", help="page names (core/pages.py), default every page with filters")
    parser.add_argument("--floor", action="store_true",
                        help="time hello-world with one Plotly chart (HELLO_CHART) instead of the app")
    args = parser.parse_args()
    pages = [p for p in FILTERED_PAGES if not args.pages or p.name in args.pages]
    if args.floor:
        pages = pages[:1]  # one script: its page is the first
    texts = iter(FRESH_TEXTS)
    hello_texts = iter(FRESH_TEXTS * 3)
    print(f"fresh reruns, median of {args.reruns}; CPU in clock ticks of {TICK * 1000:.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        hello_script = Path(tmp) / "hello.py"
        hello_script.write_text(HELLO, encoding="utf-8")
        chart_script = Path(tmp) / "hello_chart.py"
        chart_script.write_text(HELLO_CHART, encoding="utf-8")
        browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
        hello_server = StreamlitServer(script=str(hello_script))
        server = StreamlitServer(script=str(chart_script)) if args.floor else StreamlitServer()
        try:
            hello_server.wait_healthy()
            server.wait_healthy()
            for entry in pages:
                hello_page, app_page = _open(browser, hello_server.url), _open(browser, f"{server.url}/{entry.url_path}")
                hello, app = [], []
                for _ in range(args.reruns):
                    hello.append(fresh_rerun(hello_page, hello_server.pid, next(hello_texts)))
                    app.append(fresh_rerun(app_page, server.pid, next(texts)))
                hello_page.close()
                app_page.close()
                print(f"{'one chart' if args.floor else entry.name:<15} app   {_medians(app)}")
                print(f"{'':<15} hello {_medians(hello)}", flush=True)
        finally:
            hello_server.stop()
            server.stop()
            browser.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

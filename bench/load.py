"""Load benchmark: N readers at once on one `streamlit run`, each changing a sidebar filter in a loop, for every
page of the registry (core/pages.py), with one headless Chromium reader alongside that checks the page still
renders right.

Each reader is a browser-less client of Streamlit's websocket protocol (bench/protocol.py): it opens the page
(a rerun with no widget state); once all N have it open, each flips the "Include sub-actors" checkbox and waits
for that rerun's script_finished, up to --reruns times or until --seconds have passed, whichever comes first. Each
page gets a fresh server, warmed by one reader on that page (both filter values, so caches are filled), then runs
every N in increasing order. Per (page, N) cell it reports:
  p50 / p95   latency of the filter-change reruns (send of the BackMsg to script_finished), all readers pooled;
  errors      runs that drew an exception, did not finish within --timeout (120 s), or lost their socket;
  RSS/reader  (server RSS with the N readers still connected - RSS just before they connected) / N (N + 1 when
              the Chromium reader joined), in MB. Memory that earlier, smaller cells freed may be reused, so this
              can understate; the RSS column is absolute, and the summary gives its slope from the smallest N to
              the largest;
  CPU/rerun   server CPU seconds (user + system) during the readers' runs / runs completed (first loads included);
  browser     the Chromium reader, opened while the largest N readers run: the page drew no exception, its sidebar
              and content are there, and clicks on the checkbox reran it ("ok"), else what went wrong; with the
              median of its BROWSER_CLICKS filter changes (click to script_finished on its websocket), what a reader
              in a browser waits for while the others run. With --browser-every it joins every N, and the summary
              compares its median at 10 readers with its median at 1.
Targets (issue 22): no errors at 50 readers; RSS at most 5 MB per added reader; p95 at 10 at most 3x p95 at 1.

A page without filters (the Data page) gets plain reruns instead of filter changes. With --replicas K, K servers
run and reader i uses server i mod K, as compose.yaml's replicas behind a sticky proxy would share readers; one
Python process runs one script at a time for practical purposes (the GIL), so K processes on K cores is how a
deployment spreads readers.

Loopback only: the server is started here on 127.0.0.1. Bounded: every loop has a count and a deadline.
Run:  .venv/bin/python bench/load.py                      (N = 1 5 10 20 50, every page; about 10 min on 2 cores)
      .venv/bin/python bench/load.py --sessions 1 10 --pages timeline map --reruns 5 --seconds 10
      .venv/bin/python bench/load.py --json results.json  (also writes every cell as JSON)
      .venv/bin/python bench/load.py --replicas 2 --sessions 1 10   (two server processes, as compose.yaml runs)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from bench.protocol import RerunError, StreamlitSession  # noqa: E402
from core.pages import PAGES, PAGES_BY_NAME  # noqa: E402
from tests.e2e.streamlit_server import StreamlitServer  # noqa: E402

FILTER = "Include sub-actors"  # the sidebar checkbox every page draws; the same change as bench/startup.py's
BROWSER_CLICKS = 5
TICKS = os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Cell:
    page: str
    sessions: int
    replicas: int = 1  # servers the readers are spread over
    reruns: list[float] = field(default_factory=list)  # ms of each filter-change rerun
    first_loads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_base_mb: float = 0.0
    rss_loaded_mb: float = 0.0
    cpu_s: float = 0.0
    runs: int = 0
    browser: str = "not run"
    browser_ms: list[float] = field(default_factory=list)  # the Chromium reader's filter changes

    @property
    def p50(self) -> float:
        return statistics.median(self.reruns) if self.reruns else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.reruns, 0.95)

    @property
    def rss_per_session(self) -> float:
        browser = 0 if self.browser == "not run" else 1  # the Chromium reader is a session on the server too
        return (self.rss_loaded_mb - self.rss_base_mb) / (self.sessions + browser)

    @property
    def cpu_per_run(self) -> float:
        return self.cpu_s / self.runs if self.runs else float("nan")


async def reader(base_url: str, page_name: str, reruns: int, seconds: float, timeout_s: float, cell: Cell,
                 start: Start) -> StreamlitSession | None:
    """One reader: open the page, wait until every reader has it open, then flip the filter until `reruns` or
    `seconds` after that moment. Returns the open session (closed by the caller once the server's RSS is read)."""
    session = StreamlitSession(base_url, page_name)
    widget_id = None
    try:
        await session.open()
        first = await session.run(timeout_s=timeout_s)
        cell.first_loads.append(first.ms)
        cell.runs += 1
        cell.errors.extend(first.exceptions)
        if FILTER in session.sidebar_widgets:
            widget_id = session.sidebar_widgets[FILTER][1]
        elif PAGES_BY_NAME[cell.page].fields:
            cell.errors.append(f"no '{FILTER}' checkbox in the sidebar")
        else:
            widget_id = ""  # a page without filters (the Data page): plain reruns, as the browser's "Rerun" asks
    except (RerunError, OSError, TimeoutError) as error:
        cell.errors.append(f"{type(error).__name__}: {error}")
    deadline = await start.arrive(seconds)
    if widget_id is None:
        return session
    try:
        value = True  # the default; each rerun flips it
        for _ in range(reruns):
            if time.monotonic() >= deadline:
                break
            value = not value
            widgets = [WidgetState(id=widget_id, bool_value=value)] if widget_id else []
            result = await session.run(widgets, timeout_s=timeout_s)
            cell.runs += 1
            cell.reruns.append(result.ms)
            cell.errors.extend(result.exceptions)
    except (RerunError, OSError, TimeoutError) as error:
        cell.errors.append(f"{type(error).__name__}: {error}")
    return session


class Start:
    """A barrier: the filter changes start when every reader has its page open, so a large N measures N readers
    changing filters at once, not a queue of first loads. The last reader to arrive sets the common deadline."""

    def __init__(self, readers: int, on_start):
        self._waiting = readers
        self._event = asyncio.Event()
        self._on_start = on_start
        self.deadline = 0.0

    async def arrive(self, seconds: float) -> float:
        self._waiting -= 1
        if self._waiting == 0:
            self.deadline = time.monotonic() + seconds
            self._on_start()
            self._event.set()
        await self._event.wait()
        return self.deadline


async def drive(servers: list[StreamlitServer], page_name: str, cell: Cell, args,
                browser_window: threading.Event) -> None:
    """The cell's readers, spread over the servers in turn (reader i on server i mod K, as a sticky proxy would);
    CPU and RSS are summed over the servers."""
    cpu_start = sum(cpu_seconds(s.pid) for s in servers)
    start = Start(cell.sessions, browser_window.set)  # the Chromium reader starts with the filter changes
    sessions = await asyncio.gather(*(
        reader(servers[i % len(servers)].url, page_name, args.reruns, args.seconds, args.timeout, cell, start)
        for i in range(cell.sessions)))
    cell.cpu_s = sum(cpu_seconds(s.pid) for s in servers) - cpu_start
    cell.rss_loaded_mb = sum(rss_mb(s.pid) for s in servers)  # every reader still connected
    await asyncio.gather(*(s.close() for s in sessions if s is not None), return_exceptions=True)


def warm_up(base_url: str, page_name: str) -> None:
    async def once():
        session = StreamlitSession(base_url, page_name)
        await session.open()
        result = await session.run(timeout_s=180)
        widget_id = session.sidebar_widgets.get(FILTER, (None, None))[1]
        if widget_id:  # both filter values, so the caches hold what the readers will ask for
            await session.run([WidgetState(id=widget_id, bool_value=False)], timeout_s=180)
            await session.run([WidgetState(id=widget_id, bool_value=True)], timeout_s=180)
        await session.close()
        return result
    in_thread(once)


def in_thread(coroutine_function) -> None:
    """asyncio.run in its own thread: Playwright's sync API keeps an event loop running in the main one."""
    failure: list[BaseException] = []

    def target():
        try:
            asyncio.run(coroutine_function())
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def check_in_browser(browser, base_url: str, page, clicks_ms: list[float]) -> str:
    """Open the page in Chromium and click the filter BROWSER_CLICKS times: 'ok', or what went wrong. Each click's
    rerun time goes into clicks_ms."""
    from tests.e2e.streamlit_server import EXCEPTION, MAIN, SIDEBAR, last_rerun_ms, rerun, wait_for_app, watch_runs

    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    context.set_default_timeout(120_000)
    try:
        tab = watch_runs(context.new_page())
        tab.goto(f"{base_url}/{page.url_path}")
        wait_for_app(tab, 120_000)
        if tab.get_by_test_id(EXCEPTION).count():
            return "exception drawn"
        if not tab.get_by_test_id(SIDEBAR).get_by_text("Filters").count():
            return "no filters in the sidebar"
        if not tab.get_by_test_id(MAIN).get_by_role("heading").count():
            return "no heading in the page"
        if not page.fields:  # the Data page: nothing in the sidebar to change
            return "ok (drawn; no filter to change)"
        for _ in range(BROWSER_CLICKS):
            with rerun(tab, timeout_ms=120_000):
                tab.get_by_test_id(SIDEBAR).get_by_text(FILTER).click()
            clicks_ms.append(last_rerun_ms(tab))
            if tab.get_by_test_id(EXCEPTION).count():
                return "exception after the filter change"
        return "ok"
    except Exception as error:  # reported in the table, not raised: the load numbers still count
        return f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
    finally:
        context.close()


def run_page(page, args, browser) -> list[Cell]:
    """Every N on one fresh server for this page, in increasing N; the Chromium reader joins the largest N (or
    every N with --browser-every)."""
    cells = []
    servers = [StreamlitServer() for _ in range(args.replicas)]
    try:
        for server in servers:
            server.wait_healthy(120)
            warm_up(server.url, page.url_path)
        for sessions in sorted(args.sessions):
            cell = Cell(page.name, sessions, replicas=len(servers))
            cell.rss_base_mb = sum(rss_mb(s.pid) for s in servers)
            window = threading.Event()
            loop_thread = threading.Thread(target=lambda cell=cell, window=window: asyncio.run(
                drive(servers, page.url_path, cell, args, window)))
            loop_thread.start()
            if browser is not None and (args.browser_every or sessions == max(args.sessions)):
                window.wait(timeout=args.seconds + 300)
                cell.browser = check_in_browser(browser, servers[0].url, page, cell.browser_ms)
            loop_thread.join()
            cells.append(cell)
            print(row(cell), flush=True)
    finally:
        for server in servers:
            server.stop()
    return cells


def row(cell: Cell) -> str:
    errors = len(cell.errors)
    browser = cell.browser
    if cell.browser_ms:
        browser += f", median {statistics.median(cell.browser_ms):,.0f} ms"
    return (f"| {cell.page} | {cell.sessions} | {len(cell.reruns)} | {cell.p50:,.0f} | {cell.p95:,.0f} | {errors} | "
            f"{cell.rss_loaded_mb:,.0f} | {cell.rss_per_session:.1f} | {cell.cpu_per_run:.3f} | {browser} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20, 50], help="the N to run")
    parser.add_argument("--pages", nargs="+", default=[p.name for p in PAGES], choices=[p.name for p in PAGES])
    parser.add_argument("--reruns", type=int, default=5, help="filter changes per reader (at most)")
    parser.add_argument("--seconds", type=float, default=15.0, help="no reader starts a rerun after this")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take before it counts as an "
                        "error")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium reader")
    parser.add_argument("--browser-every", action="store_true", help="the Chromium reader joins every N, not only "
                        "the largest (it shares the CPU, so it slows the readers it joins)")
    parser.add_argument("--json", type=Path, help="also write every cell here")
    parser.add_argument("--replicas", type=int, default=1, help="servers to spread the readers over, as compose.yaml's "
                        "replicas behind a sticky proxy do (CPU and RSS are then summed over them)")
    args = parser.parse_args()
    if any(n < 1 or n > 200 for n in args.sessions):
        parser.error("--sessions: between 1 and 200 readers")
    if not 1 <= args.replicas <= 8:
        parser.error("--replicas: between 1 and 8 servers")

    cells: list[Cell] = []
    started = time.monotonic()
    print(f"{args.replicas} server process{'es' if args.replicas > 1 else ''}, readers spread over them in turn\n")
    print("| page | readers | reruns | p50 ms | p95 ms | errors | RSS MB | RSS MB/reader | CPU s/run | browser |")
    print("|---|---|---|---|---|---|---|---|---|---|")

    def go(browser):
        for name in args.pages:
            cells.extend(run_page(PAGES_BY_NAME[name], args, browser))

    if args.no_browser:
        go(None)
    else:
        from playwright.sync_api import sync_playwright

        from tests.e2e.streamlit_server import CHROMIUM_ARGS, find_chromium
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
            go(browser)
            browser.close()

    print(f"\n{len(cells)} cells in {time.monotonic() - started:.0f} s")
    for cell in cells:
        for error in sorted(set(cell.errors))[:3]:
            print(f"error, {cell.page} x{cell.sessions}: {error}")
    summary = targets(cells)
    for line in summary:
        print(line)
    if args.json:
        args.json.write_text(json.dumps([{**asdict(c), "p50": c.p50, "p95": c.p95,
                                          "rss_per_session": c.rss_per_session, "cpu_per_run": c.cpu_per_run}
                                         for c in cells], indent=1))


def targets(cells: list[Cell]) -> list[str]:
    """The issue's three targets, per page, for the N that were run."""
    lines = []
    by = {(c.page, c.sessions): c for c in cells}
    for page in dict.fromkeys(c.page for c in cells):
        parts = []
        if (page, 50) in by:
            parts.append(f"errors at 50: {len(by[page, 50].errors)} ({'met' if not by[page, 50].errors else 'MISSED'})")
        mine = sorted((c for c in cells if c.page == page), key=lambda c: c.sessions)
        worst = max(c.rss_per_session for c in mine)
        parts.append(f"worst RSS/reader in a cell {worst:.1f} MB ({'met' if worst <= 5 else 'MISSED'})")
        if len(mine) > 1:  # the slope of the absolute RSS, which memory reuse between cells cannot hide
            slope = (mine[-1].rss_loaded_mb - mine[0].rss_loaded_mb) / (mine[-1].sessions - mine[0].sessions)
            parts.append(f"RSS from {mine[0].sessions} to {mine[-1].sessions} readers: {slope:.2f} MB per added "
                         f"reader ({'met' if slope <= 5 else 'MISSED'})")
        if (page, 1) in by and (page, 10) in by:
            ratio = by[page, 10].p95 / by[page, 1].p95
            parts.append(f"p95 at 10 / p95 at 1 = {ratio:.1f}x ({'met' if ratio <= 3 else 'MISSED'})")
            if by[page, 1].browser_ms and by[page, 10].browser_ms:
                at_1, at_10 = (statistics.median(by[page, n].browser_ms) for n in (1, 10))
                parts.append(f"Chromium reader's median at 10 / at 1 = {at_10:,.0f} / {at_1:,.0f} ms = "
                             f"{at_10 / at_1:.1f}x")
        lines.append(f"{page}: " + "; ".join(parts))
    return lines


if __name__ == "__main__":
    main()

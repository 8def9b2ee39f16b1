"""Benchmark: median cold start and median rerun per page, each beside a hello-world Streamlit script.

Cold start = process start to first page idle in headless Chromium. Rerun = time from a click on the "Include
sub-actors" checkbox (a filter change) to the script_finished message of the rerun it starts, as the e2e rerun
helper sees it on the app's websocket. Toggling the checkbox alternates between two filter states, so after the
first two clicks every rerun finds the app's caches warm; `--fresh` also times reruns on filter states never
seen before (a new search text each time, two common letters that match most rows), where nothing is cached.
`--warm-load N` times N new tabs' page loads against a server that has already served the page: the part of a
cold start left to the browser and a new session's first run, which no server-side start-up work can remove.
`--paired` runs the hello-world script and the app at the same time and alternates their reruns page by page, so
that on a shared machine a change in load hits both alike (the ratio is then per page, against its own pairs). The hello-world script draws the same sidebar (the six-page navigation, a year slider, four
multiselects, a checkbox, a text box) and a two-line page, so the ratio is the cost of the data and the content. Also prints the import
time of the engine (duckdb) and of pandas, measured in a fresh interpreter.
Run: .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from core.pages import PAGES  # noqa: E402

# A rerun is timed on a filter change, so only pages that draw filters (not the Data page) are timed.
FILTERED_PAGES = [entry for entry in PAGES if entry.fields]
from tests.e2e.streamlit_server import (  # noqa: E402
    CHROMIUM_ARGS,
    SIDEBAR,
    StreamlitServer,
    find_chromium,
    last_rerun_ms,
    rerun,
    wait_for_app,
    watch_runs,
)

HELLO = """import streamlit as st


def hello():
    st.title("Hello")
    st.write("world")


pages = [st.Page(hello, title=t, url_path=u, default=not u) for t, u in
         [("Overview", ""), ("Timeline", "timeline"), ("US aid", "us_aid"), ("Map", "map"),
          ("Actors & stances", "actors_stances"), ("Sources", "sources")]]
page = st.navigation(pages, position="sidebar")
with st.sidebar:
    st.header("Filters")
    st.select_slider("Years", ["before", 2018, 2019, 2020, 2021, 2022], value=(2018, 2022))
    st.multiselect("Actors", ["a", "b"])
    st.checkbox("Include sub-actors", value=True)
    st.multiselect("Event types", ["a", "b"])
    st.multiselect("Stance topics", ["a", "b"])
    st.multiselect("Event origin", ["a", "b"])
    st.text_input("Search text")
page.run()
"""


def _cold_start(browser, script: str | None, path: str) -> float:
    started = time.perf_counter()
    server = StreamlitServer(script=script)
    try:
        server.wait_healthy()
        page = browser.new_page()
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        server.stop()


def _warm_loads(browser, script: str | None, loads: int) -> list[float]:
    """Seconds from a new tab's goto to the first page idle, on a server that has already served that page once:
    no import, no data load, no cache miss is left, only a new session's first run and the browser's part (a new
    browser context each time, so no script comes from the browser's cache). The part of a cold start that no
    server-side change can remove."""
    server = StreamlitServer(script=script)
    try:
        server.wait_healthy()
        times = []
        for load in range(loads + 1):  # the first one warms the server
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            page.goto(server.url)
            wait_for_app(page)
            if load:
                times.append(time.perf_counter() - started)
            context.close()
        return times
    finally:
        server.stop()


def _open(browser, url: str):
    page = watch_runs(browser.new_page())
    page.goto(url)
    wait_for_app(page)
    return page


def _toggle(page) -> float:
    """Seconds from a click on the "Include sub-actors" checkbox to the end of the rerun it starts.

    With no actor selected the checkbox changes no content: the rerun is the whole script (router, filters,
    page, footer) over the same data, and the two filter states it alternates between are cached after the
    first two clicks."""
    with rerun(page):
        page.get_by_test_id("stCheckbox").first.get_by_text("Include sub-actors").click()
    return last_rerun_ms(page) / 1000


def _search(page, text: str) -> float:
    """Seconds from Enter in the search box, with a search text not used before, to the end of the rerun."""
    box = page.get_by_test_id(SIDEBAR).get_by_role("textbox", name="Search text")
    box.fill(text)
    with rerun(page):
        box.press("Enter")
    return last_rerun_ms(page) / 1000


def _reruns(browser, url: str, runs: int) -> list[float]:
    page = _open(browser, url)
    times = [_toggle(page) for _ in range(runs)]
    page.close()
    return times


def _fresh_reruns(browser, url: str, texts: list[str]) -> list[float]:
    page = _open(browser, url)
    times = [_search(page, text) for text in texts]
    page.close()
    return times


# Two-letter searches that match most events, sources and stances; each is used once per server, so every rerun
# asks about a filter state no cache has seen.
FRESH_TEXTS = ("an ar as at ea ed en er es in io is it le nd ne on or ou ra re se st te th ti to ve al ch co de di "
               "ec el ic il la li ll lo ma me na nc ng nt oc om os ot pe pr ri ro sa si so ta tr ue ur us").split()


def _paired(browser, hello_url: str, app_url: str, runs: int, fresh: bool, texts) -> None:
    """Both servers up; for each page, a hello-world rerun and an app rerun in turn, so a change in the machine's
    load hits both alike. Prints each page's medians and their ratio."""
    hello_texts = iter(FRESH_TEXTS * 3)
    for entry in FILTERED_PAGES:
        try:
            _pair_page(browser, hello_url, app_url, entry, runs, fresh, texts, hello_texts)
        except (AssertionError, PlaywrightError) as error:  # a timeout on an overloaded machine: say so, go on
            print(f"rerun {entry.name:<15} not measured: {str(error).splitlines()[0]}")


def _pair_page(browser, hello_url, app_url, entry, runs, fresh, texts, hello_texts) -> None:
    hello_page, app_page = _open(browser, hello_url), _open(browser, f"{app_url}/{entry.url_path}")
    try:
        pairs = [(_toggle(hello_page), _toggle(app_page)) for _ in range(runs)]
        hello, app = (statistics.median(p[i] for p in pairs) for i in (0, 1))
        print(f"rerun {entry.name:<15} median {app * 1000:5.0f} ms, hello-world {hello * 1000:4.0f} ms (paired)  "
              f"ratio {app / hello:.2f}x", flush=True)
        if fresh:
            pairs = [(_search(hello_page, next(hello_texts)), _search(app_page, next(texts))) for _ in range(runs)]
            hello, app = (statistics.median(p[i] for p in pairs) for i in (0, 1))
            print(f"fresh-filter rerun {entry.name:<15} median {app * 1000:5.0f} ms, hello-world {hello * 1000:4.0f} ms "
                  f"(paired)  ratio {app / hello:.2f}x", flush=True)
    finally:
        hello_page.close()
        app_page.close()


def _import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(5)]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", type=int, default=5, help="cold starts per script")
    parser.add_argument("--reruns", type=int, default=7, help="reruns per page")
    parser.add_argument("--fresh", action="store_true", help="also time reruns on filter states never seen before")
    parser.add_argument("--no-cold-start", action="store_true", help="skip the cold starts and imports")
    parser.add_argument("--warm-load", type=int, default=0, metavar="N",
                        help="also time N page loads against a server that has served the page (the browser's part)")
    parser.add_argument("--paired", action="store_true",
                        help="run hello-world and the app side by side, alternating their reruns (for a busy machine)")
    args = parser.parse_args()
    texts = iter(FRESH_TEXTS)
    for module in () if args.no_cold_start else ("duckdb", "pandas", "pandera.pandas"):
        print(f"import {module}: median of 5 fresh interpreters {_import_seconds(module) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
        if not args.no_cold_start:
            hello_cold = statistics.median(_cold_start(browser, str(hello), "") for _ in range(args.cold))
            app_cold = statistics.median(_cold_start(browser, None, "") for _ in range(args.cold))
            print(f"cold start, median of {args.cold}: app {app_cold:.2f} s, hello-world {hello_cold:.2f} s, "
                  f"ratio {app_cold / hello_cold:.2f}x")
        if args.warm_load:
            hello_load = statistics.median(_warm_loads(browser, str(hello), args.warm_load))
            app_load = statistics.median(_warm_loads(browser, None, args.warm_load))
            print(f"page load on a warm server (goto to idle), median of {args.warm_load}: app {app_load:.2f} s, "
                  f"hello-world {hello_load:.2f} s")

        if args.paired:
            hello_server, server = StreamlitServer(script=str(hello)), StreamlitServer()
            try:
                hello_server.wait_healthy()
                server.wait_healthy()
                _paired(browser, hello_server.url, server.url, args.reruns, args.fresh, texts)
                print(f"peak server memory after every page: app {server.peak_memory_mb():.0f} MB, "
                      f"hello-world {hello_server.peak_memory_mb():.0f} MB")
            finally:
                hello_server.stop()
                server.stop()
                browser.close()
            return

        server = StreamlitServer(script=str(hello))
        server.wait_healthy()
        hello_rerun = statistics.median(_reruns(browser, server.url, args.reruns))
        if args.fresh:
            hello_fresh = statistics.median(_fresh_reruns(browser, server.url, [next(texts) for _ in range(args.reruns)]))
        hello_memory = server.peak_memory_mb()
        server.stop()
        print(f"rerun, hello-world with the same sidebar: median {hello_rerun * 1000:.0f} ms")
        if args.fresh:
            print(f"fresh-filter rerun, hello-world: median {hello_fresh * 1000:.0f} ms")

        server = StreamlitServer()
        server.wait_healthy()
        try:
            for entry in FILTERED_PAGES:
                median = statistics.median(_reruns(browser, f"{server.url}/{entry.url_path}", args.reruns))
                print(f"rerun {entry.name:<15} median {median * 1000:5.0f} ms  ratio {median / hello_rerun:.2f}x")
                if args.fresh:
                    fresh = statistics.median(_fresh_reruns(browser, f"{server.url}/{entry.url_path}",
                                                            [next(texts) for _ in range(args.reruns)]))
                    print(f"fresh-filter rerun {entry.name:<15} median {fresh * 1000:5.0f} ms  "
                          f"ratio {fresh / hello_fresh:.2f}x")
            print(f"peak server memory after every page: app {server.peak_memory_mb():.0f} MB, hello-world {hello_memory:.0f} MB")
        finally:
            server.stop()
        browser.close()


if __name__ == "__main__":
    main()

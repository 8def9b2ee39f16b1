"""Benchmark: median cold start and median rerun per page, each beside a hello-world Streamlit script.

Cold start = process start to first page idle in headless Chromium. Rerun = time from a checkbox click to the
page being idle again. Prints medians and the ratios to hello-world. Run: .venv/bin/python bench/startup.py
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

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.streamlit_server import CHROMIUM_ARGS, StreamlitServer, find_chromium, wait_for_app  # noqa: E402

PAGES = ["", "timeline", "us_aid", "map", "actors_stances", "sources"]
HELLO = 'import streamlit as st\nst.title("Hello")\nst.write("world")\nst.checkbox("Rerun me")\n'


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


_WATCH_RERUN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__rerun = {start: performance.now(), running: false, ms: null};
  const observer = new MutationObserver(() => {
    const state = app.getAttribute("data-test-script-state");
    if (state === "running") window.__rerun.running = true;
    if (window.__rerun.running && state === "notRunning") {
      window.__rerun.ms = performance.now() - window.__rerun.start;
      observer.disconnect();
    }
  });
  observer.observe(app, {attributes: true});
}"""


def _reruns(browser, url: str, runs: int) -> list[float]:
    """Seconds from a click on the first checkbox to the script state returning to notRunning, timed in the page.

    In the app that checkbox is "Include sub-actors", which with no actor selected changes no content: the rerun
    is the whole script (router, filters, page, footer) with the same data."""
    page = browser.new_page()
    page.goto(url)
    wait_for_app(page)
    times = []
    for _ in range(runs):
        for attempt in range(3):  # a click that lands while the page is still settling can be lost; retry it
            page.evaluate(_WATCH_RERUN)
            page.get_by_test_id("stCheckbox").first.click()
            try:
                page.wait_for_function("() => window.__rerun.ms !== null", timeout=10_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                wait_for_app(page)
        times.append(page.evaluate("() => window.__rerun.ms") / 1000)
        wait_for_app(page)
    page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", type=int, default=5, help="cold starts per script")
    parser.add_argument("--reruns", type=int, default=7, help="reruns per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
        hello_cold = statistics.median(_cold_start(browser, str(hello), "") for _ in range(args.cold))
        app_cold = statistics.median(_cold_start(browser, None, "") for _ in range(args.cold))
        print(f"cold start, median of {args.cold}: app {app_cold:.2f} s, hello-world {hello_cold:.2f} s, ratio {app_cold / hello_cold:.2f}x")

        server = StreamlitServer(script=str(hello))
        server.wait_healthy()
        hello_rerun = statistics.median(_reruns(browser, server.url, args.reruns))
        hello_memory = server.peak_memory_mb()
        server.stop()
        print(f"rerun, hello-world: median {hello_rerun * 1000:.0f} ms")

        server = StreamlitServer()
        server.wait_healthy()
        try:
            for path in PAGES:
                median = statistics.median(_reruns(browser, f"{server.url}/{path}", args.reruns))
                print(f"rerun /{path:<15} median {median * 1000:5.0f} ms  ratio {median / hello_rerun:.2f}x")
            print(f"peak server memory after every page: app {server.peak_memory_mb():.0f} MB, hello-world {hello_memory:.0f} MB")
        finally:
            server.stop()
        browser.close()


if __name__ == "__main__":
    main()

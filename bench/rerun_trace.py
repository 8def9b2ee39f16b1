"""Benchmark: where a browser rerun's time goes, per page, beside the hello-world script of bench/startup.py.

For each page, the "Include sub-actors" checkbox is clicked --reruns times (warm: after two clicks both filter
states are cached) and every websocket frame is timed as headless Chromium sees it. Each rerun is split into:
  to send     click to the rerun BackMsg leaving the browser (Playwright's click and the browser's own work);
  to first    BackMsg to the first message of the rerun (the server picks the rerun up);
  streaming   first message to script_finished (the script runs while its elements are sent, one message each);
and it counts the messages and bytes of one rerun. Medians per page; "ratio" is the total against hello-world's.
With --top N it also prints, for the page's slowest gaps between two messages, which element came after the gap
(the code that made it ran during the gap).
With --split, the servers run through bench/timed_streamlit.py, which notes when each message has left the server,
and each rerun is split instead into: click (as above); server, from the BackMsg leaving the browser to the last
message of the rerun leaving the server; browser, from then to the page receiving script_finished (Chromium
delivers a frame to the page when its main thread is free: this is the frontend applying the rerun's elements).
With --matched, each page is also compared with an element-matched hello-world: the same script with as many
extra Markdown elements as the page sends more messages than hello-world, of the same average size. Its time is
what Streamlit itself spends to send that many elements, whatever they hold; "own" is the page's time over it,
the share of the rerun that the app's own code decides.
Run: .venv/bin/python bench/rerun_trace.py [--reruns 9] [--pages overview map] [--top 5] [--split] [--matched]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from core.pages import PAGES  # noqa: E402
from startup import FRESH_TEXTS, HELLO  # noqa: E402
from tests.e2e.streamlit_server import (  # noqa: E402
    CHROMIUM_ARGS,
    SIDEBAR,
    StreamlitServer,
    find_chromium,
    rerun,
    wait_for_app,
    watch_runs,
)

FILTERED_PAGES = [entry for entry in PAGES if entry.fields]


def matched_hello(extra: int, size: int) -> str:
    """HELLO with `extra` more Markdown elements of about `size` bytes each; each text ends with its number, so no
    two elements are the same."""
    body = "x" * max(size - 40, 1)
    return HELLO.replace('    st.write("world")\n',
                         f'    st.write("world")\n    for i in range({extra}):\n        st.markdown(f"{body} {{i}}")\n')


@dataclass
class Rerun:
    to_send: float  # ms
    to_first: float
    streaming: float
    messages: int
    size: int
    gaps: list[tuple[float, str]]
    server: float | None = None  # --split: BackMsg sent to the rerun's last message leaving the server
    browser: float | None = None  # --split: from then to the page receiving script_finished

    @property
    def total(self) -> float:
        return self.to_send + self.to_first + self.streaming


def _kind(payload: bytes) -> str:
    message = ForwardMsg()
    message.ParseFromString(payload)
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element.WhichOneof("type")
        body = getattr(getattr(message.delta.new_element, element), "body", "")
        return f"{element} {body[:40]!r}" if isinstance(body, str) and body else element
    return f"delta.{message.delta.WhichOneof('type')}" if kind == "delta" else kind


def _left_server(wire_log: Path, offset: int) -> float:
    """The time the last message written to the log after `offset` left the server (bench/timed_streamlit.py)."""
    with wire_log.open(encoding="utf-8") as handle:
        handle.seek(offset)
        return max(float(line.split()[0]) for line in handle if line.strip())


def _trace(browser, url: str, runs: int, wire_log: Path | None = None, texts=None) -> list[Rerun]:
    """`texts`: an iterator of search texts never used on this server; each rerun then types one and presses Enter
    (a fresh rerun, every cache misses) instead of clicking the checkbox."""
    page = watch_runs(browser.new_page())
    received: list[tuple[float, bytes]] = []
    sent: list[float] = []

    def follow(socket):
        if "_stcore/stream" in socket.url:
            socket.on("framereceived", lambda payload: received.append((time.perf_counter(), payload)))
            socket.on("framesent", lambda payload: sent.append(time.perf_counter()))

    page.on("websocket", follow)
    page.goto(url)
    wait_for_app(page)
    reruns = []
    try:
        for index in range(runs + 2):  # the first two fill the caches of both filter states
            received.clear()
            sent.clear()
            if texts is not None:
                box = page.get_by_test_id(SIDEBAR).get_by_role("textbox", name="Search text")
                box.fill(next(texts))
            offset = wire_log.stat().st_size if wire_log else 0
            started = time.perf_counter()
            with rerun(page):
                if texts is not None:
                    box.press("Enter")
                else:
                    page.get_by_test_id("stCheckbox").first.get_by_text("Include sub-actors").click()
            frames = [(t, p) for t, p in received if isinstance(p, bytes)]
            if index < 2 or not frames or not sent:
                continue
            times = [t for t, _ in frames]
            gaps = sorted(((later - earlier) * 1000, _kind(payload))
                          for (earlier, _), (later, payload) in zip(frames, frames[1:]))[::-1]
            rerun_times = Rerun((sent[0] - started) * 1000, (times[0] - sent[0]) * 1000, (times[-1] - times[0]) * 1000,
                                len(frames), sum(len(p) for _, p in frames), gaps)
            if wire_log:
                left = _left_server(wire_log, offset)
                rerun_times.server, rerun_times.browser = (left - sent[0]) * 1000, (times[-1] - left) * 1000
            reruns.append(rerun_times)
    finally:
        page.close()
    return reruns


def _row(name: str, reruns: list[Rerun], hello_total: float | None, split: bool = False) -> str:
    def median(attribute):
        return statistics.median(getattr(r, attribute) for r in reruns)
    total = median("total")
    ratio = f"{total / hello_total:.2f}x" if hello_total else ""
    if split:
        return (f"| {name} | {median('to_send'):.0f} | {median('server'):.0f} | {median('browser'):.0f} | "
                f"{total:.0f} | {ratio} | {median('messages'):.0f} | {median('size') / 1000:.1f} |")
    return (f"| {name} | {median('to_send'):.0f} | {median('to_first'):.0f} | {median('streaming'):.0f} | "
            f"{total:.0f} | {ratio} | {median('messages'):.0f} | {median('size') / 1000:.1f} |")


def _print_matched(browser, tmp: Path, hello_reruns: list[Rerun], measured: dict, runs: int) -> None:
    """Each page beside hello-world padded to the page's message count and bytes (see the module docstring)."""
    hello_messages = statistics.median(r.messages for r in hello_reruns)
    hello_bytes = statistics.median(r.size for r in hello_reruns)
    print("\n| page | page total ms | matched hello-world ms | page / matched | own ms | extra elements |")
    print("|---|---|---|---|---|---|")
    for name, reruns in measured.items():
        extra = int(statistics.median(r.messages for r in reruns) - hello_messages)
        size = int((statistics.median(r.size for r in reruns) - hello_bytes) / max(extra, 1))
        script = tmp / f"matched_{name}.py"
        script.write_text(matched_hello(extra, size), encoding="utf-8")
        server = StreamlitServer(script=str(script))
        try:
            server.wait_healthy()
            matched = _trace(browser, server.url, runs)
        finally:
            server.stop()
        page_total = statistics.median(r.total for r in reruns)
        matched_total = statistics.median(r.total for r in matched)
        print(f"| {name} | {page_total:.0f} | {matched_total:.0f} | {page_total / matched_total:.2f}x | "
              f"{page_total - matched_total:.0f} | {extra} of ~{size} B |", flush=True)


def texts(fresh: bool):
    """Search texts for one server's fresh reruns (None for warm reruns): each is used once on it."""
    return iter(FRESH_TEXTS) if fresh else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reruns", type=int, default=9)
    parser.add_argument("--pages", nargs="+", choices=[p.name for p in FILTERED_PAGES],
                        default=[p.name for p in FILTERED_PAGES])
    parser.add_argument("--top", type=int, default=0, help="also print each page's N slowest gaps between messages")
    parser.add_argument("--matched", action="store_true",
                        help="also time an element-matched hello-world per page (its own server, after the app's)")
    parser.add_argument("--fresh", action="store_true",
                        help="each rerun types a search text never used before and presses Enter (no cache holds it)")
    parser.add_argument("--split", action="store_true",
                        help="split each rerun into click, server and browser (servers run via bench/timed_streamlit.py)")
    args = parser.parse_args()
    columns = "server ms | browser ms" if args.split else "to first ms | streaming ms"
    print(f"| page | to send ms | {columns} | total ms | ratio | messages | KB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        wire_log = Path(tmp) / "wire.log" if args.split else None
        if wire_log:
            wire_log.touch()
        timed = {"env": {"SCM_WIRE_LOG": str(wire_log)}, "launcher": (str(REPO / "bench" / "timed_streamlit.py"),)} \
            if wire_log else {}
        browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            server = StreamlitServer(script=str(hello), **timed)
            try:
                server.wait_healthy()
                hello_reruns = _trace(browser, server.url, args.reruns, wire_log, texts(args.fresh))
            finally:
                server.stop()
            hello_total = statistics.median(r.total for r in hello_reruns)
            print(_row("hello-world", hello_reruns, None, args.split), flush=True)
            server = StreamlitServer(**timed)
            try:
                server.wait_healthy()
                details, measured = [], {}
                fresh = texts(args.fresh)
                for entry in FILTERED_PAGES:
                    if entry.name not in args.pages:
                        continue
                    reruns = _trace(browser, f"{server.url}/{entry.url_path}", args.reruns, wire_log, fresh)
                    measured[entry.name] = reruns
                    print(_row(entry.name, reruns, hello_total, args.split), flush=True)
                    if args.top:
                        middle = sorted(reruns, key=lambda r: r.total)[len(reruns) // 2]
                        details.append((entry.name, middle.gaps[:args.top]))
            finally:
                server.stop()
            if args.matched:
                _print_matched(browser, Path(tmp), hello_reruns, measured, args.reruns)
        finally:
            browser.close()
    for name, gaps in details if args.top else ():
        print(f"\n{name}, the median rerun's slowest gaps (ms, then the message that ended the gap):")
        for gap, kind in gaps:
            print(f"  {gap:6.1f}  {kind}")


if __name__ == "__main__":
    main()

"""Benchmark: the Map's first draw in headless Chromium (software WebGL), from navigation to the deck drawn, split
into where the time goes, beside hello-world's first page (bench/startup.py's HELLO) in the same run.

Each visit is a fresh browser context (no cache, no cookies) that opens /map. The page itself notes, in
performance.now() milliseconds from the navigation's start:
  html       the HTML document received;
  bundle     the last script received before the websocket opened (Streamlit's JS bundle);
  ws open    the app's websocket open;
  first msg  the first message on it (the session starting on the server);
  finished   the script_finished message of the first run (its script has ended on the server);
  chunks     the last script received (the chunks of the elements the page draws, loaded when first drawn:
             deck.gl's for the Map, Plotly's for a chart, the syntax highlighter for st.code);
  idle       the app showing no running script and no skeleton;
  deck       deck.gl set up (its tooltip element exists, the canvas has a size: tests/e2e/test_map.py's DECK_READY),
  drawn      then two animation frames later (deck.gl draws its first layers in them);
  all drawn  the first frame after the page's last WebGL draw call, once none has come for 1.5 s: every layer
             drawn, the country outlines too, which deck.gl draws in a later frame, when their file has come (the
             issue's "first draw" is judged on this mark; "drawn" left them out).
Beside the marks, two measures the machine's load moves little: "gpu cpu", the CPU seconds of Chromium's GPU
process from the visit's start to the 1.5 s of quiet after "all drawn" (with software WebGL, SwiftShader
compiling and running each WebGL program there is most of the draw, and the renderer waits for it), and
"programs", the WebGL programs the page linked (each costs SwiftShader about half a second to a second of that CPU
on its first draw).
The script's time is "first msg" to "finished"; what comes before is Streamlit's page and websocket, what comes
after the browser's. With --server cold every visit has a server of its own (started and healthy, never visited:
the first script run loads the data); with --server warm (the default) one server takes every visit after one
visit that warms it. Prints each mark's median and the median of each step.
Run: .venv/bin/python bench/map_first_draw.py [--visits 5] [--server warm|cold] [--path map]
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
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from startup import HELLO  # noqa: E402
from tests.e2e.streamlit_server import CHROMIUM_ARGS, StreamlitServer, find_chromium, wait_for_app  # noqa: E402

# Runs in the page before its own scripts: notes when the app's websocket opens and when each message arrives.
MARKS = """(() => {
  const marks = window.__marks = {messages: []};
  const Native = window.WebSocket;
  function Watched(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes('_stcore/stream')) {
      socket.addEventListener('open', () => { if (marks.wsOpen === undefined) marks.wsOpen = performance.now(); });
      socket.addEventListener('message', () => marks.messages.push(performance.now()));
    }
    return socket;
  }
  Watched.prototype = Native.prototype;
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Watched[key] = Native[key];
  window.WebSocket = Watched;
  const deckReady = () => {
    const chart = document.querySelector("[data-testid='stDeckGlJsonChart']");
    const canvas = chart && chart.querySelector('canvas');
    return !!(canvas && canvas.width > 0 && chart.querySelector('.deck-tooltip'));
  };
  // "all drawn": the first frame after the last WebGL draw call, once no draw call has come for QUIET_MS. deck.gl
  // draws only when something changed, so its draws stop when every layer is drawn; the country outlines' layer,
  // whose file is fetched after deck.gl has set up, draws in a later frame than the others.
  const QUIET_MS = 1500;
  let drawCalls = 0, seenDrawCalls = 0, quietSince;
  const watch = () => {
    const now = performance.now();
    if (marks.deck === undefined && deckReady()) {
      marks.deck = now;
      requestAnimationFrame(() => requestAnimationFrame(() => { marks.drawn = performance.now(); }));
    }
    if (marks.deck !== undefined) {
      if (drawCalls !== seenDrawCalls) {
        seenDrawCalls = drawCalls;
        marks.allDrawn = now;
        quietSince = now;
      } else if (marks.allDrawn !== undefined && now - quietSince >= QUIET_MS) {
        marks.quiet = true;
      }
    }
    if (!marks.quiet) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  marks.programs = 0;
  for (const Context of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!Context) continue;
    const link = Context.prototype.linkProgram;
    Context.prototype.linkProgram = function (...args) { marks.programs += 1; return link.apply(this, args); };
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const draw = Context.prototype[name];
      if (draw) Context.prototype[name] = function (...args) { drawCalls += 1; return draw.apply(this, args); };
    }
  }
})();"""

READ_MARKS = """() => {
  const m = window.__marks;
  const nav = performance.getEntriesByType('navigation')[0];
  const scripts = performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script'
    || r.name.endsWith('.js'));
  const before = scripts.filter(r => r.startTime < m.wsOpen);
  return {html: nav.responseEnd, bundle: Math.max(0, ...before.map(r => r.responseEnd)),
          chunks: Math.max(0, ...scripts.map(r => r.responseEnd)), wsOpen: m.wsOpen,
          messages: m.messages, deck: m.deck ?? null, drawn: m.drawn ?? null, allDrawn: m.allDrawn ?? null,
          programs: m.programs,
          now: performance.now()};
}"""

STEPS = ("html", "bundle", "ws open", "first msg", "finished", "chunks", "idle", "deck", "drawn", "all drawn")


def gpu_process_cpu() -> float:
    """CPU seconds (user + system) of every Chromium GPU process on the machine (Linux /proc); one browser runs."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if b"--type=gpu-process" not in (proc / "cmdline").read_bytes():
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while being read
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _is_finished(payload) -> bool:
    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "script_finished"


def visit(browser, url: str, deck: bool) -> dict[str, float]:
    """One fresh context opens `url`; returns each mark in ms from the navigation's start."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    context.add_init_script(MARKS)
    page = context.new_page()
    payloads: list = []

    def follow(socket):
        if "_stcore/stream" in socket.url:
            socket.on("framereceived", lambda payload: payloads.append(payload))

    page.on("websocket", follow)
    gpu_before = gpu_process_cpu()
    try:
        page.goto(url)
        wait_for_app(page, timeout_ms=90_000)
        idle = page.evaluate("performance.now()")
        if deck:
            page.wait_for_function("() => window.__marks.quiet === true", timeout=90_000)
        marks = page.evaluate(READ_MARKS)
        gpu = gpu_process_cpu() - gpu_before
    finally:
        context.close()
    messages = marks["messages"]
    # The page and Playwright see the same frames in the same order: the n-th script_finished frame is the n-th
    # message the page received of that kind.
    finished = next(i for i, p in enumerate(payloads) if _is_finished(p))
    out = {"html": marks["html"], "bundle": marks["bundle"], "ws open": marks["wsOpen"], "first msg": messages[0],
           "finished": messages[finished] if finished < len(messages) else float("nan"), "chunks": marks["chunks"],
           "idle": idle}
    if deck:
        out.update({"deck": marks["deck"], "drawn": marks["drawn"], "all drawn": marks["allDrawn"]})
    out.update({"gpu cpu": gpu, "programs": marks["programs"]})
    return out


def report(name: str, visits: list[dict[str, float]]) -> None:
    steps = [s for s in STEPS if s in visits[0]]
    medians = {s: statistics.median(v[s] for v in visits) for s in steps}
    print(f"{name}: median of {len(visits)} fresh contexts, ms from navigation")
    print("  " + "  ".join(f"{s} {medians[s]:.0f}" for s in steps))
    step_medians = [statistics.median(v[b] - v[a] for v in visits) for a, b in zip(steps, steps[1:])]
    print("  steps: " + "  ".join(f"{a}->{b} {m:.0f}" for (a, b), m in zip(zip(steps, steps[1:]), step_medians)))
    last = steps[-1]
    print(f"  {last}: " + ", ".join(f"{v[last]:.0f}" for v in visits))
    print(f"  GPU process CPU to {last}: median {statistics.median(v['gpu cpu'] for v in visits):.2f} s ("
          + ", ".join(f"{v['gpu cpu']:.2f}" for v in visits) + "); WebGL programs linked: "
          + ", ".join(str(v["programs"]) for v in visits), flush=True)


def run(browser, script: str | None, path: str, visits: int, cold: bool, deck: bool) -> list[dict[str, float]]:
    results = []
    server = None
    try:
        for n in range(visits + (0 if cold else 1)):
            if server is None or cold:
                if server is not None:
                    server.stop()
                server = StreamlitServer(script=script)
                server.wait_healthy()
            found = visit(browser, f"{server.url}/{path}", deck)
            if cold or n > 0:  # warm: the first visit only warms the server
                results.append(found)
    finally:
        if server is not None:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=5)
    parser.add_argument("--server", choices=("warm", "cold"), default="warm")
    parser.add_argument("--path", default="map",
                        help="the page to open (its deck is awaited on map, also with a query, e.g. map?layers=corridors)")
    args = parser.parse_args()
    cold = args.server == "cold"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            report(f"hello-world ({args.server} server)", run(browser, str(hello), "", args.visits, cold, False))
            report(f"app /{args.path} ({args.server} server)",
                   run(browser, None, args.path, args.visits, cold, args.path.split("?")[0] == "map"))
        finally:
            browser.close()


if __name__ == "__main__":
    main()

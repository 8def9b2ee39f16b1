"""Start a real `streamlit run` on a free port and find a browser. Streamlit's data-testid selectors live here
(and only here), because they are internal to Streamlit and may change between versions."""

from __future__ import annotations

import contextlib
import os
import time
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"

APP = "[data-testid='stApp']"
APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SKELETON = "stSkeleton"
EXCEPTION = "stException"
SIDEBAR = "stSidebar"
SLIDER_THUMB = "[data-testid='stSliderThumbValue']"
MAIN = "stMain"
PLOTLY_POINTS = ".js-plotly-plot .scatterlayer .trace .points path"  # Plotly's own DOM, not Streamlit's


def find_chromium() -> str | None:
    """A system Chromium: $CHROMIUM, then chromium / chromium-browser on PATH; None to use Playwright's own."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).exists()), None)


CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",  # the network is closed; don't let Chromium retry Google hosts
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """A `streamlit run app.py` process on 127.0.0.1, stopped by stop()."""

    def __init__(self, env: dict[str, str] | None = None, script: str | None = None, extra_args: tuple[str, ...] = (),
                 launcher: tuple[str, ...] = ("-m", "streamlit")):
        """`launcher`: what follows the Python executable to reach streamlit's command line (bench/timed_streamlit.py
        for a server that notes when each message leaves it)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._proc = subprocess.Popen(
            [
                sys.executable, *launcher, "run", script or "app.py",
                "--server.headless", "true",
                "--server.port", str(self.port),
                "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false",
                *extra_args,
            ],
            cwd=REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )

    def wait_healthy(self, timeout_s: float = 60.0) -> None:
        """Poll /_stcore/health; between polls, wait on the process itself so a crash ends the wait at once."""
        attempts = int(timeout_s / 0.25)
        for _ in range(attempts):
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            try:
                self._proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"streamlit exited with {self._proc.returncode}:\n{self.log()}")
        raise RuntimeError(f"streamlit did not become healthy in {timeout_s}s:\n{self.log()}")

    @property
    def pid(self) -> int:
        return self._proc.pid

    def peak_memory_mb(self) -> float:
        """The server process's peak resident memory (VmHWM), in MB; Linux only."""
        for line in Path(f"/proc/{self._proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read()

    def stop(self) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._log.close()


def wait_for_app(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the app is connected, its script has finished, and no element is still a skeleton."""
    page.locator(APP_CONNECTED).wait_for(state="attached", timeout=timeout_ms)
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout_ms)
    expect(page.get_by_test_id(SKELETON)).to_have_count(0, timeout=timeout_ms)


# Reruns are awaited on the app's websocket, not on the DOM: a fast rerun can flip the page's script-state
# attribute to "running" and back within one React batch, so the DOM may never show it. Every run ends with a
# script_finished ForwardMsg on `_stcore/stream`, which cannot be missed.
_SOCKETS: dict[int, object] = {}
_LAST_RERUN_MS: dict[int, float] = {}


def watch_runs(page: Page) -> Page:
    """Follow the page's Streamlit websocket (call before the first goto); `rerun()` needs it."""
    def remember(socket):
        if "_stcore/stream" in socket.url:
            _SOCKETS[id(page)] = socket

    page.on("websocket", remember)
    return page


def _is_run_end(payload) -> bool:
    if not isinstance(payload, bytes):
        return False
    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # not a ForwardMsg: not the end of a run
        return False
    return message.WhichOneof("type") == "script_finished" and \
        message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN


@contextlib.contextmanager
def rerun(page: Page, timeout_ms: float = 30_000):
    """Wrap an action that triggers a rerun: wait for that rerun's script_finished message (so it has started and
    ended), then for the app to be idle. Never a sleep, and never a read made right after the click."""
    socket = _SOCKETS.get(id(page))
    if socket is None:
        raise RuntimeError("call watch_runs(page) before the page's first goto")
    started = time.perf_counter()
    with socket.expect_event("framereceived", predicate=_is_run_end, timeout=timeout_ms):
        yield
    _LAST_RERUN_MS[id(page)] = (time.perf_counter() - started) * 1000
    wait_for_app(page)


def last_rerun_ms(page: Page) -> float:
    """Milliseconds from the start of the last `rerun()` action to its script_finished message."""
    return _LAST_RERUN_MS[id(page)]


def block_external_requests(context) -> list[str]:
    """Abort every request that leaves the loopback interface; return the list they are recorded in."""
    blocked: list[str] = []

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return blocked


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"


def upload_on_data_page(browser, url: str, files, width: int = 1400, height: int = 1400, scheme: str = "light",
                        timeout_ms: float = 90_000, on_page=None):
    """A new visitor opens the Data page and gives it `files` (a path or Playwright's {name, mimeType, buffer});
    returns (context, page) once the upload's check has run. `on_page(page)` runs before the first visit (to
    listen for dialogs, say). The caller closes the context."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    context.set_default_timeout(60_000)
    page = watch_runs(context.new_page())
    if on_page:
        on_page(page)
    page.goto(f"{url}/data")
    wait_for_app(page)
    with rerun(page, timeout_ms=timeout_ms):
        page.locator(UPLOAD_INPUT).set_input_files(files)
    return context, page

"""`streamlit run`, noting when each websocket message has left the server: bench/rerun_trace.py --split starts the
servers it compares through this file, to tell the server's part of a rerun from the browser's.

For every binary websocket send, one line "<perf_counter after the send> <bytes>" is appended to the file named by
SCM_WIRE_LOG. time.perf_counter is CLOCK_MONOTONIC on Linux, the same clock in every process of the machine, so the
bench compares these times with those at which Chromium delivered each frame to the page.
Run: python bench/timed_streamlit.py run app.py [streamlit options]   (with SCM_WIRE_LOG=FILE)
"""

from __future__ import annotations

import os
import sys
import time

import starlette.websockets
from streamlit.web import cli

_LOG = open(os.environ["SCM_WIRE_LOG"], "a", buffering=1, encoding="utf-8")  # open for the process' life
_send_bytes = starlette.websockets.WebSocket.send_bytes


async def _timed_send_bytes(self, data: bytes) -> None:
    await _send_bytes(self, data)
    _LOG.write(f"{time.perf_counter():.6f} {len(data)}\n")


starlette.websockets.WebSocket.send_bytes = _timed_send_bytes

if __name__ == "__main__":
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())

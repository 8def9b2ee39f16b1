"""A minimal client for Streamlit's websocket protocol: one browser-less reader of the app.

It does what the browser's frontend does for a rerun: it sends a BackMsg `rerun_script` carrying a ClientState
(the page, the query string, the widget states) on `/_stcore/stream`, then reads ForwardMsgs until the run's
`script_finished`. It remembers the page's script hash and the query string the app wrote, as the browser does,
and the sidebar widgets the run drew, so the next rerun can change one of them. Built on `websockets`, which
Streamlit itself depends on: nothing new to install. Loopback only (bench/load.py refuses other hosts).

It acknowledges what it receives at once (TCP_QUICKACK after every message), as Chromium evidently does. Without
that, every rerun stalls 40 ms: Streamlit 1.67 binds its server socket with protocol 0, so asyncio's
`_set_nodelay` (which checks for IPPROTO_TCP) never turns Nagle's algorithm off on its connections, and Linux
delays this client's ACKs once it has sent its BackMsg; Nagle then holds the server's next messages until the
delayed ACK comes. Measured on 4 Dec 2026 (hello-world, warm rerun): 44 ms without, 6 ms with. In Chromium a rerun
is no faster with TCP_NODELAY set on the server, directly or through nginx (README, "Many readers at once"), so a
browser reader does not see the stall and this client should not either.
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

SIDEBAR = 1  # a delta path's first index: 0 is the main area, 1 the sidebar


class RerunError(Exception):
    """A run that ended badly: an exception drawn on the page, a compile error, a closed socket or a timeout."""


@dataclass
class RunResult:
    ms: float
    exceptions: list[str] = field(default_factory=list)


class StreamlitSession:
    """One session of the app over one websocket: `await open()`, `await run(...)` as often as needed, `close()`."""

    def __init__(self, base_url: str, page_name: str = ""):
        self.ws_url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.page_name = page_name  # the page's url_path, "" for the default page
        self.page_script_hash = ""
        self.query_string = ""
        self.sidebar_widgets: dict[str, tuple[str, str]] = {}  # label -> (widget kind, widget id)
        self._socket = None
        self._tcp = None  # the connection's socket, to acknowledge at once

    async def open(self) -> None:
        # The first subprotocol entry selects the protocol; the browser passes its XSRF token and a previous
        # session id in the next two, which a new reader does not have.
        # No keepalive pings from this side (the browser sends none either; the server pings): a server busy with
        # 50 readers answers late, and the client would close the socket itself.
        self._socket = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                                     open_timeout=60, ping_interval=None)
        self._tcp = self._socket.transport.get_extra_info("socket")

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def run(self, widgets: list | None = None, timeout_s: float = 60.0) -> RunResult:
        """Ask for a rerun with these widget states (WidgetState protos); return when its script_finished arrives."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = "" if self.page_script_hash else self.page_name
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        exceptions: list[str] = []
        deadline = started + timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise RerunError(f"no script_finished within {timeout_s:.0f} s")
            try:
                payload = await asyncio.wait_for(self._socket.recv(), remaining)
            except TimeoutError as error:
                raise RerunError(f"no script_finished within {timeout_s:.0f} s") from error
            except Exception as error:  # the socket closed
                raise RerunError(f"websocket: {type(error).__name__}: {error}") from error
            self._acknowledge_at_once()
            forward = ForwardMsg()
            forward.ParseFromString(payload)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = forward.new_session.page_script_hash or self.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = forward.navigation.page_script_hash or self.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._see(forward)
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                ms = (time.perf_counter() - started) * 1000
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RerunError("the script did not compile")
                return RunResult(ms, exceptions)

    def _acknowledge_at_once(self) -> None:
        """Linux leaves quick-ACK mode by itself, so this is asked again after every message (see the module's
        docstring for the 40 ms it avoids)."""
        if self._tcp is not None and hasattr(socket, "TCP_QUICKACK"):
            self._tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    def _see(self, forward) -> None:
        path = forward.metadata.delta_path
        element = forward.delta.new_element
        kind = element.WhichOneof("type")
        if path and path[0] == SIDEBAR and kind in ("checkbox", "text_input"):
            widget = getattr(element, kind)
            self.sidebar_widgets[widget.label] = (kind, widget.id)

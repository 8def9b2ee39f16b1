"""The load benchmark's protocol client (bench/protocol.py) against a real `streamlit run`: it opens a page,
finds the sidebar filter, and a filter change completes one rerun, awaited on its script_finished message.
And bench/load.py, the one command the lead re-runs, completes a tiny run (two readers, one page)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.protocol import StreamlitSession
from tests.e2e.streamlit_server import REPO


def test_the_protocol_client_completes_a_filter_rerun(server):
    async def scenario():
        session = StreamlitSession(server.url, "timeline")
        await session.open()
        try:
            first = await session.run(timeout_s=180)  # a shared machine can be slow; the bench's default is 120
            kind, widget_id = session.sidebar_widgets["Include sub-actors"]
            changed = await session.run([WidgetState(id=widget_id, bool_value=False)], timeout_s=180)
            return first, kind, changed, session.query_string, session.page_script_hash
        finally:
            await session.close()

    # In a thread of its own: once another test has started the session's browser, Playwright's sync API keeps an
    # event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        first, kind, changed, query, page_hash = pool.submit(asyncio.run, scenario()).result()
    assert kind == "checkbox"
    assert first.exceptions == [] and changed.exceptions == []
    assert page_hash  # the server told it which page it is on
    # The app wrote the changed filter back to the URL, as it does for a browser: the rerun really ran with it.
    assert parse_qs(query).get("sub") == ["false"]
    assert 0 < changed.ms < 180_000


def test_the_load_command_runs_two_readers_on_one_page():
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--sessions", "2", "--pages", "us_aid", "--reruns", "2",
         "--seconds", "60", "--no-browser"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| us_aid | 2 |")]
    assert len(rows) == 1, done.stdout
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[2] == "4"  # two readers, two filter changes each
    assert cells[5] == "0"  # errors


def test_the_load_command_spreads_readers_over_replicas_and_reruns_a_page_without_filters():
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--sessions", "2", "--pages", "data", "--reruns", "2",
         "--seconds", "60", "--no-browser", "--replicas", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 server processes" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| data | 2 |")]
    assert len(rows) == 1, done.stdout
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[2] == "4"  # plain reruns: the Data page has no filter to change
    assert cells[5] == "0"  # errors

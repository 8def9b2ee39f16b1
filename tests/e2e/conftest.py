"""Fixtures for browser tests: a shared server, fresh servers for deep links, and headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.streamlit_server import CHROMIUM_ARGS, StreamlitServer, find_chromium, watch_runs


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        executable = find_chromium()
        launched = playwright.chromium.launch(
            headless=True, executable_path=executable, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1500}, locale="en-GB")
    context.set_default_timeout(30_000)
    page = watch_runs(context.new_page())
    yield page
    context.close()


@pytest.fixture(scope="session")
def server():
    """One server shared by every browser test (a server per module cost a start and a cold first page each).
    Uploads and selections live in each browser session, so tests cannot see each other's state through it."""
    running = StreamlitServer()
    running.wait_healthy()
    yield running
    running.stop()


@pytest.fixture()
def fresh_server():
    """A server no browser has visited yet: the first request is the test's deep link."""
    running = StreamlitServer()
    running.wait_healthy()
    yield running
    running.stop()

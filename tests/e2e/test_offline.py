"""The app makes no request beyond this machine: every page is opened with all non-loopback requests blocked
and counted (the favicon, fonts, map tiles or any script would show up here)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from core.pages import PAGES
from tests.e2e.streamlit_server import EXCEPTION, block_external_requests, wait_for_app


def test_no_page_requests_anything_outside_the_machine(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    blocked = block_external_requests(context)
    page: Page = context.new_page()
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    for entry in PAGES:
        page.goto(f"{server.url}/{entry.url_path}")
        wait_for_app(page)
        expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    page.wait_for_load_state("networkidle")
    context.close()
    assert len(seen) > len(PAGES)  # the route saw the app's own requests, so it was in force
    assert blocked == [], f"{len(blocked)} external request(s): {blocked[:5]}"

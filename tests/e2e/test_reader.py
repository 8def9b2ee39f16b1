"""What a reader sees on the Overview and the Timeline (issue 19): links that lose only their bad part, an actor
picker that chooses the typed name, the phone layout, the marked table row. Every wait is for the app's state."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.streamlit_server import EXCEPTION, SIDEBAR, rerun, screenshot, wait_for_app
from tests.expectations import Filter, actors, rows


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)


def test_an_unknown_page_gets_a_notice(server, page: Page):
    _open(page, f"{server.url}/nosuchpage")
    expect(page.get_by_test_id("stAlert").filter(has_text="There is no page at /nosuchpage")).to_be_visible()
    expect(page.get_by_role("heading", name="South Caucasus Monitor", exact=True).first).to_be_visible()
    _open(page, f"{server.url}/timeline")
    expect(page.get_by_test_id("stAlert").filter(has_text="There is no page")).to_have_count(0)


def test_typing_an_actor_and_enter_chooses_that_actor(server, page: Page):
    _open(page, f"{server.url}/timeline")
    picker = page.get_by_test_id(SIDEBAR).get_by_test_id("stMultiSelect").filter(has_text="Actors")
    picker.locator("input").click()
    page.keyboard.type("Russia")
    with rerun(page):
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id(SIDEBAR).get_by_text("involving Russia (with sub-actors).", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"actors=ru(&|$)"))
    expected = len(rows("events", Filter(actors=actors("ru"))))
    expect(page.get_by_text(re.compile(rf"^{expected:,} events?:"))).to_be_visible()

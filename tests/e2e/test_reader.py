"""What a reader sees on the Overview and the Timeline (issue 19): links that lose only their bad part, an actor
picker that chooses the typed name, the phone layout, the marked table row. Every wait is for the app's state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.streamlit_server import (
    EXCEPTION,
    PLOTLY_POINTS,
    SIDEBAR,
    rerun,
    screenshot,
    wait_for_app,
    watch_runs,
)
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


def _phone(browser, dark: bool = False):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2, locale="en-GB", color_scheme="dark" if dark else "light")
    context.set_default_timeout(30_000)
    return context, watch_runs(context.new_page())


def test_phone_tap_on_a_marker_brings_its_evidence_into_view(server, browser):
    """At 390 px: the lanes keep the plot's width (labels inside), and a tap on a marker selects its event and
    brings the verbatim evidence on screen, without hunting for it below the legend."""
    context, page = _phone(browser)
    try:
        _open(page, f"{server.url}/timeline?years=2022&years=2022&q=merely symbolic")
        plot = page.locator(".js-plotly-plot").first
        plot_box = plot.bounding_box()
        assert plot_box["width"] > 300
        # Lane labels sit inside the plot: the first lane's line starts within 40 px of the plot's left edge.
        grid = page.locator(".js-plotly-plot .cartesianlayer .subplot.xy .gridlayer").first.bounding_box()
        assert grid is None or grid["x"] - plot_box["x"] < 40
        points = page.locator(PLOTLY_POINTS)
        expect(points).to_have_count(3)
        box = points.first.bounding_box()
        with rerun(page):
            page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page).to_have_url(re.compile(r"event=ev_2022_10_31_sochi_meeting"))
        quote = page.get_by_text("“the merely symbolic meeting in Sochi on October 3”", exact=True)
        expect(quote).to_be_in_viewport()
        screenshot(page, "reader-phone-tap")
    finally:
        context.close()


# Each width once, both schemes at 1400 px (the width most readers use); 390 px dark and 1000 px light between them.
@pytest.mark.parametrize(("width", "dark"), [(390, True), (1000, False), (1400, False), (1400, True)],
                         ids=["390-dark", "1000-light", "1400-light", "1400-dark"])
def test_screenshots_of_overview_and_timeline(server, browser, width, dark):
    """The Overview and the Timeline at a phone's, a laptop's and a desktop's width, light and dark, for a person
    to look at (artifacts/reader-*.png); the run only checks the pages draw without an exception."""
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="en-GB",
                                  color_scheme="dark" if dark else "light", has_touch=width < 500)
    context.set_default_timeout(30_000)
    page = watch_runs(context.new_page())
    theme = "dark" if dark else "light"
    try:
        for path, name in (("/", "overview"), ("/timeline", "timeline")):
            _open(page, server.url + path)
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
            screenshot(page, f"reader-{name}-{width}-{theme}")
    finally:
        context.close()

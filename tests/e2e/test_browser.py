"""Real browser tests: headless Chromium against `streamlit run app.py` on a free port. Every wait is for the
app's state (a rerun started and ended, the script idle), never for the clock."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from core.pages import PAGES
from tests.e2e.streamlit_server import (
    EXCEPTION,
    PLOTLY_POINTS,
    SIDEBAR,
    SLIDER_THUMB,
    rerun,
    screenshot,
    wait_for_app,
    watch_runs,
)


def _heading(page_entry) -> str:
    return "South Caucasus Monitor" if page_entry.default else page_entry.title


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)


def _thumbs(page: Page):
    return page.locator(f"[data-testid='{SIDEBAR}'] {SLIDER_THUMB}")


def _metric_value(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


# The first visitor of a fresh server is the case the router can get wrong (the pages are known only once app.py
# has run), so it arrives on a page that is not the default; every page is then deep-linked by a new visitor (a
# server of its own per page cost a start and a cold load each, and checked no more).
DEEP_LINK_ORDER = sorted(PAGES, key=lambda entry: entry.default)


def test_deep_link_on_a_fresh_server_then_every_page(fresh_server, browser):
    """Each visitor arrives through a deep link with a filter and gets the full app frame and the filter."""
    assert not DEEP_LINK_ORDER[0].default
    for entry in DEEP_LINK_ORDER:
        context = browser.new_context(viewport={"width": 1400, "height": 1500}, locale="en-GB")
        context.set_default_timeout(30_000)
        page = watch_runs(context.new_page())
        try:
            _check_deep_link(page, f"{fresh_server.url}/{entry.url_path}?years=2020&years=2021&actors=ru", entry)
        finally:
            context.close()


def _check_deep_link(page: Page, url: str, entry) -> None:
    _open(page, url)
    expect(page.get_by_role("heading", name=_heading(entry), exact=True).first).to_be_visible()
    sidebar = page.get_by_test_id(SIDEBAR)
    expect(sidebar.get_by_text("Filters", exact=True)).to_be_visible()
    expect(sidebar.get_by_role("link", name="Timeline")).to_be_visible()
    if entry.fields:  # the Data page draws no filter; it keeps the link's filter for the other pages
        expect(_thumbs(page)).to_have_text(["2020", "2021"])
    else:
        expect(sidebar.get_by_text(re.compile("^Not used on this page"))).to_be_visible()
    expect(sidebar.get_by_text("Showing 2020–2021, involving Russia (with sub-actors).")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Data version \w{10}"))).to_be_visible()
    screenshot(page, f"page-{entry.name}")


def test_year_filter_updates_url_and_content(server, page: Page):
    _open(page, server.url + "/")
    screenshot(page, "overview-default")
    before = _metric_value(page, "Events").inner_text()
    expect(_thumbs(page)).to_have_text(["2018", "2022"])
    low_thumb = page.get_by_test_id(SIDEBAR).get_by_role("slider").first
    low_thumb.focus()
    for _ in range(3):
        with rerun(page):
            low_thumb.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"years=2021&years=2022"))
    expect(_metric_value(page, "Events")).not_to_have_text(before)
    after = _metric_value(page, "Events").inner_text()
    assert int(after.replace(",", "")) < int(before.replace(",", ""))

    page.reload()
    wait_for_app(page)
    expect(_thumbs(page)).to_have_text(["2021", "2022"])
    expect(_metric_value(page, "Events")).to_have_text(after)
    query = parse_qs(urlparse(page.url).query)
    assert query["years"] == ["2021", "2022"] and len(query["v"][0]) == 10


def test_the_footer_gives_the_link_to_this_view_in_a_popover(server, page: Page):
    """The link is drawn when its popover opens (a code block on the first page loads the syntax highlighter's chunk,
    issue S), and it is this view's: the page, the filter and the data version; no chunk is fetched before."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    _open(page, server.url + "/us_aid?years=2020&years=2021")
    expect(page.get_by_test_id("stCode")).to_have_count(0)
    assert not [url for url in fetched if "SyntaxHighlighter" in url]
    page.get_by_text("Copy link to this view").click()  # a popover opens in the browser, without a rerun
    link = page.get_by_test_id("stCode").filter(has_text="/us_aid?")
    expect(link).to_be_visible()
    query = parse_qs(urlparse(link.inner_text().strip()).query)
    assert query["years"] == ["2020", "2021"] and len(query["v"][0]) == 10
    screenshot(page, "footer-link-open-1400-light")


def test_tampered_link_opens_with_a_notice(server, page: Page):
    junk = "x" * 10_000
    _open(page, f"{server.url}/?years=1850&years=2020&actors=zz&actors=ru&sub=true&sub=false&scale=1&q={junk}&v=oldversion")
    notice = page.get_by_test_id("stAlert").filter(has_text="Some link settings were ignored")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("unknown actor 'zz'")
    expect(notice).to_contain_text("years=1850 is outside the years this dashboard covers, 2018–2022")
    expect(page.get_by_test_id("stAlert").filter(has_text="read as 2020 alone")).to_be_visible()
    expect(page.get_by_text("This link was made with data version oldversion")).to_be_visible()
    expect(_thumbs(page)).to_have_text(["2020", "2020"])
    screenshot(page, "tampered-link")


def test_reset_filters(server, page: Page):
    """Was flaky: it read the slider before the rerun had started. Now it waits for that rerun to end."""
    _open(page, f"{server.url}/?years=2021&years=2021&actors=ru&topics=format_3plus3")
    expect(_thumbs(page)).to_have_text(["2021", "2021"])
    with rerun(page):
        page.get_by_test_id(SIDEBAR).get_by_role("button", name="Reset filters").click()
    expect(_thumbs(page)).to_have_text(["2018", "2022"])
    expect(page).not_to_have_url(re.compile(r"actors=|topics=|years="))


def test_a_topic_link_keeps_its_topic(server, page: Page):
    _open(page, f"{server.url}/actors_stances?topics=format_3plus3")
    expect(page.get_by_test_id(SIDEBAR).get_by_text("stances on", exact=False)).to_be_visible()
    with rerun(page):
        page.get_by_test_id(SIDEBAR).get_by_text("Include sub-actors").click()
    expect(page).to_have_url(re.compile(r"topics=format_3plus3"))


def test_dark_theme_is_legible(server, page: Page):
    """With a dark system theme the app follows it; text must stay light on dark."""
    page.emulate_media(color_scheme="dark")
    _open(page, server.url + "/")
    heading = page.get_by_role("heading", name="South Caucasus Monitor", exact=True).first
    expect(heading).to_be_visible()
    colour = heading.evaluate("e => getComputedStyle(e).color")
    background = page.get_by_test_id("stApp").evaluate("e => getComputedStyle(e).backgroundColor")
    assert _luminance(colour) - _luminance(background) > 0.5, (colour, background)
    screenshot(page, "overview-dark")


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_click_a_marker_shows_its_evidence_and_survives_reload(server, page: Page):
    _open(page, f"{server.url}/timeline?years=2022&years=2022&q=merely symbolic")
    points = page.locator(PLOTLY_POINTS)
    expect(points).to_have_count(3)  # one event, in the Armenia, Azerbaijan and Russia lanes
    box = points.first.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"event=ev_2022_10_31_sochi_meeting"))
    quote = page.get_by_text("“the merely symbolic meeting in Sochi on October 3”", exact=True)
    expect(quote).to_be_visible()
    expect(page.get_by_role("strong").filter(has_text="31 Oct 2022")).to_be_visible()
    screenshot(page, "timeline-selected")

    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("“the merely symbolic meeting in Sochi on October 3”", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"event=ev_2022_10_31_sochi_meeting"))


def test_csv_download_is_built_on_request_and_guarded(server, page: Page):
    """The explorer's CSV is made by the engine only when the button is pressed; it holds exactly the filtered
    events, with their evidence and sources, and no cell a spreadsheet would run as a formula."""
    _open(page, f"{server.url}/timeline?years=2021&years=2021&actors=ru")
    button = page.get_by_role("button", name=re.compile(r"Download these \d+ events \(CSV\)"))
    expected = int(re.search(r"\d+", button.inner_text()).group())
    with page.expect_download() as info:
        button.click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == expected > 0
    assert all(row["evidence"] and row["source_id"] for row in rows)
    assert not [v for row in rows for v in row.values() if v and v[0] in "=+-@"]

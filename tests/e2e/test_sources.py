"""The Sources page in a real browser: an evidence card's link opens the reader at the highlighted passage; a
tampered deep link gets a notice; screenshots at 1400 and 390 px, light and dark. Waits are for the app's state."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.streamlit_server import EXCEPTION, rerun, screenshot, wait_for_app

SOCHI = "ev_2022_10_31_sochi_meeting"
SOURCE = "peacekeepers_mines_2022_12"


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)


def _selected_mark(page: Page, n: int):
    return page.locator(f"#passage-{n} mark").first


def test_evidence_link_opens_the_highlighted_passage(server, page: Page):
    _open(page, f"{server.url}/timeline?event={SOCHI}")
    link = page.get_by_role("link", name="Read it in its source")
    expect(link).to_be_visible()
    with rerun(page):
        link.click()
    expect(page).to_have_url(re.compile(rf"/sources\?.*source={SOURCE}"))
    expect(page).to_have_url(re.compile(r"passage=7"))
    # The reader opens at the cited passage: it is on screen without a scroll.
    mark = page.locator("#cited-passage-7 mark").filter(has_text="the merely symbolic meeting in Sochi on October 3")
    expect(mark).to_be_in_viewport()
    expect(page.locator("#passage-7 mark").first).to_be_attached()  # and in the whole text below
    # the selected passage's marks are the strong ones
    assert "245, 158, 11" in mark.evaluate("e => getComputedStyle(e).backgroundColor")
    expect(page.get_by_role("heading", name=re.compile(r"Passage 7 supports \d+ rows?"))).to_be_visible()
    expect(page.get_by_text("Sochi", exact=False).first).to_be_visible()
    screenshot(page, "sources-reader-1400-light")

    page.set_viewport_size({"width": 390, "height": 900})
    page.reload()  # a phone opening the same link lands on the passage too
    wait_for_app(page)
    expect(page.locator("#cited-passage-7 mark").first).to_be_in_viewport()
    screenshot(page, "sources-reader-390-light")


def test_deep_link_in_dark_at_both_widths(server, browser):
    for width in (1400, 390):
        context = browser.new_context(viewport={"width": width, "height": 1200}, color_scheme="dark")
        page = context.new_page()
        _open(page, f"{server.url}/sources?source={SOURCE}&passage=2")
        mark = _selected_mark(page, 2)
        mark.scroll_into_view_if_needed()
        expect(mark).to_be_visible()
        screenshot(page, f"sources-reader-{width}-dark")
        context.close()


def test_tampered_deep_link_gets_a_notice(server, page: Page):
    _open(page, f"{server.url}/sources?source=%3Cscript%3Ex%3C%2Fscript%3E&passage=abc")
    expect(page.get_by_text(re.compile(r"unknown source '<script>x</script>'"))).to_be_visible()  # shown as text
    expect(page.get_by_text(re.compile("not a passage number"))).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"source=|passage="))  # rejected values leave the URL
    screenshot(page, "sources-tampered-link")


def test_search_marks_the_alternative_name_and_links_to_its_passage(server, page: Page):
    """The tabs run lazily (a tab's content is built when it opens, each switch is a rerun); the search typed on the
    Search tab is still there after a look at the other tabs, and its result links to the passage."""
    _open(page, f"{server.url}/sources")
    with rerun(page):
        page.get_by_role("tab", name="Search").click()
    box = page.get_by_role("textbox", name="Search the texts")
    expect(box).to_be_visible()
    with rerun(page):
        box.fill("Qizilbulaq")
        box.press("Enter")
    expect(page.get_by_role("strong").filter(has_text="Gizilbulag").first).to_be_visible()
    screenshot(page, "sources-search-1400-light")
    with rerun(page):
        page.get_by_role("tab", name="Source list").click()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    screenshot(page, "sources-list-1400-light")
    with rerun(page):
        page.get_by_role("tab", name="Coverage").click()
    expect(page.get_by_text("To-do list of")).to_be_visible()
    screenshot(page, "sources-coverage-1400-light")
    with rerun(page):
        page.get_by_role("tab", name="Search").click()
    expect(page.get_by_role("textbox", name="Search the texts")).to_have_value("Qizilbulaq")
    with rerun(page):
        page.get_by_role("link", name=re.compile(r"passage \d+$")).first.click()
    expect(page).to_have_url(re.compile(r"source=\w+&passage=\d+|passage=\d+.*source=\w+"))


def test_sidebar_search_finds_the_place_by_its_other_name_and_the_row_cites_its_source(server, page: Page):
    """'Stepanakert' (an alternative name of Khankendi) keeps the event whose place is Khankendi in the filter; a
    word no row holds matches nothing (every word must match). Its evidence panel cites the source first."""
    from tests.expectations import read

    events, sources = read("events.csv"), read("sources.csv").set_index("source_id")
    event = events[events["place_id"] == "khankendi"].iloc[0]
    for query, kept in (("Stepanakert no-such-word", False), ("KHANKENDI", True), ("stepanakert", True)):
        # the sidebar's search text, as a shared link gives it (q=); the last one stays open for the citation
        _open(page, f"{server.url}/timeline?event={event['event_id']}&q={query.replace(' ', '+')}")
        expect(page.get_by_role("textbox", name="Search text")).to_have_value(query)
        # kept: the panel shows the event, in the filter; no match: the empty state, no panel
        expect(page.get_by_text("Place: Khankendi")).to_have_count(1 if kept else 0)
        expect(page.get_by_text("This event is outside the current filter")).to_have_count(0)
    page.get_by_text("Cite this row").click()  # an expander opens in the browser, without a rerun
    plain = page.get_by_test_id("stCode").filter(has_text=f"event {event['event_id']}").first
    expect(plain).to_be_visible()
    text = plain.inner_text()
    title = sources.loc[event["source_id"], "title"]
    assert text.index(title) < text.index("South Caucasus Monitor") and "None" not in text
    plain.scroll_into_view_if_needed()
    screenshot(page, "timeline-cite-row-1400-light")
    page.set_viewport_size({"width": 390, "height": 900})
    wait_for_app(page)
    plain.scroll_into_view_if_needed()
    expect(plain).to_be_visible()
    screenshot(page, "timeline-cite-row-390-light")

"""The Data page in headless Chromium (issue 21): upload a generated ACLED-shaped export (no real ACLED rows) with
three bad rows, read the report, go on with the valid rows, and see those events on the Timeline and on the Map
in the same session; then go back to the bundled data. Screenshots: artifacts/data-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.synthetic_acled import acled_frame
from tests.e2e.streamlit_server import EXCEPTION, rerun, screenshot, upload_on_data_page, wait_for_app

ROWS = 40
DECK = "[data-testid='stDeckGlJsonChart'] canvas"
DECK_READY = """() => { const chart = document.querySelector("[data-testid='stDeckGlJsonChart']");
  const canvas = chart && chart.querySelector('canvas');
  return !!(canvas && canvas.width > 0 && chart.querySelector('.deck-tooltip')); }"""


def _export(seed: int = 11) -> bytes:
    """A generated export with three bad rows (a latitude of 200, a date in another format, a fatalities count
    that is not a number), a protest (kept: every ACLED event type is) and a hostile location; each seed is another
    user's file."""
    frame = acled_frame(ROWS, seed=seed)
    frame["event_type"], frame["sub_event_type"] = "Battles", "Armed clash"  # every row maps to an event type
    frame.loc[3, "latitude"] = "200"
    frame.loc[7, "event_date"] = "09/27/2020"
    frame.loc[9, ["event_type", "sub_event_type"]] = ["Protests", "Peaceful protest"]
    frame.loc[15, "fatalities"] = "many"
    frame.loc[12, "location"] = "<script>alert(1)</script>"
    return frame.to_csv(index=False).encode("utf-8")


@pytest.mark.parametrize(("width", "scheme"), [(1400, "light"), (390, "dark")])  # each width, each scheme, once
def test_an_acled_upload_reaches_the_timeline_and_the_map(server, browser, width, scheme):
    dialogs = []
    context, page = upload_on_data_page(
        browser, server.url, {"name": "export.csv", "mimeType": "text/csv", "buffer": _export(seed=width + len(scheme))},
        width=width, scheme=scheme,
        on_page=lambda page: page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())))
    expect(page.get_by_text("up to 200 MB per file", exact=False)).to_be_visible()
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    expect(page.get_by_text("3 problems found", exact=False)).to_be_visible()
    expect(page.get_by_text(f"{ROWS - 3} of {ROWS} events", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    screenshot(page, f"data-report-{width}-{scheme}")

    with rerun(page, timeout_ms=90_000):
        page.get_by_role("button", name="Go on with the valid rows").click()
    expect(page.get_by_text("Now exploring your upload export.csv", exact=False)).to_be_visible()

    with rerun(page, timeout_ms=90_000):
        page.get_by_text("See its events on the Timeline").click()
    expect(page.get_by_role("heading", name="Timeline").first).to_be_visible()
    expect(page.get_by_text(f"{ROWS - 3} events: {ROWS - 3} from your ACLED export", exact=False)).to_be_visible()
    expect(page.get_by_text("Dataset: your upload", exact=False)).to_be_attached()
    expect(page.get_by_text("You are exploring your upload export.csv", exact=False)).to_be_visible()  # also at 390 px
    screenshot(page, f"data-timeline-{width}-{scheme}")

    page.goto(f"{server.url}/data")  # a reload: a new session, which must not see the upload
    wait_for_app(page)
    expect(page.get_by_text("You are exploring the app's own data", exact=False)).to_be_visible()
    assert dialogs == [], f"a script ran: {dialogs}"  # row 13's location is a <script>: shown as text, never run
    context.close()


def test_the_upload_is_on_the_map_and_the_way_back_is_in_the_sidebar(server, browser):
    context, page = upload_on_data_page(browser, server.url,
                                        {"name": "export.csv", "mimeType": "text/csv", "buffer": _export()})
    with rerun(page, timeout_ms=90_000):
        page.get_by_role("button", name="Go on with the valid rows").click()
    with rerun(page, timeout_ms=90_000):
        page.get_by_text("See its places on the Map").click()
    expect(page.get_by_role("heading", name="Map").first).to_be_visible()
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    expect(page.get_by_text("No events match", exact=False)).to_have_count(0)
    page.wait_for_function(DECK_READY, timeout=90_000)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    expect(page.get_by_text("Dataset: your upload", exact=False)).to_be_visible()
    screenshot(page, "data-map-1400-light")

    with rerun(page, timeout_ms=90_000):
        page.get_by_test_id("stSidebar").get_by_role("button", name="Back to the bundled data").click()
    expect(page.get_by_text("Dataset: bundled data", exact=False)).to_be_visible()
    expect(page.get_by_text("Dataset: your upload", exact=False)).to_have_count(0)
    context.close()

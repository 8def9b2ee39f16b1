"""5,000 generated ACLED-shaped rows (never real ACLED rows) uploaded on the Data page and added to the bundled record,
then every page visited in the same session (issue 30): each draws with no exception, shows its heading, and the
Overview and Timeline a chart, the Map its deck. Screenshots of each page at 1400 and 390 px (and at 390 px of
the chart or deck alone, below the fold) go to artifacts/acled-upload/. One server, one browser; every wait is for
the app's state (tests/e2e/streamlit_server.py)."""

from __future__ import annotations

from playwright.sync_api import expect

from core.pages import PAGES
from core.synthetic_acled import acled_csv
from tests.e2e.streamlit_server import ARTIFACTS, EXCEPTION, SIDEBAR, rerun, upload_on_data_page

ROWS = 5_000
SHOTS = ARTIFACTS / "acled-upload"
PLOTLY = ".js-plotly-plot .main-svg"
DECK_READY = """() => { const chart = document.querySelector("[data-testid='stDeckGlJsonChart']");
  const canvas = chart && chart.querySelector('canvas');
  return !!(canvas && canvas.width > 0 && chart.querySelector('.deck-tooltip')); }"""
EXPAND = "stExpandSidebarButton"
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
HEADINGS = {"overview": "South Caucasus Monitor"}  # the Overview is headed by the app's name; others by their title
CHARTS = {"overview", "timeline"}


def _draws(page, entry) -> None:
    """The page's heading, no exception, and its chart or deck once drawn."""
    expect(page.get_by_role("heading", name=HEADINGS.get(entry.name, entry.title)).first).to_be_visible()
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    if entry.name in CHARTS:
        expect(page.locator(PLOTLY).first).to_be_visible(timeout=60_000)
    if entry.name == "map":
        page.wait_for_function(DECK_READY, timeout=90_000)
    page.evaluate(FRAMES)  # the last layout drawn before the screenshot


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_5000_acled_rows_added_to_the_bundled_record_reach_every_page(server, browser, tmp_path):
    export = tmp_path / "acled-export.csv"  # generated rows, written where nothing is committed
    export.write_bytes(acled_csv(ROWS, seed=30))
    context, page = upload_on_data_page(browser, server.url, str(export), height=1200, timeout_ms=180_000)
    expect(page.get_by_text("No problems found: ", exact=False)).to_be_visible()
    expect(page.get_by_text(f"{ROWS:,} of {ROWS:,} events", exact=False).first).to_be_visible()
    with rerun(page, timeout_ms=120_000):
        page.get_by_text("Add it to the bundled record", exact=True).click()
    with rerun(page, timeout_ms=180_000):
        page.get_by_role("button", name="Go on with the valid rows").click()
    expect(page.get_by_text("Now exploring the bundled record with your upload acled-export.csv added",
                            exact=False)).to_be_visible()
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)

    for entry in PAGES:
        page.set_viewport_size({"width": 1400, "height": 1200})
        link = page.get_by_test_id(SIDEBAR).get_by_role("link", name=entry.title, exact=True)
        if not link.is_visible():  # the sidebar folded itself at 390 px: open it again
            page.get_by_test_id(EXPAND).click()
        expect(link).to_be_visible()
        with rerun(page, timeout_ms=180_000):
            link.click()
        _draws(page, entry)
        expect(page.get_by_text("Dataset: bundled record + your upload", exact=False)).to_be_visible()
        if entry.name == "timeline":
            expect(page.get_by_text(f"{ROWS:,} from your ACLED export", exact=False)).to_be_visible()
        _shot(page, f"{entry.name}-1400")
        page.set_viewport_size({"width": 390, "height": 844})
        _draws(page, entry)
        _shot(page, f"{entry.name}-390")
        if entry.name in CHARTS or entry.name == "map":  # below the fold on a phone: its chart on its own too
            chart = page.locator(PLOTLY).first if entry.name in CHARTS else page.get_by_test_id("stDeckGlJsonChart")
            # A phone's width, but tall enough for the whole chart: a chart taller than the viewport came out cut.
            page.set_viewport_size({"width": 390, "height": 2400})
            chart.scroll_into_view_if_needed()
            page.evaluate(FRAMES)
            chart.screenshot(path=str(SHOTS / f"{entry.name}-390-chart.png"))
    context.close()

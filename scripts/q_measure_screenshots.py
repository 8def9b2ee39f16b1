"""Screenshots of the Overview (fatalities per month), the Timeline and the Map on 2,000 generated ACLED-shaped
rows added to the bundled record, at 1400 and 390 px, into artifacts/q-measure/ (issue 30). Not a test: a look at
the pages at volume. Every 5th generated row gives no fatalities figure (unknown).

    python -m scripts.q_measure_screenshots
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from core.pages import PAGES_BY_NAME
from core.synthetic_acled import write_acled_dir
from tests.e2e.streamlit_server import CHROMIUM_ARGS, REPO, StreamlitServer, find_chromium, wait_for_app

OUT = REPO / "artifacts" / "q-measure"
WIDTHS = (1400, 390)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data = write_acled_dir(Path(tempfile.mkdtemp()) / "data", 2000, seed=1, unknown_every=5, with_bundled=True)
    server = StreamlitServer(env={"SCM_DATA_DIR": str(data)})
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 2600}, locale="en-GB")
                context.set_default_timeout(60_000)
                page = context.new_page()
                for name in ("overview", "timeline", "map"):
                    page.goto(f"{server.url}/{PAGES_BY_NAME[name].url_path}")
                    wait_for_app(page, 60_000)
                    if name == "overview":
                        page.get_by_role("radio", name="Fatalities").click()
                        page.get_by_text("Reported fatalities per month").first.wait_for()
                        wait_for_app(page, 60_000)
                    path = OUT / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path)
                context.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()

"""Screenshots of every page of the registry at 1400 and 390 px, in light and dark, for a visual review.

    python -m scripts.screenshots [OUT_DIR] [--pages overview,map] [--widths 1400,390] [--schemes light,dark]

Starts one `streamlit run` (tests/e2e/streamlit_server.py), opens each page in headless Chromium with the
colour scheme emulated (Streamlit follows prefers-color-scheme when no theme is chosen in its menu), waits for
the app to be idle (never the clock) and writes OUT_DIR/<page>-<width>-<scheme>.png, full page. The default
OUT_DIR is artifacts/r-visual (git-ignored). With --upload it also uploads the bundled events.csv on the Data
page and shoots the page under the upload's banner (upload-<width>-<scheme>.png).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from core.pages import PAGES
from tests.conftest import DATA_DIR
from tests.e2e.test_map import DECK_READY, TWO_FRAMES
from tests.e2e.streamlit_server import (
    ARTIFACTS, CHROMIUM_ARGS, StreamlitServer, find_chromium, rerun, wait_for_app, watch_runs,
)

WIDTHS = (1400, 390)
SCHEMES = ("light", "dark")


def _fit_to_content(page, width: int) -> None:
    """Grow the viewport to the main column's height: Streamlit scrolls inside its own container, so a
    full-page screenshot of the window would stop at the first screen."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(e => e.scrollHeight), window.innerHeight)")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16_000)})
    wait_for_app(page, timeout_ms=90_000)
    page.wait_for_load_state("networkidle")


def _shoot_upload(page, url: str, path: Path, width: int) -> None:
    """Upload the bundled events.csv on the Data page and go on: the page then shows the upload's banner on top."""
    page.goto(f"{url}/data")
    wait_for_app(page, timeout_ms=90_000)
    with rerun(page, timeout_ms=90_000):
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(DATA_DIR / "events.csv"))
    with rerun(page, timeout_ms=90_000):
        page.get_by_role("button", name="Go on with the valid rows").click()
    page.wait_for_load_state("networkidle")
    _fit_to_content(page, width)  # the whole page, banner on top, not the scrolled-down view after the click
    page.screenshot(path=str(path), full_page=True)


def shoot(out: Path, pages: list, widths: tuple[int, ...], schemes: tuple[str, ...], upload: bool = False) -> list[Path]:
    """Every (page, width, scheme) as a PNG in `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    server = StreamlitServer()
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(headless=True, executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for width in widths:
                for scheme in schemes:
                    context = browser.new_context(viewport={"width": width, "height": 1000 if width > 600 else 844},
                                                  color_scheme=scheme, locale="en-GB")
                    context.set_default_timeout(90_000)
                    page = context.new_page()
                    for registered in pages:
                        page.set_viewport_size({"width": width, "height": 1000 if width > 600 else 844})
                        page.goto(f"{server.url}/{registered.url_path}")
                        wait_for_app(page, timeout_ms=90_000)
                        # Plotly and deck.gl draw after the script ends; wait for their canvases or SVGs to exist.
                        page.wait_for_load_state("networkidle")
                        _fit_to_content(page, width)
                        if registered.name == "map":  # deck.gl draws after the script, slowly in software WebGL
                            page.wait_for_function(DECK_READY, timeout=90_000)
                            page.evaluate(TWO_FRAMES)
                        path = out / f"{registered.name}-{width}-{scheme}.png"
                        page.screenshot(path=str(path), full_page=True)
                        written.append(path)
                        print(path)
                    if upload:
                        path = out / f"upload-{width}-{scheme}.png"
                        _shoot_upload(watch_runs(context.new_page()), server.url, path, width)
                        written.append(path)
                        print(path)
                    context.close()
            browser.close()
    finally:
        server.stop()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ARTIFACTS / "r-visual"))
    parser.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--schemes", default=",".join(SCHEMES))
    parser.add_argument("--upload", action="store_true", help="also shoot the banner shown after an upload")
    args = parser.parse_args()
    wanted = set(filter(None, args.pages.split(",")))
    pages = [p for p in PAGES if not wanted or p.name in wanted]
    shoot(Path(args.out), pages, tuple(int(w) for w in args.widths.split(",")), tuple(args.schemes.split(",")),
          args.upload)


if __name__ == "__main__":
    main()

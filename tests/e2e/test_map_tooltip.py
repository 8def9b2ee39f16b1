"""The Map's tooltip stays inside the map (issue 31): deck.gl put it beside the pointer, so on a phone (and near
the right or bottom edge on a desktop) most of it was cut off by the map's edge. Hovering the Gizilbulag deposit
at 390 px, the tooltip's box lies wholly inside the deck's canvas. In the same visit, no item of the legend under
the map runs past the phone's screen (the long family names did, with no wrap)."""

from __future__ import annotations

from playwright.sync_api import expect

from core.map_view import PRESETS_BY_ID
from tests.e2e.streamlit_server import block_external_requests, screenshot
from tests.e2e.test_map import CANVAS, DECK_READY, TOOLTIP_TEXT, TWO_FRAMES, _open, _pixel
from tests.expectations import read


# The right edge of every item of the Map's legend (the block that names "Events at places").
LEGEND_RIGHTS = """() => {
  const title = [...document.querySelectorAll('strong')].find(s => s.textContent === 'Events at places');
  if (!title) return [];
  return [...title.closest('div').querySelectorAll('span')].map(s => s.getBoundingClientRect().right);
}"""


def test_the_tooltip_stays_inside_the_map_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 1400})
    blocked = block_external_requests(context)
    page = _open(context, f"{server.url}/map")
    page.wait_for_function(DECK_READY, timeout=90_000)
    page.evaluate(TWO_FRAMES)
    place = read("places.csv").set_index("place_id").loc["gizilbulag"]
    canvas = page.locator(CANVAS).first.bounding_box()
    scale = canvas["width"] / 1400  # the preset's zoom is chosen for the wide map; a phone's map is narrower
    dx, dy = _pixel(float(place["lon"]), float(place["lat"]), PRESETS_BY_ID["karabakh"])
    hovered = None
    for factor in (1.0, scale, 0.5):  # where the deposit is, whatever zoom the narrow map fits
        x, y = canvas["x"] + canvas["width"] / 2 + dx * factor, canvas["y"] + canvas["height"] / 2 + dy * factor
        page.mouse.move(x, y)
        page.evaluate(TWO_FRAMES)
        page.evaluate(TWO_FRAMES)
        if page.evaluate(TOOLTIP_TEXT):
            hovered = (x, y)
            break
    assert hovered, "nothing was picked where the deposit should be"
    tooltip = page.locator(".deck-tooltip").first
    expect(tooltip).to_be_visible()
    box = tooltip.bounding_box()
    screenshot(page, "map-tooltip-390")
    inside = (box["x"] >= canvas["x"] - 1 and box["y"] >= canvas["y"] - 1
              and box["x"] + box["width"] <= canvas["x"] + canvas["width"] + 1
              and box["y"] + box["height"] <= canvas["y"] + canvas["height"] + 1)
    assert inside, f"tooltip {box} is not inside the map {canvas}"
    rights = page.evaluate(LEGEND_RIGHTS)
    assert rights and max(rights) <= 390, f"legend items end at {sorted(rights)[-3:]} px on a 390 px screen"
    context.close()
    assert blocked == []

"""The Timeline at phone, laptop and wide widths: a screenshot of each (looked at by a person), every lane keeps
its label, the key-period numbers never overlap one another, and the legend sits below the plot."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from tests.conftest import DATA_DIR
from tests.e2e.streamlit_server import EXCEPTION, screenshot, wait_for_app

WIDTHS = [390, 1000, 1400, 1920]

_PERIOD_NUMBER_BOXES = """() => Array.from(document.querySelectorAll('.js-plotly-plot .infolayer g.annotation'))
  .filter(g => /^\\d+$/.test(g.textContent.trim()))
  .map(g => { const r = g.getBoundingClientRect(); return {text: g.textContent.trim(), x: r.x, y: r.y, w: r.width, h: r.height}; })"""

_LANE_LABELS = """() => Array.from(document.querySelectorAll('.js-plotly-plot .yaxislayer-above .ytick text'))
  .filter(t => t.getBoundingClientRect().width > 0).map(t => t.textContent.replace(/\\s+/g, ''))"""

_BOXES = """() => { const box = s => { const e = document.querySelector('.js-plotly-plot ' + s); if (!e) return null;
  const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  return {legend: box('g.legend'), plot: box('g.subplot.xy'), counts: box('g.subplot.x2y2')}; }"""


@pytest.fixture(scope="module")
def lanes() -> list[str]:
    return Store(load_dataset(DATA_DIR)).timeline(FilterSpec(), 2000).lanes


def _overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_reads_at_every_width(server, browser, lanes, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page: Page = context.new_page()
    page.goto(f"{server.url}/timeline")
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    expect(page.locator(".js-plotly-plot .infolayer g.annotation").first).to_be_attached()
    screenshot(page, f"timeline-{width}px")

    numbers = page.evaluate(_PERIOD_NUMBER_BOXES)
    assert len(numbers) == 3, numbers  # the 2020 war, the peacekeeping mandate, the invasion of Ukraine
    clashes = [(a["text"], b["text"]) for i, a in enumerate(numbers) for b in numbers[i + 1:] if _overlap(a, b)]
    assert clashes == [], numbers

    # Every lane keeps its label (a long one wraps onto two lines, which the DOM shows as separate tspans).
    assert sorted(page.evaluate(_LANE_LABELS)) == sorted(lane.replace(" ", "") for lane in lanes)

    boxes = page.evaluate(_BOXES)
    assert boxes["legend"]["top"] >= boxes["plot"]["bottom"], boxes  # the legend is below the lanes
    context.close()


# Each drawn marker's box, with the lane it belongs to (its customdata's second item, as Plotly keeps it on the
# point's data), and each lane label's box.
_MARKERS_AND_LABELS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const markers = [];
  gd.querySelectorAll('.subplot.xy .scatterlayer g.trace').forEach(group => {
    const cd = group.__data__; const trace = cd && cd[0] && cd[0].trace;
    if (!trace || !trace.customdata) return;
    group.querySelectorAll('.points path.point').forEach(path => {
      const r = path.getBoundingClientRect(); const d = path.__data__;
      if (r.width === 0 || !d) return;
      markers.push({lane: trace.customdata[d.i][1], x: r.x, y: r.y, w: r.width, h: r.height});
    });
  });
  const labels = Array.from(gd.querySelectorAll('.yaxislayer-above .ytick text')).map(t => {
    const r = t.getBoundingClientRect(); return {text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height}; });
  return {markers, labels};
}"""


@pytest.mark.parametrize("width", [390, 1400])
def test_lane_labels_stay_clear_and_markers_stay_apart(server, browser, width):
    """R2: at 390 px the Armenia and Azerbaijan lanes were a blob of markers over their own labels. No marker may
    cover a lane label, and in a lane no two markers may sit nearly on top of each other (centres under 6 px
    apart), at a phone's width as at a desktop's."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page: Page = context.new_page()
    page.goto(f"{server.url}/timeline")
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot .scatterlayer .points path.point").first).to_be_attached()
    found = page.evaluate(_MARKERS_AND_LABELS)
    markers, labels = found["markers"], found["labels"]
    assert len(markers) > 300 and len(labels) == 11, (len(markers), len(labels))
    covered = sorted({label["text"] for label in labels for m in markers if _overlap(label, m)})
    assert covered == [], covered
    by_lane: dict = {}
    for m in markers:
        by_lane.setdefault(m["lane"], []).append((m["x"] + m["w"] / 2, m["y"] + m["h"] / 2))
    stacked = {lane: sum(1 for i, a in enumerate(points) for b in points[i + 1:]
                         if abs(a[0] - b[0]) < 6 and abs(a[1] - b[1]) < 6)
               for lane, points in by_lane.items()}
    assert {lane: n for lane, n in stacked.items() if n} == {}, stacked
    context.close()

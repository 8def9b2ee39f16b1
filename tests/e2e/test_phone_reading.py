"""R2 on a phone (390 px): the Overview's legend is read whole under its chart, never in a box that scrolls, and
the US aid breakdown shows no tile label shrunk below legibility, its parts and amounts written out under it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.streamlit_server import EXCEPTION, wait_for_app

# The monthly chart's legend: the height of its content, of its visible box, and of the bars' plot.
_LEGEND = """() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
  const h = s => { const e = gd.querySelector(s); return e ? e.getBoundingClientRect().height : null; };
  return {content: h('g.legend .scrollbox'), box: h('g.legend rect.bg'), plot: h('.draglayer g.xy rect.nsewdrag')}; }"""

# Each treemap tile's label that is drawn, with its rendered height (Plotly shrinks a label to fit its tile).
_TILE_LABELS = """() => Array.from(document.querySelectorAll('.js-plotly-plot .treemaplayer text.slicetext'))
  .map(t => ({text: t.textContent, h: t.getBoundingClientRect().height}))
  .filter(t => t.text && t.h > 0)"""


def _phone(browser, server, path: str) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.url}{path}")
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)
    return page


def test_overview_legend_is_whole_on_a_phone(server, browser):
    page = _phone(browser, server, "/")
    expect(page.locator(".js-plotly-plot g.legend").first).to_be_attached()
    sizes = page.evaluate(_LEGEND)
    assert sizes["content"] <= sizes["box"] + 1, sizes  # nothing to scroll
    assert sizes["plot"] >= 200, sizes  # and the bars keep room
    page.context.close()


def test_breakdown_tile_labels_are_legible_and_every_part_is_written_out(server, browser):
    page = _phone(browser, server, "/us_aid?years=2018&years=2022")
    expect(page.locator(".js-plotly-plot .treemaplayer").first).to_be_attached()
    labels = page.evaluate(_TILE_LABELS)
    leaves = [t for t in labels if "$" in t["text"] and "parts add to" not in t["text"]]
    assert leaves and all(t["h"] >= 2 * 11 for t in leaves), labels  # two lines (name, amount) of 11 px at least
    caption = page.get_by_text("Parts:", exact=False)
    expect(caption).to_contain_text("$11.1M")  # the Caspian part, whose tile is too narrow for its label
    page.context.close()

"""The Actors & stances page in a real browser: a deep link with an actor, a click on a heatmap cell that lists
its statements, and screenshots at desktop and phone widths in light and dark. Waits are for the app's reruns,
never for the clock."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import audit
from tests.e2e.streamlit_server import (
    ARTIFACTS, EXCEPTION, PLOTLY_POINTS, rerun, screenshot, wait_for_app, watch_runs,
)
from tests.e2e.test_accessibility import hello_violations  # noqa: F401  (a fixture: hello-world's own violations)
from tests.expectations import Filter, actors, contested_claims, rows

HEATMAP = "[data-testid='stPlotlyChart']"


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id(EXCEPTION)).to_have_count(0)


def test_deep_link_then_click_a_cell_lists_its_statements(server, page: Page):
    # One cell is left: Azerbaijan (exactly) on the peacekeepers' role, three statements.
    _open(page, f"{server.url}/actors_stances?actors=az&sub=false&topics=peacekeepers_role&actor=ru")
    expect(page.get_by_role("heading", name="Actors & stances", exact=True).first).to_be_visible()
    expect(page.get_by_text("3 stance statements by 1 actor on 1 topic.")).to_be_visible()
    expect(page.get_by_role("heading", name="Russia", exact=True)).to_be_visible()  # the actor card, from the link
    points = page.locator(HEATMAP).first.locator(PLOTLY_POINTS)
    expect(points).to_have_count(1)
    box = points.first.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_text("3 statements, latest first.", exact=False)).to_be_visible()
    expect(page.get_by_text("“official Baku openly accused the Russian peace contingent in Karabakh of inaction”", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"actor=ru"))
    screenshot(page, "actors-stances-cell")


# axe runs at 1400 px in both schemes; 390 px is looked at in one (a repeat of the other taught nothing new).
@pytest.mark.parametrize(("width", "scheme"), [(1400, "light"), (1400, "dark"), (390, "dark")])
def test_screenshots_and_axe_with_the_card_open(server, browser, hello_violations, width, scheme):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 1200}, color_scheme=scheme, locale="en-GB")
    page = watch_runs(context.new_page())
    stances = rows("stances")
    cells = stances.groupby(["actor_id", "topic_id"]).ngroups
    _open(page, f"{server.url}/actors_stances?actor=az")
    expect(page.get_by_text(f"{len(stances)} stance statements by {stances['actor_id'].nunique()} actors on "
                            f"{stances['topic_id'].nunique()} topics.")).to_be_visible()
    expect(page.locator(HEATMAP).first.locator(PLOTLY_POINTS)).to_have_count(cells)  # one click target per cell
    expect(page.get_by_role("heading", name="Azerbaijan", exact=True)).to_be_visible()
    screenshot(page, f"actors-stances-{width}-{scheme}")
    extra = [v for v in audit(page) if v["rule"] not in hello_violations[scheme]] if width == 1400 else []
    context.close()
    assert extra == [], "\n".join(f"{v['impact']} {v['rule']} at {v['target']}: {v['summary']}" for v in extra)


@pytest.mark.parametrize(("width", "scheme"), [(1400, "light"), (390, "dark")])  # each width, each scheme, once
def test_contested_claims_side_by_side_with_their_quotes(server, browser, width, scheme):
    """Under a Russia filter (with sub-actors), the events that Russia's actors read are listed; the first one's readings are
    shown side by side, the others marked as outside the filter, and each quote links to its passage on the Sources
    page. Picking the other event shows its readings and keeps it in the link. On a phone the heatmap's box scrolls
    sideways instead of squeezing 12 columns into 390 px."""
    context = browser.new_context(viewport={"width": width, "height": 1200}, color_scheme=scheme, locale="en-GB")
    page = watch_runs(context.new_page())
    _open(page, f"{server.url}/actors_stances?actors=ru")
    heading = page.get_by_role("heading", name="Contested claims", exact=True)
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    shown = contested_claims(Filter(actors=actors("ru")))  # stated from claims.csv, not through the app
    count = shown["subject_event_id"].nunique()
    expect(page.get_by_text(f"{count} events that sources read differently, {len(shown)} readings.",
                            exact=False)).to_be_visible()
    assert shown["subject_event_id"].iloc[0] == "ev_2022_03_26_az_mod_rebuts_russian_mod"  # the first, drawn at once
    quote = page.get_by_text("“The Azerbaijani armed forces entered the zone of responsibility", exact=False)
    expect(quote).to_be_visible()
    expect(page.get_by_text("Outside the current filter", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Read it in its source")).first).to_be_visible()
    quote.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"actors-stances-claims-{width}-{scheme}.png"))  # the viewport, there
    lachin = page.get_by_role("radiogroup").get_by_text("Lachin", exact=False)
    with rerun(page):
        lachin.click()
    expect(page.get_by_text("“on December 12, the Azerbaijani side blocked the Stepanakert-Goris road",
                            exact=False)).to_be_visible()
    expect(quote).to_have_count(0)
    expect(page).to_have_url(re.compile(r"claim=ev_2022_12_12_lachin_road_blocked"))
    box = page.locator(".st-key-stance_heatmap_box")
    if width == 390:
        assert box.evaluate("el => el.scrollWidth > el.clientWidth + 100"), "the heatmap should scroll sideways"
    else:
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    context.close()

"""axe-core audits every page of the registry, in light and dark, beside a hello-world Streamlit page audited in
the same run: the app may have no serious or critical violation that hello-world does not have too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from core.pages import PAGES
from tests.e2e.axe import audit
from tests.e2e.streamlit_server import StreamlitServer, screenshot, wait_for_app

# One worker runs every audit, so the hello-world audit (a server of its own) is made once per run.
pytestmark = pytest.mark.xdist_group("axe")
HELLO = 'import streamlit as st\nst.title("Hello")\nst.write("world")\nst.caption("A caption")\nst.checkbox("Rerun me")\n'


@pytest.fixture(scope="module")
def hello_violations(tmp_path_factory, browser) -> dict[str, set[str]]:
    script = tmp_path_factory.mktemp("hello") / "hello.py"
    script.write_text(HELLO, encoding="utf-8")
    server = StreamlitServer(script=str(script))
    server.wait_healthy()
    found = {}
    try:
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 1400, "height": 1500}, color_scheme=scheme)
            page = context.new_page()
            page.goto(server.url)
            wait_for_app(page)
            found[scheme] = {v["rule"] for v in audit(page)}
            context.close()
    finally:
        server.stop()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("entry", PAGES, ids=[p.name for p in PAGES])
def test_no_serious_violation_beyond_hello_world(server, browser, hello_violations, entry, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1500}, color_scheme=scheme)
    page: Page = context.new_page()
    # The Timeline is audited with an event selected, so the evidence panel is audited too.
    # The Sources page is audited with a passage open in its reader.
    query = {"event": "?event=ev_2022_10_31_sochi_meeting",
             "source": "?source=peacekeepers_mines_2022_12&passage=2"}.get(entry.selection_key, "")
    page.goto(f"{server.url}/{entry.url_path}{query}")
    wait_for_app(page)
    extra = [v for v in audit(page) if v["rule"] not in hello_violations[scheme]]
    if extra:
        screenshot(page, f"axe-{entry.name}-{scheme}")
    context.close()
    assert extra == [], "\n".join(f"{v['impact']} {v['rule']} at {v['target']}: {v['summary']}" for v in extra)

"""axe-core in the page: the accessibility audit the browser tests run on every page.

axe-core comes from the PyPI package axe-playwright-python, which ships axe.min.js (axe-core 4.12.1); set
$AXE_CORE_JS to use another copy (for example one installed with `npm install axe-core`). The tests inject the
file themselves and call axe.run, so only the script is borrowed from the package."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from playwright.sync_api import Page

SEVERE = ("serious", "critical")


def axe_script() -> str:
    override = os.environ.get("AXE_CORE_JS")
    if override:
        return Path(override).read_text(encoding="utf-8")
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def audit(page: Page) -> list[dict]:
    """The serious and critical violations on the page as it is now: one dict per (rule, element)."""
    page.evaluate(axe_script())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation.get("impact") not in SEVERE:
            continue
        for node in violation["nodes"]:
            found.append({
                "rule": violation["id"], "impact": violation["impact"], "target": " ".join(map(str, node["target"])),
                "summary": (node.get("failureSummary") or "").replace("\n", " ")[:200],
                "html": node.get("html", "")[:160],
            })
    return found

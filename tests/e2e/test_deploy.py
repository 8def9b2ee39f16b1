"""Hosting, tested without Docker (no image can be pulled on these machines): the entrypoint script starts the
app from a read-only copy of the repository with only a temporary folder writable, the health check script tells a
healthy server from none, and every page renders there in Chromium under the content security policy that README
and deploy/nginx.conf tell the proxy to add, with no violation and no request beyond this machine.

The three checks share one walk over the pages (each page opened once, not once per check): the read-only server,
the policy on each document and every non-loopback request blocked and counted (the favicon, fonts, map tiles or
any script would show up there).

Read-only is checked two ways, because CI runs as root, for whom chmod stops no write: the copy has its write bits
removed (which stops an unprivileged user), and afterwards every file of the copy is compared with a snapshot
taken before the start (content hash, size and mtime), and no file may have appeared or gone."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.e2e.streamlit_server import (
    CHROMIUM_ARGS,
    EXCEPTION,
    MAIN,
    REPO,
    SIDEBAR,
    find_chromium,
    free_port,
    screenshot,
    wait_for_app,
    watch_runs,
)
from core.pages import PAGES

sys.path.insert(0, str(REPO / "deploy"))
from healthcheck import healthy

IGNORED = shutil.ignore_patterns(".git", ".venv", "artifacts", ".pytest_cache", "__pycache__", "results", "tests")


def snapshot(root: Path) -> dict[str, tuple]:
    return {str(path.relative_to(root)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size,
                                          path.stat().st_mtime_ns) if path.is_file() else ("dir",)
            for path in sorted(root.rglob("*"))}


def set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def check_every_page(browser, url: str, name: str, policy: str) -> tuple[list[str], list[str], int]:
    """Open every page of the registry with `policy` added to each document's response and every request that
    leaves this machine blocked. Each page must draw its sidebar and a heading, no exception and no policy
    violation. Returns the problems, the blocked requests and how many requests the route saw."""
    problems, blocked, seen = [], [], []

    def route(route):
        request = route.request
        seen.append(request.url)
        host = urlparse(request.url).hostname or ""
        if not request.url.startswith(("data:", "blob:")) and host not in ("127.0.0.1", "localhost", "::1"):
            blocked.append(request.url)
            return route.abort()
        if request.resource_type != "document":  # the policy is the document's; other responses pass as they are
            return route.continue_()
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    context.set_default_timeout(120_000)
    context.add_init_script(RECORD_VIOLATIONS)
    context.route("**/*", route)
    try:
        for page in PAGES:
            tab = watch_runs(context.new_page())
            tab.goto(f"{url}/{page.url_path}")
            wait_for_app(tab, 120_000)  # seven pages of a cold server, on a shared machine
            if tab.get_by_test_id(EXCEPTION).count():
                problems.append(f"{page.name}: exception drawn")
            if not tab.get_by_test_id(SIDEBAR).get_by_text("Filters").count():
                problems.append(f"{page.name}: no filters")
            if not tab.get_by_test_id(MAIN).get_by_role("heading").count():
                problems.append(f"{page.name}: no heading")
            tab.wait_for_load_state("networkidle")  # late requests (fonts, tiles) are made before the count
            problems.extend(f"{page.name}: {v}" for v in tab.evaluate("window.__cspViolations || []"))
            if page.default:
                screenshot(tab, name)
            tab.close()
    finally:
        context.close()
    return problems, blocked, len(seen)


def test_the_health_check_fails_when_nothing_answers():
    port = free_port()
    done = subprocess.run([sys.executable, str(REPO / "deploy" / "healthcheck.py")], env={**os.environ,
                          "PORT": str(port)}, capture_output=True, timeout=30)
    assert done.returncode == 1
    assert not healthy(f"http://127.0.0.1:{port}/_stcore/health", timeout_s=2)


def test_the_read_only_deployment_renders_every_page_under_the_policy_and_offline(browser, tmp_path):
    code = tmp_path / "app"
    writable = tmp_path / "writable"
    shutil.copytree(REPO, code, ignore=IGNORED, symlinks=True)
    writable.mkdir()
    before = snapshot(code)
    set_writable(code, False)
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("STREAMLIT_", "SCM_"))}
    env.update(PORT=str(port), ADDRESS="127.0.0.1", PYTHON=sys.executable, SCM_TMP=str(writable),
               HOME=str(code / "no-home"))  # a HOME that cannot be written: the entrypoint must move it
    server = subprocess.Popen(["sh", str(code / "deploy" / "entrypoint.sh")], env=env, stdout=log,
                              stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(240):  # up to 60 s, but a crash ends the wait at once
            if healthy(f"{url}/_stcore/health", timeout_s=2):
                break
            try:
                server.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                continue
            log.seek(0)
            pytest.fail(f"the entrypoint exited with {server.returncode}:\n{log.read()[-3000:]}")
        # The container's HEALTHCHECK command, as Docker runs it.
        check = subprocess.run([sys.executable, str(code / "deploy" / "healthcheck.py")],
                               env={**env, "PORT": str(port)}, capture_output=True, timeout=30)
        assert check.returncode == 0, check.stderr
        # The policy is added to each page's own response by Playwright (there is no nginx here). Chromium's Local
        # Network Access checks treat a response fulfilled that way as coming from a public address and then block
        # its websocket to 127.0.0.1, which a real proxy never causes (page and websocket share the host): a
        # browser of its own without those checks.
        own = browser.browser_type.launch(headless=True, executable_path=find_chromium(),
                                          args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"])
        try:
            problems, blocked, seen = check_every_page(own, url, "deploy-read-only", recommended_csp())
        finally:
            own.close()
        assert problems == []
        assert seen > len(PAGES)  # the route saw the app's own requests, so it was in force
        assert blocked == [], f"{len(blocked)} external request(s): {blocked[:5]}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        set_writable(code, True)
        log.seek(0)
        output = log.read()
        print(output[-5000:])  # shown when the test fails
    assert "Traceback" not in output, output[-3000:]
    after = snapshot(code)
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    assert changed == [], f"files changed in the read-only copy: {changed}"
    assert sorted(after.keys() - before.keys()) == [], "files appeared in the read-only copy"
    assert sorted(before.keys() - after.keys()) == [], "files went from the read-only copy"
    assert any(writable.iterdir()), "the writable folder was not used"


def recommended_csp() -> str:
    """The Content-Security-Policy line of deploy/nginx.conf, which README points to."""
    found = re.search(r'add_header Content-Security-Policy "([^"]+)"', (REPO / "deploy" / "nginx.conf").read_text())
    assert found, "deploy/nginx.conf sets no Content-Security-Policy"
    return found.group(1)


RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
"""

"""The deployment files agree with each other and with issue 22: .streamlit/config.toml's settings, the upload limit
the proxy allows, the theme set in one place only, the Dockerfile's base, user, health check and entrypoint, and
compose's two replicas behind a sticky proxy that upgrades the websocket. (Docker itself cannot run here; the
entrypoint and the health check are run for real in tests/e2e/test_deploy.py.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
NGINX = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = (REPO / "compose.yaml").read_text(encoding="utf-8")


def test_config_sets_upload_size_cors_xsrf_and_no_usage_statistics():
    assert CONFIG["server"]["maxUploadSize"] == 200
    assert CONFIG["server"]["enableCORS"] is True
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_after_every_rerun():
    # Streamlit's default gc.collect(2) after each run holds the GIL for about 170 ms over this app's heap, which
    # delays the rerun's last messages; bench/startup.py and bench/load.py measure the difference.
    assert CONFIG["runner"]["postScriptGC"] is False


def test_the_proxy_accepts_uploads_as_large_as_the_app():
    assert re.search(r"client_max_body_size\s+(\d+)m;", NGINX).group(1) == str(CONFIG["server"]["maxUploadSize"])


def test_the_theme_is_set_in_config_toml_only():
    assert {"light", "dark"} <= set(CONFIG["theme"])
    starters = [REPO / "Makefile", REPO / "Dockerfile", REPO / "compose.yaml", REPO / "deploy" / "entrypoint.sh"]
    code = [*REPO.glob("*.py"), *(REPO / "app_pages").rglob("*.py"), *(REPO / "components").rglob("*.py"),
            *(REPO / "core").rglob("*.py")]
    setters = [path.name for path in starters if "--theme" in path.read_text(encoding="utf-8")]
    setters += [path.name for path in code if re.search(r"set_option\(\s*['\"]theme", path.read_text(encoding="utf-8"))]
    assert setters == []


def test_the_image_runs_as_a_user_with_a_health_check_and_the_entrypoint():
    assert re.search(r"^FROM python:3\.12-slim$", DOCKERFILE, flags=re.M)
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, flags=re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*deploy/healthcheck\.py", DOCKERFILE, flags=re.M)
    assert "/_stcore/health" in (REPO / "deploy" / "healthcheck.py").read_text(encoding="utf-8")
    assert re.search(r'^ENTRYPOINT \["/app/deploy/entrypoint\.sh"\]$', DOCKERFILE, flags=re.M)


def test_compose_has_two_replicas_behind_a_sticky_proxy_that_upgrades_the_websocket():
    assert re.findall(r"^  (app\d):", COMPOSE, flags=re.M) == ["app1", "app2"]
    upstream = re.search(r"upstream scm_app \{(.*?)\}", NGINX, flags=re.S).group(1)
    assert "ip_hash;" in upstream
    assert re.findall(r"server (app\d):8501", upstream) == ["app1", "app2"]
    assert "proxy_set_header Upgrade $http_upgrade;" in NGINX
    assert "proxy_set_header Connection $connection_upgrade;" in NGINX
    for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options"):
        assert f"add_header {header} " in NGINX

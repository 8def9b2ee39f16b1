"""The container's health check: exit 0 when Streamlit's /_stcore/health answers "ok", else 1.

Standard library only (python:3.12-slim has no curl). PORT is the app's port (8501); HEALTH_URL overrides it all.
Run: python deploy/healthcheck.py
"""

import os
import sys
import urllib.request

URL = os.environ.get("HEALTH_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8501')}/_stcore/health"


def healthy(url: str = URL, timeout_s: float = 4.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:  # refused, timed out, HTTP error
        return False


if __name__ == "__main__":
    sys.exit(0 if healthy() else 1)

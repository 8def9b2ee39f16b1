"""The code passes ruff with the rules pyproject.toml selects (pycodestyle, pyflakes, bugbear, unused noqa):
a finding fails this test with ruff's own report as the message."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def ruff_command() -> list[str] | None:
    """How to run ruff: the binary next to this interpreter, ruff as a module of it, or None."""
    beside = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    found = shutil.which("ruff")
    return [found] if found else None


def test_ruff_finds_nothing():
    command = ruff_command()
    if command is None:
        pytest.skip("ruff is not installed (pip install -r requirements-dev.txt)")
    # --no-cache: a test writes nothing into the checkout
    result = subprocess.run([*command, "check", "--no-cache", "--output-format", "concise", "."], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"

"""python -m core.validate exits 0 on the bundled data and 1, naming the problem, on broken data."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DATA_DIR, REPO


def _run(path):
    return subprocess.run([sys.executable, "-m", "core.validate", str(path)], cwd=REPO, capture_output=True, text=True)


def test_bundled_directory_is_valid():
    result = _run(DATA_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: no problems found" in result.stdout
    assert "events.csv:" in result.stdout and "rows" in result.stdout


def test_single_valid_file():
    result = _run(DATA_DIR / "events.csv")
    assert result.returncode == 0, result.stdout


def test_broken_file_exits_1_and_names_it(data_copy):
    path = data_copy / "aid.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("58600000", "$58.6M", 1), encoding="utf-8")
    result = _run(path)
    assert result.returncode == 1
    assert "the aid table, row" in result.stdout and "amount_usd" in result.stdout and "$58.6M" in result.stdout


def test_missing_path_exits_2(tmp_path):
    assert _run(tmp_path / "nope").returncode == 2

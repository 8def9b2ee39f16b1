"""The test tiers' own machinery: `make test` runs `pytest -n 2 --dist loadgroup`, and relies on `xdist_group`
keeping a group's tests on one worker (one Spark session and its module's datasets per group, one hello-world
axe audit). pytest 9.2 with pytest-xdist 3.8 silently ignored the groups, so each module's fixtures were built on
both workers; this runs a small suite the same way and checks where each test ran."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow  # two xdist workers start: a few seconds

SUITE = textwrap.dedent('''
    import json, os, pytest

    pytestmark = pytest.mark.xdist_group("together")

    @pytest.mark.parametrize("index", range(8))
    def test_in_the_group(index, tmp_path_factory):
        where = tmp_path_factory.getbasetemp().parent / f"ran-{index}.json"
        where.write_text(json.dumps(os.environ["PYTEST_XDIST_WORKER"]))
''')
FILLER = textwrap.dedent('''
    import pytest

    @pytest.mark.parametrize("index", range(8))
    def test_anywhere(index):
        assert index >= 0
''')


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_group.py").write_text(SUITE, encoding="utf-8")
    (tmp_path / "test_filler.py").write_text(FILLER, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the project's settings
    base = tmp_path / "base"
    base.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q", "-p", "no:cacheprovider",
         "-c", str(tmp_path / "pytest.ini"), "--basetemp", str(base / "run")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ran = list(base.rglob("ran-*.json"))
    assert len(ran) == 8, done.stdout
    workers = {json.loads(path.read_text()) for path in ran}
    assert len(workers) == 1, f"the group's tests ran on {sorted(workers)}"

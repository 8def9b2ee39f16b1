"""The bundled data's start-up trusts its stamp and skips validation, so it must not pay for the validation
library either: importing the app's shell and pages' modules and opening the bundled data leaves pandera (about
0.3 s of imports on this machine) unimported. Run in a fresh interpreter, since this test process has it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import sys
from pathlib import Path
import components.shell.dataset, components.shell.sidebar, components.shell.footer, components.shell.notices
import components.overview.trend, components.timeline.chart, components.us_aid.chart, components.map.deck
import components.actors_stances.data, components.sources.links
from components.shell.answers import CachingStore
from core.load import load_dataset
store = CachingStore(load_dataset(Path("data"), trust_stamp=True))
print(sorted(m for m in sys.modules if m == "pandera" or m.startswith("pandera.")))
"""


def test_a_trusted_start_does_not_import_pandera():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"

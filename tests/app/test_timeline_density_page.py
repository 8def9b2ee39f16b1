"""The Timeline page on ~2,000 generated ACLED events (issue 30): density, not a wall of markers, with every
lane named."""

from __future__ import annotations

import json

from core.pages import PAGES_BY_NAME
from core.synthetic_acled import write_acled_dir
from tests.app.test_pages import run_page


def test_the_timeline_of_2000_acled_events_draws_density(tmp_path, monkeypatch):
    monkeypatch.setenv("SCM_DATA_DIR", str(write_acled_dir(tmp_path / "data", 2000, seed=1)))
    at = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["type"] for t in spec["data"]].count("heatmap") == 1
    assert not [t for t in spec["data"] if t["type"] == "scatter" and t.get("mode") == "markers"]
    notes = [a["text"].replace("<br>", " ") for a in spec["layout"]["annotations"] if a.get("name") == "density-note"]
    assert notes and notes[0].startswith("Showing monthly density: 2,000 events")
    # A lane per top-level actor: the generated actors fall under ACLED parents per inter code, each lane named.
    assert spec["layout"]["yaxis"]["ticktext"] == ["ACLED: Political militia", "ACLED: Rebel group", "ACLED: State forces"]
    captions = " ".join(c.value for c in at.caption)
    assert "strip of monthly counts" in captions and "stacked in rows" not in captions
    assert "2,000 events: 2,000 from your ACLED export" in captions  # a directory core/acled wrote: ACLED's rows

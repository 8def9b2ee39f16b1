"""The Overview's trend (issue 19): a monthly chart by event type with the key periods, one "what changed" line
per recent month linking to its events, the coverage per year by origin, and evidence cards that ask for their
sources in the same query as the events. Expectations come from the CSV files in plain pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components.overview.trend import TITLES_PER_MONTH
from core.pages import PAGES_BY_NAME
from core.query import Store
from core.vocab import label
from tests.app.test_pages import run_page
from tests.expectations import Filter, rows

OVERVIEW = PAGES_BY_NAME["overview"].file


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def default_run():
    return run_page(OVERVIEW, {})


def test_monthly_chart_counts_the_month_dated_events(default_run):
    at = default_run
    assert not at.exception
    charts = _charts(at)
    assert len(charts) == 2
    monthly = charts[0]
    bars = [t for t in monthly["data"] if t["type"] == "bar"]
    events = rows("events", Filter())
    dated = events[events["date_precision"] != "year"]
    assert sum(sum(t["y"]) for t in bars) == len(dated)
    assert {t["name"] for t in bars} == {label(e) for e in dated["event_type"]}  # one trace, one colour per type
    bands = [s for s in monthly["layout"].get("shapes", []) if s.get("showlegend")]
    assert any(s["name"].startswith("1 · The 44-day Karabakh war") for s in bands)
    assert monthly["layout"]["xaxis"]["range"][0].startswith("2018-01-01")


def test_what_changed_names_the_latest_months_and_links_their_events(default_run):
    events = rows("events", Filter())
    dated = events[events["date_precision"] != "year"].copy()
    dated["month"] = pd.to_datetime(dated["date"].str[:7] + "-01")
    latest = dated["month"].max()
    in_latest = dated[dated["month"] == latest]
    lists = [m.value for m in default_run.markdown if m.value.startswith("- **")]
    assert lists, "no what-changed lines"
    first = lists[0].splitlines()[0]
    assert first.startswith(f"- **{latest:%b %Y}** · {len(in_latest)} event")
    # The month's first TITLES_PER_MONTH events by date (ties by id) are linked; more are counted as "and N more".
    ordered = in_latest.sort_values(["date", "event_id"])["event_id"].tolist()
    for event_id in ordered[:TITLES_PER_MONTH]:
        assert f"event={event_id}" in first
    for event_id in ordered[TITLES_PER_MONTH:]:
        assert f"event={event_id}" not in first
    if len(ordered) > TITLES_PER_MONTH:
        assert first.endswith(f"and {len(ordered) - TITLES_PER_MONTH} more")
    assert "timeline?" in first


def test_coverage_per_year_by_origin(default_run):
    coverage = _charts(default_run)[1]
    events = rows("events", Filter())
    years = events["date"].str[:4].astype(int)
    for trace in coverage["data"]:
        origin = "corpus" if trace["name"].startswith("Corpus") else "external"
        expected = years[events["origin"] == origin].value_counts()
        assert dict(zip(map(int, trace["x"]), trace["y"])) == expected.to_dict()
    assert "not that it was calm" in "\n".join(c.value for c in default_run.caption)


def test_us_aid_is_counted_as_figures(default_run):
    assert "US aid figures" in [m.label for m in default_run.metric]
    assert "US aid rows" not in [m.label for m in default_run.metric]


def test_evidence_cards_do_not_ask_for_their_sources_one_by_one(monkeypatch):
    asked = []
    monkeypatch.setattr(Store, "source", lambda self, source_id: asked.append(source_id), raising=False)
    at = run_page(OVERVIEW, {})
    assert not at.exception
    assert len([m.value for m in at.markdown if "\n\nSource: " in m.value]) == 5  # each card: lead, quote, source
    assert asked == []

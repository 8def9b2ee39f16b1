"""Figures built as plain specs (components/figures/spec.py, issue S): each is a go.Figure made without plotly's
per-property validation, and validating its dict again changes nothing, so the browser gets the figure the
validated build gave."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components.figures.overview import build_coverage, build_monthly
from components.figures.relations import build_network
from components.figures.stances import build_stance_heatmap, build_stance_history
from components.figures.timeline import AGGREGATE_THRESHOLD, build_timeline
from core.filters import FilterSpec
from core.query import Store


@pytest.fixture(scope="module")
def store(dataset) -> Store:
    return Store(dataset)


def _figures(store: Store):
    spec = FilterSpec()
    cells = store.stance_cells(spec).cells
    yield "heatmap", build_stance_heatmap(cells)
    for topic in sorted({c["topic_id"] for c in cells})[:4]:
        yield f"history {topic}", build_stance_history(store.stance_history(spec, topic))
    yield "network", build_network(store.relations_network(spec), store.network_positions())
    yield "timeline markers", build_timeline(store.timeline(spec, AGGREGATE_THRESHOLD), years=spec.years)
    yield "timeline density", build_timeline(store.timeline(spec, 0), years=spec.years,
                                             fatalities=store.monthly_fatalities_by_type(spec))
    yield "overview trend", build_monthly(store.summary(spec).monthly_by_type(), store.key_periods(), spec.years)
    yield "overview coverage", build_coverage(store.summary(spec).coverage_by_year())


def _pruned(value):
    """Empty objects dropped: plotly draws `title: {}` as no title at all."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v != {}}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def test_spec_figures_are_built_unvalidated_and_equal_their_validated_form(store):
    for name, fig in _figures(store):
        assert fig._validate is False, f"{name} was built through plotly's validating objects"
        built = fig.to_dict()
        assert len(built["data"]) >= 1, name
        assert _pruned(go.Figure(built).to_dict()) == _pruned(built), name


def test_a_frozen_spec_figure_hands_out_the_same_dict_as_plotly(store):
    from components.figures.frozen import freeze

    for name, fig in _figures(store):
        expected = fig.to_dict()
        assert freeze(fig).to_dict() == expected, name


def test_drawing_a_spec_figure_sends_what_plotly_would_without_making_its_objects(store):
    """`st.plotly_chart` asks a figure for its dict only: a spec figure hands out its spec with plotly's default
    template (which Streamlit's theme is applied to), the same JSON as a go.Figure made of that spec, and makes no
    plotly objects for it (about 3 ms a figure on each fresh filter). Reading a property then makes them, and the
    figure is a go.Figure like any other, with the same dict."""
    import json

    import plotly.io as pio

    for name, fig in _figures(store):
        drawn = json.loads(pio.to_json(fig.to_dict(), validate=False))
        assert not fig.is_built, f"{name}: handing out its dict made plotly's objects"
        assert "template" in drawn["layout"], f"{name}: drawn without plotly's template, so without Streamlit's theme"
        untemplated = {key: value for key, value in drawn["layout"].items() if key != "template"}
        made = go.Figure({"data": drawn["data"], "layout": untemplated}, _validate=False)  # takes the default
        assert drawn == json.loads(pio.to_json(made.to_dict(), validate=False)), name
        assert isinstance(fig, go.Figure) and len(fig.data) == len(drawn["data"]), name
        assert fig.is_built and json.loads(pio.to_json(fig.to_dict(), validate=False)) == drawn, name

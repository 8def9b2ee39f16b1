"""Figures built from a plain spec: the builders that draw on every fresh filter write their traces and layout as
dicts, in the form plotly's validation leaves them, and wrap them in a `go.Figure` without validating every
property again.

Building a figure through plotly's objects (`go.Scatter(...)`, `add_trace(row=...)`, `update_layout(...)`) validates
and copies each property on every call: the Actors & stances figures took 50 ms of CPU per filter nobody had asked
before (`bench/rerun_cpu.py --fresh --split`), nearly all of it there. The figure from `figure_from` is a real
`go.Figure` (pages and tests read `fig.data`, `fig.layout` as before) whose `to_dict()` is the same dict;
tests/unit/test_figure_specs.py checks that validating each such figure's dict again changes nothing."""

from __future__ import annotations

import plotly.graph_objects as go
from _plotly_utils.basevalidators import to_scalar_or_list


def figure_from(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure of `data` (trace dicts, each with its "type") and `layout`, not validated property by property:
    only for specs already in validated form (lists, plain scalars, valid names and values)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def data_array(values) -> list:
    """A data array (x, y, customdata...) as plotly's validation stores it: plain Python scalars and lists (a
    pandas Timestamp becomes its text, a numpy number a Python one)."""
    return to_scalar_or_list(list(values))

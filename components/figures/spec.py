"""Figures built from a plain spec: the builders that draw on every fresh filter write their traces and layout as
dicts, in the form plotly's validation leaves them, and wrap them in a `go.Figure` without validating every
property again.

Building a figure through plotly's objects (`go.Scatter(...)`, `add_trace(row=...)`, `update_layout(...)`) validates
and copies each property on every call: the Actors & stances figures took 50 ms of CPU per filter nobody had asked
before (`bench/rerun_cpu.py --fresh --split`), nearly all of it there. The figure from `figure_from` is a
`go.Figure` (pages and tests read `fig.data`, `fig.layout` as before) whose `to_dict()` is the same dict;
tests/unit/test_figure_specs.py checks that validating each such figure's dict again changes nothing.

Even unvalidated, making a `go.Figure` deep-copies every trace into plotly's objects (about 3 ms a figure, each
fresh filter), and `st.plotly_chart` only asks for its `to_dict()`. So `figure_from` hands out a `SpecBackedFigure`:
its `to_dict()` is the spec itself, and plotly's objects are made only when something reads the figure's
properties (a test reading `fig.data`, a page's `fig.layout`), then it is a go.Figure like any other."""

from __future__ import annotations

import functools
import json
import re

import plotly.graph_objects as go
from _plotly_utils.basevalidators import to_scalar_or_list

from components.figures.frozen import FrozenFigure

SPEC_KEYS = ("data", "layout", "frames")


def figure_from(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure of `data` (trace dicts, each with its "type") and `layout`, not validated property by property:
    only for specs already in validated form (lists, plain scalars, valid names and values). Frozen (frozen.py):
    never change it once built."""
    return SpecBackedFigure({"data": data, "layout": layout})


class SpecBackedFigure(FrozenFigure):
    """A frozen go.Figure that holds its spec and makes plotly's objects only when one of them is first read.

    `to_dict()` hands out the spec (a new outer dict; the traces and layout are shared and only read), which is all
    `st.plotly_chart` asks of a figure. Any other attribute of a go.Figure (`data`, `layout`, `update_layout`, ...)
    first runs go.Figure's own construction of the spec, unvalidated, then behaves as a go.Figure. The spec is
    handed over, not copied: the caller must not change it after."""

    def __init__(self, spec: dict):  # go.Figure.__init__ runs later, in _build, if ever
        self.__dict__["_spec"] = {key: spec[key] for key in SPEC_KEYS if key in spec}
        extra = {key: value for key, value in spec.items() if key not in SPEC_KEYS}  # e.g. __reduce__'s _grid_str
        if extra:
            self._build(extra)

    def _build(self, extra: dict | None = None) -> None:
        state = self.__dict__
        state["_built"] = True
        go.Figure.__init__(self, {**state["_spec"], **(extra or {})}, _validate=False)

    def __getattr__(self, name: str):
        # Reached only for an attribute not found otherwise: before _build, every one of go.Figure's own.
        state = self.__dict__
        if "_spec" not in state or state.get("_built"):
            raise AttributeError(name)
        self._build()
        return getattr(self, name)

    @property
    def is_built(self) -> bool:
        """Whether plotly's objects have been made (tests check that drawing does not make them)."""
        return bool(self.__dict__.get("_built"))

    def to_dict(self) -> dict:
        if not self.is_built:
            spec = self.__dict__["_spec"]
            return {**spec, "layout": with_default_template(spec.get("layout") or {})}
        return super().to_dict()


def with_default_template(layout: dict) -> dict:
    """`layout` with plotly's default template, as a go.Figure takes it when made: Streamlit's theme is applied to
    the template the figure carries, so a figure without one would be drawn without the theme."""
    import plotly.io as pio

    default = pio.templates.default
    if layout.get("template") is not None or default is None:
        return layout
    template = _template_json(default) if isinstance(default, str) else default.to_plotly_json()
    return {**layout, "template": template}


@functools.lru_cache(maxsize=8)
def _template_json(name: str) -> dict:
    """A registered template as a plain dict, made once per name; shared by every figure's dict, only read."""
    import plotly.io as pio

    return pio.templates[name].to_plotly_json()


def data_array(values) -> list:
    """A data array (x, y, customdata...) as plotly's validation stores it: plain Python scalars and lists (a
    pandas Timestamp becomes its text, a numpy number a Python one)."""
    return to_scalar_or_list(list(values))


class SpecFigure:
    """The part of go.Figure's building API the figure builders use (add_trace with row and col, add_shape,
    add_annotation, update_xaxes / update_yaxes with row and col, update_layout), writing into a plain spec; then
    `figure()` is the go.Figure (figure_from). Traces may be plotly objects (validated once, when made) or dicts;
    what plotly costs on top, validating and copying each trace again as it is added and walking every axis on
    each update, is not paid. `subplots(**kwargs)` starts from make_subplots' layout for those arguments, made once
    per distinct arguments. Properties set to None are left out, as plotly leaves them out."""

    def __init__(self, layout: dict | None = None, cols: int = 1):
        self.data: list[dict] = []
        self.layout: dict = layout if layout is not None else {}
        self._cols = cols

    @classmethod
    def subplots(cls, **kwargs) -> SpecFigure:
        return cls(json.loads(_subplots_layout(json.dumps(kwargs, sort_keys=True))), kwargs.get("cols", 1))

    def _cell(self, row, col) -> int:
        return (row - 1) * self._cols + col

    def add_trace(self, trace, row: int | None = None, col: int | None = None) -> SpecFigure:
        spec = dict(trace) if isinstance(trace, dict) else trace.to_plotly_json()
        if row is not None:
            cell = self._cell(row, col or 1)
            spec["xaxis"], spec["yaxis"] = ("x", "y") if cell == 1 else (f"x{cell}", f"y{cell}")
        self.data.append(spec)
        return self

    def add_shape(self, **props) -> SpecFigure:
        self.layout.setdefault("shapes", []).append(_merged({}, props))
        return self

    def add_annotation(self, **props) -> SpecFigure:
        self.layout.setdefault("annotations", []).append(_merged({}, props))
        return self

    def _axes(self, letter: str, row, col) -> list[str]:
        names = [k for k in self.layout if re.fullmatch(f"{letter}axis[0-9]*", k)] or [f"{letter}axis"]
        if row is None:
            return names
        cell = self._cell(row, col or 1)
        return [f"{letter}axis" if cell == 1 else f"{letter}axis{cell}"]

    def update_xaxes(self, row: int | None = None, col: int | None = None, **props) -> SpecFigure:
        for name in self._axes("x", row, col):
            self.layout[name] = _merged(self.layout.get(name, {}), props)
        return self

    def update_yaxes(self, row: int | None = None, col: int | None = None, **props) -> SpecFigure:
        for name in self._axes("y", row, col):
            self.layout[name] = _merged(self.layout.get(name, {}), props)
        return self

    def update_layout(self, **props) -> SpecFigure:
        self.layout = _merged(self.layout, props)
        return self

    def figure(self) -> go.Figure:
        return figure_from(self.data, self.layout)


def _merged(into: dict, props: dict) -> dict:
    """`into` updated by `props` as plotly's update does: nested dicts merged, None leaves a property out."""
    for key, value in props.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict):
            into[key] = _merged(dict(into.get(key) or {}), value)
        else:
            into[key] = value
    return into


@functools.lru_cache(maxsize=32)
def _subplots_layout(arguments: str) -> str:
    """make_subplots' layout (without the template, which the figure takes when drawn) for these arguments."""
    from plotly.subplots import make_subplots

    layout = make_subplots(**json.loads(arguments)).to_plotly_json()["layout"]
    layout.pop("template", None)
    return json.dumps(layout)

"""Figures that are cached and drawn again on every rerun: their dict is built once.

`st.plotly_chart` calls `figure.to_dict()` on every rerun, and plotly deep-copies every trace and walks it for
arrays to encode (on the Timeline about a third of a warm rerun's server time). A cached figure never changes,
so `freeze(figure)` makes its `to_dict()` compute that dict once and hand out the same one after. Freeze a figure
only once it is built, and never change it afterwards (a change would not be drawn)."""

from __future__ import annotations

import plotly.graph_objects as go


class FrozenFigure(go.Figure):
    """A go.Figure whose to_dict() is computed at the first call and reused (see the module docstring)."""

    def to_dict(self):
        frozen = self.__dict__.get("_frozen_dict")
        if frozen is None and self._validate is False:
            # A figure from a plain spec (components/figures/spec.py) holds plain lists and dicts only: its own
            # data and layout are the dict, with no deep copy and no walk for arrays to encode.
            frozen = {"data": self._data, "layout": self._layout}
            self.__dict__["_frozen_dict"] = frozen
        elif frozen is None:
            frozen = super().to_dict()
            for trace in frozen.get("data", []):
                trace.pop("uid", None)  # plotly.io.to_json pops it from the dict it is given: do it once, here
            self.__dict__["_frozen_dict"] = frozen
        return dict(frozen)  # a new outer dict; the traces and layout are shared and only read


def freeze(figure: go.Figure | None) -> go.Figure | None:
    """The same figure, its to_dict() now computed once (None stays None). No copy is made."""
    if figure is not None and type(figure) is go.Figure:
        figure.__class__ = FrozenFigure
    return figure

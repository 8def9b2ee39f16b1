"""Pure builder of the relations network (a plain spec, components/figures/spec.py): actors at fixed positions (core/network_layout.py, seeded, computed
over every relation so no node moves when the filter changes), one line per relation styled by its kind, and a
marker at each line's middle whose hover gives the relation's evidence.

Colour is the actor's fixed colour (its top-level actor's), as on the Timeline; the kind is the line's dash and
width, named in the legend. The builder draws the records it is given, in their order."""

from __future__ import annotations

import plotly.graph_objects as go

from components.figures.common import wrap_lines
from components.figures.spec import data_array, figure_from
from core.network_layout import Canvas, place_labels
from core.text import format_partial_date, hover_escape
from core.vocab import label

KIND_STYLES = {
    "alliance": dict(dash="solid", width=4),
    "strategic_partnership": dict(dash="longdash", width=3),
    "mediation": dict(dash="dot", width=2.5),
    "dispute": dict(dash="dashdot", width=2.5),
    "arms_supply": dict(dash="dash", width=2),
    "peacekeeping": dict(dash="longdashdot", width=2.5),
    "cooperation_format": dict(dash="solid", width=1.5),
}
EDGE_COLOUR = "#777777"
# Where along its line a relation's evidence marker sits: the first relation of a pair at the middle, the next
# ones either side, so two relations of one pair (an alliance and a mediation) each keep a marker to hover.
_MARKER_AT = (0.5, 0.3, 0.7, 0.18, 0.82)
# A fixed size, so the names can be placed clear of each other and of the lines in pixels (core/network_layout.py):
# the page gives the chart this width and lets its box scroll sideways on a narrower screen.
WIDTH, HEIGHT = 820, 600
MARGIN = dict(l=4, r=4, t=10, b=90)  # the bottom margin holds the legend of line styles
X_RANGE, Y_RANGE = (-1.3, 1.3), (-1.2, 1.25)
CANVAS = Canvas(WIDTH - MARGIN["l"] - MARGIN["r"], HEIGHT - MARGIN["t"] - MARGIN["b"], X_RANGE, Y_RANGE)
NAME_CHARS = 18  # a node's name wraps at this many characters


def _since(edge: dict) -> str:
    start, end = format_partial_date(edge["start_date"]), format_partial_date(edge["end_date"])
    if start and end:
        return f"{start} – {end}"
    return f"since {start}" if start else ("start not given" + (f", until {end}" if end else ""))


def build_network(edges: list[dict], positions: dict[str, tuple[float, float]]) -> go.Figure:
    """`edges`: records of the relations_network question; `positions`: the network_positions answer."""
    data = []
    by_kind: dict[str, list[dict]] = {}
    for edge in edges:
        by_kind.setdefault(edge["kind"], []).append(edge)
    mid_x, mid_y, mid_text, mid_ids = [], [], [], []
    seen: dict[frozenset, int] = {}
    for kind, group in by_kind.items():
        xs, ys = [], []
        for edge in group:
            (x0, y0), (x1, y1) = positions.get(edge["actor_a"], (0, 0)), positions.get(edge["actor_b"], (0, 0))
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            pair = frozenset((edge["actor_a"], edge["actor_b"]))
            at = _MARKER_AT[seen.get(pair, 0) % len(_MARKER_AT)]
            seen[pair] = seen.get(pair, 0) + 1
            mid_x.append(x0 + (x1 - x0) * at)
            mid_y.append(y0 + (y1 - y0) * at)
            mid_ids.append([edge["relation_id"]])
            mid_text.append(
                f"<b>{hover_escape(edge['actor_a_name'], 40)} – {hover_escape(edge['actor_b_name'], 40)}</b>: "
                f"{hover_escape(label(kind))}<br>{hover_escape(_since(edge))} · confidence {hover_escape(edge['confidence'])}"
                f"<br>“{wrap_lines(hover_escape(edge['evidence'], 200))}”<br>Source: {hover_escape(edge['source_title'], 70)}"
            )
        data.append({"hoverinfo": "skip", "mode": "lines", "name": label(kind), "x": data_array(xs), "y": data_array(ys),
                     "line": {"color": EDGE_COLOUR, **KIND_STYLES.get(kind, dict(dash="solid", width=1))},
                     "type": "scatter"})
    data.append({"customdata": mid_ids, "hoverinfo": "text", "hoverlabel": {"align": "left"}, "hovertext": mid_text,
                 "marker": {"color": EDGE_COLOUR, "size": 9, "symbol": "diamond"}, "mode": "markers",
                 "name": "evidence", "showlegend": False, "x": data_array(mid_x), "y": data_array(mid_y),
                 "type": "scatter"})
    nodes: dict[str, tuple[str, str]] = {}
    for edge in edges:
        nodes.setdefault(edge["actor_a"], (edge["actor_a_name"], edge["actor_a_colour"]))
        nodes.setdefault(edge["actor_b"], (edge["actor_b_name"], edge["actor_b_colour"]))
    ids = list(nodes)
    where = {a: positions.get(a, (0, 0)) for a in ids}
    names = {a: wrap_lines(hover_escape(nodes[a][0]), NAME_CHARS) for a in ids}
    at = place_labels(where, [(e["actor_a"], e["actor_b"]) for e in edges], names, CANVAS,
                      extra_points=zip(mid_x, mid_y))
    data.append({
        "customdata": [[a] for a in ids], "hoverinfo": "text", "hovertext": [hover_escape(nodes[a][0]) for a in ids],
        "marker": {"color": [nodes[a][1] for a in ids], "line": {"color": "#333333", "width": 1},
                   "size": CANVAS.marker_px},
        "mode": "markers", "name": "actors", "showlegend": False, "x": data_array(where[a][0] for a in ids),
        "y": data_array(where[a][1] for a in ids), "type": "scatter",
    })
    # The names as a trace of their own, each centred where core/network_layout.py found room for it.
    data.append({
        "customdata": [[a] for a in ids], "hoverinfo": "skip", "mode": "text", "name": "names", "showlegend": False,
        "text": [names[a] for a in ids], "textfont": {"size": CANVAS.font_px}, "textposition": "middle center",
        "x": data_array(at[a][0] for a in ids), "y": data_array(at[a][1] for a in ids), "type": "scatter",
    })
    layout = {"xaxis": {"fixedrange": True, "range": list(X_RANGE), "visible": False},
              "yaxis": {"fixedrange": True, "range": list(Y_RANGE), "visible": False},
              "width": WIDTH, "height": HEIGHT, "margin": dict(MARGIN), "hovermode": "closest", "dragmode": False,
              "legend": {"title": {"text": "Line: kind of relation"}, "orientation": "h", "y": -0.02, "yanchor": "top",
                         "x": 0}}
    return figure_from(data, layout)

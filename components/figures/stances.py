"""Pure builders of the Actors & stances figures: the stance heatmap and a topic's stances over time.

Colour means one thing on both: the stance, −2..+2, on ColorBrewer's PuOr (diverging and colour-blind safe),
orange for opposition, purple for support, mid grey for neutral. A cell with no evidence has no value at all
(z is None, its count 0): it is drawn as an empty, hatched-looking gap with no fill and no text, never as the
grey of 0. Each filled cell shows its latest stance, a superscript count when more than one statement supports
it, and a "?" when the latest statement's confidence is below high; a cell whose statements disagree (its lowest
and highest stance differ) is outlined. The hover gives the latest statement's date, quote and source.

Clicks land on an invisible square marker over each filled cell (a scatter point carries `customdata`
[actor_id, topic_id], which Streamlit's on_select returns), so the page can list the cell's statements.

The builders draw what the query layer returned (core/query/stances.py) in the order it returned it; they
filter, group and sort nothing.
"""

from __future__ import annotations


import plotly.graph_objects as go

from components.figures.common import wrap_lines
from components.figures.spec import data_array, figure_from
from core.text import format_date, hover_escape, shorten

# ColorBrewer PuOr, 5 classes: −2 … +2, with a mid grey for 0 so a neutral cell never passes for the white of an
# empty one on a light background.
STANCE_COLOURS = {-2: "#e66101", -1: "#fdb863", 0: "#b4b4b4", 1: "#b2abd2", 2: "#5e3c99"}
STANCE_WORDS = {-2: "strongly opposes", -1: "opposes", 0: "neutral or ambivalent", 1: "supports", 2: "strongly supports"}
CONFIDENCE_SYMBOLS = {"high": "circle", "medium": "circle-open", "low": "x-thin-open"}
DISAGREE_OUTLINE = "#808080"  # 3.9:1 on white, 4.9:1 on the dark theme's background
_ROW_PX = 30
_HISTORY_ROW_PX = 110
LEGEND_GREY = "#808080"  # the confidence key's markers: 3.9:1 on white, 4.9:1 on the dark background
_ACTOR_LABEL_CHARS = 32  # an actor's name wraps at this many characters (two lines at most in the data)
_TOPIC_LABEL_CHARS = 24  # a topic's name, standing upright over its column, wraps at this many characters
# The colour scale is a fixed strip at the figure's left edge, short enough to sit whole in a phone's first screen
# of the sideways-scrolling chart box (390 px less the page's padding), not a strip as wide as the chart.
COLOURBAR_PX = 300
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def stance_text(value) -> str:
    """'+2', '+1', '0', '−1', '−2' (a true minus sign)."""
    value = int(value)
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def _colourscale() -> list[list]:
    """A stepped scale over z in [−2.5, 2.5]: one flat colour per stance."""
    scale = []
    for i, value in enumerate(range(-2, 3)):
        scale += [[i / 5, STANCE_COLOURS[value]], [(i + 1) / 5, STANCE_COLOURS[value]]]
    return scale


def _split(records: list[dict], key: str) -> dict:
    groups: dict = {}
    for record in records:
        groups.setdefault(record[key], []).append(record)
    return groups


def cell_label(cell: dict) -> str:
    """What a filled cell shows: the stance, '?' below high confidence, the count as a superscript."""
    text = stance_text(cell["latest_stance"])
    if cell["latest_confidence"] != "high":
        text += "?"
    if cell["n"] > 1:
        text += str(cell["n"]).translate(_SUPERSCRIPTS)
    return text


def _hover(cell: dict) -> str:
    stance = int(cell["latest_stance"])
    counts = ", ".join(f"{cell[f'n_{c}']} {c}" for c in ("high", "medium", "low") if cell[f"n_{c}"])
    lines = [
        f"<b>{hover_escape(cell['actor_name'], 60)}</b> on {hover_escape(cell['topic_name'], 60)}",
        f"Latest: {stance_text(stance)} ({STANCE_WORDS[stance]}), {format_date(cell['latest_day'], cell['latest_precision'])}"
        f" · confidence {hover_escape(cell['latest_confidence'])}",
        f"“{wrap_lines(hover_escape(cell['latest_evidence'], 200))}”",
        f"Source: {hover_escape(cell['latest_source_title'], 70)}",
        f"{cell['n']} statement{'s' if cell['n'] != 1 else ''} ({counts})",
    ]
    if cell["disagree"]:
        lines.append(f"Statements disagree: from {stance_text(cell['lowest'])} to {stance_text(cell['highest'])}")
    lines.append("Click to list every statement")
    return "<br>".join(lines)


def build_stance_heatmap(cells: list[dict]) -> go.Figure:
    """The heatmap of `cells` (records of the stance_cells question: a full actors × topics grid in its order)."""
    actors = list(_split(cells, "actor_id"))
    topics = list(_split(cells, "topic_id"))
    row = {a: i for i, a in enumerate(actors)}
    col = {t: i for i, t in enumerate(topics)}
    actor_names = {c["actor_id"]: c["actor_name"] for c in cells}
    topic_names = {c["topic_id"]: c["topic_name"] for c in cells}

    z = [[None] * len(topics) for _ in actors]
    text = [[""] * len(topics) for _ in actors]
    counts = [[0] * len(topics) for _ in actors]
    for cell in cells:
        r, c = row[cell["actor_id"]], col[cell["topic_id"]]
        counts[r][c] = cell["n"]
        if cell["n"]:
            z[r][c] = int(cell["latest_stance"])
            text[r][c] = cell_label(cell)

    filled = [c for c in cells if c["n"]]
    data = [{
        "colorbar": {"len": COLOURBAR_PX, "lenmode": "pixels", "orientation": "h", "thickness": 12,
                     "ticktext": ["−2", "−1", "0", "+1", "+2"], "tickvals": [-2, -1, 0, 1, 2], "x": 0,
                     "xanchor": "left", "xpad": 8, "xref": "container", "y": 0, "yanchor": "bottom", "ypad": 6,
                     "yref": "container"},
        "colorscale": _colourscale(), "customdata": counts, "hoverinfo": "skip", "hoverongaps": False,
        "name": "stances", "text": text, "textfont": {"size": 12}, "texttemplate": "%{text}", "x": list(range(len(topics))),
        "xgap": 2, "y": list(range(len(actors))), "ygap": 2, "z": z, "zmax": 2.5, "zmin": -2.5, "type": "heatmap",
    }, {
        "customdata": [[c["actor_id"], c["topic_id"]] for c in filled], "hoverinfo": "text",
        "hoverlabel": {"align": "left"}, "hovertext": [_hover(c) for c in filled],
        "marker": {"color": "rgba(0,0,0,0)", "size": 22, "symbol": "square"}, "mode": "markers", "name": "cells",
        "selected": {"marker": {"color": "rgba(0,0,0,0)"}}, "showlegend": False,
        "unselected": {"marker": {"opacity": 1}}, "x": [col[c["topic_id"]] for c in filled],
        "y": [row[c["actor_id"]] for c in filled], "type": "scatter",
    }]
    shapes = []
    for cell in cells:
        if cell["disagree"]:
            r, c = row[cell["actor_id"]], col[cell["topic_id"]]
            shapes.append({"layer": "above", "line": {"color": DISAGREE_OUTLINE, "dash": "dot", "width": 3},
                           "name": "disagree", "type": "rect", "x0": c - 0.46, "x1": c + 0.46, "y0": r - 0.44,
                           "y1": r + 0.44})
    layout = {
        "xaxis": {"fixedrange": True, "range": [-0.5, len(topics) - 0.5], "showgrid": False, "side": "top",
                  "tickangle": -90, "tickfont": {"size": 11},
                  "ticktext": [wrap_lines(hover_escape(topic_names[t]), _TOPIC_LABEL_CHARS) for t in topics],
                  "tickvals": list(range(len(topics))), "zeroline": False},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "showgrid": False, "tickfont": {"size": 11},
                  "ticktext": [wrap_lines(hover_escape(actor_names[a]), _ACTOR_LABEL_CHARS) for a in actors],
                  "tickvals": list(range(len(actors))), "zeroline": False},
        # Room above for the topic names (standing upright) and below for the colour scale, whatever the rows.
        "height": 290 + _ROW_PX * max(len(actors), 3), "margin": {"l": 8, "r": 8, "t": 8, "b": 90},
        "plot_bgcolor": "rgba(0,0,0,0)", "clickmode": "event+select", "dragmode": False, "hovermode": "closest",
        "meta": {"actors": actors, "topics": topics},
    }
    if shapes:
        layout["shapes"] = shapes
    return figure_from(data, layout)


def build_stance_history(history: list[dict]) -> go.Figure:
    """One row per actor, each with its name above it and its own step line through its statements on one topic
    (records of the stance_history question, in their order), on one shared time axis: no actor's line can sit
    on another's pixels, however often two actors said the same thing on the same day, and a sub-actor that
    shares its state's colour still has a row and a name of its own. The line holds each stance until the next
    statement; the marker's shape gives the statement's confidence (filled: high, hollow: medium, a cross:
    low), which the legend says, so a shape never reads as an actor.

    Built as a plain spec (components/figures/spec.py): the rows' axes and name annotations are make_subplots'
    own (`_rows_layout`)."""
    actors = _split(history, "actor_id")
    if not actors:
        return go.Figure()
    names = [hover_escape(shorten(points[0]["actor_name"], 40)) for points in actors.values()]
    layout = _rows_layout(len(actors))
    for annotation, name in zip(layout["annotations"], names):
        annotation["text"] = name
    data = []
    for row, points in enumerate(actors.values(), start=1):
        colour = points[0]["colour"]
        data.append({
            "customdata": [[p["stance_id"]] for p in points], "hoverinfo": "text", "hoverlabel": {"align": "left"},
            "hovertext": [
                f"<b>{hover_escape(p['actor_name'], 60)}</b>: {stance_text(p['stance'])} ({STANCE_WORDS[int(p['stance'])]})"
                f"<br>{format_date(p['when_day'], p['date_precision'])} · confidence {hover_escape(p['confidence'])}"
                f"<br>“{wrap_lines(hover_escape(p['evidence'], 200))}”<br>Source: {hover_escape(p['source_title'], 70)}"
                for p in points
            ],
            "line": {"color": colour, "shape": "hv", "width": 2},
            "marker": {"color": colour, "line": {"color": colour, "width": 2}, "size": 11,
                       "symbol": [CONFIDENCE_SYMBOLS.get(p["confidence"], "circle") for p in points]},
            "mode": "lines+markers", "name": names[row - 1], "showlegend": False,
            "x": data_array(p["when_day"] for p in points), "y": [int(p["stance"]) for p in points],
            "type": "scatter", "xaxis": "x" if row == 1 else f"x{row}", "yaxis": "y" if row == 1 else f"y{row}",
        })
    for confidence, symbol in CONFIDENCE_SYMBOLS.items():  # the key to the shapes, in a neutral colour
        data.append({"hoverinfo": "skip", "marker": {"color": LEGEND_GREY, "line": {"color": LEGEND_GREY, "width": 2},
                                                     "size": 11, "symbol": symbol},
                     "mode": "markers", "name": f"{confidence} confidence", "showlegend": True, "x": [None],
                     "y": [None], "type": "scatter"})
    # The key to the shapes sits at the top of the figure, in the margin above the first row's name.
    layout.update({"margin": {"l": 8, "r": 8, "t": 84, "b": 10},
                   "legend": {"title": {"text": "Marker: "}, "orientation": "h", "yanchor": "top", "y": 1.0, "x": 0,
                              "xanchor": "left", "yref": "container"},
                   "height": 130 + _HISTORY_ROW_PX * len(actors), "hovermode": "closest", "showlegend": True})
    return figure_from(data, layout)


def _rows_layout(rows: int) -> dict:
    """The layout make_subplots(rows=rows, cols=1, shared_xaxes=True, subplot_titles=..., vertical_spacing=
    min(0.08, 0.5 / rows)) gives, with the stance axis on every row and each row's name annotation (its text a
    placeholder) at the row's top left: written out with make_subplots' own arithmetic, since make_subplots took
    50-75 ms of CPU for each number of rows a process had not drawn yet (tests/unit/test_stances_figures.py
    checks it equals make_subplots' for 1 to 40 rows)."""
    spacing = min(0.08, 0.5 / rows)
    heights = [(1.0 - spacing * (rows - 1)) / rows] * rows
    layout: dict = {}
    annotations = []
    for row in range(rows):  # from the top; make_subplots counts its grid from the bottom
        below = rows - 1 - row
        start = sum(heights[:below]) + below * spacing
        domain = [_clamped(start), _clamped(start + heights[-1 - row])]
        suffix = "" if row == 0 else str(row + 1)
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [0.0, 1.0]}
        if row < rows - 1:  # every row's time axis follows the bottom row's, which alone shows its dates
            layout[f"xaxis{suffix}"].update({"matches": f"x{rows}", "showticklabels": False})
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": domain, "range": [-2.6, 2.6],
                                    "tickvals": [-2, 0, 2], "ticktext": ["−2", "0", "+2"], "fixedrange": True}
        annotations.append({"font": {"size": 13}, "showarrow": False, "text": f"row {row}", "x": 0,
                            "xanchor": "left", "xref": "paper", "y": domain[1], "yanchor": "bottom", "yref": "paper"})
    layout["annotations"] = annotations
    return layout


def _clamped(edge: float) -> float:
    """make_subplots' rounding of a domain edge within 0.01 outside [0, 1]."""
    return 0.0 if -0.01 < edge < 0.0 else 1.0 if 1.0 < edge < 1.01 else edge


def build_event_years(years: list[dict]) -> go.Figure:
    """A small bar chart of an actor's events per year (records of actor_event_years: year, n)."""
    fig = go.Figure(go.Bar(x=[str(y["year"]) for y in years], y=[y["n"] for y in years], marker_color="#4477AA",
                           text=[y["n"] for y in years], textposition="outside", cliponaxis=False,
                           hovertext=[f"{y['year']}: {y['n']} event{'s' if y['n'] != 1 else ''}" for y in years],
                           hoverinfo="text", name="events"))
    fig.update_xaxes(type="category", fixedrange=True)
    fig.update_yaxes(title="Events", fixedrange=True, rangemode="tozero")
    fig.update_layout(height=220, margin=dict(l=8, r=8, t=20, b=8), showlegend=False)
    return fig

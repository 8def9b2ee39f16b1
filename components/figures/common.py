"""Pieces more than one figure builder draws the same way: the key-period bands, a whole-number count axis, and
hover text wrapped into lines."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.palette import period_colour, tint
from core.text import hover_escape


PERIOD_NAME_CHARS = 38  # a key period's legend name wraps at this many characters (fits a 390 px screen)


def add_key_periods(fig: go.Figure, periods: list[dict], x_start: pd.Timestamp, x_end: pd.Timestamp,
                    title: str = "Key periods (shaded, numbered)") -> int:
    """One shaded band per key period that overlaps the shown span, edged in its colour and named in the legend.

    `periods` is every key period in start order (the query layer's key_periods, not narrowed by the filter): a
    period's number and colour are its place in that list, so they stay the same whatever the filter. Its number
    sits over the middle of the part of the band in view, on a row of its own. Returns the number drawn."""
    shown = 0
    for number, period in enumerate(periods, start=1):
        start = period["start_day"]
        end = period["end_day"] if pd.notna(period["end_day"]) else max(x_end, start)
        if start > x_end or end < x_start:
            continue
        shown += 1
        colour = period_colour(number)
        fig.add_shape(
            type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1, layer="below",
            fillcolor=tint(colour), line=dict(width=1.5, color=colour, dash="dot"),
            # The whole title, on lines short enough for a phone's legend: a shortened name hid what period 2 is.
            name=f"{number} · {wrap_lines(hover_escape(period['title']), PERIOD_NAME_CHARS)}",
            showlegend=True, legendgroup="periods", legendrank=2000 + number,
            legendgrouptitle=dict(text=title) if shown == 1 else None,
        )
        # Numbers, not titles: a number never runs off the plot, and each sits on its own row.
        left, right = max(start, x_start), min(end, x_end)
        fig.add_annotation(
            text=f"<b>{number}</b>", x=left + (right - left) / 2, xref="x", yref="paper", y=1, xanchor="center",
            yanchor="top", yshift=-2 - 19 * (shown - 1), showarrow=False, font=dict(size=11, color="#FFFFFF"),
            bgcolor=colour, borderpad=2, name=f"band-{period['event_id']}",
            hovertext=hover_escape(period["title"]), captureevents=False,
        )
    return shown


def split(records: list[dict], key: str) -> dict:
    """The records in traces by the value of `key`, in first-seen order (drawing, not aggregation)."""
    traces: dict = {}
    for record in records:
        traces.setdefault(record[key], []).append(record)
    return traces


def count_step(busiest: int) -> int:
    """A whole-number tick step for a count axis whose top is `busiest`: counts are whole, so never 0.5."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if busiest / step <= 4:
            return step
    return 10_000


def wrap_lines(text: str, width: int = 60) -> str:
    """Text (already escaped for a hover) on lines of about `width` characters, joined with <br>."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])

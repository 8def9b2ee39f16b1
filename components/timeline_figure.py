"""Pure builder of the Timeline figure: swimlanes of events per top-level actor over a monthly count.

An event with several actors appears once in the lane of each of its top-level actors (two actors under the same
state share one marker). Reading one lane then gives that state's whole record; lines joining an event across
lanes were tried on paper and turn into a mesh at this density, since most events involve two to five states.

Date precision is drawn, not hidden: a day-precision event is a solid marker; a month- or year-precision event is
a hollow marker in the middle of its month or year over a translucent span covering it; a period (an event with
an end date) is a bar. Key periods (the 2020 war, the peacekeeping mandate, the invasion of Ukraine) come from the
data as background bands. Above AGGREGATE_THRESHOLD events the lanes show monthly density instead of markers.

The builder draws what the query layer (core/store.py, `Store.timeline`) computed: the (event, lane) rows, the
monthly counts and the density. It filters, joins and groups nothing itself.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.store import TimelineData
from core.text import hover_escape
from core.vocab import EVENT_TYPES, label

AGGREGATE_THRESHOLD = 2000

SYMBOLS = {
    "armed_conflict": "x",
    "ceasefire": "diamond",
    "agreement": "square",
    "ratification": "square-x",
    "meeting": "circle",
    "visit": "triangle-up",
    "statement": "star",
    "military_exercise": "cross",
    "legislation": "pentagon",
    "aid_decision": "hexagon",
    "access_dispute": "triangle-down",
    "infrastructure": "hourglass",
    "recognition": "bowtie",
    "sanctions": "diamond-wide",
}
# Colours of the monthly-count bars, one per event type (Tol's muted and light schemes, colour-blind safe).
TYPE_COLOURS = dict(
    zip(
        EVENT_TYPES,
        ["#CC6677", "#44AA99", "#332288", "#88CCEE", "#117733", "#DDCC77", "#882255", "#999933", "#AA4499",
         "#6699CC", "#EE8866", "#BBCC33", "#77AADD", "#AAAA00"],
    )
)
_SPAN_ALPHA = 0.28
_TITLE_CHARS = 90


def _span_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    month_end = start + pd.offsets.MonthBegin(1)
    year_end = start + pd.offsets.YearBegin(1)
    return start.where(precision == "day", month_end.where(precision == "month", year_end))


def _x_range(data: TimelineData) -> tuple[pd.Timestamp, pd.Timestamp]:
    if data.points is not None:
        points = data.points
        first = points["start_day"].min()
        last_start = _span_end(points["start_day"], points["date_precision"]).max()
        ends = points["end_day"].dropna()
        last = max([last_start] + [e for e in ends if e <= last_start + pd.DateOffset(months=3)])
    else:
        first, last = data.density["month"].min(), data.density["month"].max() + pd.offsets.MonthBegin(1)
    return first - pd.DateOffset(months=1), last + pd.DateOffset(months=1)


def _hover(point) -> str:
    return (
        f"<b>{hover_escape(point.title, _TITLE_CHARS)}</b><br>{hover_escape(point.when_text)}"
        f"<br>{hover_escape(point.actor_names, 120)}<br>{hover_escape(label(point.event_type))} · confidence {hover_escape(point.confidence)}"
        f"<br>{'From a corpus article' if point.origin == 'corpus' else 'Context: from a public source'}"
    )


def _add_type_legend(fig: go.Figure, types: list[str]) -> None:
    for event_type in types:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=label(event_type), legendgroup=event_type, showlegend=True,
                marker=dict(symbol=SYMBOLS.get(event_type, "circle"), size=10, color=TYPE_COLOURS.get(event_type, "#888888")),
            ),
            row=1, col=1,
        )


def _add_markers(fig: go.Figure, points: pd.DataFrame) -> None:
    placed = points.reset_index(drop=True)
    coarse = placed["date_precision"] != "day"
    span_end = _span_end(placed["start_day"], placed["date_precision"])
    placed["x"] = placed["start_day"].where(~coarse, placed["start_day"] + (span_end - placed["start_day"]) / 2)

    # Spans for coarse dates and bars for periods, one trace per lane so each takes its lane's colour.
    for (lane_name, colour), group in placed.groupby(["lane_name", "colour"], sort=False):
        xs, ys = [], []
        for start, end, is_coarse, period_end in zip(group["start_day"], span_end.loc[group.index], coarse.loc[group.index], group["end_day"]):
            stop = period_end if pd.notna(period_end) else (end if is_coarse else None)
            if stop is not None:
                xs += [start, stop, None]
                ys += [lane_name, lane_name, None]
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", line=dict(width=9, color=colour), opacity=_SPAN_ALPHA, hoverinfo="skip",
                    name="Span: month/year only, or a period", legendgroup="span", showlegend=False,
                ),
                row=1, col=1,
            )
    fig.add_trace(
        go.Scatter(x=[None], y=[None], mode="lines", line=dict(width=9, color="#888888"), opacity=_SPAN_ALPHA,
                   name="Span: month/year only, or a period", legendgroup="span"),
        row=1, col=1,
    )

    placed["hover"] = [_hover(point) for point in placed.itertuples()]
    for event_type, group in placed.groupby("event_type", sort=True):
        symbol = SYMBOLS.get(event_type, "circle")
        symbols = [f"{symbol}-open" if c else symbol for c in coarse.loc[group.index]]
        fig.add_trace(
            go.Scatter(
                x=group["x"], y=group["lane_name"], mode="markers", name=label(event_type), legendgroup=event_type,
                showlegend=False,
                marker=dict(symbol=symbols, size=12, color=group["colour"], line=dict(width=1.5, color=group["colour"])),
                customdata=[[event_id] for event_id in group["event_id"]],
                hovertext=list(group["hover"]), hoverinfo="text",
            ),
            row=1, col=1,
        )


def _add_density(fig: go.Figure, density: pd.DataFrame, total: int, threshold: int) -> None:
    for (lane_name, colour), group in density.groupby(["lane_name", "colour"], sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["month"] + pd.Timedelta(days=14), y=[lane_name] * len(group), mode="markers", showlegend=False,
                marker=dict(size=[6 + 3 * math.sqrt(n) for n in group["n"]], sizemode="diameter", color=colour, opacity=0.7),
                hovertext=[f"{m:%b %Y}: {n:,} events in {hover_escape(lane_name)}" for m, n in zip(group["month"], group["n"])],
                hoverinfo="text", name=lane_name,
            ),
            row=1, col=1,
        )
    fig.add_annotation(
        text=f"Showing monthly density: {total:,} events exceed the {threshold:,}-marker limit",
        xref="paper", yref="paper", x=0, y=1.0, xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=12),
        name="density-note",
    )


def _add_counts(fig: go.Figure, counts: pd.DataFrame, undated: int) -> None:
    for event_type, group in counts.groupby("event_type", sort=True):
        fig.add_trace(
            go.Bar(
                x=group["month"] + pd.Timedelta(days=14), y=group["n"], name=label(event_type), legendgroup=event_type,
                showlegend=False, marker_color=TYPE_COLOURS.get(event_type, "#888888"), width=1000 * 3600 * 24 * 26,
                hovertext=[f"{m:%b %Y}: {n} {hover_escape(label(event_type))}" for m, n in zip(group["month"], group["n"])],
                hoverinfo="text",
            ),
            row=2, col=1,
        )
    if undated:
        fig.add_annotation(
            text=f"Monthly count; {undated} event{'s' if undated > 1 else ''} known only to the year not counted",
            xref="x2 domain", yref="y2 domain", x=0, y=1.02, xanchor="left", yanchor="bottom", showarrow=False,
            font=dict(size=11), name="count-note",
        )


def _add_bands(fig: go.Figure, periods: pd.DataFrame, x_start: pd.Timestamp, x_end: pd.Timestamp) -> None:
    """One shaded band per key period that overlaps the plotted range; an open period runs to the range's end."""
    shown = 0
    for period in periods.sort_values("start_day").itertuples():
        start = period.start_day
        end = period.end_day if pd.notna(period.end_day) else max(x_end, start)
        if start > x_end or end < x_start:
            continue
        fig.add_shape(
            type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1, layer="below",
            fillcolor="rgba(136, 136, 136, 0.13)", line=dict(width=0), name=period.event_id,
        )
        index, shown = shown, shown + 1
        # A label that starts in the last quarter of the range is right-aligned so it stays inside the plot.
        late = start > x_start + (x_end - x_start) * 0.75
        fig.add_annotation(
            text=hover_escape(period.title, 40), x=x_end if late else max(start, x_start), xref="x",
            yref="paper", y=1, xanchor="right" if late else "left", yanchor="top", yshift=-2 - 15 * (index % 3),
            showarrow=False, font=dict(size=11), opacity=0.8, name=f"band-{period.event_id}",
        )


def build_timeline(data: TimelineData, *, x_range: tuple | None = None) -> go.Figure:
    """The Timeline figure for what the query layer computed. Raises ValueError for no events."""
    if data.total == 0:
        raise ValueError("no events")
    lane_order = data.lanes
    x0, x1 = x_range or _x_range(data)

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.76, 0.24], vertical_spacing=0.05)
    if data.points is None:
        _add_density(fig, data.density, data.total, AGGREGATE_THRESHOLD)
    else:
        _add_type_legend(fig, sorted(data.points["event_type"].unique()))
        _add_markers(fig, data.points)
    _add_counts(fig, data.month_counts, data.year_only)
    _add_bands(fig, data.periods, pd.Timestamp(x0), pd.Timestamp(x1))
    # One empty category's worth of headroom above the top lane holds the key-period labels.
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(reversed(lane_order)), row=1, col=1,
                     range=[-0.6, len(lane_order) + 0.4], title=None, tickfont=dict(size=13), fixedrange=True)
    fig.update_yaxes(title=dict(text="Events", font=dict(size=12)), row=2, col=1, fixedrange=True)
    fig.update_xaxes(type="date", range=[x0, x1], row=1, col=1)
    fig.update_xaxes(type="date", range=[x0, x1], rangeslider=dict(visible=True, thickness=0.07, range=[x0, x1]),
                     row=2, col=1)
    fig.update_layout(
        height=max(460, 300 + 40 * len(lane_order)),
        margin=dict(l=10, r=10, t=70, b=10),
        barmode="stack",
        hovermode="closest",
        clickmode="event+select",
        legend=dict(orientation="h", yanchor="bottom", y=1.04, xanchor="left", x=0, title=dict(text="Event type"),
                    font=dict(size=12)),
        font=dict(size=13),
    )
    return fig

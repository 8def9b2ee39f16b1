"""Pure builder of the Timeline figure: swimlanes of events per top-level actor over a monthly count.

An event with several actors appears once in the lane of each of its top-level actors (two actors under the same
state share one marker). Reading one lane then gives that state's whole record; lines joining an event across
lanes were tried on paper and turn into a mesh at this density, since most events involve two to five states.

Date precision is drawn, not hidden: a day-precision event is a solid marker; a month- or year-precision event is
a hollow marker in the middle of its month or year, with a dotted whisker over the span it may fall in; a period
(an event with an end date) is a solid bar from its start to its end. Markers that would sit on top of each other
in a lane (within COINCIDENT_DAYS) are spread over slots above and below the lane's centre line, so each stays
visible and clickable. Key periods (the 2020 war, the peacekeeping mandate, the invasion of Ukraine) are shaded
bands, numbered at their start (each number on its own row, so none overlap) and named in the legend.

The legend sits below the plot, where it wraps on a narrow screen instead of squeezing the lanes. The chart opens
on the filter's years; the range slider under the monthly count shows the whole span.

The builder draws what the query layer (core/store.py, `Store.timeline`) computed: the (event, lane) rows, the
monthly counts and the density. It filters, joins and groups nothing; splitting rows into traces and placing
markers is drawing.
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
COINCIDENT_DAYS = 21  # markers closer than this in one lane are spread apart (about a marker's width at 1000 px)
SLOT_STEP = 0.2  # lane units between spread markers; a lane is 1 unit tall
MAX_SPREAD = 0.38  # spread markers stay within ±this of the lane's centre line

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
_PERIOD_ALPHA = 0.45
_TITLE_CHARS = 90
_LEGEND_SPAN = "Period: a bar from start to end"
_LEGEND_COARSE = "Month or year only: dotted over the span it may fall in"
# Band fills, one per key period in turn, so that adjoining periods (the war, then the mandate) read apart.
_BAND_FILLS = ("rgba(204, 102, 119, 0.14)", "rgba(136, 136, 136, 0.14)", "rgba(68, 119, 170, 0.13)")
_BAND_ROW_LANES = 0.45  # headroom above the top lane per key-period number row (19 px), in lane units


def _span_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    month_end = start + pd.offsets.MonthBegin(1)
    year_end = start + pd.offsets.YearBegin(1)
    return start.where(precision == "day", month_end.where(precision == "month", year_end))


def _extent(data: TimelineData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last date the drawn data touches (a period's end included)."""
    if data.points is not None:
        points = data.points
        first = points["start_day"].min()
        last = max(_span_end(points["start_day"], points["date_precision"]).max(), points["end_day"].max())
        last = last if pd.notna(last) else first
    else:
        first, last = data.density["month"].min(), data.density["month"].max() + pd.offsets.MonthBegin(1)
    return pd.Timestamp(first), pd.Timestamp(last)


def _hover(point) -> str:
    return (
        f"<b>{hover_escape(point.title, _TITLE_CHARS)}</b><br>{hover_escape(point.when_text)}"
        f"<br>{hover_escape(point.actor_names, 120)}<br>{hover_escape(label(point.event_type))} · confidence {hover_escape(point.confidence)}"
        f"<br>{'From a corpus article' if point.origin == 'corpus' else 'Context: from a public source'}"
    )


def _wrap(name: str, width: int = 18) -> str:
    """A lane label on lines of about `width` characters, so long names do not eat a phone's plot width."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def lane_positions(lanes: list[str]) -> dict[str, float]:
    """Lane name -> its centre on the y axis; the first lane (alphabetically) is at the top."""
    return {name: float(len(lanes) - 1 - i) for i, name in enumerate(lanes)}


def _slot_offset(slot: int) -> float:
    """0, +1, -1, +2, -2 … steps from the centre line."""
    return (1 if slot % 2 else -1) * ((slot + 1) // 2) * SLOT_STEP


def place_markers(points: pd.DataFrame, lanes: list[str]) -> pd.DataFrame:
    """Each (event, lane) row with its marker's x and y. Within a lane, a marker closer than COINCIDENT_DAYS to
    a marker already placed takes the next free slot above or below the centre line; deterministic (rows are
    taken in date, then id order). A lane crowded past MAX_SPREAD has its offsets scaled down to fit."""
    placed = points.reset_index(drop=True).copy()
    coarse = placed["date_precision"] != "day"
    span_end = _span_end(placed["start_day"], placed["date_precision"])
    placed["x"] = placed["start_day"].where(~coarse, placed["start_day"] + (span_end - placed["start_day"]) / 2)
    placed["span_end"] = span_end
    centre = lane_positions(lanes)
    offsets = pd.Series(0.0, index=placed.index)
    window = pd.Timedelta(days=COINCIDENT_DAYS)
    for _, group in placed.sort_values(["x", "event_id"]).groupby("lane_name", sort=False):
        last_x: dict[int, pd.Timestamp] = {}  # slot -> x of the latest marker in it
        for index, x in zip(group.index, group["x"]):
            slot = next(s for s in range(len(last_x) + 1) if s not in last_x or x - last_x[s] >= window)
            last_x[slot] = x
            offsets[index] = _slot_offset(slot)
        widest = offsets[group.index].abs().max()
        if widest > MAX_SPREAD:
            offsets[group.index] *= MAX_SPREAD / widest
    placed["y"] = placed["lane_name"].map(centre) + offsets
    return placed


def _add_legend_entries(fig: go.Figure, types: list[str], show_spans: bool) -> None:
    for event_type in types:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=label(event_type), legendgroup=event_type, showlegend=True,
                marker=dict(symbol=SYMBOLS.get(event_type, "circle"), size=10, color=TYPE_COLOURS.get(event_type, "#888888")),
            ),
            row=1, col=1,
        )
    if show_spans:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=_LEGEND_SPAN, legendgroup="period",
                                 showlegend=True, line=dict(width=7, color="#888888"), opacity=_PERIOD_ALPHA), row=1, col=1)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name=_LEGEND_COARSE, legendgroup="coarse",
                                 showlegend=True, line=dict(width=2, color="#666666", dash="dot"),
                                 marker=dict(symbol="circle-open", size=9, color="#666666")), row=1, col=1)


def _add_markers(fig: go.Figure, placed: pd.DataFrame) -> None:
    coarse = placed["date_precision"] != "day"
    # Periods (solid bars) and coarse dates (dotted whiskers), one trace each per lane colour.
    for colour, group in placed.groupby("colour", sort=False):
        bars_x, bars_y, dots_x, dots_y = [], [], [], []
        for start, y, end, span_end, is_coarse in zip(group["start_day"], group["y"], group["end_day"],
                                                     group["span_end"], coarse.loc[group.index]):
            if pd.notna(end):
                bars_x += [start, end, None]
                bars_y += [y, y, None]
            elif is_coarse:
                dots_x += [start, span_end, None]
                dots_y += [y, y, None]
        if bars_x:
            fig.add_trace(go.Scatter(x=bars_x, y=bars_y, mode="lines", line=dict(width=7, color=colour),
                                     opacity=_PERIOD_ALPHA, hoverinfo="skip", showlegend=False, legendgroup="period",
                                     name=_LEGEND_SPAN), row=1, col=1)
        if dots_x:
            fig.add_trace(go.Scatter(x=dots_x, y=dots_y, mode="lines", line=dict(width=2, color=colour, dash="dot"),
                                     hoverinfo="skip", showlegend=False, legendgroup="coarse", name=_LEGEND_COARSE),
                          row=1, col=1)

    placed = placed.assign(hover=[_hover(point) for point in placed.itertuples()])
    for event_type, group in placed.groupby("event_type", sort=True):
        symbol = SYMBOLS.get(event_type, "circle")
        symbols = [f"{symbol}-open" if c else symbol for c in coarse.loc[group.index]]
        fig.add_trace(
            go.Scatter(
                x=group["x"], y=group["y"], mode="markers", name=label(event_type), legendgroup=event_type,
                showlegend=False,
                marker=dict(symbol=symbols, size=10, color=group["colour"], line=dict(width=1.5, color=group["colour"])),
                customdata=[[event_id, lane] for event_id, lane in zip(group["event_id"], group["lane_name"])],
                hovertext=list(group["hover"]), hoverinfo="text",
            ),
            row=1, col=1,
        )


def _add_density(fig: go.Figure, density: pd.DataFrame, lanes: list[str], total: int, threshold: int) -> None:
    centre = lane_positions(lanes)
    for (lane_name, colour), group in density.groupby(["lane_name", "colour"], sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["month"] + pd.Timedelta(days=14), y=[centre[lane_name]] * len(group), mode="markers",
                showlegend=False,
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
            text=f"Monthly count ({undated} year-only event{'s' if undated > 1 else ''} not counted)",
            xref="x2 domain", yref="y2 domain", x=0, y=1.02, xanchor="left", yanchor="bottom", showarrow=False,
            font=dict(size=11), name="count-note",
        )


def _add_bands(fig: go.Figure, periods: pd.DataFrame, x_start: pd.Timestamp, x_end: pd.Timestamp,
               whole: tuple[pd.Timestamp, pd.Timestamp]) -> int:
    """One shaded band per key period that overlaps the whole span, numbered at its start on a row of its own and
    named in the legend. Returns the number of bands drawn."""
    shown = 0
    for period in periods.sort_values("start_day").itertuples():
        start = period.start_day
        end = period.end_day if pd.notna(period.end_day) else max(whole[1], start)
        if start > whole[1] or end < whole[0]:
            continue
        shown += 1
        fig.add_shape(
            type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1, layer="below",
            fillcolor=_BAND_FILLS[(shown - 1) % len(_BAND_FILLS)], line=dict(width=0),
            name=f"{shown} · {hover_escape(period.title, 60)}",
            showlegend=True, legendgroup="periods", legendrank=2000 + shown,
            legendgrouptitle=dict(text="Key periods (shaded)") if shown == 1 else None,
        )
        # Numbers, not titles: a number never runs off the plot, and each sits on its own row.
        near_end = start > x_start + (x_end - x_start) * 0.97
        fig.add_annotation(
            text=f"<b>{shown}</b>", x=x_end if near_end else max(start, x_start), xref="x", yref="paper", y=1,
            xanchor="right" if near_end else "left", yanchor="top", yshift=-2 - 19 * (shown - 1), showarrow=False,
            font=dict(size=11), bgcolor="rgba(255, 255, 255, 0.6)", borderpad=1, name=f"band-{period.event_id}",
            hovertext=hover_escape(period.title), captureevents=False,
        )
    return shown


def build_timeline(data: TimelineData, *, years: tuple[int, int] | None = None) -> go.Figure:
    """The Timeline figure for what the query layer computed, opened on `years` (the filter's) when given, with
    the range slider over the whole span. Raises ValueError for no events."""
    if data.total == 0:
        raise ValueError("no events")
    lanes = data.lanes
    first, last = _extent(data)
    whole = (first - pd.DateOffset(months=1), last + pd.DateOffset(months=1))
    if years:
        x0 = max(pd.Timestamp(year=years[0], month=1, day=1), whole[0])
        x1 = min(pd.Timestamp(year=years[1] + 1, month=1, day=1), whole[1])
        x0, x1 = (x0, x1) if x0 < x1 else whole
    else:
        x0, x1 = whole
    pad = (x1 - x0) * 0.015  # markers on the first or last day stay whole
    x0, x1 = x0 - pad, x1 + pad

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.06)
    if data.points is None:
        _add_density(fig, data.density, lanes, data.total, AGGREGATE_THRESHOLD)
    else:
        placed = place_markers(data.points, lanes)
        has_spans = bool(placed["end_day"].notna().any() or (placed["date_precision"] != "day").any())
        _add_legend_entries(fig, sorted(placed["event_type"].unique()), has_spans)
        _add_markers(fig, placed)
    _add_counts(fig, data.month_counts, data.year_only)
    bands = _add_bands(fig, data.periods, x0, x1, whole)

    headroom = _BAND_ROW_LANES * bands
    fig.update_yaxes(tickmode="array", tickvals=list(lane_positions(lanes).values()), ticktext=[_wrap(n) for n in lanes],
                     range=[-0.6, len(lanes) - 0.4 + headroom], showgrid=True, zeroline=False, title=None,
                     tickfont=dict(size=12), fixedrange=True, automargin=True, row=1, col=1)
    fig.update_yaxes(title=dict(text="Events", font=dict(size=11)), row=2, col=1, fixedrange=True, automargin=True)
    fig.update_xaxes(type="date", range=[x0, x1], row=1, col=1)
    fig.update_xaxes(type="date", range=[x0, x1], rangeslider=dict(visible=True, thickness=0.06, range=list(whole)),
                     row=2, col=1)
    fig.update_layout(
        height=420 + 46 * len(lanes),
        margin=dict(l=8, r=8, t=24, b=8),
        barmode="stack",
        hovermode="closest",
        clickmode="event+select",
        # Below the plot, so on a narrow screen it wraps downwards instead of squeezing the lanes.
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", xanchor="left", x=0,
                    font=dict(size=11), title=dict(text="Event type", font=dict(size=11)), tracegroupgap=4),
        font=dict(size=12),
    )
    return fig

"""Pure builder of the Timeline figure: swimlanes of events per top-level actor over a monthly count.

An event with several actors appears once in the lane of each of its top-level actors (two actors under the same
state share one marker). Reading one lane then gives that state's whole record; lines joining an event across
lanes were tried on paper and turn into a mesh at this density, since most events involve two to five states.

One channel, one meaning: the lane (the y position) says the actor; colour and shape both say the event type,
as the count bars and the legend do (components/figures/palette.py); line style says the date's precision.

Date precision is drawn, not hidden: a day-precision event is a solid marker; a month- or year-precision event is
a hollow marker in the middle of its month or year, with a dotted whisker over the span it may fall in; a period
(an event with an end date) is a solid bar from its start to its end. Markers that would sit on top of each other
in a lane at a phone's scale are stacked in sub-rows under the lane's label, which sits above its lane on a row no
marker takes, so each marker stays visible and clickable and each label readable at 390 px as at 1400 px
(core/timeline_layout.py places them; the figure is as tall as the lanes need on a phone). Key periods (the 2020 war, the peacekeeping mandate,
the invasion of Ukraine) are shaded bands edged in their colour; a period's number, colour and name come from
its place among all key periods, so they do not change with the filter. Each number sits over the middle of the
part of its band in view, on a row of its own.

The legend sits below the plot, where it wraps on a narrow screen instead of squeezing the lanes. The axis and
the range slider under the monthly count span exactly the chosen years, quiet months included.

The builder draws what the query layer (core/query/timeline.py, the `timeline` question) computed: the (event, lane) rows with
their marker positions (core/timeline_layout.py), the monthly counts, the density and the date extent. It
filters, joins, groups and sorts nothing; it only splits the rows it is given into traces.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.common import add_key_periods, count_step, split, wrap_lines
from components.figures.overview import count_words
from components.figures.palette import FAMILY_COLOURS, NEUTRAL, type_colour
from components.figures.spec import SpecFigure, data_array
from core.query import TimelineData
from core.query.records import rows
from core.query.timeline import LANE_MARKER_LIMIT
from core.text import hover_escape
from core.timeline_layout import ROW_PX, lane_positions
from core.vocab import FAMILY_OF, ORIGIN_LINES, label

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
    # ACLED's sub-event types (core/vocab.py ACLED_SUB_EVENT_TYPES): a shape unique within each family's colour.
    "armed_clash": "circle",
    "government_regains_territory": "triangle-up",
    "non_state_actor_overtakes_territory": "triangle-down",
    "chemical_weapon": "hexagram",
    "air_drone_strike": "triangle-left",
    "suicide_bomb": "star",
    "shelling_artillery_missile_attack": "diamond",
    "remote_explosive_landmine_ied": "star-diamond",
    "grenade": "circle-x",
    "explosion_remote_violence": "square",
    "sexual_violence": "pentagon",
    "attack_on_civilians": "hexagon",
    "abduction_forced_disappearance": "bowtie",
    "violence_against_civilians": "hourglass",
    "peaceful_protest": "circle",
    "protest_with_intervention": "square",
    "excessive_force_against_protesters": "x",
    "protest": "diamond",
    "violent_demonstration": "triangle-up",
    "mob_violence": "star",
    "riot": "triangle-down",
    "arrests": "square",
    "change_to_group_activity": "circle",
    "disrupted_weapons_use": "x",
    "headquarters_or_base_established": "pentagon",
    "looting_property_destruction": "star",
    "non_violent_transfer_of_territory": "diamond",
    "other_strategic_development": "hexagon",
}
_PERIOD_ALPHA = 0.7  # period bars under the markers; enough opacity to keep their colour legible on dark
_TITLE_CHARS = 90
_LEGEND_SPAN = "Period: a bar from start to end"
_LEGEND_COARSE = "Month or year only: dotted over the span it may fall in"
_LEGEND_TITLE = "Colour: family of event types; shape: event type"
_DENSITY_LEGEND_TITLE = "Count bars' colour: family of event types"
_BAND_ROW_LANES = 0.45  # headroom above the top lane per key-period number row (19 px), in lane units
_BAND_ROW_PX = 19  # the same headroom in pixels, for the markers' axis (in sub-rows of ROW_PX)
_COUNTS_PX = 130  # the count bars' plot
# What a phone's screen takes from the figure's height besides the plots: margins, the date ticks, the range
# slider, and the legend, which wraps two entries to a line there (a key period's name takes three lines).
_FRAME_PX, _LEGEND_LINE_PX, _PERIOD_PX = 150, 23, 45


# A marker's hover, said as before by a text per point, now by one template per trace (a trace is one event type,
# whose name the template holds) and the point's own parts in its customdata (_hover_parts): an event in several
# lanes repeated its whole text in each, and these texts were half of the figure the browser is sent.
# customdata: [event_id, lane, title, when, actors, confidence, origin line]; the page reads the id (selection.py).
_HOVER_TEMPLATE = ("<b>%{{customdata[2]}}</b><br>%{{customdata[3]}}<br>%{{customdata[4]}}<br>{type}"
                   " · confidence %{{customdata[5]}}<br>%{{customdata[6]}}<extra></extra>")


def _hover_parts(point: dict) -> list[str]:
    return [hover_escape(point["title"], _TITLE_CHARS), hover_escape(point["when_text"]),
            hover_escape(point["actor_names"], 120), hover_escape(point["confidence"]),
            ORIGIN_LINES.get(point["origin"], ORIGIN_LINES["external"])]


def _date_texts(values: pd.Series) -> list[str | None]:
    """Dates as Plotly reads them, short: '2021-09-12' at midnight, else '2021-10-16T12:00'; None where missing.
    To the minute: what is drawn is a day or the middle of a month or year (plotly's own JSON wrote
    '2021-09-12T00:00:00' for every one, from a Timestamp, one encoder call each)."""
    texts = np.datetime_as_string(values.to_numpy("datetime64[m]"), unit="m").tolist()
    return [None if t == "NaT" else t[:10] if t.endswith("T00:00") else t for t in texts]


def _add_legend_entries(fig: go.Figure, types: list[str], show_spans: bool) -> None:
    for event_type in types:
        fig.add_trace({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": label(event_type),
                       "legendgroup": event_type, "showlegend": True,
                       "marker": {"symbol": SYMBOLS.get(event_type, "circle"), "size": 10,
                                  "color": type_colour(event_type)}}, row=1, col=1)
    if show_spans:
        fig.add_trace({"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": _LEGEND_SPAN,
                       "legendgroup": "period", "showlegend": True, "line": {"width": 7, "color": NEUTRAL},
                       "opacity": _PERIOD_ALPHA}, row=1, col=1)
        fig.add_trace({"type": "scatter", "x": [None], "y": [None], "mode": "lines+markers", "name": _LEGEND_COARSE,
                       "legendgroup": "coarse", "showlegend": True, "line": {"width": 2, "color": NEUTRAL, "dash": "dot"},
                       "marker": {"symbol": "circle-open", "size": 9, "color": NEUTRAL}}, row=1, col=1)


def _add_family_legend(fig: go.Figure, types: set[str]) -> None:
    """With the lanes drawn as density there is no marker to carry a legend: one entry per family of the types the
    count bars draw, in the bars' colour (every type of a family shares it, so the family is what a colour means)."""
    families = sorted({FAMILY_OF[t] for t in types if t in FAMILY_OF}, key=list(FAMILY_COLOURS).index)
    for family in families:
        fig.add_trace({"type": "bar", "x": [None], "y": [None], "name": label(family),
                       "legendgroup": f"family-{family}", "showlegend": True,
                       "marker": {"color": FAMILY_COLOURS[family]}}, row=2, col=1)


def _add_markers(fig: go.Figure, frame: pd.DataFrame) -> None:
    points = rows(frame)
    for point, x, start, end, span_end in zip(points, _date_texts(frame["x"]), _date_texts(frame["start_day"]),
                                              _date_texts(frame["end_day"]), _date_texts(frame["span_end"])):
        point.update(x_text=x, start_text=start, end_text=end, span_end_text=span_end)
    # Periods (solid bars) and coarse dates (dotted whiskers), one trace each per event type, in its colour.
    for event_type, group in split(points, "event_type").items():
        colour = type_colour(event_type)
        bars_x, bars_y, dots_x, dots_y = [], [], [], []
        for point in group:
            if point["end_text"] is not None:
                bars_x += [point["start_text"], point["end_text"], None]
                bars_y += [point["y"], point["y"], None]
            elif point["date_precision"] != "day":
                dots_x += [point["start_text"], point["span_end_text"], None]
                dots_y += [point["y"], point["y"], None]
        if bars_x:
            fig.add_trace({"type": "scatter", "x": bars_x, "y": data_array(bars_y), "mode": "lines",
                           "line": {"width": 7, "color": colour}, "opacity": _PERIOD_ALPHA, "hoverinfo": "skip",
                           "showlegend": False, "legendgroup": "period", "name": _LEGEND_SPAN}, row=1, col=1)
        if dots_x:
            fig.add_trace({"type": "scatter", "x": dots_x, "y": data_array(dots_y), "mode": "lines",
                           "line": {"width": 2, "color": colour, "dash": "dot"}, "hoverinfo": "skip",
                           "showlegend": False, "legendgroup": "coarse", "name": _LEGEND_COARSE}, row=1, col=1)

    parts: dict[str, list[str]] = {}  # per event: its lanes' markers say the same
    for event_type, group in sorted(split(points, "event_type").items()):
        symbol, colour = SYMBOLS.get(event_type, "circle"), type_colour(event_type)
        symbols = [f"{symbol}-open" if p["date_precision"] != "day" else symbol for p in group]
        fig.add_trace({
            "type": "scatter", "x": [p["x_text"] for p in group], "y": data_array(p["y"] for p in group),
            "mode": "markers", "name": label(event_type), "legendgroup": event_type, "showlegend": False,
            # One symbol for the trace when its points share it (most do), else one per point.
            "marker": {"symbol": symbols[0] if len(set(symbols)) == 1 else symbols,
                       "size": 10, "color": colour, "line": {"width": 1.5, "color": colour}},
            "customdata": [[p["event_id"], p["lane_name"], *(parts.get(p["event_id"])
                            or parts.setdefault(p["event_id"], _hover_parts(p)))] for p in group],
            "hovertemplate": _HOVER_TEMPLATE.format(type=hover_escape(label(event_type))),
        }, row=1, col=1)


# The heat strip of the density view: in the lower part of each lane, under its label (which sits above the lane's
# centre line), so the label stays on the plain background and readable.
_STRIP_BOTTOM, _STRIP_TOP = -0.42, -0.04  # lane units from the lane's centre
_NOTE_CHARS = 58  # the density note's line length: whole at 390 px
_NOTE_LINE_PX = 15


def _density_note(data: TimelineData) -> str:
    lane, markers = data.busiest_lane
    if data.total > AGGREGATE_THRESHOLD:
        why = f"more than the {AGGREGATE_THRESHOLD:,} markers the chart draws"
    elif markers > LANE_MARKER_LIMIT:
        why = f"{hover_escape(lane)} alone holds {markers:,}, more than a lane shows apart on a phone's width"
    else:
        why = f"one lane holds {data.busiest_lane_month:,} in a month, more than it shows apart"
    return f"Showing monthly density: {data.total:,} events, {why}. Darker: more events that month; hover for counts"


def _add_density(fig: go.Figure, data: TimelineData) -> None:
    """One heat strip per lane: a cell per month, darker the more events the lane has that month (one neutral
    hue, so colour keeps its one meaning, the family of event types, elsewhere on the page)."""
    lanes, density = data.lanes, rows(data.density)
    centre = lane_positions(lanes)
    drawn = [pd.Timestamp(m["month"]) for m in density if pd.notna(m["month"])]
    if not drawn:
        return
    months = list(pd.date_range(min(drawn), max(drawn), freq="MS"))  # every month, quiet ones included
    edges = months + [months[-1] + pd.offsets.MonthBegin(1)]
    # Rows bottom to top: each lane's strip, then the gap up to the next lane's strip (left empty).
    by_lane = {(m["lane_name"], pd.Timestamp(m["month"])): m["n"] for m in density}
    z, text, y = [], [], []
    for lane_name in sorted(lanes, key=centre.get):
        y += [centre[lane_name] + _STRIP_BOTTOM, centre[lane_name] + _STRIP_TOP]
        z.append([by_lane.get((lane_name, m)) for m in months])
        text.append([f"{m:%b %Y}: {by_lane[(lane_name, m)]:,} events in {hover_escape(lane_name)}"
                     if (lane_name, m) in by_lane else "" for m in months])
        z.append([None] * len(months))
        text.append([""] * len(months))
    z, text = z[:-1], text[:-1]
    r, g, b = (int(NEUTRAL[i:i + 2], 16) for i in (1, 3, 5))
    fig.add_trace({
        "type": "heatmap", "x": data_array(edges), "y": data_array(y), "z": data_array(z), "text": data_array(text),
        "hoverinfo": "text", "showscale": False, "name": "density", "zmin": 0,
        "colorscale": [[0, f"rgba({r},{g},{b},0.18)"], [1, f"rgba({r},{g},{b},1)"]], "xgap": 1, "hoverongaps": False,
    }, row=1, col=1)


def _add_density_note(fig: go.Figure, data: TimelineData) -> None:
    # On lines a phone's width holds (the figure's top margin grows to fit them, in build_timeline).
    fig.add_annotation(text=wrap_lines(_density_note(data), _NOTE_CHARS), xref="paper", yref="paper", x=0, y=1.0,
                       xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=11), align="left",
                       name="density-note")


def _add_counts(fig: go.Figure, counts: list[dict], undated: int, measure: str = "events") -> None:
    for event_type, group in sorted(split(counts, "event_type").items()):
        fig.add_trace({
            "type": "bar", "x": data_array(c["month"] + pd.Timedelta(days=14) for c in group),
            "y": data_array(c["n"] for c in group), "name": label(event_type), "legendgroup": event_type,
            "showlegend": False, "marker": {"color": type_colour(event_type)}, "width": 1000 * 3600 * 24 * 26,
            "hovertext": [f"{c['month']:%b %Y}: {count_words(c['n'], measure)}, {hover_escape(label(event_type))}"
                          for c in group],
            "hoverinfo": "text",
        }, row=2, col=1)
    # The count axis is named here, above its plot, rather than by an axis title that would take width.
    note = f" ({undated} year-only event{'s' if undated > 1 else ''} not counted)" if undated else ""
    fig.add_annotation(
        text=f"{'Reported fatalities' if measure == 'fatalities' else 'Events'} per month{note}", xref="x2 domain", yref="y2 domain", x=0, y=1.02, xanchor="left",
        yanchor="bottom", showarrow=False, font=dict(size=11), name="count-note",
    )


def _marker_lanes(points: pd.DataFrame, lanes: list[str], bands: int) -> tuple[dict, list, int, list]:
    """The markers' axis: each lane's tick (its label's line), the y range (every lane and the key periods' number
    rows) and the figure's height and row heights, so that on a phone each sub-row gets its ROW_PX."""
    ticks = dict(zip(points["lane_name"], points["label_y"]))
    top = float(points["lane_top"].max()) + bands * _BAND_ROW_PX / ROW_PX
    lanes_px = int(top * ROW_PX) + 1
    legend_lines = -(-(points["event_type"].nunique() + 2) // 2) + 2  # two entries a line, and two titles
    frame = _FRAME_PX + _LEGEND_LINE_PX * legend_lines + _PERIOD_PX * bands
    return ticks, [0, top], int((lanes_px + _COUNTS_PX) / 0.94) + frame, [lanes_px, _COUNTS_PX]


def _set_row_heights(fig: go.Figure, row_heights: list) -> None:
    """Split the plots' height between the lanes and the count bars (make_subplots' 0.06 spacing kept)."""
    share = [h / sum(row_heights) * 0.94 for h in row_heights]
    fig.update_layout(yaxis2=dict(domain=[0, share[1]]), yaxis=dict(domain=[share[1] + 0.06, 1]))


def build_timeline(data: TimelineData, *, years: tuple[int, int] | None = None,
                   fatalities: pd.DataFrame | None = None) -> go.Figure:
    """The Timeline figure for what the query layer computed, opened on `years` (the filter's) when given, with
    the range slider over the same span. `fatalities` (Store.monthly_fatalities_by_type), when given, replaces the
    events per month in the count bars by the reported fatalities per month. Raises ValueError for no events."""
    if data.total == 0:
        raise ValueError("no events")
    lanes = data.lanes
    if years:  # the chosen span, quiet months included
        x0, x1 = pd.Timestamp(year=years[0], month=1, day=1), pd.Timestamp(year=years[1] + 1, month=1, day=1)
    else:
        x0, x1 = data.first - pd.DateOffset(months=1), data.last + pd.DateOffset(months=1)
    pad = (x1 - x0) * 0.015  # markers on the first or last day stay whole
    x0, x1 = x0 - pad, x1 + pad

    fig = SpecFigure.subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.06)
    note_lines = 0
    if data.points is None:
        _add_density(fig, data)
        _add_density_note(fig, data)
        _add_family_legend(fig, set(data.month_counts["event_type"]))
        note_lines = len(wrap_lines(_density_note(data), _NOTE_CHARS).split("<br>"))
    else:
        has_spans = bool(data.points["end_day"].notna().any() or (data.points["date_precision"] != "day").any())
        _add_legend_entries(fig, sorted(set(data.points["event_type"].tolist())), has_spans)
        _add_markers(fig, data.points)
    if fatalities is None:
        _add_counts(fig, rows(data.month_counts), data.year_only)
        busiest = data.busiest_month
    else:
        _add_counts(fig, rows(fatalities), data.year_only, "fatalities")
        busiest = int(fatalities["month_total"].max()) if len(fatalities) else 0
    bands = add_key_periods(fig, rows(data.periods), x0, x1)

    if data.points is None:
        ticks, y_range = lane_positions(lanes), [-0.6, len(lanes) - 0.4 + _BAND_ROW_LANES * bands]
        height, row_heights = 420 + 46 * len(lanes), [0.78, 0.22]
    else:
        ticks, y_range, height, row_heights = _marker_lanes(data.points, lanes, bands)
    fig.update_layout(height=height)
    _set_row_heights(fig, row_heights)
    fig.update_yaxes(tickmode="array", tickvals=[ticks[lane] for lane in lanes], ticktext=list(lanes),
                     range=y_range, showgrid=True, zeroline=False, title=None,
                     tickfont=dict(size=12), fixedrange=True, automargin=True, row=1, col=1,
                     # Inside the plot, above each lane's line: the lanes keep the whole width on a phone.
                     ticklabelposition="inside top", ticklabelstandoff=0)
    fig.update_yaxes(title=None, ticklabelposition="inside", row=2, col=1, fixedrange=True, automargin=True,
                     tickformat=",d", dtick=count_step(busiest), rangemode="tozero")
    fig.update_xaxes(type="date", range=[x0, x1], row=1, col=1)
    # The slider spans what is shown, so it opens unmasked; drag its handles to zoom in.
    fig.update_xaxes(type="date", range=[x0, x1], row=2, col=1,
                     rangeslider=dict(visible=True, thickness=0.06, range=[x0, x1], bgcolor="rgba(0, 0, 0, 0)",
                                      bordercolor=NEUTRAL, borderwidth=1))
    fig.update_layout(
        margin=dict(l=8, r=8, t=24 if data.points is not None else 10 + _NOTE_LINE_PX * note_lines, b=8),
        barmode="stack",
        hovermode="closest",
        clickmode="event+select",
        # Below the plot, so on a narrow screen it wraps downwards instead of squeezing the lanes.
        legend=dict(orientation="h", traceorder="grouped", yref="container", y=0, yanchor="bottom", xanchor="left", x=0,
                    font=dict(size=11), tracegroupgap=4,
                    title=dict(text=_LEGEND_TITLE if data.points is not None else _DENSITY_LEGEND_TITLE, font=dict(size=11))),
        font=dict(size=12),
    )
    return fig.figure()

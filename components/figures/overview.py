"""Pure builders of the Overview's figures: events per month by type with the key periods, and events per year
by origin (how complete each year of the record is).

One channel, one meaning, as on the Timeline: in the monthly chart colour is the family of event types (the same
colours, components/figures/palette.py) and the fill pattern the type within its family; in the coverage chart every bar is one neutral colour and the origin is the fill
pattern (solid: corpus articles; hatched: public sources giving context), so no colour means two things on the
page. The builders draw the frames the query layer returned (Summary.monthly_by_type, Summary.coverage_by_year).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.common import add_key_periods, count_step, split
from components.figures.palette import NEUTRAL, ORIGIN_PATTERNS, type_colour, type_order, type_pattern
from components.figures.spec import SpecFigure, data_array
from core.text import hover_escape
from core.vocab import label

ORIGIN_NAMES = {"corpus": "Corpus articles", "external": "Context (public sources)", "acled": "Your ACLED export",
                "upload": "Your upload"}


# The monthly chart's height: its bars keep PLOT_PX on a phone, where the legend under them wraps two entries to a
# line (a key period's name takes three lines) and never scrolls in a box of its own; a wider screen gives the
# bars what the legend leaves.
PLOT_PX, FRAME_PX, LEGEND_LINE_PX, PERIOD_PX = 260, 60, 23, 45


def monthly_height(types: int, periods: int) -> int:
    """The monthly chart's height in px for its number of event types and key periods drawn."""
    return PLOT_PX + FRAME_PX + LEGEND_LINE_PX * (-(-types // 2) + 2) + PERIOD_PX * periods


MEASURES = {"events": ("event", "events"), "fatalities": ("reported fatality", "reported fatalities")}


def count_words(n: int, measure: str = "events") -> str:
    """'1 event', '12 events', '3 reported fatalities': a count in the words of its measure."""
    one, many = MEASURES[measure]
    return f"{n:,} {one if n == 1 else many}"


def build_monthly(monthly: pd.DataFrame, periods: pd.DataFrame, years: tuple[int, int],
                  measure: str = "events") -> go.Figure:
    """Stacked monthly bars by event type over the chosen years, key periods shaded. `monthly` has month,
    event_type, n and month_total (the month's total of all types): events (Summary.monthly_by_type) or reported
    fatalities (Store.monthly_fatalities_by_type), as `measure` says. Raises ValueError when it is empty."""
    if monthly.empty:
        raise ValueError("no dated events")
    if measure not in MEASURES:
        raise ValueError(f"not a measure: {measure!r}")
    fig = SpecFigure()
    rows = monthly.to_dict("records")
    for event_type, group in sorted(split(rows, "event_type").items(), key=lambda item: type_order(item[0])):
        # A plain dict in plotly's validated form (go.Bar validated every property on each fresh view).
        fig.add_trace({
            "type": "bar", "x": data_array(r["month"] + pd.Timedelta(days=14) for r in group),
            "y": data_array(r["n"] for r in group), "name": label(event_type),
            "marker": {"color": type_colour(event_type), "pattern": type_pattern(event_type)},
            # Its own legend group: entries of one group stack in a column, which made the legend a box that
            # scrolled on a phone; in type order, a family's entries still come together.
            "legendgroup": event_type, "width": 1000 * 3600 * 24 * 26,
            "hovertext": [f"{r['month']:%b %Y}: {count_words(r['n'], measure)}, {hover_escape(label(event_type))}"
                          for r in group],
            "hoverinfo": "text",
        })
    x0, x1 = pd.Timestamp(year=years[0], month=1, day=1), pd.Timestamp(year=years[1] + 1, month=1, day=1)
    bands = add_key_periods(fig, periods.to_dict("records"), x0, x1)
    top = max(max(r["month_total"] for r in rows), 1)  # a view whose known figures are all 0 keeps an axis
    fig.update_xaxes(type="date", range=[x0, x1], fixedrange=True)
    # No axis title (the heading above says what is counted) and ticks inside: the bars keep a phone's width.
    fig.update_yaxes(tickformat=",d", dtick=count_step(top), range=[0, top * (1.15 + 0.12 * bands)], fixedrange=True,
                     ticklabelposition="inside")
    fig.update_layout(
        barmode="stack", height=monthly_height(len(fig.data), bands), margin=dict(l=8, r=8, t=8, b=8),
        hovermode="closest", font=dict(size=12),
        legend=dict(orientation="h", traceorder="grouped", yref="container", y=0, yanchor="bottom", xanchor="left", x=0,
                    font=dict(size=11), maxheight=2000, tracegroupgap=4,
                    title=dict(text="Colour: family of event types; pattern: the type within it", font=dict(size=11))),
    )
    return fig.figure()


def build_coverage(coverage: pd.DataFrame) -> go.Figure:
    """Events per start year, corpus and context stacked (year, origin, n). Raises ValueError when empty."""
    if coverage.empty:
        raise ValueError("no events")
    fig = SpecFigure()
    rows = coverage.to_dict("records")
    by_origin = split(rows, "origin")
    for origin in (o for o in ORIGIN_NAMES if o in by_origin):
        group = by_origin[origin]
        fig.add_trace({
            "type": "bar", "x": data_array(str(r["year"]) for r in group), "y": data_array(r["n"] for r in group),
            "name": ORIGIN_NAMES[origin],
            "marker": {"color": NEUTRAL if origin == "corpus" else "rgba(0, 0, 0, 0)",
                       "line": {"color": NEUTRAL, "width": 1.5},
                       "pattern": {"shape": ORIGIN_PATTERNS[origin], "fgcolor": NEUTRAL, "solidity": 0.35}},
            "hovertext": [f"{r['year']}: {r['n']} event{'s' if r['n'] != 1 else ''} from "
                          f"{ORIGIN_NAMES[origin].lower()}" for r in group],
            "hoverinfo": "text",
        })
    fig.update_xaxes(type="category", categoryorder="category ascending", fixedrange=True)
    fig.update_yaxes(tickformat=",d", fixedrange=True, ticklabelposition="inside",
                     dtick=count_step(max(r["year_total"] for r in rows)))
    fig.update_layout(
        barmode="stack", height=260, margin=dict(l=8, r=8, t=8, b=8), font=dict(size=12),
        legend=dict(orientation="h", traceorder="grouped", yref="container", y=0, yanchor="bottom", xanchor="left", x=0, font=dict(size=11),
                    title=dict(text="Fill: origin", font=dict(size=11))),
    )
    return fig.figure()

"""Pure builder of the US aid figure: bars by fiscal year, one facet per recipient on one shared y axis, under a
strip of the policy and conflict events on the same date axis.

- A fiscal year is drawn over its real dates (FY2018 from 1 Oct 2017 to 30 Sep 2018), so an event sits at its
  true date beside the bars.
- Colour is the programme or authority (Section 333, FMF, IMET…); the pattern is the amount kind (solid for a
  total, a grid for appropriated, crosses for notified, dots for planned, hatching for a request: a request is
  never drawn like money allocated); greyer (washed-out) bars are medium- or low-confidence figures. The legend names each
  (programme · kind) pair.
- A total whose parts are drawn is never stacked on them: its reported height is a grey triangle beside the stack,
  flagged in words when the parts do not add up to it.
- A row whose amount is unknown has no bar (the page lists it under the chart).

The builder draws what the query layer (core/query/aid.py, `aid_view` and `aid_overlay`) computed; it splits the
rows it is given into traces and groups nothing: above BAR_LIMIT bars it draws the merged bars the query layer
gives (core/query/aid.py, drawn_bars: one bar per recipient, fiscal year, programme, amount kind and confidence). The
policy strip draws at most the query layer's OVERLAY_LIMIT events, and its title says when events were left out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.timeline import SYMBOLS
from core.query.aid import PROGRAMMES, AidView, drawn_bars
from core.text import hover_escape, is_blank
from core.vocab import label

# Okabe–Ito hues that keep 3:1 against both a white and a near-black background.
PROGRAMME_COLOURS = {
    "section_333": "#0072B2",
    "fmf": "#D55E00",
    "imet": "#009E73",
    "section_907_waiver": "#CC79A7",
    "unspecified": "#8C6BB1",
}
# amount kind: (pattern shape, fill mode); "" is solid.
KIND_PATTERNS = {
    "total": ("", "overlay"),
    "appropriated": ("+", "overlay"),
    "notified": ("x", "overlay"),
    "planned": (".", "replace"),
    "requested": ("/", "replace"),
}
# A less certain figure is its programme's colour mixed toward a mid grey, drawn opaque. Transparency made it
# paler on white but sank it into the dark theme's background (under 3:1); the grey keeps 3:1 on both, and so does
# every mix of it with a programme colour (tests/unit/test_aid_figure.py computes them).
CONFIDENCE_GREY = {"high": 0.0, "medium": 0.45, "low": 0.7}
MIX_GREY = "#8A8A8A"  # 3.5:1 on white, 5.3:1 on the dark background


def confidence_colour(colour: str, confidence: str) -> str:
    """`colour` mixed toward MIX_GREY by the confidence's share (an unknown confidence counts as low)."""
    share = CONFIDENCE_GREY.get(confidence, CONFIDENCE_GREY["low"])
    mixed = (round(int(colour[i:i + 2], 16) * (1 - share) + int(MIX_GREY[i:i + 2], 16) * share) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


EVENT_COLOUR = "#767676"  # neutral: colour means programme on this page
TOTAL_COLOUR = "#767676"  # 4.5:1 on white, 4:1 on the dark theme
BAR_DAYS = 300  # a bar's width, of a fiscal year's 365 days
_MS_PER_DAY = 86_400_000
_TITLE_CHARS = 80
_QUOTE_CHARS = 220


def money(amount) -> str:
    """'$47,500,000' (exact, as the source gives it)."""
    return f"${float(amount):,.0f}"


def money_short(amount) -> str:
    """'$58.68M' or '$80K': two decimals at most, trailing zeros dropped."""
    value = float(amount)
    if value >= 1e6:
        return f"${value / 1e6:,.2f}".rstrip("0").rstrip(".") + "M"
    if value >= 1e3:
        return f"${value / 1e3:,.2f}".rstrip("0").rstrip(".") + "K"
    return f"${value:,.0f}"


def _bar_hover(row: dict) -> str:
    if "rows" in row:  # a merged bar (merged_bars)
        return (f"<b>{hover_escape(row['recipient_name'])}, FY{row['fiscal_year']}: {money(row['amount_usd'])}</b>"
                f"<br>The sum of {row['rows']:,} rows: {hover_escape(PROGRAMMES[row['programme']], 70)}"
                f"<br>Amount kind: {hover_escape(row['amount_kind'])} · confidence {hover_escape(row['confidence'])}"
                "<br>Every row, with its source and quote, is in the table below the chart")
    authority = "" if is_blank(row.get("authority")) else f"<br>Authority: {hover_escape(row['authority'], 60)}"
    return (
        f"<b>{hover_escape(row['recipient_name'])}, FY{row['fiscal_year']}: {money(row['amount_usd'])}</b>"
        f"<br>{hover_escape(PROGRAMMES[row['programme']] if is_blank(row['program']) else row['program'], 70)}{authority}"
        f"<br>Amount kind: {hover_escape(row['amount_kind'])} · confidence {hover_escape(row['confidence'])}"
        f"<br>“{hover_escape(row['evidence'], _QUOTE_CHARS)}”"
        f"<br>Source: {hover_escape(row['source_title'] or row['source_id'], 70)}"
    )


def _event_hover(event: dict) -> str:
    return (
        f"<b>{hover_escape(event['title'], _TITLE_CHARS)}</b><br>{hover_escape(event['when_text'])}"
        f" · {hover_escape(label(event['event_type']))}<br>{hover_escape(event['actor_names'], 100)}"
        "<br>Click for the evidence"
    )


def _groups(bars: pd.DataFrame) -> list[tuple[str, str]]:
    """(programme, kind) pairs present, in legend order (drawing, not aggregation)."""
    pairs = set(zip(bars["programme"], bars["amount_kind"]))
    return [(p, k) for p in PROGRAMMES for k in KIND_PATTERNS if (p, k) in pairs]


def build_aid_chart(view: AidView, overlay: list[dict] | None) -> go.Figure:
    """The figure for a view with at least one bar; the event strip is drawn when `overlay` holds events."""
    facets = view.recipients
    strip = bool(overlay)
    rows = len(facets) + (1 if strip else 0)
    heights = ([0.22] if strip else []) + [(0.78 if strip else 1.0) / len(facets)] * len(facets)
    titles = ([overlay_title(overlay)] if strip else []) + [f"US aid to {name}" for _, name in facets]
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, vertical_spacing=0.07, row_heights=heights,
                        subplot_titles=titles)
    first_bar_row = 2 if strip else 1
    bars = drawn_bars(view.bars)
    shown: set[tuple[str, str]] = set()
    for index, (recipient, _) in enumerate(facets):
        row_number = first_bar_row + index
        mine = bars[bars["recipient"] == recipient]
        for programme, kind in _groups(mine):
            group = mine[(mine["programme"] == programme) & (mine["amount_kind"] == kind)].to_dict("records")
            shape, mode = KIND_PATTERNS[kind]
            fills = [confidence_colour(PROGRAMME_COLOURS[programme], r["confidence"]) for r in group]
            fig.add_trace(
                go.Bar(
                    x=[r["fy_mid"] for r in group], y=[r["amount_usd"] for r in group],
                    width=[BAR_DAYS * _MS_PER_DAY] * len(group),
                    customdata=[["", "aid_group"] if "rows" in r else [r["aid_id"], "aid"] for r in group],
                    hovertext=[_bar_hover(r) for r in group], hoverinfo="text",
                    name=f"{PROGRAMMES[programme]} · {kind}", legendgroup=f"{programme}-{kind}",
                    showlegend=(programme, kind) not in shown,
                    marker=dict(
                        color=fills,
                        # A solid stack shows its parts apart; a hollow bar (planned, requested) needs its outline.
                        line=dict(color=fills if mode == "replace" else "rgba(255, 255, 255, 0.85)", width=1.5),
                        pattern=dict(shape=shape, fillmode=mode, fgcolor=fills if mode == "replace" else "white",
                                     size=7, solidity=0.35),
                    ),
                ),
                row=row_number, col=1,
            )
            shown.add((programme, kind))
        _totals(fig, [t for t in view.totals if t["recipient"] == recipient], row_number, index == 0)
    if strip:
        _overlay(fig, overlay)
    fig.update_layout(
        barmode="stack", height=190 * (1 if strip else 0) + 250 * len(facets) + 140,
        margin=dict(l=10, r=10, t=40, b=10), hoverlabel=dict(align="left"), hovermode="closest",
        legend=dict(orientation="h", yanchor="top", y=-0.08, x=0, title_text="Programme · amount kind"),
        clickmode="event+select", dragmode=False,
    )
    bar_axes = [f"y{'' if r == 1 else r}" for r in range(first_bar_row, rows + 1)]
    for number in range(first_bar_row, rows + 1):
        fig.update_yaxes(title_text="US$", tickprefix="$", tickformat="~s", rangemode="tozero",
                         matches=bar_axes[0] if number != first_bar_row else None, row=number, col=1)
    first, last = _fiscal_span(bars, overlay or [])
    years = list(range(first, last + 1))
    fig.update_xaxes(  # one label per fiscal year under its bars, a grid line where one ends and the next begins
        # No explicit range: with one, Plotly.js 3 stops autoranging the matched y axes of the bars.
        type="date", showgrid=False,
        tickmode="array", tickvals=[pd.Timestamp(y, 4, 1) for y in years], ticktext=[f"FY{y}" for y in years],
        minor=dict(tickmode="array", tickvals=[pd.Timestamp(y - 1, 10, 1) for y in years + [last + 1]], showgrid=True),
    )
    return fig


def _fiscal_year(day) -> int:
    day = pd.Timestamp(day)
    return day.year + 1 if day.month >= 10 else day.year


def _fiscal_span(bars: pd.DataFrame, overlay: list[dict]) -> tuple[int, int]:
    """The first and last fiscal year the bars and the events touch (the axis range, not a filter)."""
    days = list(bars["fy_start"]) + list(bars["fy_end"]) + [e["start_day"] for e in overlay] \
        + [e["end_day"] for e in overlay if e["end_day"] is not None]
    return _fiscal_year(min(days)), _fiscal_year(max(days))


def _totals(fig: go.Figure, totals: list[dict], row_number: int, legend: bool) -> None:
    """A reported total whose parts are drawn: a tick at its height beside the stack, and a flag if they differ."""
    if not totals:
        return
    text = [
        f"<b>Reported total, FY{t['fiscal_year']}: {money(t['amount_usd'])}</b><br>Its parts are drawn instead: "
        f"they add up to {money(t['parts_usd'])}" + (" (they differ)" if t["differs"] else "")
        + f"<br>“{hover_escape(t['evidence'], _QUOTE_CHARS)}”<br>Source: {hover_escape(t['source_title'] or t['source_id'], 70)}"
        for t in totals
    ]
    fig.add_trace(
        go.Scatter(
            # Beside the stack's right edge, pointing at it: the parts may reach the same height.
            x=[t["fy_mid"] + pd.Timedelta(days=BAR_DAYS // 2 + 12) for t in totals], y=[t["amount_usd"] for t in totals],
            mode="markers", marker=dict(symbol="triangle-left", size=13, color=TOTAL_COLOUR),
            customdata=[[t["aid_id"], "aid"] for t in totals], hovertext=text, hoverinfo="text",
            name="Reported total (its parts are the bars; not added)", legendgroup="reported-total", showlegend=legend,
        ),
        row=row_number, col=1,
    )
    for t in totals:
        if t["differs"]:
            fig.add_annotation(
                x=t["fy_mid"], y=max(t["amount_usd"], t["parts_usd"]), yshift=14, showarrow=False,
                text=f"⚠ parts {money_short(t['parts_usd'])} ≠ total {money_short(t['amount_usd'])}",
                font=dict(size=12), row=row_number, col=1,
            )


def overlay_shown(overlay: list[dict] | None) -> tuple[int, int]:
    """(events drawn, events that matched): the query layer caps the strip at OVERLAY_LIMIT (core/query/aid.py)."""
    overlay = overlay or []
    return len(overlay), max([len(overlay)] + [int(e.get("matched") or 0) for e in overlay])


def overlay_title(overlay: list[dict] | None) -> str:
    """The strip's title; when the strip was capped, it says how many events it draws of how many."""
    shown, matched = overlay_shown(overlay)
    if matched <= shown:
        return "Policy and conflict events"
    return f"Policy and conflict events: {shown:,} of {matched:,} drawn (the most relevant of each month)"


def _overlay(fig: go.Figure, overlay: list[dict]) -> None:
    types = list(dict.fromkeys(e["event_type"] for e in overlay))
    periods = [e for e in overlay if e["end_day"] is not None and e["end_day"] != e["start_day"]]
    if periods:  # a period is a line from its start to its end; all of them in one trace, broken by gaps
        fig.add_trace(
            go.Scatter(x=[d for e in periods for d in (e["start_day"], e["end_day"], None)],
                       y=[v for e in periods for v in (label(e["event_type"]),) * 2 + (None,)], mode="lines",
                       line=dict(color=EVENT_COLOUR, width=6), hoverinfo="skip", showlegend=False, connectgaps=False),
            row=1, col=1,
        )
    for kind in types:
        mine = [e for e in overlay if e["event_type"] == kind]
        fig.add_trace(
            go.Scatter(
                x=[e["start_day"] for e in mine], y=[label(kind)] * len(mine), mode="markers",
                marker=dict(symbol=[SYMBOLS.get(kind, "circle") + ("" if e["date_precision"] == "day" else "-open")
                                    for e in mine], size=13, color=EVENT_COLOUR, line=dict(color=EVENT_COLOUR, width=1.5)),
                customdata=[[e["event_id"], "event"] for e in mine], hovertext=[_event_hover(e) for e in mine],
                hoverinfo="text", name=f"Event: {label(kind)}", legendgroup=f"event-{kind}", showlegend=False,
            ),
            row=1, col=1,
        )
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=[label(t) for t in ("armed_conflict", "visit", "aid_decision", "legislation")],
                     fixedrange=True, row=1, col=1)


def part_name(part: dict) -> str:
    """A part's name as its tile shows it: its named programme without the authority, else its programme."""
    return (str(part["program"]).split(": ", 1)[-1] if not is_blank(part["program"])
            else PROGRAMMES[part["programme"]])


def breakdown_parts(total: dict) -> list[tuple[str, str]]:
    """(name, amount) of each drawn part of a total, largest first: the values a tile too small for its label
    still has, written out under the treemap."""
    parts = sorted(total["parts"], key=lambda p: -float(p["amount_usd"]))
    return [(part_name(p), money_short(p["amount_usd"])) for p in parts]


# A tile's label at less than this size is hidden rather than shrunk to a smudge (a phone's narrow tiles); the
# parts and their amounts are listed under the treemap all the same (breakdown_parts).
BREAKDOWN_MIN_TEXT = 12


def build_breakdown(total: dict) -> go.Figure:
    """A treemap of one total's drawn parts (total["parts"]), each leaf with its amount, source and quote. The
    root is the sum of the parts, named beside the reported total, since the two may differ."""
    parts = total["parts"]
    root = (f"{total['recipient_name']}, FY{total['fiscal_year']}: parts add to {money_short(total['parts_usd'])} "
            f"(reported total {money_short(total['amount_usd'])})")
    labels = [hover_escape(root)] + [f"{hover_escape(part_name(p))}<br>{money_short(p['amount_usd'])}" for p in parts]
    return go.Figure(
        go.Treemap(
            ids=["total"] + [p["aid_id"] for p in parts], labels=labels, parents=[""] + ["total"] * len(parts),
            values=[0] + [p["amount_usd"] for p in parts], branchvalues="remainder",
            customdata=[[total["aid_id"], "aid"]] + [[p["aid_id"], "aid"] for p in parts],
            hovertext=[hover_escape(root)] + [_bar_hover(p) for p in parts], hoverinfo="text", textinfo="label",
            marker=dict(colors=["rgba(0,0,0,0)"] + [PROGRAMME_COLOURS[p["programme"]] for p in parts],
                        line=dict(color="white", width=2)),
            root=dict(color="rgba(0,0,0,0)"), pathbar=dict(visible=False), tiling=dict(pad=2),
            insidetextfont=dict(color="white", size=14),
        ),
        layout=dict(height=320, margin=dict(l=0, r=0, t=10, b=0), hoverlabel=dict(align="left"),
                    uniformtext=dict(minsize=BREAKDOWN_MIN_TEXT, mode="hide")),
    )

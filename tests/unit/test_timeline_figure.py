"""The Timeline figure builder: lanes, markers, precision, bands from data, counts and aggregation.

The builder draws what the query layer computed (Store.timeline); these tests feed it small stores."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import plotly.io as pio
import pytest

from components.figures.palette import TYPE_COLOURS
from components.figures.timeline import AGGREGATE_THRESHOLD, build_timeline
from core.filters import FilterSpec
from core.synthetic import write_dataset
from core.load import load_dataset
from core.query import Store
from core.timeline_layout import LABEL_ROWS
from core.vocab import label
from tests.fixtures import make_store


@pytest.fixture(scope="module")
def bundled_store(dataset):
    return Store(dataset)

ACTORS = pd.DataFrame(
    {
        "actor_id": ["az", "ru", "ru_mod", "am"],
        "name": ["Azerbaijan", "Russia", "Russian MoD", "Armenia"],
        "parent_id": [None, None, "ru", None],
        "colour": ["#0072B2", "#CC79A7", "#CC79A7", "#D55E00"],
    }
)
ROWS = [
    ("e1", "2022-02-22", "day", None, "Allied declaration", "agreement", "az;ru_mod", "high"),
    ("e2", "2022-12-01", "month", None, "Inspections blocked", "access_dispute", "ru_mod;ru", "high"),
    ("e3", "2021-07-28", "day", None, "<script>alert(1)</script>", "legislation", "am", "medium"),
]
ALL_YEARS = FilterSpec(years=(2018, 2023))


def _data(rows=ROWS, key_periods=()):
    return make_store(rows, ACTORS, key_periods).timeline(ALL_YEARS, AGGREGATE_THRESHOLD)


def _periods(rows):
    frame = pd.DataFrame(rows, columns=["event_id", "title", "start_day", "end_day"])
    frame["start_day"] = pd.to_datetime(frame["start_day"])
    frame["end_day"] = pd.to_datetime(frame["end_day"])
    return frame


def _event_points(fig):
    return [(trace, i) for trace in fig.data if trace.customdata is not None for i in range(len(trace.customdata))]


def _hover(trace, i) -> str:
    """Point i's hover as Plotly shows it: the trace's template filled from the point's customdata."""
    text = re.sub(r"%\{customdata\[(\d+)\]\}", lambda m: str(trace.customdata[i][int(m.group(1))]),
                  trace.hovertemplate)
    return text.replace("<extra></extra>", "")


def _symbol(trace, i) -> str:
    """Point i's marker symbol: the trace's one symbol, or the point's own."""
    return trace.marker.symbol if isinstance(trace.marker.symbol, str) else trace.marker.symbol[i]


def _dates(values) -> list:
    return [None if v is None else pd.Timestamp(v) for v in values]


def test_lanes_and_markers_match_the_events():
    fig = build_timeline(_data())
    assert _data().lanes == ["Armenia", "Azerbaijan", "Russia"]
    points = _event_points(fig)
    # e1 is in Azerbaijan's and Russia's lanes; e2's two Russian actors share one marker; e3 in Armenia's.
    ids = sorted(trace.customdata[i][0] for trace, i in points)
    assert ids == ["e1", "e1", "e2", "e3"]
    lanes_of = {(trace.customdata[i][0], trace.customdata[i][1]) for trace, i in points}
    assert lanes_of == {("e1", "Azerbaijan"), ("e1", "Russia"), ("e2", "Russia"), ("e3", "Armenia")}
    assert list(fig.layout.yaxis.ticktext) == ["Armenia", "Azerbaijan", "Russia"]  # top to bottom
    tick = dict(zip(fig.layout.yaxis.ticktext, fig.layout.yaxis.tickvals))
    assert tick["Armenia"] > tick["Azerbaijan"] > tick["Russia"]
    below = {"Armenia": tick["Azerbaijan"], "Azerbaijan": tick["Russia"], "Russia": -LABEL_ROWS}
    for trace, i in points:  # each marker sits in its own lane: under its label's line, above the next label
        lane = trace.customdata[i][1]
        assert below[lane] + LABEL_ROWS < trace.y[i] < tick[lane]


def test_marker_colour_and_symbol_are_the_type():
    """One channel, one meaning: colour and shape both say the event type, as the count bars and the legend do;
    the lane (the y position) says the actor."""
    fig = build_timeline(_data())
    types = {"e1": "agreement", "e2": "access_dispute", "e3": "legislation"}
    for trace, i in _event_points(fig):
        colour = trace.marker.color if isinstance(trace.marker.color, str) else trace.marker.color[i]
        assert colour == TYPE_COLOURS[types[trace.customdata[i][0]]]
    symbols = {trace.customdata[i][0]: _symbol(trace, i) for trace, i in _event_points(fig)}
    assert symbols["e1"] == "square" and symbols["e2"] == "triangle-down-open" and symbols["e3"] == "pentagon"
    for bar in (t for t in fig.data if t.type == "bar"):
        assert bar.marker.color == TYPE_COLOURS[{label(k): k for k in types.values()}[bar.name]]
    assert "event type" in fig.layout.legend.title.text.lower() and "colour" in fig.layout.legend.title.text.lower()


def test_period_bars_and_whiskers_take_the_type_colour_not_the_lane():
    rows = ROWS + [("p1", "2021-03-01", "day", "2021-06-01", "A period", "military_exercise", "am", "high")]
    fig = build_timeline(_data(rows))
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.x[0] is not None]
    assert {t.line.color for t in lines} <= {TYPE_COLOURS["military_exercise"], TYPE_COLOURS["access_dispute"]}
    assert {t.line.color for t in lines if t.line.dash != "dot"} == {TYPE_COLOURS["military_exercise"]}


def test_key_periods_keep_number_colour_and_name_whatever_the_filter(bundled_store):
    def bands(spec):
        fig = build_timeline(bundled_store.timeline(spec, AGGREGATE_THRESHOLD), years=spec.years)
        return {s.name: (s.fillcolor, s.line.color) for s in fig.layout.shapes}
    full = bands(FilterSpec())
    assert any(name.startswith("1 · The 44-day Karabakh war") for name in full)
    for spec in (FilterSpec(text="Lachin"), FilterSpec(years=(2022, 2022), text="Lachin")):
        narrowed = bands(spec)
        assert narrowed
        for name, colours in narrowed.items():
            assert full[name] == colours, (name, full)
    # In 2022 the war is out of view: the mandate is still period 2, not promoted to 1.
    assert not any(name.startswith("1 ·") for name in narrowed)
    assert any(name.startswith("2 · Russian peacekeeping mandate") for name in narrowed)
    assert len({c for c, _ in full.values()}) == len(full)  # each period its own colour


def test_key_period_numbers_do_not_stack_in_one_corner(bundled_store):
    fig = build_timeline(bundled_store.timeline(FilterSpec(), AGGREGATE_THRESHOLD), years=(2018, 2022))
    tags = [a for a in fig.layout.annotations if (a.name or "").startswith("band-")]
    assert len(tags) >= 2 and len({str(pd.Timestamp(a.x)) for a in tags}) == len(tags)


def test_month_precision_in_hover_and_span():
    fig = build_timeline(_data())
    hover = {trace.customdata[i][0]: _hover(trace, i) for trace, i in _event_points(fig)}
    assert "Dec 2022" in hover["e2"] and "2022-12-01" not in hover["e2"]
    assert "22 Feb 2022" in hover["e1"]
    dotted = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.line.dash == "dot" and t.x[0] is not None]
    assert [pd.Timestamp("2022-12-01"), pd.Timestamp("2023-01-01"), None] in [_dates(t.x) for t in dotted]
    assert not [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.line.dash != "dot" and t.x[0] is not None]
    marker_x = {trace.customdata[i][0]: pd.Timestamp(trace.x[i]) for trace, i in _event_points(fig)}
    assert pd.Timestamp("2022-12-01") < marker_x["e2"] < pd.Timestamp("2023-01-01")


def test_hostile_title_is_escaped_in_hover():
    fig = build_timeline(_data())
    hover = {trace.customdata[i][0]: _hover(trace, i) for trace, i in _event_points(fig)}
    assert "&lt;script&gt;" in hover["e3"] and "<script>" not in hover["e3"]


def test_bands_come_from_the_data():
    rows = ROWS + [
        ("p_test", "2022-03-01", "day", "2022-04-01", "Test band", "armed_conflict", "az", "high"),
        ("p_open", "2022-06-01", "day", None, "Open band", "armed_conflict", "ru", "high"),
    ]
    fig = build_timeline(_data(rows, key_periods=("p_test", "p_open")))
    shapes = {shape.name: shape for shape in fig.layout.shapes}
    assert set(shapes) == {"1 · Test band", "2 · Open band"} and all(s.showlegend for s in shapes.values())
    assert pd.Timestamp(shapes["1 · Test band"].x0) == pd.Timestamp("2022-03-01")
    assert pd.Timestamp(shapes["1 · Test band"].x1) == pd.Timestamp("2022-04-01")
    assert pd.Timestamp(shapes["2 · Open band"].x1) == pd.Timestamp(fig.layout.xaxis2.rangeslider.range[1])
    numbers = {a.name: a for a in fig.layout.annotations if (a.name or "").startswith("band-")}
    assert {n: a.text for n, a in numbers.items()} == {"band-p_test": "<b>1</b>", "band-p_open": "<b>2</b>"}
    assert numbers["band-p_test"].yshift != numbers["band-p_open"].yshift  # each number on its own row
    assert not [s for s in build_timeline(_data()).layout.shapes]


def test_coarse_dates_and_periods_are_drawn_differently():
    rows = ROWS + [("p1", "2021-03-01", "day", "2021-06-01", "A period", "military_exercise", "am", "high")]
    fig = build_timeline(_data(rows))
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.x[0] is not None]
    bars = [t for t in lines if t.line.dash != "dot"]
    dotted = [t for t in lines if t.line.dash == "dot"]
    assert [_dates(t.x) for t in bars] == [[pd.Timestamp("2021-03-01"), pd.Timestamp("2021-06-01"), None]]
    assert len(dotted) == 1 and bars[0].line.width > dotted[0].line.width
    legend = {t.name for t in fig.data if t.showlegend}
    assert {"Period: a bar from start to end", "Month or year only: dotted over the span it may fall in"} <= legend


def test_coincident_markers_get_distinct_positions_and_one_marker_per_lane():
    rows = [(f"c{i}", "2021-05-10", "day", None, f"Same day {i}", "meeting", "az;ru", "high") for i in range(7)]
    rows += [("near", "2021-05-20", "day", None, "Ten days later", "statement", "az", "high"),
             ("far", "2021-09-01", "day", None, "Months later", "statement", "az", "high")]
    data = _data(rows)
    placed = data.points  # placed by the query layer (core/timeline_layout.py)
    for _lane, group in placed.groupby("lane_name"):
        assert group["event_id"].is_unique  # exactly one marker per event in each of its lanes
        close = group[group["event_id"] != "far"]
        assert len(set(zip(close["x"], close["y"]))) == len(close)  # none hidden under another
        assert (group["y"] < group["label_y"]).all()  # under its label
    az = placed[placed["lane_name"] == "Azerbaijan"].set_index("event_id")
    assert az.loc["far", "y"] == az.loc["far", "label_y"] - 1  # alone: on the sub-row under the label
    assert placed.equals(_data(rows).points)  # deterministic
    fig = build_timeline(data)
    drawn = [(t.customdata[i][0], t.customdata[i][1]) for t, i in _event_points(fig)]
    assert sorted(drawn) == sorted(zip(placed["event_id"], placed["lane_name"]))


def test_opens_on_the_chosen_years_and_the_slider_covers_them():
    """The axis shows the chosen span, quiet months included; the range slider spans exactly what is shown, so it
    opens with no grey mask over part of it."""
    rows = ROWS + [("old", "2019-02-01", "day", None, "Older", "meeting", "am", "high")]
    fig = build_timeline(_data(rows), years=(2021, 2022))
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert pd.Timestamp("2020-12-01") < low <= pd.Timestamp("2021-01-01") and pd.Timestamp("2023-01-01") <= high < pd.Timestamp("2023-02-01")
    slider = [pd.Timestamp(x) for x in fig.layout.xaxis2.rangeslider.range]
    assert slider == [low, high]
    # Data only from Jul 2021 on, years 2020–2022 chosen: the axis still starts in January 2020.
    fig = build_timeline(_data(), years=(2020, 2022))
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert pd.Timestamp("2019-12-01") < low <= pd.Timestamp("2020-01-01")


def test_a_period_running_past_the_chosen_years_does_not_stretch_the_slider():
    rows = ROWS + [("long", "2021-01-01", "day", "2025-11-10", "Five-year mandate", "agreement", "ru", "high")]
    fig = build_timeline(_data(rows), years=(2021, 2022))
    slider = [pd.Timestamp(x) for x in fig.layout.xaxis2.rangeslider.range]
    assert slider[1] < pd.Timestamp("2023-02-01")


def test_count_axis_has_whole_numbers():
    fig = build_timeline(_data())
    axis = fig.layout.yaxis2
    assert axis.tickformat == ",d" and axis.dtick is not None and axis.dtick >= 1 and float(axis.dtick).is_integer()


def test_bands_outside_the_range_are_not_drawn():
    old = _periods([("p_old", "Old", "1990-01-01", "1991-01-01")])
    assert not build_timeline(replace(_data(), periods=old)).layout.shapes


def test_monthly_bars_count_unique_events():
    fig = build_timeline(_data())
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == len(ROWS)  # e1 is in two lanes but counted once
    year_only = _data(ROWS + [("e4", "2022-01-01", "year", None, "Year only", "statement", "az", "low")])
    assert year_only.month_counts["n"].sum() == len(ROWS) and year_only.year_only == 1
    notes = [a.text for a in build_timeline(year_only).layout.annotations if a.name == "count-note"]
    assert notes and "1 year-only event not counted" in notes[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A store over 100k generated events, shared by the aggregation tests."""
    return Store(load_dataset(write_dataset(tmp_path_factory.mktemp("timeline") / "data", 100_000)))


def test_aggregates_above_the_threshold(generated):
    data = generated.timeline(FilterSpec(years=(2018, 2018), actors=(("am",), False)), AGGREGATE_THRESHOLD)
    assert data.total > AGGREGATE_THRESHOLD and data.points is None
    fig = build_timeline(data)
    assert not _event_points(fig)
    assert any(a.name == "density-note" and f"{data.total:,} events" in a.text for a in fig.layout.annotations)
    # Under the event limit, but 535 markers in one lane in one year: more than a lane shows apart (issue 30).
    few = generated.timeline(FilterSpec(years=(2018, 2018), actors=(("am",), True), event_types=("meeting",)), AGGREGATE_THRESHOLD)
    assert few.total <= AGGREGATE_THRESHOLD and few.points is None and few.busiest_lane == ("Armenia", 535)
    assert any("Armenia alone holds 535" in a.text.replace("<br>", " ") for a in build_timeline(few).layout.annotations)


def test_payload_at_100k_events_stays_under_1_mb(generated):
    fig = build_timeline(generated.timeline(FilterSpec(), AGGREGATE_THRESHOLD))
    assert len(fig.to_json()) <= 1_000_000


def test_no_events_is_an_error_not_an_empty_chart():
    with pytest.raises(ValueError):
        build_timeline(make_store(ROWS, ACTORS).timeline(FilterSpec(years=(2018, 2018)), AGGREGATE_THRESHOLD))


def test_lane_labels_sit_inside_the_plot_so_a_phone_keeps_its_width():
    """At 390 px the lane labels took about 40 % of the width; inside the plot, above each lane's line, they take
    none, and each stays on one line."""
    fig = build_timeline(_data())
    assert fig.layout.yaxis.ticklabelposition == "inside top"
    assert all("<br>" not in text for text in fig.layout.yaxis.ticktext)


def test_the_hover_names_each_origin_and_an_upload_is_never_context_from_a_public_source():
    data = _data()
    origins = {"e1": "acled", "e2": "upload", "e3": "corpus"}
    points = data.points.assign(origin=data.points["event_id"].map(origins))
    hover = {trace.customdata[i][0]: _hover(trace, i) for trace, i in _event_points(build_timeline(replace(data, points=points)))}
    assert hover["e1"].endswith("From your ACLED export (quote not verified)")
    assert hover["e2"].endswith("From your upload (quote not verified)")
    assert hover["e3"].endswith("From a corpus article")
    assert not any("public source" in text for text in hover.values())


def test_density_keeps_a_legend_for_the_count_bars_colours(generated):
    """As density there are no markers to carry the legend: each colour of the count bars is named by its family,
    one entry per colour, and no legend entry names a colour the bars do not draw."""
    from components.figures.palette import FAMILY_COLOURS
    from core.vocab import FAMILY_OF

    data = generated.timeline(FilterSpec(years=(2018, 2018), actors=(("am",), False)), AGGREGATE_THRESHOLD)
    fig = build_timeline(data)
    bars = {t.marker.color for t in fig.data if t.type == "bar" and t.x and t.x[0] is not None}
    named = {t.marker.color: t.name for t in fig.data if t.showlegend}
    assert bars and set(named) == bars
    assert sorted(named.values()) == sorted(label(f) for f in {FAMILY_OF[t] for t in set(data.month_counts["event_type"])})
    assert all(FAMILY_COLOURS[f] in named for f in {FAMILY_OF[t] for t in set(data.month_counts["event_type"])})
    assert fig.layout.legend.title.text.startswith("Count bars")


def test_the_figure_sent_for_a_busy_filter_stays_small_and_each_hover_says_the_same(bundled_store):
    """Issue S: on a fresh filter the browser is sent the whole figure and Plotly draws it anew. Each marker's hover
    was a whole text per point, repeated in each lane of its event, half of the figure; it is now one template per
    trace filled from the point's customdata, and the dates are written short. 139 KB before, for this filter."""
    spec = FilterSpec(text="an")
    fig = build_timeline(bundled_store.timeline(spec, AGGREGATE_THRESHOLD), years=spec.years)
    assert len(pio.to_json(fig, validate=False)) < 112_000
    hover = {trace.customdata[i][0]: _hover(trace, i) for trace, i in _event_points(fig)}
    assert hover["ev_2021_09_12_iranian_truck_checkpoint"] == (
        "<b>Azerbaijan sets up a checkpoint to check and tax Iranian trucks on the Goris–Kapan road</b>"
        "<br>12 Sep 2021<br>Azerbaijan, Iran<br>Access dispute · confidence medium<br>Context: from a public source")
    assert not any(trace.hovertext for trace in fig.data if trace.customdata is not None)

"""The Overview's monthly bars: colour is the family of event types (palette.py), the fill pattern the type within
it, so two types of one family never look alike and no colour names two things."""

from __future__ import annotations

import pandas as pd

from components.figures.overview import PLOT_PX, build_monthly, monthly_height
from components.figures.palette import FAMILY_COLOURS, type_pattern
from core.query import Store
from core.vocab import EVENT_FAMILIES

TYPES = ["meeting", "agreement", "ceasefire", "armed_conflict", "peaceful_protest"]


def _monthly() -> pd.DataFrame:
    month = pd.Timestamp(2020, 10, 1)
    return pd.DataFrame({"month": [month] * len(TYPES), "event_type": TYPES, "n": [1] * len(TYPES),
                         "month_total": [len(TYPES)] * len(TYPES)})


def test_a_family_shares_a_colour_and_its_types_differ_by_pattern():
    fig = build_monthly(_monthly(), pd.DataFrame(columns=["number", "name", "start", "end"]), (2020, 2020))
    bars = {t.name: t for t in fig.data if t.type == "bar"}
    diplomacy = [bars[n] for n in ("Meeting", "Agreement", "Ceasefire")]
    assert {b.marker.color for b in diplomacy} == {FAMILY_COLOURS["diplomacy_and_law"]}
    assert len({(b.marker.pattern.shape, b.marker.pattern.fgcolor) for b in diplomacy}) == 3
    # Stripes over the family's colour: Plotly's default fill mode replaces the colour (white on white in light).
    assert {b.marker.pattern.fillmode for b in diplomacy if b.marker.pattern.shape} == {"overlay"}
    assert bars["Armed conflict"].marker.color == FAMILY_COLOURS["political_violence"]
    assert bars["Peaceful protest"].marker.color == FAMILY_COLOURS["demonstrations"]
    assert fig.layout.legend.title.text == "Colour: family of event types; pattern: the type within it"
    # The legend reads family by family.
    names = [t.name for t in fig.data if t.type == "bar"]
    assert names.index("Armed conflict") < names.index("Peaceful protest") < names.index("Ceasefire")


def test_the_legend_flows_under_the_bars_and_never_scrolls_on_a_phone():
    """R2: on a phone the legend was a small box that scrolled: a family's entries shared a legend group, which
    Plotly stacks in a column. Each type is its own group (entries flow, two to a line on a phone), the legend may
    be as tall as it needs, and the chart grows with the entries so the bars keep their room."""
    periods = pd.DataFrame({"event_id": ["p1"], "title": ["A period"], "start_day": [pd.Timestamp("2020-03-01")],
                            "end_day": [pd.Timestamp("2020-05-01")]})
    fig = build_monthly(_monthly(), periods, (2020, 2020))
    bars = [t for t in fig.data if t.type == "bar"]
    assert len({t.legendgroup for t in bars}) == len(bars)
    assert fig.layout.legend.maxheight > fig.layout.height
    assert fig.layout.height == monthly_height(len(bars), 1) >= PLOT_PX + 23 * (len(bars) // 2) + 45


def test_every_type_of_a_family_has_a_pattern_of_its_own():
    for family, members in EVENT_FAMILIES.items():
        patterns = [tuple(sorted(type_pattern(t).items())) for t in members]
        assert len(set(patterns)) == len(patterns), family


def test_every_key_period_is_named_in_full_on_lines_that_fit_a_phone(dataset):
    """Key period 2 ("Russian peacekeeping mandate in Karabakh (five years, renewed automatically unless a party
    objects)") was cut to 60 characters with an ellipsis in every legend; now each name is whole, wrapped."""
    periods = Store(dataset).key_periods()
    fig = build_monthly(_monthly(), periods, (2018, 2022))
    names = {shape.name.split(" · ", 1)[0]: shape.name.split(" · ", 1)[1] for shape in fig.layout.shapes}
    assert len(names) == len(periods) >= 2
    for number, title in enumerate(periods["title"], start=1):
        lines = names[str(number)].split("<br>")
        assert " ".join(lines) == title
        assert all(len(line) <= 40 for line in lines), lines

"""The US aid questions and figure builder on small datasets stated here (make_dataset): no bar for an unknown
amount, no total stacked on its parts, the overlay from the events table, the metrics, fiscal years as dates.
Expected values are written out by hand from the rows below."""

from __future__ import annotations

import pandas as pd
import pytest

from components.figures.aid import (
    BREAKDOWN_MIN_TEXT, PROGRAMME_COLOURS, breakdown_parts, build_aid_chart, build_breakdown, money_short,
)
from core.filters import FilterSpec
from core.query import Store
from core.query.aid import fiscal_year_days

ALL = FilterSpec(years=(1990, 2030))
ACTORS = [
    {"actor_id": "us", "name": "United States"}, {"actor_id": "us_house", "name": "US House", "parent_id": "us",
                                                  "kind": "government_body"},
    {"actor_id": "az", "name": "Azerbaijan"}, {"actor_id": "am", "name": "Armenia"}, {"actor_id": "ru", "name": "Russia"},
]


def _aid(aid_id, recipient, year, amount, kind, parent=None, **more):
    # Numbers as the CSV spells them (a column mixing blanks and integers would be written as floats).
    more = {k: str(v) if isinstance(v, int) else v for k, v in more.items()}
    return {"aid_id": aid_id, "donor": "us", "recipient": recipient, "fiscal_year": str(year),
            "amount_usd": None if amount is None else str(amount), "amount_kind": kind, "parent_aid_id": parent,
            "confidence": more.pop("confidence", "high"), **more}


AID = [
    _aid("a_total", "az", 2018, 100, "total", authority="10 U.S.C. 333", program="Building Partner Capacity"),
    _aid("a_part1", "az", 2018, 60, "notified", "a_total", authority="10 U.S.C. 333", program="<b>border</b>"),
    _aid("a_part2", "az", 2018, 45, "notified", "a_total", authority="10 U.S.C. 333"),
    _aid("m_2018", "am", 2018, 10, "total", confidence="medium"),
    _aid("m_2019_unknown", "am", 2019, None, "planned"),
    _aid("a_request", "az", 2019, 5, "requested", program="Foreign Military Financing (FMF)"),
    _aid("a_approp", "az", 2019, 20, "appropriated", program="IMET"),
    _aid("m_2019", "am", 2019, 4, "total"),
    _aid("a_long", "az", 2002, 808, "total", fiscal_year_end=2020),
]
EVENTS = [
    {"event_id": "ev_vote", "date": "2021-07-28", "event_type": "legislation", "actors": "us_house;az"},
    {"event_id": "ev_visit", "date": "2018-10-24", "event_type": "visit", "actors": "us;az"},
    {"event_id": "ev_war", "date": "2020-09-27", "end_date": "2020-11-10", "event_type": "armed_conflict", "actors": "az;am"},
    {"event_id": "ev_meeting", "date": "2019-05-01", "event_type": "meeting", "actors": "us;az"},  # not an overlay type
    {"event_id": "ev_russia_law", "date": "2019-06-01", "event_type": "legislation", "actors": "ru"},  # not a donor
]


@pytest.fixture()
def store(make_dataset) -> Store:
    return Store(make_dataset(actors=ACTORS, aid=AID, events=EVENTS))


def _bars(fig) -> list[tuple[str, float, pd.Timestamp]]:
    """(aid_id, height, x) of every bar drawn."""
    return [(d[0], y, pd.Timestamp(x)) for trace in fig.data if trace.type == "bar"
            for d, y, x in zip(trace.customdata, trace.y, trace.x)]


def test_no_bar_for_an_unknown_amount_and_the_row_is_listed(store):
    view = store.aid_view(ALL)
    fig = build_aid_chart(view, store.aid_overlay(ALL))
    drawn = {aid_id for aid_id, _, _ in _bars(fig)}
    assert "m_2019_unknown" not in drawn
    assert [row["aid_id"] for row in view.unknown] == ["m_2019_unknown"]
    assert all(height > 0 for _, height, _ in _bars(fig))


def test_a_total_and_its_parts_are_never_both_drawn(store):
    view = store.aid_view(ALL)
    fig = build_aid_chart(view, store.aid_overlay(ALL))
    heights: dict[tuple[str, pd.Timestamp], float] = {}
    recipient = {row["aid_id"]: row["recipient"] for row in AID}
    for aid_id, height, x in _bars(fig):
        heights[recipient[aid_id], x] = heights.get((recipient[aid_id], x), 0) + height
    # Azerbaijan FY2018: the parts (60 + 45), never the parts and the total (205), and not the total alone.
    assert heights == {("az", pd.Timestamp(2018, 4, 1)): 105, ("am", pd.Timestamp(2018, 4, 1)): 10,
                       ("az", pd.Timestamp(2019, 4, 1)): 25, ("am", pd.Timestamp(2019, 4, 1)): 4}
    assert "a_total" not in {aid_id for aid_id, _, _ in _bars(fig)}
    # The total is drawn beside the stack as a marker, and flagged because its parts do not add up to it.
    [total] = view.totals
    assert (total["aid_id"], total["amount_usd"], total["parts_usd"], bool(total["differs"])) == ("a_total", 100, 105, True)
    ticks = [d[0] for trace in fig.data if trace.type == "scatter" and trace.customdata is not None
             for d in trace.customdata if d[1] == "aid"]
    assert ticks == ["a_total"]
    assert any("≠ total" in a.text for a in fig.layout.annotations)
    # The multi-year row is context, never a bar.
    assert [row["aid_id"] for row in view.context] == ["a_long"]


def test_when_the_filter_drops_the_parts_the_total_is_drawn(store):
    view = store.aid_view(FilterSpec(years=(1990, 2030), text="Building Partner"))
    assert list(view.bars["aid_id"]) == ["a_total"] and view.totals == []


def test_overlay_events_come_from_the_events_table(store):
    overlay = store.aid_overlay(ALL)
    # Legislation, aid decisions and visits of the donor (the US and its sub-actors), conflicts of a recipient.
    assert [e["event_id"] for e in overlay] == ["ev_visit", "ev_war", "ev_vote"]
    fig = build_aid_chart(store.aid_view(ALL), overlay)
    events = [d[0] for trace in fig.data if trace.customdata is not None for d in trace.customdata if d[1] == "event"]
    assert sorted(events) == ["ev_visit", "ev_vote", "ev_war"]
    assert fig.layout.annotations[0].text == "Policy and conflict events"
    # The overlay follows the global filter: no event of 2018 when the years start in 2020.
    assert [e["event_id"] for e in store.aid_overlay(FilterSpec(years=(2020, 2022)))] == ["ev_war", "ev_vote"]


def test_without_events_the_bars_are_drawn_alone(store):
    fig = build_aid_chart(store.aid_view(ALL), None)
    assert not [t for t in fig.data if t.type == "scatter" and t.customdata is not None
                and any(d[1] == "event" for d in t.customdata)]
    assert [a.text for a in fig.layout.annotations if a.text.startswith("US aid")] == ["US aid to Armenia", "US aid to Azerbaijan"]


def test_metrics_never_add_unlike_kinds(store):
    metrics = store.aid_view(ALL).metrics
    # Notified parts (60 + 45, not their total 100), reported totals (10 + 4) and an appropriation (20): three kinds,
    # each summed apart and never added together; the request (5) and the unknown row are not counted at all.
    assert metrics.total is None and metrics.one_kind is None
    assert metrics.by_kind == {"notified": 105, "total": 14, "appropriated": 20}
    assert metrics.requested == 5
    assert (metrics.largest_year, metrics.largest_amount) == (None, None)
    # Azerbaijan's Section 333 notifications and IMET appropriation against Armenia's totals of a programme no
    # source names: no pair is alike, so there is no ratio (it was 125 : 14 when unlike amounts were compared).
    assert metrics.ratio is None and metrics.ratio_scope is None


def test_one_kind_is_added_up(store):
    # Calendar 2017 holds Oct-Dec of FY2018 only (FY2019 starts in Oct 2018): Azerbaijan's notified parts alone.
    metrics = store.aid_view(FilterSpec(years=(2017, 2017), actors=(("az",), True))).metrics
    assert (metrics.total, metrics.one_kind, metrics.largest_year, metrics.largest_amount) == (105, "notified", 2018, 105)


def test_the_ratio_compares_like_with_like(make_dataset):
    s333 = {"authority": "10 U.S.C. 333", "program": "Building Partner Capacity", "category": "security_assistance"}
    aid = [
        _aid("az18", "az", 2018, 60, "notified", **s333), _aid("am18", "am", 2018, 6, "notified", confidence="medium", **s333),
        _aid("az19", "az", 2019, 30, "notified", **s333), _aid("am19", "am", 2019, 4, "notified", **s333),
        _aid("az20", "az", 2020, 50, "notified", **s333),  # no Armenian pair in FY2020: left out
        _aid("am20_total", "am", 2020, 9, "total", category="security_assistance"),  # programme not named: never paired
        _aid("az18_imet", "az", 2018, 7, "notified", program="IMET", category="military_training"),  # another scope
    ]
    metrics = Store(make_dataset(actors=ACTORS, aid=aid)).aid_view(ALL).metrics
    assert metrics.ratio_scope == ("notified", "security_assistance", "section_333")
    assert metrics.ratio_years == (2018, 2019) and metrics.ratio_sides == (90, 10)
    assert metrics.ratio == pytest.approx(9.0)
    assert metrics.ratio_confidence == "medium"  # the lowest of the compared rows, said beside the ratio


def test_no_ratio_where_one_side_is_unknown(store):
    metrics = store.aid_view(FilterSpec(years=(1990, 2030), actors=(("az",), True))).metrics
    assert metrics.ratio is None and metrics.by_kind == {"notified": 105, "appropriated": 20}


def test_fiscal_years_are_their_real_dates(store):
    assert fiscal_year_days(2018) == (pd.Timestamp(2017, 10, 1), pd.Timestamp(2018, 9, 30))
    view = store.aid_view(ALL)
    row = view.bars.set_index("aid_id").loc["m_2018"]
    assert (row["fy_start"], row["fy_end"]) == fiscal_year_days(2018)
    # FY2018 overlaps calendar 2017 (Oct to Dec): a 2017 filter keeps it; FY2019 does not overlap 2017.
    kept = set(store.aid_rows(FilterSpec(years=(2017, 2017)))["aid_id"])
    assert kept == {"a_total", "a_part1", "a_part2", "m_2018", "a_long"}


def test_programme_is_coded_and_text_is_escaped_in_hover(store):
    rows = store.aid_rows(ALL).set_index("aid_id")
    assert rows.loc["a_part1", "programme"] == "section_333" and rows.loc["a_request", "programme"] == "fmf"
    assert rows.loc["a_approp", "programme"] == "imet" and rows.loc["m_2018", "programme"] == "unspecified"
    fig = build_aid_chart(store.aid_view(ALL), None)
    hover = " ".join(h for t in fig.data if t.type == "bar" for h in t.hovertext)
    assert "&lt;b&gt;border&lt;/b&gt;" in hover and "<b>border</b>" not in hover
    assert "$60" in hover and "Source:" in hover


def test_csv_rows_are_guarded(make_dataset):
    store = Store(make_dataset(aid=[_aid("x1", "az", 2020, 7, "total", program="=HYPERLINK(1)",
                                         evidence="-2 is not a formula")],
                               actors=ACTORS))
    guarded = store.aid_rows(ALL, True).iloc[0]
    assert guarded["program"] == "'=HYPERLINK(1)" and guarded["evidence"] == "'-2 is not a formula"
    assert store.aid_rows(ALL).iloc[0]["program"] == "=HYPERLINK(1)"


def test_money_short():
    assert (money_short(58_680_000), money_short(58_600_000), money_short(80_000)) == ("$58.68M", "$58.6M", "$80K")


def test_breakdown_shows_the_parts_of_a_total_with_their_sources(store):
    [total] = store.aid_view(ALL).totals
    fig = build_breakdown(total)
    tree = fig.data[0]
    assert list(tree.ids) == ["total", "a_part1", "a_part2"] and list(tree.values) == [0, 60, 45]
    assert "parts add to $105" in tree.labels[0] and "reported total $100" in tree.labels[0]
    assert all("Source:" in h for h in tree.hovertext[1:])


def test_breakdown_hides_a_label_its_tile_cannot_hold_and_writes_every_part_out(store):
    """R2: on a phone a narrow tile's label was shrunk to a smudge. A label that would be drawn under
    BREAKDOWN_MIN_TEXT px is hidden instead, and the page writes every part with its amount under the treemap."""
    [total] = store.aid_view(ALL).totals
    fig = build_breakdown(total)
    assert fig.layout.uniformtext.mode == "hide" and fig.layout.uniformtext.minsize == BREAKDOWN_MIN_TEXT >= 12
    assert breakdown_parts(total) == [("<b>border</b>", "$60"), ("Section 333 (DoD Building Partner Capacity)", "$45")]


def test_a_large_overlay_is_capped_and_says_so(make_dataset):
    """Over OVERLAY_LIMIT matching events, the strip draws the most relevant of each month, round by round (ties by
    id), the figure stays far under 1 MB, and both the records and the strip's title say how many were left out."""
    from components.figures.aid import overlay_shown
    from core.query.aid import OVERLAY_LIMIT

    days = pd.date_range("2018-01-01", "2021-12-31", freq="D")[:1200]
    events = [{"event_id": f"ev_{n:04d}", "date": day.strftime("%Y-%m-%d"), "event_type": "visit", "actors": "us;az",
               "title": "A visit " + "with a long title " * 8, "confidence": "high" if n % 97 == 0 else "medium",
               "end_date": (day + pd.Timedelta(days=3)).strftime("%Y-%m-%d") if n % 5 == 0 else None}
              for n, day in enumerate(days)]
    big = Store(make_dataset(actors=ACTORS, aid=AID, events=events))
    overlay = big.aid_overlay(ALL)
    assert overlay_shown(overlay) == (OVERLAY_LIMIT, 1200)
    assert [e["event_id"] for e in overlay] == sorted(e["event_id"] for e in overlay)  # date order (ids follow dates)
    # Every month of the 40 keeps events, and the high-confidence event of a month is always among its picks.
    months = {e["start_day"].strftime("%Y-%m") for e in overlay}
    assert len(months) == len({d.strftime("%Y-%m") for d in days})
    kept = {e["event_id"] for e in overlay}
    assert {f"ev_{n:04d}" for n in range(0, 1200, 97)} <= kept
    assert big.aid_overlay(ALL) == overlay  # the same picks every time
    fig = build_aid_chart(big.aid_view(ALL), overlay)
    assert fig.layout.annotations[0].text == f"Policy and conflict events: {OVERLAY_LIMIT} of 1,200 drawn (the most relevant of each month)"
    drawn = [d[0] for t in fig.data if t.customdata is not None for d in t.customdata if d[1] == "event"]
    assert sorted(drawn) == sorted(kept)
    assert len(fig.to_json()) < 1_000_000


def test_over_the_bar_limit_a_stack_segment_is_one_bar_of_its_sum(store, monkeypatch):
    """Above BAR_LIMIT bars, the rows of one (recipient, fiscal year, programme, kind, confidence) are one bar:
    the stacks keep their heights, the hover says how many rows it adds, and a click on it names no row."""
    import core.query.aid as aid_queries

    view = store.aid_view(ALL)
    single = build_aid_chart(view, None)
    stacks = lambda fig: {(pd.Timestamp(x), round(sum(  # noqa: E731
        y2 for t in fig.data if t.type == "bar" for x2, y2 in zip(t.x, t.y) if pd.Timestamp(x2) == pd.Timestamp(x))))
        for t in fig.data if t.type == "bar" for x in t.x}
    monkeypatch.setattr(aid_queries, "BAR_LIMIT", 2)
    merged = build_aid_chart(view, None)
    assert stacks(merged) == stacks(single)
    parts = [(d, h) for t in merged.data if t.type == "bar" for d, h in zip(t.customdata, t.hovertext)]
    # Azerbaijan FY2018's two notified Section 333 parts (60 + 45, both high confidence) are one bar of $105.
    assert any(d[1] == "aid_group" and "$105" in h and "The sum of 2 rows" in h for d, h in parts)
    assert all(d[1] == "aid_group" for d, _ in parts)


def _over(colour: str, background: str, opacity: float) -> str:
    """What the eye sees: `colour` at `opacity` over `background`, as #RRGGBB."""
    mixed = (round(int(colour[i:i + 2], 16) * opacity + int(background[i:i + 2], 16) * (1 - opacity))
             for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_bar_keeps_3_to_1_against_the_background(dataset, store, theme):
    """Medium- and low-confidence bars were the programme colour at 60 % and 45 % opacity, which sank into the dark
    background (FMF orange at 0.6 over #111418 is 2.3:1). Every bar, fill and outline as drawn (opacity
    included), keeps 3:1 against both themes' backgrounds, on the bundled data and on the medium-confidence
    fixture."""
    from tests.unit.test_contrast import BACKGROUNDS, MINIMUM, contrast
    background = BACKGROUNDS[theme]
    checked, failing = 0, {}
    for source in (Store(dataset), store):
        view = source.aid_view(ALL)
        for trace in build_aid_chart(view, source.aid_overlay(ALL)).data:
            if trace.type != "bar":
                continue
            count = len(trace.y)
            fills = trace.marker.color if isinstance(trace.marker.color, (list, tuple)) else [trace.marker.color] * count
            opacities = trace.marker.opacity if isinstance(trace.marker.opacity, (list, tuple)) \
                else [1.0 if trace.marker.opacity is None else trace.marker.opacity] * count
            for fill, opacity, data in zip(fills, opacities, trace.customdata):
                seen = _over(fill, background, opacity)
                checked += 1
                if contrast(seen, background) < MINIMUM:
                    failing[data[0]] = (fill, opacity, round(contrast(seen, background), 2))
    assert checked >= 10
    assert not failing, failing


def test_a_less_certain_bar_still_looks_less_certain(store):
    """The confidence stays visible: a medium-confidence bar is not drawn in its programme's full colour."""
    fig = build_aid_chart(store.aid_view(ALL), store.aid_overlay(ALL))
    colour = {d[0]: c for trace in fig.data if trace.type == "bar"
              for d, c in zip(trace.customdata, trace.marker.color if isinstance(trace.marker.color, tuple)
                              else [trace.marker.color] * len(trace.y))}
    assert colour["m_2018"] not in PROGRAMME_COLOURS.values()

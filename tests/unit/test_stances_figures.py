"""The Actors & stances builders and their questions on small stated fixtures: the latest stance follows the
year filter and the tie rule, "no evidence" is absent from the figure's data (not a 0), counts and the
disagreement flag are right, the step lines end on the statement the rule picks, the network layout is
deterministic, and the comparison puts the widest gap first."""

from __future__ import annotations

import json
import random

import pytest

from components.figures.relations import build_network
from components.figures.stances import build_event_years, build_stance_heatmap, build_stance_history, cell_label
from core.filters import FilterSpec
from core.network_layout import spring_layout
from core.query import Store

ROWS = [
    # az on the alliance: three statements that disagree; the latest is +1 (2022), the 2021 one is −2.
    {"stance_id": "st_az_a_2021", "actor_id": "az", "topic_id": "alliance", "date": "2021-03-01", "stance": -2,
     "confidence": "high"},
    {"stance_id": "st_az_a_2022_b", "actor_id": "az", "topic_id": "alliance", "date": "2022-02-22", "stance": 0,
     "confidence": "medium"},
    {"stance_id": "st_az_a_2022_c", "actor_id": "az", "topic_id": "alliance", "date": "2022-02-22", "stance": 1,
     "confidence": "high"},
    # ru: a neutral 0 on the alliance, nothing on the corridor.
    {"stance_id": "st_ru_a", "actor_id": "ru", "topic_id": "alliance", "date": "2022-03-01", "stance": 0,
     "confidence": "high"},
    # az on the corridor: +2, one statement, low confidence.
    {"stance_id": "st_az_c", "actor_id": "az", "topic_id": "corridor", "date": "2021-06-01", "stance": 2,
     "confidence": "low"},
]
ALL_YEARS = FilterSpec(years=(1900, 2100))


@pytest.fixture()
def store(make_dataset):
    return Store(make_dataset(stances=ROWS))


def _grid(fig) -> dict[tuple[str, str], tuple]:
    """(actor, topic) -> (z, count, text) from the heatmap trace, through the figure's own axes."""
    heat = next(t for t in fig.data if t.type == "heatmap")
    actors, topics = fig.layout.meta["actors"], fig.layout.meta["topics"]
    return {(a, t): (heat.z[r][c], heat.customdata[r][c], heat.text[r][c])
            for r, a in enumerate(actors) for c, t in enumerate(topics)}


def test_no_evidence_is_absent_not_zero(store):
    grid = _grid(build_stance_heatmap(store.stance_cells(ALL_YEARS).cells))
    assert grid[("ru", "corridor")] == (None, 0, "")  # no evidence: no value, no count, no label
    assert grid[("ru", "alliance")] == (0, 1, "0")  # a real neutral statement
    # The figure, as the browser gets it, keeps the difference: null, not 0.
    heat = json.loads(build_stance_heatmap(store.stance_cells(ALL_YEARS).cells).to_json())["data"][0]
    assert None in [v for row in heat["z"] for v in row] and 0 in [v for row in heat["z"] for v in row]


def test_counts_disagreement_and_latest_by_the_rule(store):
    answer = store.stance_cells(ALL_YEARS)
    cells = {(c["actor_id"], c["topic_id"]): c for c in answer.cells}
    az = cells[("az", "alliance")]
    assert (az["n"], az["n_high"], az["n_medium"], az["n_low"]) == (3, 2, 1, 0)
    assert az["disagree"] and (az["lowest"], az["highest"]) == (-2, 1)
    # Two statements of 22 Feb 2022: the high-confidence +1 wins over the medium 0.
    assert az["latest_stance"] == 1 and az["latest_stance_id"] == "st_az_a_2022_c"
    assert not cells[("ru", "alliance")]["disagree"] and not cells[("ru", "corridor")]["disagree"]
    assert answer.statements == 5 and answer.actors == ["az", "ru"] and set(answer.topics) == {"alliance", "corridor"}

    fig = build_stance_heatmap(answer.cells)
    grid = _grid(fig)
    assert grid[("az", "alliance")] == (1, 3, "+1³")
    assert grid[("az", "corridor")] == (2, 1, "+2?")  # low confidence is marked
    outlines = [s for s in fig.layout.shapes if s.name == "disagree"]
    assert len(outlines) == 1
    topics = fig.layout.meta["topics"]
    assert outlines[0].x0 < topics.index("alliance") < outlines[0].x1 and outlines[0].y0 < 0 < outlines[0].y1
    # Clickable markers only over cells with evidence, each naming its cell.
    clicks = next(t for t in fig.data if t.name == "cells")
    assert sorted(map(tuple, clicks.customdata)) == [("az", "alliance"), ("az", "corridor"), ("ru", "alliance")]
    assert all("Source:" in h and "“" in h for h in clicks.hovertext)


def test_latest_stance_respects_the_year_filter(store):
    only_2021 = _grid(build_stance_heatmap(store.stance_cells(FilterSpec(years=(2021, 2021))).cells))
    assert only_2021[("az", "alliance")] == (-2, 1, "−2")  # the 2022 statements are outside the filter
    assert ("ru", "alliance") not in only_2021  # ru has nothing in 2021: not a row at all
    assert _grid(build_stance_heatmap(store.stance_cells(ALL_YEARS).cells))[("az", "alliance")][0] == 1


def test_cell_statements_latest_first(store):
    frame = store.cell_statements(ALL_YEARS, "az", "alliance")
    assert list(frame["stance_id"]) == ["st_az_a_2022_c", "st_az_a_2022_b", "st_az_a_2021"]
    assert store.cell_statements(ALL_YEARS, "ru", "corridor").empty


def test_history_step_lines_end_on_the_rules_pick(store):
    fig = build_stance_history(store.stance_history(ALL_YEARS, "alliance"))
    lines = {t.name: t for t in fig.data if t.mode == "lines+markers"}
    assert set(lines) == {"az", "ru"} or len(lines) == 2
    az = next(t for t in lines.values() if len(t.y) == 3)
    assert az.line.shape == "hv" and list(az.y) == [-2, 0, 1]  # on 22 Feb 2022 the +1 (high) comes last
    assert [c[0] for c in az.customdata][-1] == "st_az_a_2022_c"
    assert list(az.marker.symbol) == ["circle", "circle-open", "circle"]  # the marker shape is the confidence


def test_history_keeps_every_actor_visible_when_their_statements_coincide():
    """Armenia and Pashinyan (one colour, their state's) and Azerbaijan say +1 on the same days: each actor gets
    a row and a name of its own, so no line hides under another, and the shapes' legend says confidence."""
    def said(stance_id, actor_id, name, colour, day):
        return {"stance_id": stance_id, "actor_id": actor_id, "actor_name": name, "colour": colour, "stance": 1,
                "when_day": day, "date_precision": "day", "confidence": "high", "evidence": "…",
                "source_title": "s"}

    history = [said("a1", "am", "Armenia", "#E69F00", "2022-04-06"), said("a2", "am", "Armenia", "#E69F00", "2022-10-06"),
               said("p1", "pashinyan", "Nikol Pashinyan", "#E69F00", "2022-04-06"),
               said("z1", "az", "Azerbaijan", "#0072B2", "2022-04-06"), said("z2", "az", "Azerbaijan", "#0072B2", "2022-10-06")]
    fig = build_stance_history(history)
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Armenia", "Nikol Pashinyan", "Azerbaijan"]
    assert len({t.yaxis for t in lines}) == 3, "two actors share one plot: coinciding statements hide each other"
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Armenia", "Nikol Pashinyan", "Azerbaijan"]
    keys = [t for t in fig.data if t.showlegend]
    assert [t.name for t in keys] == ["high confidence", "medium confidence", "low confidence"]
    assert all(not t.showlegend for t in lines)  # a shape in the legend means confidence, never an actor


def test_history_of_no_statement_is_an_empty_figure():
    assert build_stance_history([]).data == ()


def test_comparison_puts_the_widest_gap_first(make_dataset):
    rows = [
        {"stance_id": "a1", "actor_id": "az", "topic_id": "t_small", "stance": 1},
        {"stance_id": "b1", "actor_id": "am", "topic_id": "t_small", "stance": 0},
        {"stance_id": "a2", "actor_id": "az", "topic_id": "t_wide", "stance": 2},
        {"stance_id": "b2", "actor_id": "am", "topic_id": "t_wide", "stance": -2},
        {"stance_id": "a3", "actor_id": "az", "topic_id": "t_only_az", "stance": 0},
        {"stance_id": "b4", "actor_id": "am", "topic_id": "t_same", "stance": -1},
        {"stance_id": "a4", "actor_id": "az", "topic_id": "t_same", "stance": -1},
    ]
    store = Store(make_dataset(stances=rows))
    frame = store.stance_comparison(FilterSpec(years=(1900, 2100), actors=(("ru",), True)), "az", "am")
    assert list(frame["topic_id"]) == ["t_wide", "t_small", "t_same", "t_only_az"]
    assert list(frame["gap"][:3]) == [4, 1, 0] and frame["second_stance"].isna().iloc[3]


def test_network_layout_is_deterministic_and_fixed():
    edges = [("az", "ru"), ("ru", "am"), ("az", "tr"), ("tr", "nato"), ("az_mod", "ru_mod")]
    first = spring_layout(edges)
    shuffled = edges[:]
    random.Random(3).shuffle(shuffled)
    assert spring_layout(shuffled) == first == spring_layout(edges)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())
    assert len({(round(x, 2), round(y, 2)) for x, y in first.values()}) == len(first)  # no two nodes on one spot


def test_network_draws_each_relation_with_its_evidence(make_dataset):
    relations = [
        {"relation_id": "r1", "actor_a": "az", "actor_b": "ru", "kind": "alliance", "start_date": "2022-02-22"},
        {"relation_id": "r2", "actor_a": "az", "actor_b": "am", "kind": "dispute"},
        {"relation_id": "r3", "actor_a": "az", "actor_b": "ru", "kind": "strategic_partnership",
         "start_date": "2008-07-03", "end_date": "2022-02-22"},
    ]
    store = Store(make_dataset(relations=relations))
    as_of_2021 = store.relations_network(FilterSpec(years=(2018, 2021)))
    assert [e["relation_id"] for e in as_of_2021] == ["r2", "r3"]  # the alliance began later
    as_of_2022 = store.relations_network(FilterSpec(years=(2018, 2022)))
    assert [e["relation_id"] for e in as_of_2022] == ["r1", "r2"]  # the partnership ended in 2022
    positions = store.network_positions()
    fig = build_network(as_of_2022, positions)
    nodes = next(t for t in fig.data if t.name == "actors")
    assert {c[0] for c in nodes.customdata} == {"az", "ru", "am"}
    assert dict(zip((c[0] for c in nodes.customdata), zip(nodes.x, nodes.y))) == {k: positions[k] for k in ("az", "ru", "am")}
    evidence = next(t for t in fig.data if t.name == "evidence")
    assert [c[0] for c in evidence.customdata] == ["r1", "r2"] and all("“Test evidence" in h for h in evidence.hovertext)
    kinds = {t.name: t.line.dash for t in fig.data if t.mode == "lines"}
    assert kinds == {"Alliance": "solid", "Dispute": "dashdot"}


def test_cell_label_and_event_years():
    assert cell_label({"latest_stance": -1, "latest_confidence": "medium", "n": 12}) == "−1?¹²"
    fig = build_event_years([{"year": 2020, "n": 3}, {"year": 2022, "n": 14}])
    assert list(fig.data[0].x) == ["2020", "2022"] and list(fig.data[0].y) == [3, 14]


def test_issue_f_stance_corrections_are_in_the_data():
    """The fact-check of issue F: +1 not +2 for Armenia's 'interest in prolongation', the Azerbaijani note dated
    when it was reported, and the MoD statement that never mentions the peacekeepers dropped."""
    import pandas as pd

    from tests.conftest import DATA_DIR

    stances = pd.read_csv(DATA_DIR / "stances.csv", dtype=str).set_index("stance_id")
    assert stances.loc["st_am_peacekeepers_2021_10", "stance"] == "1"
    assert stances.loc["st_az_peacekeepers_2022_12", "date"] == "2022-12-11"
    assert "st_az_mod_peacekeepers_2022_03" not in stances.index


def test_two_relations_of_one_pair_keep_two_evidence_markers():
    edges = [
        {"relation_id": f"r{i}", "kind": kind, "actor_a": "az", "actor_b": "ru", "actor_a_name": "Azerbaijan",
         "actor_b_name": "Russia", "actor_a_colour": "#0072B2", "actor_b_colour": "#CC79A7", "start_date": None,
         "end_date": None, "confidence": "high", "evidence": "quote", "source_title": "source"}
        for i, kind in enumerate(["alliance", "mediation"])
    ]
    fig = build_network(edges, {"az": (0.0, 0.0), "ru": (1.0, 0.0)})
    evidence = next(t for t in fig.data if t.name == "evidence")
    assert list(evidence.x) == [0.5, 0.3]  # not on top of each other


def test_heatmap_names_every_actor_and_topic_in_full(dataset):
    """The bundled data's long names ("Ursula von der Leyen (President of the European Commission)", "Azerbaijan's
    sovereignty over Karabakh") were cut with an ellipsis; now each is whole, on at most two short lines."""
    cells = Store(dataset).stance_cells(ALL_YEARS).cells
    fig = build_stance_heatmap(cells)
    names = {c["actor_name"] for c in cells} | {c["topic_name"] for c in cells}
    shown = list(fig.layout.yaxis.ticktext) + list(fig.layout.xaxis.ticktext)
    assert sorted(" ".join(text.split("<br>")).replace("&amp;", "&") for text in shown) == sorted(names)
    assert all(len(text.split("<br>")) <= 2 for text in shown), [t for t in shown if t.count("<br>") > 1]
    assert max(len(line) for text in fig.layout.xaxis.ticktext for line in text.split("<br>")) <= 24


def test_heatmap_colour_scale_fits_a_phone_screen(store):
    """At 390 px the chart box scrolls sideways at 640 px, and a colour scale as wide as the chart showed only
    −2 and −1: the scale is a fixed strip from the figure's left edge that fits in the first screen."""
    bar = next(t for t in build_stance_heatmap(store.stance_cells(ALL_YEARS).cells).data if t.type == "heatmap").colorbar
    assert bar.xref == "container" and bar.x == 0 and bar.xanchor == "left"
    assert bar.lenmode == "pixels" and bar.len + (bar.xpad or 0) <= 390 - 2 * 16


@pytest.mark.parametrize("end", [2018, 2020, 2021, 2022])
def test_network_names_sit_clear_of_each_other_the_nodes_and_the_lines(dataset, end):
    """On the bundled relations, every name was drawn over its node ("top center"), cut at 24 characters, and
    "Russia", "Azerbaijan" and "Turkey" sat on lines. Now, in the figure's own pixels (its fixed size, ranges and
    text metrics), no name's box overlaps another name, a node, an evidence diamond or a line, or leaves the plot,
    and every name is whole."""
    from components.figures.relations import CANVAS, HEIGHT, MARGIN, WIDTH
    from core.network_layout import box_around, boxes_overlap, segment_hits_box, text_size

    store = Store(dataset)
    edges = store.relations_network(FilterSpec(years=(2018, end)))
    fig = build_network(edges, store.network_positions())
    assert (fig.layout.width, fig.layout.height) == (WIDTH, HEIGHT) and fig.layout.margin.b == MARGIN["b"]
    nodes = next(t for t in fig.data if t.name == "actors")
    labels = next(t for t in fig.data if t.name == "names")
    diamonds = next(t for t in fig.data if t.name == "evidence")
    centre = {c[0]: CANVAS.to_px(x, y) for c, x, y in zip(nodes.customdata, nodes.x, nodes.y)}
    assert labels.textposition == "middle center"
    boxes = {c[0]: box_around(CANVAS.to_px(x, y), text_size(CANVAS, text))
             for c, x, y, text in zip(labels.customdata, labels.x, labels.y, labels.text)}
    names = {e[f"actor_{s}"]: e[f"actor_{s}_name"] for e in edges for s in "ab"}
    assert {c[0]: " ".join(t.split("<br>")) for c, t in zip(labels.customdata, labels.text)} == names
    r = CANVAS.marker_px / 2
    lines = [(centre[e["actor_a"]], centre[e["actor_b"]]) for e in edges]
    small = [CANVAS.to_px(x, y) for x, y in zip(diamonds.x, diamonds.y)]
    problems = []
    for a, box in boxes.items():
        if box[0] < 0 or box[1] < 0 or box[2] > CANVAS.width or box[3] > CANVAS.height:
            problems.append(f"{a} leaves the plot")
        problems += [f"{a} on the name of {b}" for b, other in boxes.items() if b != a and boxes_overlap(box, other)]
        problems += [f"{a} on node {b}" for b, (x, y) in centre.items()
                     if b != a and boxes_overlap(box, (x - r, y - r, x + r, y + r))]
        problems += [f"{a} on an evidence diamond" for x, y in small if boxes_overlap(box, (x - 5, y - 5, x + 5, y + 5))]
        problems += [f"{a} on a line" for p, q in lines if segment_hits_box(p, q, box)]
    assert not problems, problems


def test_the_history_rows_layout_is_make_subplots_own():
    """The stance history's rows are laid out without make_subplots (50-75 ms of CPU for each number of rows a
    process had not drawn yet), to the same layout, key for key and float for float."""
    from plotly.subplots import make_subplots

    from components.figures.stances import _rows_layout

    for rows in range(1, 41):
        fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, subplot_titles=[f"row {i}" for i in range(rows)],
                            vertical_spacing=min(0.08, 0.5 / rows))
        fig.update_yaxes(range=[-2.6, 2.6], tickvals=[-2, 0, 2], ticktext=["−2", "0", "+2"], fixedrange=True)
        fig.update_annotations(font=dict(size=13), xanchor="left", x=0)
        expected = fig.to_plotly_json()["layout"]
        expected.pop("template", None)
        assert _rows_layout(rows) == expected, rows

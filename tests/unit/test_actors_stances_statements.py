"""The Actors & stances questions run one statement each on a fresh filter, joining no other table: the names,
titles, colours, claim subjects and the heatmap's actor order come from the engine's lookups (core/query/lookups.py),
read once per engine (issue S: a statement's cost here is mostly its planning, and each join cost about 1 ms). With
a small stances table the heatmap's grid holds the filter's statements, and the history chart is drawn from them.

Their answers must be the ones the joined statements gave: each is compared, record for record and key for key,
with the statement it replaced (kept below as the reference) over many filters, on the bundled data and on
synthetic data."""

from __future__ import annotations

import re

import pytest

from core.filters import FilterSpec
from core.query import Store
from core.query.records import records
from core.query.registry import each_spec
from core.query import stances
from core.query.stances import history_of

TEXTS = ("", "an", "peace", "russia", "th", "st", "no-such-word")
YEARS = ((2018, 2022), (2020, 2020), (2021, 2022), (1900, 2100), (2000, 2019))
ACTORS = (((), True), (("ru",), True), (("am", "az"), False))
PAGE_QUESTIONS = ("stance_cells", "stance_history", "relations_network", "contested_claims")


def _specs(store: Store) -> list[FilterSpec]:
    specs = [spec for (spec,) in each_spec(store.engine)]
    return specs + [FilterSpec(text=t, years=y, actors=a) for t in TEXTS for y in YEARS for a in ACTORS]


@pytest.fixture(scope="module")
def store(bundled_or_synthetic_store) -> Store:
    return bundled_or_synthetic_store


def _page_data(store: Store, spec: FilterSpec) -> None:
    """What a fresh view of the page reads (components/actors_stances/data.py): the grid, its first topic's history
    chart, the network and the contested claims."""
    from components.actors_stances.data import contested_readings, history_figure, network_edges, stance_grid

    topics = stance_grid(store, spec).topics
    history_figure(store, spec, topics[0] if topics else "no-such-topic")
    network_edges(store, spec)
    contested_readings(store, spec)


def test_a_fresh_filter_runs_three_statements_and_joins_no_other_table(dataset):
    from components.shell.caches import clear_shared_caches

    clear_shared_caches()
    store = Store(dataset, log=True)
    _page_data(store, FilterSpec(text="peace"))  # the search's table and the lookups are read here, once
    for spec in (FilterSpec(text="an"), FilterSpec(years=(2021, 2022)), FilterSpec(text="th", years=(2020, 2022)),
                 FilterSpec(actors=(("ru",), True))):
        store.sql_log.clear()
        _page_data(store, spec)
        # The stances (the history's included), the relations, the claims: one statement each.
        assert len(store.sql_log) == 3, (spec, store.sql_log)
        for sql in store.sql_log:
            # Only the claims' own filtered rows (f) are joined back to the claims: no actors, topics, sources, events.
            assert set(re.findall(r"\bJOIN\s+(\w+)", sql)) <= {"f"}, sql
    clear_shared_caches()


def test_filters_that_leave_the_same_relations_share_one_network_figure(dataset):
    from components.actors_stances.data import network_edges, network_figure
    from components.shell.caches import clear_shared_caches

    clear_shared_caches()
    store = Store(dataset)
    wide, same, other = FilterSpec(), FilterSpec(topics=("peace_treaty",)), FilterSpec(years=(2018, 2019))
    assert [e["relation_id"] for e in network_edges(store, wide)] == [e["relation_id"] for e in network_edges(store, same)]
    assert network_edges(store, other) != network_edges(store, wide)
    assert network_figure(store, same) is network_figure(store, wide)  # built once, for the relations it draws
    assert network_figure(store, other) is not network_figure(store, wide)
    clear_shared_caches()


def test_the_lookups_belong_to_their_engine(make_dataset, tmp_path):
    """Two datasets that name one actor differently: each engine's answers carry its own name, never the other's."""
    answers = []
    for name in ("Republic of Testland", "Testland"):
        dataset = make_dataset(actors=[{"actor_id": "test_actor", "name": name}, {"actor_id": "other"}],
                               relations=[{"relation_id": "r1", "actor_a": "test_actor", "actor_b": "other",
                                           "kind": "alliance", "start_date": "2019"}],
                               stances=[{"stance_id": "s1", "actor_id": "test_actor", "date": "2020-05-01"}])
        store = Store(dataset)
        answers.append((store.relations_network(FilterSpec())[0]["actor_a_name"],
                        store.stance_cells(FilterSpec()).cells[0]["actor_name"]))
    assert answers == [("Republic of Testland",) * 2, ("Testland",) * 2]


@pytest.mark.parametrize("name", PAGE_QUESTIONS)
def test_the_answers_are_the_joined_statements(store, name):
    compared = 0
    for spec in _specs(store):
        if name == "stance_cells":
            grid = store.stance_cells(spec)
            expected = joined_grid(store, spec)
            assert (grid.cells, grid.actors, grid.topics, grid.statements) == expected, spec
            # Same values of the same types (an int is not a float, a Timestamp not a text), in the same key order.
            assert repr(grid.cells) == repr(expected[0]), spec
            for topic in grid.topics + ["no-such-topic"]:  # the history the page draws from the grid
                assert repr(history_of(grid, topic)) == repr(_joined_history(store, spec, topic)), (spec, topic)
            compared += len(grid.cells)
            continue
        if name == "stance_history":
            asked = [(t,) for t in store.stance_cells(spec).topics] + [("no-such-topic",)]
        else:
            asked = [()]
        for args in asked:
            answer, expected = getattr(store, name)(spec, *args), JOINED[name](store, spec, *args)
            assert answer == expected and repr(answer) == repr(expected), (spec, args)
            compared += len(answer)
    assert compared > 50  # records compared (the synthetic data has two relations)


def test_a_large_stances_table_is_counted_in_sql_and_answers_the_same(store, monkeypatch):
    """Over SMALL_STANCES stances, the grid is each cell's latest statement and counts from one window statement,
    and holds no statements (the history is asked per topic): the same grid."""
    monkeypatch.setattr(stances, "SMALL_STANCES", 0)
    for spec in _specs(store):
        grid = store.stance_cells(spec)
        expected = joined_grid(store, spec)
        assert repr((grid.cells, grid.actors, grid.topics, grid.statements)) == repr(expected), spec
        assert grid.history is None and history_of(grid, "peace_treaty") is None


# The statements the questions ran before they took names from the lookups: the reference for their answers.

_CONFIDENCE_RANK = "CASE {c}confidence WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"
_ACTOR_ORDER = """coalesce(root.name, a.name, {id}), CASE WHEN a.top_level_actor_id = {id} THEN 0 ELSE 1 END,
                  coalesce(a.name, {id}), {id}"""


def joined_grid(store: Store, spec: FilterSpec) -> tuple:
    db = store.engine
    head, params = db.filtered("stances", spec)
    latest_first = f"when_day DESC, {_CONFIDENCE_RANK.format(c='')} DESC, stance_id"
    cells = records(db.frame(head + f"""
        , ranked AS (SELECT *, row_number() OVER (PARTITION BY actor_id, topic_id ORDER BY {latest_first}) AS pick
                     FROM f)
        , cells AS (SELECT actor_id, topic_id, count(*) AS n, min(stance) AS lowest, max(stance) AS highest,
                           sum(CASE WHEN confidence = 'high' THEN 1 ELSE 0 END) AS n_high,
                           sum(CASE WHEN confidence = 'medium' THEN 1 ELSE 0 END) AS n_medium,
                           sum(CASE WHEN confidence = 'low' THEN 1 ELSE 0 END) AS n_low
                    FROM f GROUP BY actor_id, topic_id)
        , ra AS (SELECT actor_id, count(*) AS total FROM f GROUP BY actor_id)
        , rt AS (SELECT topic_id, count(*) AS total FROM f GROUP BY topic_id)
        SELECT ra.actor_id, coalesce(a.name, ra.actor_id) AS actor_name, a.top_level_actor_id, rt.topic_id,
               coalesce(t.name, rt.topic_id) AS topic_name, CAST(coalesce(c.n, 0) AS INTEGER) AS n,
               CAST(coalesce(c.n_high, 0) AS INTEGER) AS n_high, CAST(coalesce(c.n_medium, 0) AS INTEGER) AS n_medium,
               CAST(coalesce(c.n_low, 0) AS INTEGER) AS n_low,
               c.lowest, c.highest, coalesce(c.lowest < c.highest, false) AS disagree,
               l.stance AS latest_stance, l.when_day AS latest_day, l.date_precision AS latest_precision,
               l.confidence AS latest_confidence, l.evidence AS latest_evidence, l.source_id AS latest_source_id,
               coalesce(s.title, l.source_id) AS latest_source_title, l.stance_id AS latest_stance_id
        FROM ra CROSS JOIN rt
        LEFT JOIN cells c ON c.actor_id = ra.actor_id AND c.topic_id = rt.topic_id
        LEFT JOIN ranked l ON l.actor_id = ra.actor_id AND l.topic_id = rt.topic_id AND l.pick = 1
        LEFT JOIN actors a ON a.actor_id = ra.actor_id
        LEFT JOIN actors root ON root.actor_id = a.top_level_actor_id
        LEFT JOIN topics t ON t.topic_id = rt.topic_id
        LEFT JOIN sources s ON s.source_id = l.source_id
        ORDER BY {_ACTOR_ORDER.format(id="ra.actor_id")}, rt.total DESC, rt.topic_id""", params))
    return (cells, list(dict.fromkeys(c["actor_id"] for c in cells)), list(dict.fromkeys(c["topic_id"] for c in cells)),
            int(sum(c["n"] for c in cells)))


def _joined_history(store: Store, spec: FilterSpec, topic_id: str) -> list[dict]:
    db = store.engine
    head, params = db.filtered("stances", spec)
    return records(db.frame(head + f"""
        SELECT st.stance_id, st.actor_id, coalesce(a.name, st.actor_id) AS actor_name, st.topic_id,
               coalesce(t.name, st.topic_id) AS topic_name, st.stance, st.when_day, st.date_precision,
               st.confidence, st.evidence, st.source_id, coalesce(s.title, st.source_id) AS source_title,
               st.notes, coalesce(root.colour, a.colour, '#888888') AS colour
        FROM f st LEFT JOIN actors a ON a.actor_id = st.actor_id LEFT JOIN topics t ON t.topic_id = st.topic_id
        LEFT JOIN sources s ON s.source_id = st.source_id LEFT JOIN actors root ON root.actor_id = a.top_level_actor_id
        WHERE st.topic_id = ?
        ORDER BY {_ACTOR_ORDER.format(id="st.actor_id")}, st.when_day, {_CONFIDENCE_RANK.format(c='st.')},
                 st.stance_id DESC""", params + [topic_id]))


def _joined_network(store: Store, spec: FilterSpec) -> list[dict]:
    db = store.engine
    head, params = db.filtered("relations", spec)
    end = f"{int(spec.years[1])}-12-31" if isinstance(spec.years[1], int) else "9999-12-31"
    return records(db.frame(head + """
        SELECT r.relation_id, r.kind, r.actor_a, coalesce(x.name, r.actor_a) AS actor_a_name,
               r.actor_b, coalesce(y.name, r.actor_b) AS actor_b_name, r.start_date, r.end_date,
               r.confidence, r.evidence, r.source_id, coalesce(s.title, r.source_id) AS source_title,
               coalesce(xr.colour, '#888888') AS actor_a_colour, coalesce(yr.colour, '#888888') AS actor_b_colour
        FROM f r LEFT JOIN actors x ON x.actor_id = r.actor_a LEFT JOIN actors y ON y.actor_id = r.actor_b
        LEFT JOIN actors xr ON xr.actor_id = x.top_level_actor_id
        LEFT JOIN actors yr ON yr.actor_id = y.top_level_actor_id
        LEFT JOIN sources s ON s.source_id = r.source_id
        WHERE coalesce(r.start_date, '0000') <= ? AND (r.end_date IS NULL OR r.end_date > ?)
        ORDER BY r.kind, r.relation_id""", params + [end, end]))


def _joined_claims(store: Store, spec: FilterSpec) -> list[dict]:
    db = store.engine
    head, params = db.filtered("claims", spec)
    return records(db.frame(head + """
        SELECT c.subject_event_id, e.title AS subject_title, e.when_text AS subject_when,
               e.event_type AS subject_type, c.claim_id, c.actor_id, a.name AS actor_name, c.claim,
               c.evidence, c.source_id, c.date, c.confidence, c.notes,
               m.claim_id IS NOT NULL AS in_filter,
               s.title AS source_title, s.author AS source_author, s.publisher AS source_publisher,
               s.published AS source_published, s.url AS source_url
        FROM claims c
        JOIN events e ON e.event_id = c.subject_event_id
        LEFT JOIN f m ON m.claim_id = c.claim_id
        LEFT JOIN actors a ON a.actor_id = c.actor_id
        LEFT JOIN sources s ON s.source_id = c.source_id
        WHERE c.subject_event_id IN (SELECT subject_event_id FROM f)
        ORDER BY e.start_day, c.subject_event_id, c.date IS NULL, c.date, c.claim_id""", params))


JOINED = {"stance_history": _joined_history, "relations_network": _joined_network, "contested_claims": _joined_claims}

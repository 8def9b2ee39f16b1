"""Questions of the Overview: headline counts, the latest events, and how many rows a table has in a filter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.query.records import records, text
from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, question

TABLES = (EVENTS, AID, STANCES, RELATIONS)


@dataclass(frozen=True)
class Summary:
    """Headline figures for one filter."""

    events: int
    corpus_events: int
    external_events: int
    actors_involved: int
    sources_cited: int
    aid_rows: int
    stance_rows: int
    first: str  # the earliest and latest event start, each at its precision ('2018', 'Dec 2022'); '' if none
    first_precision: str
    last: str
    by_origin: tuple[tuple[str, int], ...] = ()  # (origin, events), for every origin the filtered events have

    @property
    def is_empty(self) -> bool:
        return self.events == 0 and self.aid_rows == 0


@question("overview", each_spec)
def summary(db, spec) -> Summary:
    """Headline figures: events by origin, actors involved, sources cited, aid and stance rows, first and last."""
    ev_head, ev_params = db.counted(spec, "e")  # the filtered events as counts (Engine.counted)
    aid, aid_params = db.where(AID, spec)
    st, st_params = db.where(STANCES, spec)
    rel, rel_params = db.where(RELATIONS, spec)
    row = db.frame(
        # The first and last event's dates are formatted for those two rows only (by their keys): `events`
        # formats a date on read, and every filtered event's cost more than the rest (2.5M in ACLED's file).
        ev_head + f""", a AS (SELECT * FROM aid WHERE {aid}),
                 s AS (SELECT * FROM stances WHERE {st}), r AS (SELECT * FROM relations WHERE {rel}),
                 cited AS (
                   SELECT source_id FROM e UNION SELECT correction_source_id FROM e
                   UNION SELECT source_id FROM a UNION SELECT correction_source_id FROM a
                   UNION SELECT source_id FROM s UNION SELECT source_id FROM r),
                 involved AS (
                   SELECT actor_id FROM actor_lists WHERE actors IN (SELECT actors FROM e)
                   UNION SELECT donor FROM a UNION SELECT recipient FROM a),
                 first_event AS (SELECT start_text, date_precision FROM events
                                 WHERE event_key = (SELECT min(first_key) FROM e)),
                 last_event AS (SELECT start_text FROM events WHERE event_key = (SELECT max(last_key) FROM e))
            SELECT (SELECT count(*) FROM a) AS aid_rows, (SELECT count(*) FROM s) AS stance_rows,
                   (SELECT count(*) FROM involved) AS actors_involved,
                   (SELECT count(*) FROM cited WHERE source_id IS NOT NULL) AS sources_cited,
                   (SELECT start_text FROM first_event) AS first,
                   (SELECT date_precision FROM first_event) AS first_precision,
                   (SELECT start_text FROM last_event) AS last""",
        ev_params + aid_params + st_params + rel_params,
    ).iloc[0]
    # The events' counts come from their counts by origin: counting `e` again in the query above cost DuckDB
    # about three times the rest of it (22 ms against 6 on the bundled data, issue S).
    origins = db.frame(ev_head + "SELECT origin, CAST(sum(n) AS BIGINT) AS n FROM e GROUP BY origin ORDER BY origin",
                       ev_params)
    by_origin = tuple((str(o), int(n)) for o, n in zip(origins["origin"], origins["n"]))
    events = sum(n for _, n in by_origin)
    corpus = sum(n for o, n in by_origin if o == "corpus")
    return Summary(
        events=events, corpus_events=corpus, external_events=events - corpus,
        actors_involved=int(row["actors_involved"]), sources_cited=int(row["sources_cited"]),
        aid_rows=int(row["aid_rows"]), stance_rows=int(row["stance_rows"]),
        first=text(row["first"]), first_precision=text(row["first_precision"]), last=text(row["last"]),
        by_origin=by_origin,
    )


@question("overview", lambda db: [(spec, 5) for (spec,) in each_spec(db)] + [(each_spec(db)[2][0], 200)])
def latest_events(db, spec, count: int = 5) -> list[dict]:
    """The most recent events by start date (ties broken by id, so the order is stable), as records, each with
    its source's fields (source_title, source_author, source_publisher, source_published, source_url), so the
    evidence cards need no query of their own."""
    where, params = db.where(EVENTS, spec)
    # The latest keys first, then their rows: the dates are formatted for those rows, not for every filtered event.
    return records(db.frame(
        f"""WITH top AS (SELECT event_key FROM events WHERE {where} ORDER BY start_day DESC, event_id LIMIT ?)
            SELECT e.event_id, e.when_text, e.title, e.event_type, e.actor_names, e.evidence, e.source_id,
                   e.confidence, e.notes, e.correction_source_id, e.origin, s.title AS source_title,
                   s.author AS source_author, s.publisher AS source_publisher,
                   s.published AS source_published, s.url AS source_url
            FROM top JOIN events e ON e.event_key = top.event_key LEFT JOIN sources s ON s.source_id = e.source_id
            ORDER BY e.start_day DESC, e.event_id""",
        params + [int(count)],
    ))


@question("overview", lambda db: [(table, spec) for table in TABLES for (spec,) in each_spec(db)])
def count(db, table: str, spec) -> int:
    """How many rows of a filterable table (events, aid, stances, relations) the filter selects."""
    if table not in TABLES:
        raise ValueError(f"not a filterable table: {table!r}")
    if table == EVENTS:
        head, params = db.counted(spec)
        return int(db.scalar(head + "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM f", params))
    where, params = db.where(table, spec)
    return int(db.scalar(f"SELECT count(*) FROM {table} WHERE {where}", params))


@question("overview", each_spec)
def monthly_by_type(db, spec) -> pd.DataFrame:
    """Events per month and type (month, event_type, n, month_total: the month's events of every type), for the
    Overview's trend. Events known only to the year have no month and are left out; `year_only_events` counts them."""
    head, params = db.counted(spec)
    return db.frame(head + """SELECT month_key AS month, event_type, CAST(sum(n) AS BIGINT) AS n,
                                     CAST(sum(sum(n)) OVER (PARTITION BY month_key) AS BIGINT) AS month_total
                              FROM f WHERE month_key IS NOT NULL GROUP BY month_key, event_type ORDER BY 1, 2""",
                    params)


@question("overview", each_spec)
def year_only_events(db, spec) -> int:
    """How many of the filtered events are dated only to the year (so not in a monthly count)."""
    head, params = db.counted(spec)
    return int(db.scalar(head + "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM f WHERE month_key IS NULL", params))


@question("overview", each_spec)
def coverage_by_year(db, spec) -> pd.DataFrame:
    """Events per start year and origin (year, origin, n, year_total: the year's events of both origins): how
    complete each year of the record is."""
    head, params = db.counted(spec)
    return db.frame(head + """SELECT y0 AS year, origin, CAST(sum(n) AS BIGINT) AS n,
                                     CAST(sum(sum(n)) OVER (PARTITION BY y0) AS BIGINT) AS year_total
                              FROM f GROUP BY y0, origin ORDER BY 1, 2""", params)


@question("overview", lambda db: [(spec, 3, 5) for (spec,) in each_spec(db)])
def recent_months(db, spec, months: int = 3, per_month: int = 5) -> list[dict]:
    """The first `per_month` events (by date) of each of the `months` latest months that have any in the filter,
    newest month first, as records: month, event_id, when_text, title, event_type, month_events (how many that month
    has) and rank_in_month (1 for its first): the Overview's "what changed" lines, one per month. Only those rows:
    a month holds thousands of events in a large dataset, and the lines name a few."""
    head, counted_params = db.counted(spec)
    where, params = db.where(EVENTS, spec)
    # The months first (from the counts), then the events of those months ranked by key columns only, then the kept
    # rows' texts: `events` formats a date on read, which for every filtered event cost more than the rest (issue Q).
    return records(db.frame(
        head + f""", m AS (SELECT month_key FROM f WHERE month_key IS NOT NULL GROUP BY month_key
                          ORDER BY month_key DESC LIMIT ?),
                 r AS (SELECT event_key, month_key AS month, count(*) OVER (PARTITION BY month_key) AS month_events,
                              row_number() OVER (PARTITION BY month_key ORDER BY start_day, event_id) AS rank_in_month
                       FROM events WHERE {where} AND month_key IN (SELECT month_key FROM m))
            SELECT r.month, e.event_id, e.when_text, e.title, e.event_type, r.month_events, r.rank_in_month
            FROM r JOIN events e ON e.event_key = r.event_key
            WHERE r.rank_in_month <= ? ORDER BY r.month DESC, r.rank_in_month""",
        counted_params + [int(months)] + params + [int(per_month)],
    ))


@question("overview", lambda db: [()])
def has_fatalities(db) -> bool:
    """Whether any event of the dataset gives a fatalities figure (an ACLED dataset does; the bundled record does
    not): the pages offer fatalities as a measure only then."""
    return bool(db.scalar("SELECT count(*) FROM events WHERE fatalities IS NOT NULL"))


@question("overview", each_spec)
def monthly_fatalities_by_type(db, spec) -> pd.DataFrame:
    """Reported fatalities per month and type (month, event_type, n, month_total: the month's fatalities of every
    type), in the shape of `monthly_by_type`, for the Overview's trend and the Timeline's counts. A blank figure is
    unknown, not 0: those events are left out (`fatalities_known` says how many have a figure); a month whose
    events all give 0 has a row with n = 0. Events known only to the year are left out, as in the event counts."""
    head, params = db.counted(spec)
    return db.frame(head + """SELECT month_key AS month, event_type, CAST(sum(fatalities) AS BIGINT) AS n,
                                     CAST(sum(sum(fatalities)) OVER (PARTITION BY month_key) AS BIGINT) AS month_total
                              FROM f WHERE month_key IS NOT NULL AND fatalities IS NOT NULL
                              GROUP BY month_key, event_type ORDER BY 1, 2""", params)


@dataclass(frozen=True)
class FatalitiesKnown:
    """How many of the filtered events give a fatalities figure, of how many."""

    known: int
    events: int


@question("overview", each_spec)
def fatalities_known(db, spec) -> FatalitiesKnown:
    """How many of the filtered events give a fatalities figure (0 included), and how many events there are: a
    blank figure is unknown, so a fatalities total covers only the `known` ones."""
    head, params = db.counted(spec)
    row = db.frame(head + """SELECT CAST(coalesce(sum(known), 0) AS BIGINT) AS known,
                                    CAST(coalesce(sum(n), 0) AS BIGINT) AS events FROM f""", params).iloc[0]
    return FatalitiesKnown(int(row["known"]), int(row["events"]))

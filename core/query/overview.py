"""Questions of the Overview: headline counts, the latest events, and how many rows a table has in a filter."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.query.records import records, text
from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, question

TABLES = (EVENTS, AID, STANCES, RELATIONS)


@dataclass(frozen=True)
class Summary:
    """Headline figures for one filter, and the filtered events' counts that the Overview's charts draw."""

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
    # The filtered events counted by (month, year, event_type, origin): month is the start month (NaT for an event
    # known only to the year), year the start year. Left out of == (a frame has no truth value): every figure above
    # is derived from it or from the same statement.
    counts: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return self.events == 0 and self.aid_rows == 0

    def monthly_by_type(self) -> pd.DataFrame:
        """Events per month and type (month, event_type, n, month_total: the month's events of every type), for the
        Overview's trend. Events known only to the year have no month and are left out (`year_only_events`)."""
        return self._totalled("month", "event_type", dated_only=True)

    @property
    def year_only_events(self) -> int:
        """How many of the filtered events are dated only to the year (so not in a monthly count)."""
        return sum(n for month, n in zip(_values(self.counts["month"]), _values(self.counts["n"])) if pd.isna(month))

    def coverage_by_year(self) -> pd.DataFrame:
        """Events per start year and origin (year, origin, n, year_total: the year's events of every origin): how
        complete each year of the record is."""
        return self._totalled("year", "origin")

    def _totalled(self, outer: str, inner: str, dated_only: bool = False) -> pd.DataFrame:
        """The counts summed by (outer, inner), in that order, with `<outer>_total`: the outer value's sum. Plain
        Python over the counts' rows (a few thousand at most): pandas' groupby cost more than the statement saved."""
        sums: dict[tuple, int] = {}
        months = _values(self.counts["month"]) if dated_only else [0] * len(self.counts)
        for a, b, n, month in zip(_values(self.counts[outer]), _values(self.counts[inner]), _values(self.counts["n"]),
                                  months):
            if not (dated_only and pd.isna(month)):
                sums[(a, b)] = sums.get((a, b), 0) + n
        totals: dict = {}
        for (a, _), n in sums.items():
            totals[a] = totals.get(a, 0) + n
        keys = sorted(sums)
        frame = pd.DataFrame({outer: [a for a, _ in keys], inner: [b for _, b in keys], "n": [sums[k] for k in keys],
                              f"{outer}_total": [totals[a] for a, _ in keys]})
        # The counts' own types (an empty list, or one pandas infers otherwise, would not give them).
        types = {outer: self.counts[outer].dtype, inner: self.counts[inner].dtype, "n": "int64",
                 f"{outer}_total": "int64"}
        wrong = {name: kind for name, kind in types.items() if frame[name].dtype != kind}
        return frame.astype(wrong) if wrong else frame


def _values(column: pd.Series) -> list:
    """A column's values as plain Python (datetime, not Timestamp: pandas boxes each Timestamp at some cost)."""
    return column.to_numpy().tolist()


@question("overview", each_spec)
def summary(db, spec) -> Summary:
    """Headline figures (events by origin, actors involved, sources cited, aid and stance rows, first and last) and
    the filtered events' counts by month, year, type and origin (`Summary.counts`), in one statement: each statement
    costs DuckDB its planning, more than its work on the bundled data (issue S). The counts are grouped from the
    filtered events as counts (Engine.counted), so they are bounded by event_counts' rows, not the events'."""
    ev_head, ev_params = db.counted(spec, "e")  # the filtered events as counts (Engine.counted)
    aid, aid_params = db.where(AID, spec)
    st, st_params = db.where(STANCES, spec)
    rel, rel_params = db.where(RELATIONS, spec)
    # The figures are one row (`one`), joined to every row of the counts (`g`), or to none when no event is in the
    # filter. The first and last event's dates are formatted for those two rows only (by their keys): `events`
    # formats a date on read, and every filtered event's cost more than the rest (2.5M in ACLED's file).
    frame = db.frame(
        ev_head + f""", a AS (SELECT * FROM aid WHERE {aid}),
                 s AS (SELECT * FROM stances WHERE {st}), r AS (SELECT * FROM relations WHERE {rel}),
                 cited AS (SELECT count(DISTINCT id) AS sources_cited FROM (
                   SELECT source_id AS id FROM e UNION ALL SELECT correction_source_id FROM e
                   UNION ALL SELECT source_id FROM a UNION ALL SELECT correction_source_id FROM a
                   UNION ALL SELECT source_id FROM s UNION ALL SELECT source_id FROM r) c),
                 involved AS (SELECT count(DISTINCT id) AS actors_involved FROM (
                   SELECT actor_id AS id FROM actor_lists WHERE actors IN (SELECT actors FROM e)
                   UNION ALL SELECT donor FROM a UNION ALL SELECT recipient FROM a) i),
                 rows AS (SELECT (SELECT count(*) FROM a) AS aid_rows, (SELECT count(*) FROM s) AS stance_rows),
                 ends AS (SELECT min(first_key) AS first_key, max(last_key) AS last_key FROM e),
                 first_event AS (SELECT x.start_text AS first, x.date_precision AS first_precision
                                 FROM ends JOIN events x ON x.event_key = ends.first_key),
                 last_event AS (SELECT x.start_text AS last FROM ends JOIN events x ON x.event_key = ends.last_key),
                 g AS (SELECT month_key AS month, y0 AS year, event_type, origin, CAST(sum(n) AS BIGINT) AS n
                       FROM e GROUP BY month_key, y0, event_type, origin)
            SELECT rows.aid_rows, rows.stance_rows, involved.actors_involved, cited.sources_cited,
                   first_event.first, first_event.first_precision, last_event.last,
                   g.month, g.year, g.event_type, g.origin, g.n
            FROM rows CROSS JOIN cited CROSS JOIN involved LEFT JOIN first_event ON TRUE
                 LEFT JOIN last_event ON TRUE LEFT JOIN g ON TRUE
            ORDER BY g.month NULLS LAST, g.year, g.event_type, g.origin""",
        ev_params + aid_params + st_params + rel_params,
    )
    row = frame.iloc[0]
    counts = frame[["month", "year", "event_type", "origin", "n"]]
    if pd.isna(row["n"]):  # no event: the one row is the figures' alone
        counts = counts.iloc[:0].astype({"year": "int64", "n": "int64"})
    by_origin: dict[str, int] = {}
    for origin, n in zip(counts["origin"].tolist(), counts["n"].tolist()):
        by_origin[origin] = by_origin.get(origin, 0) + n
    events = sum(by_origin.values())
    corpus = by_origin.get("corpus", 0)
    return Summary(
        events=events, corpus_events=corpus, external_events=events - corpus,
        actors_involved=int(row["actors_involved"]), sources_cited=int(row["sources_cited"]),
        aid_rows=int(row["aid_rows"]), stance_rows=int(row["stance_rows"]),
        first=text(row["first"]), first_precision=text(row["first_precision"]), last=text(row["last"]),
        by_origin=tuple(sorted(by_origin.items())), counts=counts,
    )


@dataclass(frozen=True)
class OverviewEvents:
    """The events the Overview names, as records: the latest ones (its evidence cards) and the first few of each
    recent month (its "what changed" lines)."""

    latest: list[dict]
    recent: list[dict]


LATEST_COLUMNS = ("event_id", "when_text", "title", "event_type", "actor_names", "evidence", "source_id", "confidence",
                  "notes", "correction_source_id", "origin", "source_title", "source_author", "source_publisher",
                  "source_published", "source_url", "passage")
RECENT_COLUMNS = ("month", "event_id", "when_text", "title", "event_type", "month_events", "rank_in_month")


@question("overview", lambda db: [(spec, 5, 3, 5) for (spec,) in each_spec(db)] + [(each_spec(db)[2][0], 200, 3, 5)])
def overview_events(db, spec, latest: int = 5, months: int = 3, per_month: int = 5) -> OverviewEvents:
    """The events the Overview names, in one statement.

    `latest`: the `latest` most recent events by start date (ties broken by id, so the order is stable), each with
    its source's fields (source_title, source_author, source_publisher, source_published, source_url) and the
    passage of its source's text its quote comes from (`passage`, as `passage_of` gives it; None when the source has
    no readable text or the quote is not in it), so the evidence cards need no query of their own.

    `recent`: the first `per_month` events (by date) of each of the `months` latest months that have any in the
    filter, newest month first: month, event_id, when_text, title, event_type, month_events (how many that month has)
    and rank_in_month (1 for its first), the "what changed" lines, one per month. Only those rows: a month holds
    thousands of events in a large dataset, and the lines name a few."""
    head, counted_params = db.counted(spec)
    where, params = db.where(EVENTS, spec)
    # The keys first (the latest by a top-N, the recent months from the counts, then their events ranked by key
    # columns only), then the kept rows' texts: `events` formats a date on read, which for every filtered event
    # cost more than the rest (issue Q). `part` 0 is the latest, 1 the recent months'.
    frame = db.frame(
        head + f""", top AS (SELECT event_key FROM events WHERE {where} ORDER BY start_day DESC, event_id LIMIT ?),
                 m AS (SELECT month_key FROM f WHERE month_key IS NOT NULL GROUP BY month_key
                       ORDER BY month_key DESC LIMIT ?),
                 r AS (SELECT event_key, month_key AS month, count(*) OVER (PARTITION BY month_key) AS month_events,
                              row_number() OVER (PARTITION BY month_key ORDER BY start_day, event_id) AS rank_in_month
                       FROM events WHERE {where} AND month_key IN (SELECT month_key FROM m)),
                 quoted AS (SELECT top.event_key, CAST(min(p.n) AS INTEGER) AS passage
                            FROM top JOIN events x ON x.event_key = top.event_key
                            JOIN source_texts t ON t.source_id = x.source_id
                            JOIN passages p ON p.source_id = t.source_id
                            WHERE strpos(t.text, x.evidence) > 0 AND p.end_char > strpos(t.text, x.evidence) - 1
                                  AND p.start_char < strpos(t.text, x.evidence) - 1 + length(x.evidence)
                            GROUP BY top.event_key),
                 k AS (SELECT 0 AS part, top.event_key, CAST(NULL AS DATE) AS month, CAST(NULL AS BIGINT) AS month_events,
                              CAST(NULL AS BIGINT) AS rank_in_month, quoted.passage
                       FROM top LEFT JOIN quoted ON quoted.event_key = top.event_key
                       UNION ALL
                       SELECT 1, event_key, month, month_events, rank_in_month, CAST(NULL AS INTEGER)
                       FROM r WHERE rank_in_month <= ?)
            SELECT k.part, k.month, e.event_id, e.when_text, e.title, e.event_type, e.actor_names, e.evidence,
                   e.source_id, e.confidence, e.notes, e.correction_source_id, e.origin, s.title AS source_title,
                   s.author AS source_author, s.publisher AS source_publisher,
                   s.published AS source_published, s.url AS source_url, k.passage, k.month_events, k.rank_in_month
            FROM k JOIN events e ON e.event_key = k.event_key LEFT JOIN sources s ON s.source_id = e.source_id
            ORDER BY k.part, k.month DESC, k.rank_in_month, e.start_day DESC, e.event_id""",
        counted_params + params + [int(latest), int(months)] + params + [int(per_month)],
    )
    found = records(frame)
    # A column with a missing value comes back as floats: the counts and the passage as integers again.
    whole = lambda value: None if value is None else int(value)  # noqa: E731
    latest_rows = [{**{c: row[c] for c in LATEST_COLUMNS}, "passage": whole(row["passage"])}
                   for row in found if row["part"] == 0]
    recent_rows = [{**{c: row[c] for c in RECENT_COLUMNS}, "month_events": int(row["month_events"]),
                    "rank_in_month": int(row["rank_in_month"])} for row in found if row["part"] == 1]
    return OverviewEvents(latest_rows, recent_rows)


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

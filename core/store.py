"""The query layer: every page asks this module for its data, and none filters, joins or groups a frame itself.

One engine, DuckDB, embedded in the process. `Store(dataset)` loads the validated tables once per data version
and answers each named question with one or two SQL queries. Every question that takes a FilterSpec narrows its table with
the predicates of the filter fields (core/fields.py), so the description, the URL and the query walk the same
list.

Why SQL and not Ibis: Ibis would cost about 0.9 s of import at every cold start (the app is already at 1.67x a
hello-world page), and at our sizes it answers in the same time as raw SQL. The SQL here keeps to what
sqlglot can transpile (no DuckDB-only syntax beyond functions it maps), and tests/unit/test_store_portability.py
transpiles every query the pages run to Trino, Spark, BigQuery and ClickHouse, so the same questions can move
to a distributed engine behind this interface without the pages changing.

Relational, not nested: which actors an event involves is the table event_actors(event_id, actor_id,
top_level_actor_id, position), built at load from the events file's `actors` list.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from typing import IO

import duckdb
import pandas as pd

from core.fields import AID, EVENTS, FIELDS, RELATIONS, STANCES
from core.filters import FilterSpec
from core.load import Dataset
from core.timeline_layout import place_markers

RELATED_WINDOW_DAYS = 30
EXPLORER_PAGE_ROWS = 200

# An event's date as readers see it, at the precision its source gives: '24 Feb 2022', 'Dec 2022', '2022',
# or a period '24 Feb 2022 – 10 Mar 2022'. core/text.py formats single values the same way (a test checks).
_DAY = "CAST(day({d}) AS VARCHAR) || ' ' || strftime({d}, '%b %Y')"
_START_SQL = (
    "CASE date_precision WHEN 'year' THEN strftime(start_day, '%Y') WHEN 'month' THEN strftime(start_day, '%b %Y') "
    f"ELSE {_DAY.format(d='start_day')} END"
)
_WHEN_SQL = f"{_START_SQL} || CASE WHEN end_day IS NULL THEN '' ELSE ' – ' || {_DAY.format(d='end_day')} END"
# Cells a spreadsheet would run as a formula get a leading quote (OWASP CSV injection).
_GUARD = "CASE WHEN substr({c}, 1, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || {c} ELSE {c} END"


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

    @property
    def is_empty(self) -> bool:
        return self.events == 0 and self.aid_rows == 0


@dataclass(frozen=True)
class TimelineData:
    """What the Timeline figure draws, all computed by the engine."""

    total: int
    points: pd.DataFrame | None  # one row per (event, lane); None when the density view is drawn instead
    density: pd.DataFrame | None  # (lane_name, colour, month, n)
    month_counts: pd.DataFrame  # (month, event_type, n); events known only to the year are not in it
    year_only: int
    periods: pd.DataFrame  # key periods: event_id, title, start_day, end_day
    lanes: list[str]  # lane names, alphabetical
    corpus_events: int = 0  # how many of `total` come from the corpus articles (the rest are context)
    first: pd.Timestamp | None = None  # the first and last day the drawn rows touch (a period's end included)
    last: pd.Timestamp | None = None


class Store:
    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.fingerprint = dataset.fingerprint
        self.actor_tree = dataset.actor_tree
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self.sql_log: list[str] | None = None  # set to [] to record every query (the portability test does)
        self._load(dataset)

    # ---- loading ----------------------------------------------------------------------------------------------

    def _load(self, ds: Dataset) -> None:
        con = self._con
        tree = self.actor_tree
        actors = ds.actors.assign(top_level_actor_id=[tree.root(a) for a in ds.actors["actor_id"]])
        for name, frame in {
            "actors_in": actors, "sources": ds.sources, "places": ds.places, "topics": ds.topics,
            "events_in": ds.events.drop(columns=["start", "end"]), "aid_in": ds.aid, "stances_in": ds.stances.drop(columns=["when"]),
            "relations_in": ds.relations,
        }.items():
            con.register(name + "_df", _for_duckdb(frame))
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")
            con.unregister(name + "_df")
        con.execute("CREATE TABLE actors AS SELECT * FROM actors_in")
        # event_key: an integer surrogate in date order, so the actor joins compare integers, not text ids.
        con.execute("CREATE TABLE events_keyed AS SELECT row_number() OVER (ORDER BY CAST(date AS DATE), event_id) "
                    "AS event_key, * FROM events_in")
        con.execute(
            """CREATE TABLE event_actors AS
               SELECT e.event_key, e.event_id, s.actor_id, coalesce(a.top_level_actor_id, s.actor_id) AS top_level_actor_id,
                      s.position
               FROM events_keyed e,
                    LATERAL (SELECT unnest(string_split(e.actors, ';')) AS actor_id,
                                    generate_subscripts(string_split(e.actors, ';'), 1) AS position) s
               LEFT JOIN actors a ON a.actor_id = s.actor_id"""
        )
        con.execute("CREATE TABLE event_lanes AS SELECT DISTINCT event_key, top_level_actor_id AS lane FROM event_actors")
        con.execute(
            f"""CREATE TABLE events AS
                WITH typed AS (
                  SELECT * EXCLUDE (key_period), CAST(date AS DATE) AS start_day, CAST(end_date AS DATE) AS end_day,
                         key_period = 'true' AS key_period
                  FROM events_keyed),
                names AS (
                  SELECT ea.event_key, string_agg(coalesce(a.name, ea.actor_id), ', ' ORDER BY ea.position) AS actor_names
                  FROM event_actors ea LEFT JOIN actors a ON a.actor_id = ea.actor_id GROUP BY ea.event_key)
                SELECT t.*, year(t.start_day) AS y0, year(coalesce(t.end_day, t.start_day)) AS y1,
                       CASE WHEN t.date_precision = 'year' THEN NULL ELSE date_trunc('month', t.start_day) END AS month_key,
                       {_START_SQL} AS start_text, {_WHEN_SQL} AS when_text, n.actor_names, coalesce(s.kind, 'external') AS origin
                FROM typed t LEFT JOIN names n USING (event_key) LEFT JOIN sources s ON s.source_id = t.source_id
                ORDER BY t.event_key"""
        )
        con.execute(
            """CREATE TABLE aid AS SELECT *, fiscal_year AS y0, coalesce(fiscal_year_end, fiscal_year) AS y1 FROM aid_in"""
        )
        con.execute(
            """CREATE TABLE stances AS SELECT *, CAST(date AS DATE) AS when_day, year(CAST(date AS DATE)) AS y0,
                      year(CAST(date AS DATE)) AS y1 FROM stances_in"""
        )
        con.execute(
            """CREATE TABLE relations AS SELECT *,
                      coalesce(CAST(substr(start_date, 1, 4) AS INTEGER), -100000) AS y0,
                      coalesce(CAST(substr(end_date, 1, 4) AS INTEGER), 100000) AS y1 FROM relations_in"""
        )
        for staging in ("actors_in", "events_keyed", "events_in", "aid_in", "stances_in", "relations_in"):
            con.execute(f"DROP TABLE {staging}")

    # ---- plumbing ---------------------------------------------------------------------------------------------

    def _run(self, sql: str, params: list | None = None) -> pd.DataFrame:
        if self.sql_log is not None:
            self.sql_log.append(sql)
        with self._lock:
            cursor = self._con.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def _scalar(self, sql: str, params: list | None = None):
        frame = self._run(sql, params)
        return None if frame.empty else frame.iat[0, 0]

    def where(self, table: str, spec: FilterSpec) -> tuple[str, list]:
        """The WHERE clause of `table` under this filter: every field that narrows the table adds its predicate."""
        clauses, params = ["TRUE"], []
        for field in FIELDS:
            clause = field.where(table, field.get(spec), self.actor_tree)
            if clause:
                clauses.append(clause[0])
                params += clause[1]
        return " AND ".join(clauses), params

    def _filtered(self, table: str, spec: FilterSpec, alias: str = "f") -> tuple[str, list]:
        where, params = self.where(table, spec)
        return f"WITH {alias} AS (SELECT * FROM {table} WHERE {where}) ", params

    # ---- counts and the overview ------------------------------------------------------------------------------

    def count(self, table: str, spec: FilterSpec) -> int:
        where, params = self.where(table, spec)
        return int(self._scalar(f"SELECT count(*) FROM {table} WHERE {where}", params))

    def summary(self, spec: FilterSpec) -> Summary:
        ev, ev_params = self.where(EVENTS, spec)
        aid, aid_params = self.where(AID, spec)
        st, st_params = self.where(STANCES, spec)
        rel, rel_params = self.where(RELATIONS, spec)
        row = self._run(
            f"""WITH e AS (SELECT * FROM events WHERE {ev}), a AS (SELECT * FROM aid WHERE {aid}),
                     s AS (SELECT * FROM stances WHERE {st}), r AS (SELECT * FROM relations WHERE {rel}),
                     cited AS (
                       SELECT source_id FROM e UNION SELECT correction_source_id FROM e
                       UNION SELECT source_id FROM a UNION SELECT correction_source_id FROM a
                       UNION SELECT source_id FROM s UNION SELECT source_id FROM r),
                     involved AS (
                       SELECT actor_id FROM event_actors WHERE event_key IN (SELECT event_key FROM e)
                       UNION SELECT donor FROM a UNION SELECT recipient FROM a),
                     first_event AS (SELECT start_text, date_precision FROM e ORDER BY event_key LIMIT 1),
                     last_event AS (SELECT start_text FROM e ORDER BY event_key DESC LIMIT 1)
                SELECT (SELECT count(*) FROM e) AS events,
                       (SELECT count(*) FROM e WHERE origin = 'corpus') AS corpus_events,
                       (SELECT count(*) FROM a) AS aid_rows, (SELECT count(*) FROM s) AS stance_rows,
                       (SELECT count(*) FROM involved) AS actors_involved,
                       (SELECT count(*) FROM cited WHERE source_id IS NOT NULL) AS sources_cited,
                       (SELECT start_text FROM first_event) AS first, (SELECT date_precision FROM first_event) AS first_precision,
                       (SELECT start_text FROM last_event) AS last""",
            ev_params + aid_params + st_params + rel_params,
        ).iloc[0]
        events = int(row["events"])
        return Summary(
            events=events, corpus_events=int(row["corpus_events"]), external_events=events - int(row["corpus_events"]),
            actors_involved=int(row["actors_involved"]), sources_cited=int(row["sources_cited"]),
            aid_rows=int(row["aid_rows"]), stance_rows=int(row["stance_rows"]),
            first=_text(row["first"]), first_precision=_text(row["first_precision"]), last=_text(row["last"]),
        )

    def latest_events(self, spec: FilterSpec, count: int = 5) -> list[dict]:
        """The most recent events by start date (ties broken by id, so the order is stable), as records."""
        where, params = self.where(EVENTS, spec)
        return _records(self._run(
            f"""SELECT event_id, when_text, title, event_type, actor_names, evidence, source_id, confidence, notes,
                       correction_source_id, origin
                FROM events WHERE {where} ORDER BY start_day DESC, event_id LIMIT ?""",
            params + [count],
        ))

    # ---- the timeline -----------------------------------------------------------------------------------------

    def timeline(self, spec: FilterSpec, threshold: int) -> TimelineData:
        """Markers per (event, lane) up to `threshold` events; above it, monthly density per lane. Two scans:
        one for the monthly counts (which also give the total and the year-only count), one for the lanes."""
        head, params = self._filtered(EVENTS, spec)
        by_month = self._run(head + """SELECT month_key AS month, event_type, origin, count(*) AS n FROM f
                                       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", params)
        total = int(by_month["n"].sum())
        corpus = int(by_month.loc[by_month["origin"] == "corpus", "n"].sum())
        dated = by_month["month"].notna()
        counts = by_month.loc[dated].groupby(["month", "event_type"], as_index=False)["n"].sum()
        year_only = int(by_month.loc[~dated, "n"].sum())
        points = density = None
        if total <= threshold:
            points = self._run(
                head + """SELECT f.event_id, l.lane, coalesce(a.name, l.lane) AS lane_name,
                                 coalesce(a.colour, '#888888') AS colour, f.start_day, f.end_day, f.date_precision,
                                 f.event_type, f.title, f.confidence, f.when_text, f.actor_names, f.origin
                          FROM f JOIN event_lanes l USING (event_key) LEFT JOIN actors a ON a.actor_id = l.lane
                          ORDER BY f.event_key, lane_name""",
                params,
            )
            lanes = sorted(points["lane_name"].unique())
            points = place_markers(points, lanes)
            first = points["start_day"].min()
            last = max(points["span_end"].max(), points["end_day"].max()) if points["end_day"].notna().any() \
                else points["span_end"].max()
        else:
            density = self._run(
                head + """SELECT coalesce(a.name, l.lane) AS lane_name, coalesce(a.colour, '#888888') AS colour,
                                 date_trunc('month', f.start_day) AS month, count(*) AS n
                          FROM f JOIN event_lanes l USING (event_key) LEFT JOIN actors a ON a.actor_id = l.lane
                          GROUP BY 1, 2, 3 ORDER BY 1, 3""",
                params,
            )
            lanes = sorted(density["lane_name"].unique())
            first = density["month"].min() if total else None
            last = density["month"].max() + pd.offsets.MonthBegin(1) if total else None
        return TimelineData(total, points, density, counts, year_only, self.key_periods(), lanes, corpus,
                            _stamp(first), _stamp(last))

    def key_periods(self) -> pd.DataFrame:
        return self._run("SELECT event_id, title, start_day, end_day FROM events WHERE key_period ORDER BY start_day")

    # ---- the explorer and the export --------------------------------------------------------------------------

    def events_page(self, spec: FilterSpec, limit: int = EXPLORER_PAGE_ROWS, offset: int = 0) -> pd.DataFrame:
        """One page of the filtered events, in date order, with what the explorer shows."""
        head, params = self._filtered(EVENTS, spec)
        return self._run(
            head + """SELECT e.event_id, e.when_text, e.title, e.event_type, e.actor_names,
                             coalesce(s.title, e.source_id) AS source_title, e.evidence, e.confidence, e.origin
                      FROM f e LEFT JOIN sources s ON s.source_id = e.source_id
                      ORDER BY e.event_key LIMIT ? OFFSET ?""",
            params + [int(limit), int(offset)],
        )

    def export_sql(self, spec: FilterSpec) -> tuple[str, list]:
        """The CSV export's query: exactly the filtered events, text cells guarded against formula injection."""
        head, params = self._filtered(EVENTS, spec)
        text = ["e.event_id", "e.date", "e.date_precision", "e.end_date", "e.when_text", "e.title", "e.event_type",
                "e.actors", "e.actor_names", "e.place_id", "e.confidence", "e.evidence", "e.source_id", "s.title",
                "s.url", "e.correction_source_id", "e.notes", "e.origin"]
        names = ["event_id", "date", "date_precision", "end_date", "date_shown", "title", "event_type", "actor_ids",
                 "actor_names", "place_id", "confidence", "evidence", "source_id", "source_title", "source_url",
                 "correction_source_id", "notes", "origin"]
        columns = ", ".join(f"{_GUARD.format(c=c)} AS {n}" for c, n in zip(text, names))
        sql = head + f"SELECT {columns} FROM f e LEFT JOIN sources s ON s.source_id = e.source_id ORDER BY e.event_key"
        return sql, params

    def export_csv(self, spec: FilterSpec) -> IO[bytes]:
        """The filtered events as CSV, streamed from the engine in Arrow record batches to a temporary file (never
        a whole frame in memory). Returns the file open for reading (a BufferedReader, which st.download_button
        accepts); its name is already gone from disk, so closing it frees the space."""
        from pyarrow import csv as arrow_csv

        sql, params = self.export_sql(spec)
        if self.sql_log is not None:
            self.sql_log.append(sql)
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as out:
            path = out.name
            with self._lock:
                cursor = self._con.cursor()
            try:
                reader = cursor.execute(sql, params).to_arrow_reader(batch_size=50_000)
                with arrow_csv.CSVWriter(out, reader.schema) as writer:
                    for batch in reader:
                        writer.write_batch(batch)
            finally:
                cursor.close()
        handle = open(path, "rb")  # noqa: SIM115  (the caller reads and closes it)
        os.unlink(path)
        return handle

    # ---- one event --------------------------------------------------------------------------------------------

    def has_event(self, event_id: str) -> bool:
        return bool(self._scalar("SELECT count(*) FROM events WHERE event_id = ?", [event_id]))

    def in_filter(self, event_id: str, spec: FilterSpec) -> bool:
        where, params = self.where(EVENTS, spec)
        return bool(self._scalar(f"SELECT count(*) FROM events WHERE event_id = ? AND {where}", [event_id] + params))

    def event(self, event_id: str) -> dict | None:
        """One event with its place name and its actors as [(id, name)] in the order the data lists them."""
        frame = self._run(
            """SELECT e.*, p.name AS place_name FROM events e LEFT JOIN places p ON p.place_id = e.place_id
               WHERE e.event_id = ?""",
            [event_id],
        )
        if frame.empty:
            return None
        event = {k: _plain(v) for k, v in frame.iloc[0].items()}
        actors = self._run(
            """SELECT ea.actor_id, coalesce(a.name, ea.actor_id) AS name FROM event_actors ea
               LEFT JOIN actors a ON a.actor_id = ea.actor_id WHERE ea.event_id = ? ORDER BY ea.position""",
            [event_id],
        )
        event["actors_named"] = list(zip(actors["actor_id"], actors["name"]))
        return event

    def related(self, event_id: str, days: int = RELATED_WINDOW_DAYS) -> list[dict]:
        """Other events sharing at least one actor, starting within ±days of this one, as records in date order."""
        return _records(self._run(
            """WITH me AS (SELECT start_day FROM events WHERE event_id = ?),
                    mine AS (SELECT actor_id FROM event_actors WHERE event_id = ?)
               SELECT e.event_id, e.when_text, e.title FROM events e, me
               WHERE e.event_id <> ? AND abs(date_diff('day', me.start_day, e.start_day)) <= ?
                 AND e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id IN (SELECT actor_id FROM mine))
               ORDER BY e.start_day, e.event_id""",
            [event_id, event_id, event_id, int(days)],
        ))

    # ---- sources ----------------------------------------------------------------------------------------------

    def source(self, source_id: str) -> dict | None:
        frame = self._run("SELECT * FROM sources WHERE source_id = ?", [source_id])
        return None if frame.empty else {k: _plain(v) for k, v in frame.iloc[0].items()}

    def _citations(self, spec: FilterSpec) -> tuple[str, list]:
        """A CTE `c(source_id, row_id)`: every citation by a filtered row, including correction sources."""
        parts, params = [], []
        for table, key in ((EVENTS, "event_id"), (AID, "aid_id"), (STANCES, "stance_id"), (RELATIONS, "relation_id")):
            where, p = self.where(table, spec)
            parts.append(f"SELECT source_id, {key} AS row_id FROM {table} WHERE {where}")
            params += p
            if table in (EVENTS, AID):
                parts.append(f"SELECT correction_source_id, {key} FROM {table} WHERE correction_source_id IS NOT NULL AND {where}")
                params += p
        return f"WITH c AS ({' UNION ALL '.join(parts)}) ", params

    def cited_sources(self, spec: FilterSpec) -> pd.DataFrame:
        """The sources the filtered rows cite (including correction sources), with how many rows cite each."""
        head, params = self._citations(spec)
        return self._run(
            head + """SELECT s.source_id, s.kind, s.title, s.publisher, s.published, s.url, count(DISTINCT c.row_id) AS rows
                      FROM c JOIN sources s USING (source_id) GROUP BY ALL ORDER BY s.kind, s.title""",
            params,
        )

    def cited_source_counts(self, spec: FilterSpec) -> dict[str, int]:
        """How many of the cited sources are corpus articles, and how many public (external) sources."""
        head, params = self._citations(spec)
        counts = self._run(
            head + "SELECT s.kind, count(DISTINCT s.source_id) AS n FROM c JOIN sources s USING (source_id) GROUP BY s.kind",
            params,
        )
        found = dict(zip(counts["kind"], counts["n"]))
        return {kind: int(found.get(kind, 0)) for kind in ("corpus", "external")}

    def source_rows(self, source_id: str) -> pd.DataFrame:
        """Every row that cites this source (or corrects itself with it): table, id, what it says, its quote."""
        return self._run(
            """SELECT 'event' AS kind, event_id AS row_id, when_text || ' · ' || title AS label, evidence
               FROM events WHERE source_id = ? OR correction_source_id = ?
               UNION ALL SELECT 'aid', aid_id, CAST(fiscal_year AS VARCHAR) || ' · ' || coalesce(program, category), evidence
               FROM aid WHERE source_id = ? OR correction_source_id = ?
               UNION ALL SELECT 'stance', stance_id, actor_id || ' on ' || topic_id, evidence FROM stances WHERE source_id = ?
               UNION ALL SELECT 'relation', relation_id, actor_a || ' – ' || actor_b || ': ' || kind, evidence
               FROM relations WHERE source_id = ?
               ORDER BY 1, 2""",
            [source_id] * 6,
        )

    # ---- aid and stances (the next pages' questions) ----------------------------------------------------------

    def aid_by_year(self, spec: FilterSpec) -> pd.DataFrame:
        """Sums of known amounts per fiscal year, recipient and amount kind, over top-level rows only (a part is
        never added to its total). `unknown` counts rows whose amount is blank, which are not summed as 0."""
        head, params = self._filtered(AID, spec)
        return self._run(
            head + """SELECT fiscal_year, recipient, amount_kind, sum(amount_usd) AS amount_usd, count(*) AS rows,
                             count(*) - count(amount_usd) AS unknown
                      FROM f WHERE parent_aid_id IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""",
            params,
        )

    def stance_matrix(self, spec: FilterSpec) -> pd.DataFrame:
        """Per actor and topic: how many stances, their mean, and the latest one with its date."""
        head, params = self._filtered(STANCES, spec)
        return self._run(
            head + """SELECT actor_id, topic_id, count(*) AS n, avg(stance) AS mean_stance,
                             max_by(stance, when_day) AS latest_stance, max(when_day) AS latest_day
                      FROM f GROUP BY 1, 2 ORDER BY 1, 2""",
            params,
        )


def _for_duckdb(frame: pd.DataFrame):
    """The frame as an Arrow table (text columns with real NULLs where pandas holds NaN or None), which DuckDB
    scans without a Python-object pass."""
    import pyarrow as pa

    columns = {
        name: pa.array(frame[name], type=pa.string(), from_pandas=True) if frame[name].dtype == object
        else pa.array(frame[name], from_pandas=True)
        for name in frame.columns
    }
    return pa.table(columns)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts (missing values as None), for pieces that show a few rows one by one."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _stamp(value) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def _plain(value):
    """A value from a frame as plain Python: None for any missing marker."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    return value


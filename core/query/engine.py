"""The engine: one connection, the load, and the filter predicates every question shares.

`Engine` is what a question talks to: `frame(sql, params)` runs one statement and returns a pandas frame, and
`where(table, spec)` is the WHERE clause of a table under a filter (each filter field adds its predicate, see
core/fields.py). The SQL is written once, in DuckDB's dialect; another engine (core/query/spark.py) transpiles
it with sqlglot before running it, so the pages' questions are one shared text.

The load builds the query tables from the validated frames in a few statements (LOAD_STEPS). Only one step must
differ between engines, the one that explodes each distinct ';'-separated actor list into rows with their position:
DuckDB has `generate_subscripts` and Spark has `posexplode`, and no common form is transpiled to both. The two
versions sit side by side in EVENT_ACTORS_SQL. Every statement, the load's included, goes through the query log
(`Engine.sql_log`), so the portability test sees exactly what runs.

Relational, not nested: which actors an event involves is the table event_actors(event_key, event_id, actor_id,
top_level_actor_id, position), the events joined to actor_lists (each distinct list's actors, split once);
event_lanes holds its distinct (event, top-level actor) pairs.
"""

from __future__ import annotations

import re
import threading

import pandas as pd

from core.fields import EVENTS, FIELDS
from core.load import ROW_TABLES, Dataset, as_validated, empty_like
from core.memory import release_unused
from core.prebuilt import staged_passages
from core.search import DOCS, TEXT_COLUMNS, search_frame
from core.tables import TABLES

# An event's date as readers see it, at the precision its source gives: '24 Feb 2022', 'Dec 2022', '2022',
# or a period '24 Feb 2022 – 10 Mar 2022'. core/text.py formats single values the same way (a test checks).
_DAY = "CAST(day({d}) AS VARCHAR) || ' ' || strftime({d}, '%b %Y')"
START_TEXT_SQL = (
    "CASE date_precision WHEN 'year' THEN strftime(start_day, '%Y') WHEN 'month' THEN strftime(start_day, '%b %Y') "
    f"ELSE {_DAY.format(d='start_day')} END"
)
# A one-day period (end = start) reads as that day, not "16 Nov 2021 – 16 Nov 2021".
WHEN_TEXT_SQL = (f"{START_TEXT_SQL} || CASE WHEN end_day IS NULL OR end_day = start_day THEN '' "
                 f"ELSE ' – ' || {_DAY.format(d='end_day')} END")

def corridor_frame(corridors: dict) -> pd.DataFrame:
    """The corridors' ids and years of validity (text, blank where not sourced), one row per GeoJSON feature."""
    rows = [(f.get("properties") or {}) for f in corridors.get("features", [])]
    text = lambda v: None if v is None else str(v)  # noqa: E731
    return pd.DataFrame({"corridor_id": [text(p.get("corridor_id")) for p in rows],
                         "year_from": [text(p.get("year_from")) for p in rows],
                         "year_to": [text(p.get("year_to")) for p in rows]}, dtype=object)


STAGED = "_in"  # the suffix of a staged frame that a load step turns into its query table (events_in -> events)


def staging_name(table: str) -> str:
    """The name a table of the registry is staged under: `<name>_in` when a load step builds the query table of its
    name from it, else its own name (sources, places, topics: the staged frame is the query table)."""
    return f"{table}{STAGED}" if table in {name for name, _ in LOAD_STEPS} else table


def staging_frames(ds: Dataset) -> dict[str, pd.DataFrame]:
    """The frames handed to the engine, by staging-table name: every table of the registry (core/tables.py) as
    validated (without the loader's derived columns), the corridors' years, and the sources' readable texts."""
    frames = {staging_name(table.name): _staged(ds, table.name) for table in TABLES}
    frames["corridors" + STAGED] = corridor_frame(ds.corridors)
    frames[EVENT_ORIGINS] = event_origin_frame(ds.event_origins)
    frames[SOURCE_ORIGINS] = source_origin_frame(ds.source_origins)
    frames["source_texts"], frames["passages"] = staged_passages(ds)  # prebuilt for the stamped bundled data
    return frames


EVENT_ORIGINS = "event_origins" + STAGED  # an upload's events with their own origin (Dataset.event_origins)


def event_origin_frame(origins: pd.DataFrame | None) -> pd.DataFrame:
    """(event_id, origin) as text, empty for a data directory: every engine stages one, so the load's SQL is one."""
    if origins is None:
        return pd.DataFrame({"event_id": pd.Series([], dtype=object), "origin": pd.Series([], dtype=object)})
    return origins[["event_id", "origin"]].astype("str")  # Arrow-backed text: no Python object per row


SOURCE_ORIGINS = "source_origins" + STAGED  # a directory's sources whose events take their own origin


def source_origin_frame(origins: pd.DataFrame | None) -> pd.DataFrame:
    """(source_id, origin) as text, empty when the dataset has none (Dataset.source_origins)."""
    if origins is None:
        return pd.DataFrame({"source_id": pd.Series([], dtype=object), "origin": pd.Series([], dtype=object)})
    return origins[["source_id", "origin"]].astype("str")


def _staged(ds: Dataset, table: str) -> pd.DataFrame:
    """One table as staged: the actors with their top-level actor, the events with their key (their position: the
    Dataset's events are in date order), any other table as validated."""
    frame = as_validated(table, ds.tables[table])
    if table == "actors":
        tree = ds.actor_tree
        return frame.assign(top_level_actor_id=[tree.root(a) for a in frame["actor_id"]])
    if table == "events":
        return frame.assign(event_key=range(1, len(frame) + 1))
    return frame


def search_words_frame(engine: "Engine", passages: pd.DataFrame) -> pd.DataFrame:
    """The text search's table (core/search.py): one row of normalised tokens per searchable row and passage.
    The rows are read from the engine's tables, not the Dataset: the app lets the Dataset's row frames go once the
    engine holds them (Store.release_frames), and on Spark over Parquet they were never in this process."""
    tables = {}
    for table, (_, key, actor_columns) in DOCS.items():
        columns = [key, *TEXT_COLUMNS[table], *actor_columns] + (["place_id"] if table == "events" else [])
        tables[table] = engine.frame(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}")
    return search_frame(tables, engine.dataset.tables["places"], engine.dataset.tables["actors"], passages,
                        engine.dataset.corridors)


# Load steps that stage rather than answer: dropped, as the staged frames are, once no later step reads them.
STAGING_VIEWS = ("events_keyed", "actor_lists_raw")
ENGINE_SPECIFIC_STEP = "actor_lists_raw"  # the one step each engine writes in its own form (EVENT_ACTORS_SQL)

# Each distinct actor list's actors as rows, with their 1-based position in the list: the one step whose text
# differs. Lists, not events: 2.5M ACLED events hold a few thousand distinct lists, split once each.
EVENT_ACTORS_SQL = {
    "duckdb": """SELECT l.actors, s.actor_id, s.position FROM (SELECT DISTINCT actors FROM events_keyed) l,
                        LATERAL (SELECT unnest(string_split(l.actors, ';')) AS actor_id,
                                        generate_subscripts(string_split(l.actors, ';'), 1) AS position) s""",
    "spark": """SELECT l.actors, s.actor_id, s.pos + 1 AS position FROM (SELECT DISTINCT actors FROM events_keyed) l
                LATERAL VIEW posexplode(split(l.actors, ';')) s AS pos, actor_id""",
}

# (table, SELECT) in order; every engine runs the same text (transpiled), except ENGINE_SPECIFIC_STEP.
LOAD_STEPS: tuple[tuple[str, str | None], ...] = (
    ("actors", "SELECT * FROM actors_in"),
    # event_key: an integer surrogate in date order, so the actor joins compare integers, not text ids. The Dataset's
    # events are already sorted by (start, event_id) (core/load.py), so the key is their position (staging_frames),
    # not a sort of a million rows here.
    ("events_keyed", """SELECT event_key, event_id, date, date_precision, end_date, title, event_type, actors, place_id,
                               source_id, evidence, confidence, notes, correction_source_id, key_period, fatalities
                        FROM events_in"""),
    (ENGINE_SPECIFIC_STEP, None),
    # Each distinct list's actors with their top-level actor and name: events_typed takes the names from it, and
    # event_actors its rows, so neither splits the lists of millions of events.
    ("actor_lists", """SELECT r.actors, r.actor_id, coalesce(a.top_level_actor_id, r.actor_id) AS top_level_actor_id,
                              r.position, coalesce(a.name, r.actor_id) AS name
                       FROM actor_lists_raw r LEFT JOIN actors a ON a.actor_id = r.actor_id"""),
    # The stored events: typed, keyed, with their actors' names and origin (an uploaded row's own, else its source's
    # own (an ACLED export's), else its source's kind); the dates as readers see them are added by the `events` view
    # below. It is the one copy of the events the engine keeps: built first, straight from the staged frame, so that
    # the staged frame is let go before event_actors is built from it.
    ("events_typed", """WITH typed AS (
                     SELECT event_key, event_id, date, date_precision, end_date, title, event_type, actors, place_id,
                            source_id, evidence, confidence, notes, correction_source_id, fatalities,
                            CAST(date AS DATE) AS start_day, CAST(end_date AS DATE) AS end_day,
                            key_period = 'true' AS key_period
                     FROM events_keyed),
                   names AS (SELECT actors, string_agg(name, ', ' ORDER BY position NULLS FIRST) AS actor_names
                             FROM actor_lists GROUP BY actors)
                   SELECT t.*, year(t.start_day) AS y0, year(coalesce(t.end_day, t.start_day)) AS y1,
                          CASE WHEN t.date_precision = 'year' THEN NULL ELSE CAST(date_trunc('month', t.start_day) AS DATE) END AS month_key,
                          n.actor_names, coalesce(o.origin, so.origin, s.kind, 'external') AS origin
                   FROM typed t LEFT JOIN names n ON n.actors = t.actors
                   LEFT JOIN sources s ON s.source_id = t.source_id
                   LEFT JOIN source_origins_in so ON so.source_id = t.source_id
                   LEFT JOIN event_origins_in o ON o.event_id = t.event_id"""),
    ("event_actors", """SELECT e.event_key, e.event_id, l.actor_id, l.top_level_actor_id, l.position
                        FROM events_typed e JOIN actor_lists l ON l.actors = e.actors"""),
    ("event_lanes", "SELECT DISTINCT event_key, top_level_actor_id AS lane FROM event_actors"),
    # A view (VIEWS): a date is formatted only for the rows a question shows, not for every row at load.
    ("events", f"""SELECT event_key, event_id, date, date_precision, end_date, title, event_type, actors, place_id,
                          source_id, evidence, confidence, notes, correction_source_id, fatalities, start_day, end_day,
                          key_period, y0, y1, month_key, {START_TEXT_SQL} AS start_text, {WHEN_TEXT_SQL} AS when_text,
                          actor_names, origin
                   FROM events_typed"""),
    # A US fiscal year N runs from 1 Oct of N-1 to 30 Sep of N, so it overlaps the calendar years N-1 and N.
    ("aid", "SELECT *, fiscal_year - 1 AS y0, coalesce(fiscal_year_end, fiscal_year) AS y1 FROM aid_in"),
    ("stances", """SELECT *, CAST(date AS DATE) AS when_day, year(CAST(date AS DATE)) AS y0,
                          year(CAST(date AS DATE)) AS y1 FROM stances_in"""),
    ("relations", """SELECT *, coalesce(CAST(substr(start_date, 1, 4) AS INTEGER), -100000) AS y0,
                            coalesce(CAST(substr(end_date, 1, 4) AS INTEGER), 100000) AS y1 FROM relations_in"""),
    # A corridor's years of validity; one whose years no source gives spans every year.
    ("corridors", """SELECT corridor_id, CAST(year_from AS INTEGER) AS year_from, CAST(year_to AS INTEGER) AS year_to,
                            coalesce(CAST(year_from AS INTEGER), -100000) AS y0,
                            coalesce(CAST(year_to AS INTEGER), 100000) AS y1 FROM corridors_in"""),
    # A reading's years: the year of its date, or the year(s) of the event it reads when its source gives no date.
    ("claims", """SELECT c.claim_id, c.subject_event_id, c.actor_id, c.claim, c.evidence, c.source_id,
                         CAST(c.date AS VARCHAR) AS date, c.confidence, c.notes,
                         coalesce(year(CAST(c.date AS DATE)), e.y0) AS y0,
                         coalesce(year(CAST(c.date AS DATE)), e.y1) AS y1
                  FROM claims_in c LEFT JOIN events e ON e.event_id = c.subject_event_id"""),
    # Where each row's evidence quote sits in its source's readable text (source_texts, passages: core/corpus.py),
    # as character offsets [span_start, span_end), and which passages (sentences) each quote overlaps.
    # Only the rows whose source has a readable text can have a span: the others are left out before the quotes are
    # gathered (2.5M ACLED events cite sources without one, and their quotes were copied and de-duplicated for nothing).
    ("evidence_spans", """WITH r AS (SELECT * FROM (
                                       SELECT 'event' AS kind, event_id AS row_id, source_id, evidence FROM events
                                       UNION ALL SELECT 'aid', aid_id, source_id, evidence FROM aid
                                       UNION ALL SELECT 'stance', stance_id, source_id, evidence FROM stances
                                       UNION ALL SELECT 'relation', relation_id, source_id, evidence FROM relations) a
                                     WHERE source_id IN (SELECT source_id FROM source_texts)),
                               q AS (SELECT DISTINCT source_id, evidence FROM r),
                               f AS (SELECT q.source_id, q.evidence, strpos(t.text, q.evidence) AS pos
                                     FROM q JOIN source_texts t ON t.source_id = q.source_id)
                          SELECT r.kind, r.row_id, r.source_id, f.pos - 1 AS span_start,
                                 f.pos - 1 + length(r.evidence) AS span_end
                          FROM r JOIN f ON f.source_id = r.source_id AND f.evidence = r.evidence
                          WHERE f.pos > 0"""),
    # Distinct spans are matched to passages first (rows often share a quote), then joined back to the rows.
    ("passage_support", """WITH d AS (SELECT DISTINCT source_id, span_start, span_end FROM evidence_spans),
                                m AS (SELECT d.source_id, d.span_start, d.span_end, p.n FROM d JOIN passages p
                                      ON p.source_id = d.source_id AND d.span_start < p.end_char
                                         AND d.span_end > p.start_char)
                           SELECT m.source_id, m.n, e.kind, e.row_id FROM m JOIN evidence_spans e
                           ON e.source_id = m.source_id AND e.span_start = m.span_start
                              AND e.span_end = m.span_end"""),
)


# Tables built after the load (LOAD_STEPS) from its tables, in every engine (`derived_statements`): small summaries
# that spare the pages' questions a pass over millions of rows. (The load's `actor_lists`, every distinct actor list
# with its actors, serves the same end: the actor filter tests an event's list against it, a few thousand rows,
# instead of semi-joining the events with event_actors, two rows per event.)
COUNT_DIMENSIONS = "actors, y0, y1, month_key, event_type, origin, source_id, correction_source_id"
# The filter fields whose predicate on the events reads only columns of event_counts (COUNT_DIMENSIONS).
COUNTED_FIELDS = frozenset({"years", "actors", "event_types", "origins"})

DERIVED_STEPS: tuple[tuple[str, str], ...] = (
    # The events counted per combination of what the filter narrows them by (actor list, years, type, origin) and
    # what the pages count them by (month, source, correction source): tens of thousands of rows for 2.5M events.
    # The pages' counts (Engine.counted) read it instead of the events whenever the filter narrows nothing else.
    ("event_counts", f"""SELECT {COUNT_DIMENSIONS}, count(*) AS n, count(fatalities) AS known,
                               sum(fatalities) AS fatalities, min(event_key) AS first_key, max(event_key) AS last_key
                        FROM events GROUP BY {COUNT_DIMENSIONS}"""),
)


def derived_statements() -> list[tuple[str, str]]:
    """The (table, SELECT) pairs built after the load, in order: one text for every engine."""
    return list(DERIVED_STEPS)


# Load steps an engine may keep as views (DuckDB does; Spark caches every step, views included): events_keyed is
# a projection of the staging table (no second copy of a million rows), actor_lists_raw is read once, by
# actor_lists, and events formats dates on read.
VIEWS = frozenset({"events_keyed", ENGINE_SPECIFIC_STEP, "events"})


def load_statements(dialect: str) -> list[tuple[str, str]]:
    """The load's (table, SELECT) pairs for one engine, in order."""
    return [(name, sql if sql is not None else EVENT_ACTORS_SQL[dialect]) for name, sql in LOAD_STEPS]


class Engine:
    """What every question runs on. Subclasses give `_execute` and `_load`; the rest is shared."""

    dialect = "duckdb"

    def __init__(self, dataset: Dataset, log: bool = False):
        self.dataset = dataset
        self.fingerprint = dataset.fingerprint
        self.actor_tree = dataset.actor_tree
        # With log=True, every statement (the load's included) and the name of every question asked are recorded.
        self.sql_log: list[str] | None = [] if log else None
        self.asked: list[str] | None = [] if log else None
        # Off unless a caller sets a list: every question asked as (name, args, kwargs), so a benchmark can replay
        # what a page asked (bench/page_walk.py).
        self.calls: list[tuple[str, tuple, dict]] | None = None
        self._search_lock = threading.Lock()
        self._search_ready = False

    def ensure_search(self) -> None:
        """Build the text search's table `search_words` on the first search, not at load: it costs a pass of
        Python over every row's text, which a session that never searches should not pay (1M events)."""
        if self._search_ready:
            return
        with self._search_lock:
            if not self._search_ready:
                passages = self.frame("SELECT source_id, n, text FROM passages ORDER BY source_id, n")
                self._add_table("search_words", search_words_frame(self, passages))
                self._search_ready = True

    def _add_table(self, name: str, frame: pd.DataFrame) -> None:
        raise NotImplementedError

    def frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        if self.sql_log is not None:
            self.sql_log.append(sql)
        return self._execute(sql, list(params or []))

    def scalar(self, sql: str, params: list | None = None):
        frame = self.frame(sql, params)
        return None if frame.empty else frame.iat[0, 0]

    def where(self, table: str, spec) -> tuple[str, list]:
        """The WHERE clause of `table` under this filter: every field that narrows the table adds its predicate."""
        clauses, params = ["TRUE"], []
        for field in FIELDS:
            clause = field.where(table, spec[field.name], self.actor_tree)
            if clause:
                if "search_words" in clause[0]:
                    self.ensure_search()
                clauses.append(clause[0])
                params += clause[1]
        return " AND ".join(clauses), params

    def filtered(self, table: str, spec, alias: str = "f") -> tuple[str, list]:
        """`WITH f AS (the filtered table) ` and its parameters, to put in front of a SELECT."""
        where, params = self.where(table, spec)
        return f"WITH {alias} AS (SELECT * FROM {table} WHERE {where}) ", params

    def counted(self, spec, alias: str = "f") -> tuple[str, list]:
        """`WITH f AS (…) ` and its parameters: the filtered events as counts, one row per combination of
        COUNT_DIMENSIONS with n (events), known (events with a fatalities figure), fatalities (their sum), first_key
        and last_key (the first and last event_key). From event_counts when every field that narrows the events
        can narrow it (COUNTED_FIELDS), else from the events themselves, a row per event (the text search)."""
        if all(field.name in COUNTED_FIELDS or field.where(EVENTS, spec[field.name], self.actor_tree) is None
               for field in FIELDS):
            where, params = self.where(EVENTS, spec)
            return f"WITH {alias} AS (SELECT * FROM event_counts WHERE {where}) ", params
        where, params = self.where(EVENTS, spec)
        return (f"""WITH {alias} AS (SELECT {COUNT_DIMENSIONS}, 1 AS n, CASE WHEN fatalities IS NULL THEN 0 ELSE 1 END
                                           AS known, fatalities, event_key AS first_key, event_key AS last_key
                                    FROM events WHERE {where}) """, params)

    def _execute(self, sql: str, params: list) -> pd.DataFrame:
        raise NotImplementedError


SCAN_BATCH_ROWS = 122_880  # DuckDB's row group size
# Staged frames DuckDB reads where they are rather than copying them in: the load's steps read the events a few
# times (event_actors, events_typed) and keep no copy of them but events_typed, so a staged copy of 2.5M events
# (1.4 GB, 1.6 s of CPU) was made only to be dropped. The frame is held until its last reader has run.
SCANNED = frozenset({"events" + STAGED})


class DuckDBEngine(Engine):
    """DuckDB, embedded in the process: the app's engine."""

    dialect = "duckdb"

    def __init__(self, dataset: Dataset, log: bool = False, consume: bool = False):
        """`consume=True`: once the staging tables hold the rows, the engine swaps the dataset's row frames for empty
        ones (empty_row_frames); only for a dataset that nothing else reads, as the app's own load."""
        import duckdb

        super().__init__(dataset, log)
        # The allocator's background threads give freed memory back to the system as the load drops its staging tables
        # and intermediate results (without them, a dropped copy of 2.5M events stayed resident until a later query).
        self.con = duckdb.connect(":memory:", config={"allocator_background_threads": True})
        self._lock = threading.Lock()
        self._load(dataset, consume)

    def _load(self, ds: Dataset, consume: bool = False) -> None:
        frames = staging_frames(ds)
        staging = [name for name in frames if name.endswith(STAGED)] + list(STAGING_VIEWS)
        registered = set()
        for name, frame in frames.items():
            if name in SCANNED:
                self._register(name, frame)
                registered.add(name)
            else:
                self._add_table(name, frame)
        del frames, frame  # the staged frames share the Dataset's arrays: hold none past here
        if consume:  # the engine holds the rows now: let the frames go before the load's heavier steps
            empty_row_frames(ds)
        release_unused()
        steps = load_statements(self.dialect)
        if registered:
            # DuckDB does not know how many rows a registered frame holds and takes it for a handful: it would then
            # build its join hash tables on the millions of events (events_typed's, 1.7 GB for 2.5M) instead of on
            # the few actor lists and sources. While it is registered, the load's joins keep their written sides
            # (the probe on the left); the later steps' joins are sided by DuckDB again.
            self.con.execute("SET disabled_optimizers = 'build_side_probe_side'")
        for index, (name, select) in enumerate(steps):
            self.run_statement(f"CREATE {'VIEW' if name in VIEWS else 'TABLE'} {name} AS {select}")
            # A staging table goes as soon as no later step reads it, so it never sits beside the last, largest steps.
            later = " ".join(sql for _, sql in steps[index + 1:])
            for view in [t for t in staging if t in VIEWS and not _reads(later, t)]:
                self.con.execute(f"DROP VIEW {view}")
                staging.remove(view)
            for table in [t for t in staging if t not in VIEWS and not _reads(later, t) and not _reads_via_view(later, t)]:
                if table in registered:
                    with self._lock:
                        self.con.unregister(table)
                    registered.remove(table)
                    release_unused()  # the frame's buffers, kept by pyarrow's pool, before the next steps grow
                    if not registered:
                        self.con.execute("RESET disabled_optimizers")
                else:
                    self.con.execute(f"DROP TABLE {table}")
                staging.remove(table)
        if registered:  # read by the last step: kept, and DuckDB sides the pages' joins
            self.con.execute("RESET disabled_optimizers")
        self._derive()

    def _derive(self) -> None:
        for name, select in derived_statements():
            self.run_statement(f"CREATE TABLE {name} AS {select}")

    def _register(self, name: str, frame: pd.DataFrame) -> None:
        """The frame as a table DuckDB scans where it is (Arrow, no copy), until the load unregisters it."""
        with self._lock:
            self.con.register(name, _scan_batches(frame))

    def _add_table(self, name: str, frame: pd.DataFrame) -> None:
        # DuckDB scans an Arrow table a record batch per thread: a column in one chunk (as Arrow's take and many
        # readers leave it) would be copied in by one thread. Slices of SCAN_BATCH_ROWS share the frame's buffers.
        table = _scan_batches(frame)
        with self._lock:
            self.con.register(name + "_df", table)
            self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")
            self.con.unregister(name + "_df")

    def run_statement(self, sql: str) -> None:
        if self.sql_log is not None:
            self.sql_log.append(sql)
        self.con.execute(sql)

    def cursor(self):
        with self._lock:
            return self.con.cursor()

    def _execute(self, sql: str, params: list) -> pd.DataFrame:
        cursor = self.cursor()
        try:
            return cursor.execute(sql, params).df()
        finally:
            cursor.close()


def _scan_batches(frame: pd.DataFrame):
    """The frame as an Arrow table in record batches of SCAN_BATCH_ROWS (slices sharing the frame's buffers)."""
    import pyarrow as pa

    table = arrow_table(frame)
    return pa.Table.from_batches(table.to_batches(max_chunksize=SCAN_BATCH_ROWS), schema=table.schema)


def _reads(sql: str, table: str) -> bool:
    return re.search(rf"\b{re.escape(table)}\b", sql) is not None


def _reads_via_view(sql: str, table: str) -> bool:
    """True when a later step reads a staging view that reads `table` (events_keyed reads events_in)."""
    return any(_reads(sql, view) and _reads(select, table) for view, select in LOAD_STEPS if view in VIEWS and select)


def empty_row_frames(ds: Dataset) -> None:
    """Swap this Dataset's row frames for empty ones (columns kept), in place: every holder of this Dataset object
    sees them empty, and the full frames lose their last reference. The Dataset is frozen but its `tables` dict is
    not, so the swap is done only for the app's load, whose Dataset nothing else reads
    (Store(..., consume=True))."""
    for table in ROW_TABLES:
        ds.tables[table] = empty_like(ds.tables[table])


def arrow_table(frame: pd.DataFrame):
    """The frame as an Arrow table (text columns with real NULLs where pandas holds NaN or None), which an engine
    scans without a Python-object pass."""
    import pyarrow as pa

    columns = {
        name: pa.array(frame[name], type=pa.string(), from_pandas=True) if frame[name].dtype == object
        else pa.array(frame[name], from_pandas=True)
        for name in frame.columns
    }
    return pa.table(columns)

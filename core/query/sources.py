"""Questions of the Sources page: one source, how many sources of each kind the filtered rows cite, the list,
the reader, coverage and search."""

from __future__ import annotations

import pandas as pd

from core.text import format_partial_date

from core import search
from core.corpus import name_groups, search_terms, snippet
from core.query.records import plain
from core.query.registry import AID, EVENTS, RELATIONS, STANCES, each_spec, first_id, question

KINDS = ("corpus", "external")


@question("sources", first_id("sources", "source_id"))
def source(db, source_id: str) -> dict | None:
    """One source's row, as a record."""
    frame = db.frame("SELECT * FROM sources WHERE source_id = ?", [source_id])
    return None if frame.empty else {k: plain(v) for k, v in frame.iloc[0].items()}


def _citations(db, spec) -> tuple[str, list]:
    """CTEs ending in `c(source_id)`: every source a filtered row cites, correction sources included, each once
    (UNION: the distinct sources, not a row per citation); the events' from their counts (Engine.counted)."""
    head, params = db.counted(spec, "ev")
    parts = ["SELECT source_id FROM ev", "SELECT correction_source_id FROM ev WHERE correction_source_id IS NOT NULL"]
    for table in (AID, STANCES, RELATIONS):
        where, p = db.where(table, spec)
        parts.append(f"SELECT source_id FROM {table} WHERE {where}")
        params += p
        if table == AID:
            parts.append(f"SELECT correction_source_id FROM {table} "
                         f"WHERE correction_source_id IS NOT NULL AND {where}")
            params += p
    return head + f", c AS ({' UNION '.join(parts)}) ", params


@question("sources", each_spec, ordered=False)
def cited_source_counts(db, spec) -> dict[str, int]:
    """How many of the cited sources are corpus articles, and how many public (external) sources."""
    head, params = _citations(db, spec)
    counts = db.frame(
        head + """SELECT s.kind, count(DISTINCT s.source_id) AS n FROM c JOIN sources s ON s.source_id = c.source_id
                  GROUP BY s.kind""",
        params,
    )
    found = dict(zip(counts["kind"], counts["n"]))
    return {kind: int(found.get(kind, 0)) for kind in KINDS}


# ---- the Sources page: the list, the reader, coverage and search --------------------------------------------

ROW_TABLES = ((EVENTS, "event", "event_id"), (AID, "aid", "aid_id"), (STANCES, "stance", "stance_id"),
              (RELATIONS, "relation", "relation_id"))


def _list_examples(db) -> list[tuple]:
    return [(spec, kind) for spec in (s for (s,) in each_spec(db)) for kind in ("all",)] + [
        (s, k) for (s,) in each_spec(db)[:1] for k in ("corpus", "external")]


@question("sources", _list_examples)
def source_list(db, spec, kind: str = "all") -> pd.DataFrame:
    """Every source of a kind ('all', 'corpus' or 'external') with how many filtered rows of each table cite it
    (correction sources included) and how many places take their coordinates from it. Under the default filter
    every source is listed, uncited ones too (`status`: 'cited by no row yet', or 'no row in this filter' when
    only rows outside the default years cite it); under any other, only the cited ones.
    Blank text cells come back as '' and the date at its precision ('Dec 2022'); `notes` says what is not known
    and why (e.g. 'not found in stored copies')."""
    # Rows citing a source, counted per table and source: its own source, plus the rows whose correction source it
    # is and whose own source is another (a row is counted once per source; row ids are unique, core/schema.py).
    # Counted in the engine per source, not as a distinct count over a row per citation (millions at 2.5M events).
    head, params = db.counted(spec, "ev")  # the events as counts (Engine.counted): their rows are `sum(n)`
    parts = []
    for table, label, _ in ROW_TABLES:
        source, n = ("ev", "sum(n)") if table == EVENTS else (table, "count(*)")
        where, p = ("TRUE", []) if table == EVENTS else db.where(table, spec)
        parts.append(f"SELECT '{label}' AS kind, source_id, {n} AS n FROM {source} WHERE {where} GROUP BY source_id")
        params += p
        if table in (EVENTS, AID):
            parts.append(f"SELECT '{label}', correction_source_id, {n} FROM {source} "
                         f"WHERE correction_source_id IS NOT NULL AND correction_source_id IS DISTINCT FROM source_id "
                         f"AND {where} GROUP BY correction_source_id")
            params += p
    counts = ", ".join(f"CAST(coalesce(sum(CASE WHEN c.kind = '{label}' THEN c.n END), 0) AS BIGINT) AS {table}"
                       for table, label, _ in ROW_TABLES)
    frame = db.frame(
        head + f""", c AS ({' UNION ALL '.join(parts)}),
                 n AS (SELECT s.source_id, {counts}
                       FROM sources s LEFT JOIN c ON c.source_id = s.source_id GROUP BY s.source_id),
                 pl AS (SELECT source_id, count(*) AS places FROM places GROUP BY source_id),
                 r AS (SELECT DISTINCT source_id FROM source_texts),
                 a AS (SELECT source_id FROM event_counts UNION SELECT correction_source_id FROM event_counts
                       UNION SELECT source_id FROM aid UNION SELECT correction_source_id FROM aid
                       UNION SELECT source_id FROM stances UNION SELECT source_id FROM relations
                       UNION SELECT source_id FROM places UNION SELECT source_id FROM topics)
            SELECT s.source_id, s.kind,
                   CASE s.kind WHEN 'corpus' THEN 'Corpus article' ELSE 'Public source' END AS origin,
                   s.title, coalesce(s.author, '') AS author,
                   coalesce(s.publisher, '') AS publisher, s.published, coalesce(s.url, '') AS url,
                   coalesce(s.confidence, '') AS confidence, coalesce(s.notes, '') AS notes,
                   n.events, n.aid, n.stances, n.relations,
                   coalesce(pl.places, 0) AS places, n.events + n.aid + n.stances + n.relations AS rows,
                   r.source_id IS NOT NULL AS readable,
                   CASE WHEN a.source_id IS NULL THEN 'cited by no row yet'
                        WHEN n.events + n.aid + n.stances + n.relations = 0 THEN 'no row in this filter'
                        ELSE '' END AS status
            FROM sources s JOIN n ON n.source_id = s.source_id LEFT JOIN pl ON pl.source_id = s.source_id
            LEFT JOIN r ON r.source_id = s.source_id LEFT JOIN a ON a.source_id = s.source_id
            WHERE (? = 'all' OR s.kind = ?) AND (? OR n.events + n.aid + n.stances + n.relations > 0)
            ORDER BY s.kind, coalesce(CAST(s."order" AS INTEGER), 1000000), s.title, s.source_id""",
        params + [kind, kind, spec.is_default()],
    )
    frame["published"] = [format_partial_date(p) for p in frame["published"]]
    return frame


def _readable(db) -> list[tuple]:
    frame = db.frame("""SELECT t.source_id FROM source_texts t JOIN sources s ON s.source_id = t.source_id
                        ORDER BY s.kind, t.source_id LIMIT 1""")
    return [(i,) for i in frame["source_id"]] + [("no-such-id",)]


@question("sources", lambda db: [()])
def readable_sources(db) -> pd.DataFrame:
    """The sources whose text can be read here (corpus articles, then stored excerpts), in corpus order."""
    return db.frame("""SELECT s.source_id, s.kind, s.title FROM sources s JOIN source_texts t ON t.source_id = s.source_id
                       ORDER BY s.kind, coalesce(CAST(s."order" AS INTEGER), 1000000), s.title, s.source_id""")


@question("sources", _readable)
def passages(db, source_id: str) -> pd.DataFrame:
    """A readable text's passages (sentences) in order, with how many rows each supports and whether it looks
    like a fact (`fact_like`: 'a date', 'a number', 'a named actor' or NULL)."""
    return db.frame(
        """SELECT p.n, p.paragraph, p.start_char, p.end_char, p.text, p.fact_like,
                  count(DISTINCT s.kind || ':' || s.row_id) AS rows
           FROM passages p LEFT JOIN passage_support s ON s.source_id = p.source_id AND s.n = p.n
           WHERE p.source_id = ?
           GROUP BY p.n, p.paragraph, p.start_char, p.end_char, p.text, p.fact_like ORDER BY p.n""",
        [source_id],
    )


@question("sources", _readable)
def evidence_spans(db, source_id: str) -> pd.DataFrame:
    """Where each row's evidence quote sits in the source's text: [span_start, span_end) character offsets."""
    return db.frame("""SELECT span_start, span_end, kind, row_id FROM evidence_spans WHERE source_id = ?
                       ORDER BY span_start, span_end, kind, row_id""", [source_id])


def _passage_examples(db) -> list[tuple]:
    frame = db.frame("SELECT source_id, n FROM passage_support ORDER BY source_id, n LIMIT 1")
    return [(s, int(n)) for s, n in zip(frame["source_id"], frame["n"])] + [("no-such-id", 1)]


@question("sources", _passage_examples)
def passage_rows(db, source_id: str, n: int) -> pd.DataFrame:
    """The rows passage n of a source supports: kind, id, what the row says, its quote, its place (events)."""
    return db.frame(
        """WITH s AS (SELECT kind, row_id FROM passage_support WHERE source_id = ? AND n = ?)
           SELECT 'event' AS kind, e.event_id AS row_id, e.when_text || ' · ' || e.title AS label, e.evidence,
                  e.place_id, pl.name AS place
           FROM s JOIN events e ON s.kind = 'event' AND e.event_id = s.row_id LEFT JOIN places pl ON pl.place_id = e.place_id
           UNION ALL SELECT 'aid', a.aid_id, CAST(a.fiscal_year AS VARCHAR) || ' · ' || coalesce(a.program, a.category),
                  a.evidence, NULL, NULL FROM s JOIN aid a ON s.kind = 'aid' AND a.aid_id = s.row_id
           UNION ALL SELECT 'stance', t.stance_id, coalesce(ac.name, t.actor_id) || ' on ' || coalesce(tp.name, t.topic_id),
                  t.evidence, NULL, NULL FROM s JOIN stances t ON s.kind = 'stance' AND t.stance_id = s.row_id
                  LEFT JOIN actors ac ON ac.actor_id = t.actor_id LEFT JOIN topics tp ON tp.topic_id = t.topic_id
           UNION ALL SELECT 'relation', r.relation_id,
                  coalesce(x.name, r.actor_a) || ' – ' || coalesce(y.name, r.actor_b) || ': ' || replace(r.kind, '_', ' '),
                  r.evidence, NULL, NULL FROM s JOIN relations r ON s.kind = 'relation' AND r.relation_id = s.row_id
                  LEFT JOIN actors x ON x.actor_id = r.actor_a LEFT JOIN actors y ON y.actor_id = r.actor_b
           ORDER BY 1, 2""",
        [source_id, n],
    )


def _quote_examples(db) -> list[tuple]:
    frame = db.frame("""SELECT e.source_id, e.evidence FROM events e JOIN source_texts t ON t.source_id = e.source_id
                        ORDER BY e.event_id LIMIT 1""")
    return [(s, q) for s, q in zip(frame["source_id"], frame["evidence"])] + [("no-such-id", "x")]


@question("sources", _quote_examples)
def passage_of(db, source_id: str, quote: str) -> int | None:
    """The first passage of the source's text that the quote's first occurrence overlaps, or None."""
    found = db.scalar(
        """SELECT min(p.n) FROM passages p JOIN source_texts t ON t.source_id = p.source_id
           WHERE t.source_id = ? AND strpos(t.text, ?) > 0 AND p.end_char > strpos(t.text, ?) - 1
                 AND p.start_char < strpos(t.text, ?) - 1 + length(?)""",
        [source_id, quote, quote, quote, quote],
    )
    return None if found is None or pd.isna(found) else int(found)


def _ids_examples(db) -> list[tuple]:
    frame = db.frame("SELECT source_id FROM sources ORDER BY source_id LIMIT 3")
    return [(tuple(frame["source_id"]) + ("no-such-id",),), ((),)]


@question("sources", _ids_examples)
def sources_of(db, source_ids: tuple[str, ...]) -> pd.DataFrame:
    """The rows of these sources, by id (an unknown id has none): a page with many evidence cards asks once for
    all of them instead of once per card (`source`)."""
    if not source_ids:
        return db.frame("SELECT * FROM sources WHERE false")
    marks = ", ".join("?" for _ in source_ids)
    return db.frame(f"SELECT * FROM sources WHERE source_id IN ({marks}) ORDER BY source_id", list(source_ids))


def _pairs_examples(db) -> list[tuple]:
    return [(tuple(_quote_examples(db)),), ((),)]


@question("sources", _pairs_examples)
def passages_of(db, pairs: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """For each (source id, quote) whose source's text holds the quote: the passage `passage_of` gives it (source_id,
    quote, n); a pair whose quote is not found has no row. One question for every card of a page."""
    if not pairs:
        return db.frame("SELECT CAST(NULL AS VARCHAR) AS source_id, CAST(NULL AS VARCHAR) AS quote, "
                        "CAST(NULL AS INTEGER) AS n WHERE false")
    values = ", ".join("(?, ?)" for _ in pairs)
    return db.frame(
        f"""SELECT q.source_id, q.quote, CAST(min(p.n) AS INTEGER) AS n
            FROM (VALUES {values}) AS q(source_id, quote)
            JOIN source_texts t ON t.source_id = q.source_id
            JOIN passages p ON p.source_id = t.source_id
            WHERE strpos(t.text, q.quote) > 0 AND p.end_char > strpos(t.text, q.quote) - 1
                  AND p.start_char < strpos(t.text, q.quote) - 1 + length(q.quote)
            GROUP BY q.source_id, q.quote ORDER BY q.source_id, q.quote""",
        [value for pair in pairs for value in pair],
    )


@question("sources", lambda db: [()])
def coverage(db) -> pd.DataFrame:
    """For each readable text: its sentences, how many support at least one row, that share (0 to 1), and how
    many sentences look like facts but support nothing (the curators' to-do list)."""
    return db.frame(
        """WITH p AS (SELECT p.source_id, p.n, p.fact_like, count(s.row_id) AS rows FROM passages p
                      LEFT JOIN passage_support s ON s.source_id = p.source_id AND s.n = p.n
                      GROUP BY p.source_id, p.n, p.fact_like)
           SELECT src.source_id, src.kind,
                  CASE src.kind WHEN 'corpus' THEN 'Corpus article' ELSE 'Stored excerpt' END AS origin,
                  src.title, count(*) AS sentences,
                  CAST(sum(CASE WHEN p.rows > 0 THEN 1 ELSE 0 END) AS BIGINT) AS supporting,
                  CAST(sum(CASE WHEN p.rows > 0 THEN 1 ELSE 0 END) AS DOUBLE) / count(*) AS share,
                  CAST(sum(CASE WHEN p.rows = 0 AND p.fact_like IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS to_do
           FROM p JOIN sources src ON src.source_id = p.source_id
           GROUP BY src.source_id, src.kind, src.title, src."order"
           ORDER BY src.kind, coalesce(CAST(src."order" AS INTEGER), 1000000), src.title, src.source_id"""
    )


@question("sources", _readable)
def to_do(db, source_id: str) -> pd.DataFrame:
    """The source's sentences that look like facts (a date, a number, a named actor) but support no row yet."""
    return db.frame(
        """SELECT p.n, p.text, p.fact_like FROM passages p
           WHERE p.source_id = ? AND p.fact_like IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM passage_support s WHERE s.source_id = p.source_id AND s.n = p.n)
           ORDER BY p.n""",
        [source_id],
    )


SEARCH_LIMIT = 50


def _search_examples(db) -> list[tuple]:
    return [("Qizilbulaq",), ("lachin CORRIDOR",), ("statement",), ("no-such-words-anywhere",), ("",)]


@question("sources", _search_examples)
def search_passages(db, query: str) -> pd.DataFrame:
    """The passages (of every readable text) holding every word of the query, in any form, case and accent, a place's
    name matching any of its names (Qizilbulaq finds Gizilbulag): the same token match as the sidebar's search
    text (core/search.py). At most SEARCH_LIMIT, in text order, each with a snippet around its first match
    (`before`, `match`, `after`)."""
    columns = ["source_id", "title", "kind", "n", "text", "rows", "before", "match", "after"]
    found = search.clause("passage", search.PASSAGE_ID, query[:200], search.PASSAGE_KEY)
    if found is None:
        return pd.DataFrame(columns=columns)
    match, params = found
    db.ensure_search()
    frame = db.frame(
        f"""SELECT p.source_id, s.title, s.kind, p.n, p.text,
                   (SELECT count(*) FROM passage_support x WHERE x.source_id = p.source_id AND x.n = p.n) AS rows
            FROM passages p JOIN sources s ON s.source_id = p.source_id
            WHERE {match}
            ORDER BY s.kind, coalesce(CAST(s."order" AS INTEGER), 1000000), s.title, p.source_id, p.n
            LIMIT {SEARCH_LIMIT}""",
        params,
    )
    places = db.frame("SELECT name, alt_names FROM places ORDER BY place_id")
    terms = search_terms(query[:200], name_groups(places))  # which forms to mark in the snippet (display only)
    cuts = [snippet(text, terms) for text in frame["text"]]
    return frame.assign(before=[c[0] for c in cuts], match=[c[1] for c in cuts], after=[c[2] for c in cuts])[columns]


@question("sources", lambda db: [()], ordered=False)
def source_totals(db) -> dict[str, int]:
    """How many sources of each kind the dataset has, cited or not."""
    counts = db.frame("SELECT kind, count(*) AS n FROM sources GROUP BY kind")
    found = dict(zip(counts["kind"], counts["n"]))
    return {kind: int(found.get(kind, 0)) for kind in KINDS}

"""Questions of the US aid page: every filtered aid row with the role it plays on the chart, the bars, the rows
whose amount is unknown, the multi-year context, the metrics, and the policy events drawn over the bars.

How parts and totals combine (aid.csv keeps a total and its parts as separate rows, a part naming its total in
`parent_aid_id`). Within the rows the filter keeps, each single-year row with a known amount plays one role:
- `drawn`: a bar. Either a part, or a row whose parts are not in the filter (or have no known amount);
- `parts_drawn`: a total whose known parts are drawn instead. It is never stacked on them; the chart marks its
  reported height beside the parts and flags it when the parts do not add up to it (FY2018: $58.68M of parts
  against $58.6M reported);
so for each recipient and fiscal year the drawn heights add up to the parts where they exist and to the total
where they don't, never to both. A row with a blank amount is `unknown`: never drawn, never 0, listed with its
evidence. A row spanning several fiscal years (GAO's FY2002–2020) is `multi_year`: context, not comparable with
the single-year bars, never drawn.

The programme is coded from the free-text `program` and `authority` columns (PROGRAMME_SQL), so that colour
means one programme on every bar whatever the wording of the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.query.events import _GUARD
from core.query.records import records
from core.query.registry import AID, EVENTS, each_spec, first_id, question

# The programme or authority of a row, as a code: the authority first (a Section 333 part is Section 333 even
# when the row is about training), then the programme's name.
PROGRAMME_SQL = """CASE WHEN a.authority LIKE '%333%' THEN 'section_333'
                        WHEN a.program LIKE '%FMF%' OR a.program LIKE '%Foreign Military Financing%' THEN 'fmf'
                        WHEN a.program LIKE '%IMET%' OR a.program LIKE '%Military Education%' THEN 'imet'
                        WHEN a.authority LIKE '%907%' THEN 'section_907_waiver'
                        ELSE 'unspecified' END"""
PROGRAMMES = {  # code: label, in legend order
    "section_333": "Section 333 (DoD Building Partner Capacity)",
    "fmf": "FMF (Foreign Military Financing)",
    "imet": "IMET (military education and training)",
    "section_907_waiver": "Under the Section 907 waiver",
    "unspecified": "Programme not named",
}
ROLES = {
    "drawn": "drawn as a bar",
    "parts_drawn": "not drawn: its parts are drawn",
    "unknown": "amount not reported: not drawn, not 0",
    "multi_year": "multi-year context: not drawn",
}
# Amount kinds the metrics add up: a request is not an allocation, so it is shown but never added.
COUNTED_KINDS = ("appropriated", "notified", "total", "planned")
OVERLAY_TYPES = ("legislation", "aid_decision", "visit", "armed_conflict")
# The policy strip draws at most this many events (each is a marker with its hover text: 300 keep the figure far
# under 1 MB). When more match, the most relevant of each month are kept, round by round over the months.
OVERLAY_LIMIT = 300
# An event's relevance within its month: a key period first, then higher confidence, then a corpus event before a
# context one, then a day-precise date, then the event id (so equal events are picked the same way every time).
_RELEVANCE_SQL = ("e.key_period DESC, CASE e.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
                  "CASE e.origin WHEN 'corpus' THEN 0 ELSE 1 END, CASE e.date_precision WHEN 'day' THEN 0 ELSE 1 END, "
                  "e.event_id")
OVERLAY_RULE = ("the most relevant event of each month first (key periods, then higher confidence, then the corpus "
                "articles' events, then exact dates), round by round over the months")
RATIO = ("az", "am")  # the Azerbaijan-to-Armenia ratio
# Above this many bars (a large generated or imported aid table), the rows of one recipient, fiscal year,
# programme, amount kind and confidence are drawn as one bar: the same stacked height (their sum), one hover that
# says how many rows it adds, and no click (the table below the chart lists every row). One bar per row costs about
# 330 bytes of figure, so 1,000 bars stay far under the 1 MB a chart may weigh.
BAR_LIMIT = 1000

# (expression, column) of what the table shows and the CSV writes, in order.
ROW_COLUMNS = (
    ("a.aid_id", "aid_id"), ("a.donor", "donor"), ("a.recipient", "recipient"),
    ("coalesce(r.name, a.recipient)", "recipient_name"), ("a.fiscal_year", "fiscal_year"),
    ("a.fiscal_year_end", "fiscal_year_end"), ("a.program", "program"), (PROGRAMME_SQL, "programme"),
    ("a.authority", "authority"), ("a.category", "category"), ("a.amount_usd", "amount_usd"),
    ("a.amount_kind", "amount_kind"), ("a.parent_aid_id", "parent_aid_id"),
    ("""CASE WHEN a.fiscal_year_end IS NOT NULL THEN 'multi_year' WHEN a.amount_usd IS NULL THEN 'unknown'
             WHEN coalesce(k.parts_known, 0) > 0 THEN 'parts_drawn' ELSE 'drawn' END""", "role"),
    ("k.parts_usd", "parts_usd"), ("a.confidence", "confidence"), ("a.evidence", "evidence"),
    ("a.source_id", "source_id"), ("s.title", "source_title"), ("s.url", "source_url"),
    ("a.correction_source_id", "correction_source_id"), ("a.notes", "notes"),
)
_TEXT = {"aid_id", "donor", "recipient", "recipient_name", "program", "programme", "authority", "category",
         "amount_kind", "parent_aid_id", "role", "confidence", "evidence", "source_id", "source_title",
         "source_url", "correction_source_id", "notes"}


def _guarded(db) -> list[tuple]:
    return [(spec, guard) for (spec,) in each_spec(db) for guard in (False, True)]


@question("aid", _guarded)
def aid_rows(db, spec, guard: bool = False) -> pd.DataFrame:
    """Every aid row the filter keeps, with its programme code, its role on the chart (see the module) and, for a
    total, the sum of its known parts in the filter; ordered by recipient, fiscal year and id. With `guard`, text
    cells a spreadsheet would run as a formula get a leading quote (what the CSV download writes)."""
    head, params = db.filtered(AID, spec)
    columns = ", ".join(
        f"{_GUARD.format(c=expr) if guard and name in _TEXT else expr} AS {name}" for expr, name in ROW_COLUMNS
    )
    return db.frame(
        head + f""", k AS (SELECT parent_aid_id, sum(amount_usd) AS parts_usd, count(amount_usd) AS parts_known
                           FROM f WHERE parent_aid_id IS NOT NULL AND fiscal_year_end IS NULL GROUP BY parent_aid_id)
                  SELECT {columns}
                  FROM f a LEFT JOIN k ON k.parent_aid_id = a.aid_id
                  LEFT JOIN sources s ON s.source_id = a.source_id
                  LEFT JOIN actors r ON r.actor_id = a.recipient
                  ORDER BY a.recipient, a.fiscal_year, a.aid_id""",
        params,
    )


@dataclass(frozen=True)
class AidMetrics:
    """The page's three figures, each only where it compares like with like.

    Amounts of different kinds (a notified part, a reported total, a planned figure) are never added together:
    `total` and the largest fiscal year are given only when every drawn amount that can be added is of one kind;
    otherwise `by_kind` gives each kind's sum apart. The Azerbaijan : Armenia ratio compares, fiscal year by fiscal
    year, only amounts of the same kind, category and named programme (PROGRAMMES: Section 333, FMF, …) on both
    sides; where no fiscal year has such a pair, there is no ratio."""

    total: float | None  # the drawn amounts when all are of one kind (`one_kind`); None otherwise
    by_kind: dict[str, float] = field(default_factory=dict)  # each countable kind's sum, never added across kinds
    requested: float | None = None  # drawn requests, never added to anything
    largest_year: int | None = None  # of `one_kind`'s amounts
    largest_amount: float | None = None
    ratio: float | None = None  # Azerbaijan / Armenia over `ratio_years`, like for like; None when there is no pair
    ratio_years: tuple[int, ...] = ()
    ratio_sides: tuple[float, float] | None = None
    ratio_scope: tuple[str, str, str] | None = None  # (amount kind, category, programme code) of the compared amounts
    ratio_confidence: str | None = None  # the lowest confidence among the compared rows
    one_kind: str | None = None


@dataclass(frozen=True)
class AidView:
    """What the US aid page draws for one filter."""

    rows: int  # every filtered aid row
    bars: pd.DataFrame  # the `drawn` rows, with fy_start, fy_end (the fiscal year's first and last day) and fy_mid
    totals: list[dict]  # `parts_drawn` totals: the reported amount beside the sum of its parts, and `parts`
    unknown: list[dict]  # rows whose amount is not reported
    context: list[dict]  # multi-year rows (GAO's FY2002–2020)
    metrics: AidMetrics
    recipients: list[tuple[str, str]]  # (id, name) of the recipients that have a bar, by id

    def row(self, aid_id: str | None) -> dict | None:
        """A drawn bar's or a reported total's row, by id (what a click on the chart names)."""
        if aid_id is None:
            return None
        found = self.bars[self.bars["aid_id"] == aid_id]
        if len(found):
            return records(found)[0]
        return next((t for t in self.totals if t["aid_id"] == aid_id), None)


def fiscal_year_days(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """US fiscal year `year`: from 1 Oct of the year before to 30 Sep."""
    return pd.Timestamp(int(year) - 1, 10, 1), pd.Timestamp(int(year), 9, 30)


@question("aid", first_id("aid", "aid_id"), ordered=False)
def has_aid(db, aid_id: str) -> bool:
    """Whether an aid row with this id exists (a bar kept in a link)."""
    return bool(db.scalar("SELECT count(*) FROM aid WHERE aid_id = ?", [aid_id]))


@question("aid", each_spec)
def aid_view(db, spec) -> AidView:
    """The bars, the totals beside their parts, the unknown and multi-year rows and the metrics (see the module)."""
    frame = aid_rows(db, spec)
    bars = frame[frame["role"] == "drawn"].copy()
    bars["amount_usd"] = bars["amount_usd"].astype(float)
    bars["fy_start"] = [fiscal_year_days(y)[0] for y in bars["fiscal_year"]]
    bars["fy_end"] = [fiscal_year_days(y)[1] for y in bars["fiscal_year"]]
    bars["fy_mid"] = [pd.Timestamp(int(y), 4, 1) for y in bars["fiscal_year"]]
    bars = bars.reset_index(drop=True)
    totals = frame[frame["role"] == "parts_drawn"].copy()
    totals["differs"] = (totals["amount_usd"].astype(float) - totals["parts_usd"].astype(float)).abs() > 0.5
    totals["fy_mid"] = [pd.Timestamp(int(y), 4, 1) for y in totals["fiscal_year"]]
    # Each total's drawn parts, for the breakdown (ordered by amount, then id).
    parts = bars.sort_values(["amount_usd", "aid_id"], ascending=[False, True])
    totals["parts"] = [records(parts[parts["parent_aid_id"] == total_id]) for total_id in totals["aid_id"]]
    recipients = sorted(set(zip(bars["recipient"], bars["recipient_name"])))
    return AidView(
        rows=len(frame), bars=bars, totals=records(totals), unknown=records(frame[frame["role"] == "unknown"]),
        context=records(frame[frame["role"] == "multi_year"]), metrics=aid_metrics(bars), recipients=recipients,
    )


def aid_metrics(bars: pd.DataFrame) -> AidMetrics:
    """The metrics over the drawn bars (which never hold a total beside its parts, nor an unknown amount), like
    for like (see AidMetrics)."""
    counted = bars[bars["amount_kind"].isin(COUNTED_KINDS)]
    requests = bars.loc[bars["amount_kind"] == "requested", "amount_usd"]
    requested = float(requests.sum()) if len(requests) else None
    if counted.empty:
        return AidMetrics(None, requested=requested)
    by_kind = {k: float(v) for k, v in counted.groupby("amount_kind")["amount_usd"].sum().items()}
    ratio = _like_for_like_ratio(counted)
    if len(by_kind) > 1:
        return AidMetrics(None, by_kind, requested, **ratio)
    per_year = counted.groupby("fiscal_year")["amount_usd"].sum().sort_index()
    largest_year = int(per_year.idxmax())  # the earliest of equal years: idxmax takes the first
    return AidMetrics(float(counted["amount_usd"].sum()), by_kind, requested, largest_year, float(per_year.max()),
                      one_kind=next(iter(by_kind)), **ratio)


_CONFIDENCE_ORDER = ("low", "medium", "high")


def _like_for_like_ratio(counted: pd.DataFrame) -> dict:
    """Azerbaijan's and Armenia's amounts of one scope (kind, category, named programme) in the fiscal years where
    both have one: the scope with the most such years (then the larger total, then its name) is the one compared."""
    # A programme the source does not name cannot be matched with anything, not even another unnamed one.
    sides = counted[counted["recipient"].isin(RATIO) & (counted["programme"] != "unspecified")]
    best = None
    for (kind, category, scope), rows in sides.groupby(["amount_kind", "category", "programme"], sort=True):
        per_side = rows.groupby(["fiscal_year", "recipient"])["amount_usd"].sum().unstack("recipient")
        paired = per_side.reindex(columns=list(RATIO)).dropna()
        if paired.empty:
            continue
        rank = (len(paired), float(paired.sum().sum()))
        if best is None or rank > best[0]:
            best = (rank, (kind, category, scope), paired, rows[rows["fiscal_year"].isin(paired.index)])
    if best is None:
        return {}
    _, scope, paired, compared = best
    first, second = float(paired[RATIO[0]].sum()), float(paired[RATIO[1]].sum())
    lowest = min(compared["confidence"], key=_CONFIDENCE_ORDER.index)
    return {"ratio": first / second, "ratio_years": tuple(int(y) for y in paired.index), "ratio_sides": (first, second),
            "ratio_scope": scope, "ratio_confidence": lowest}


@question("aid", each_spec)
def aid_overlay(db, spec) -> list[dict]:
    """The policy events drawn over the bars, as records in date order: filtered events of the OVERLAY_TYPES that
    involve a donor of the filtered aid rows (legislation, aid decisions, visits) or, for an armed conflict, one
    of their recipients (top-level actors on both sides).

    At most OVERLAY_LIMIT events are returned (a million events match tens of thousands, megabytes of figure).
    Which ones, when more match: the most relevant event of each month first, then the second of each month, and
    so on (OVERLAY_RULE), so the strip keeps its spread over time. Every record carries `matched`, how many events
    matched in all, so the chart can say how many it leaves out."""
    events_where, events_params = db.where(EVENTS, spec)
    aid_where, aid_params = db.where(AID, spec)
    types = ", ".join("?" * len(OVERLAY_TYPES))
    return records(db.frame(
        f"""WITH f AS (SELECT * FROM events WHERE {events_where}),
                 a AS (SELECT * FROM aid WHERE {aid_where}),
                 donors AS (SELECT DISTINCT coalesce(x.top_level_actor_id, a.donor) AS actor
                            FROM a LEFT JOIN actors x ON x.actor_id = a.donor),
                 recipients AS (SELECT DISTINCT coalesce(x.top_level_actor_id, a.recipient) AS actor
                                FROM a LEFT JOIN actors x ON x.actor_id = a.recipient),
                 m AS (SELECT e.event_id, e.start_day, e.end_day, e.date_precision, e.when_text, e.title, e.event_type,
                              e.confidence, e.actor_names,
                              row_number() OVER (PARTITION BY year(e.start_day), month(e.start_day)
                                                 ORDER BY {_RELEVANCE_SQL}) AS month_rank
                       FROM f e
                       WHERE e.event_type IN ({types})
                         AND ((e.event_type <> 'armed_conflict'
                               AND e.event_key IN (SELECT event_key FROM event_lanes WHERE lane IN (SELECT actor FROM donors)))
                           OR (e.event_type = 'armed_conflict'
                               AND e.event_key IN (SELECT event_key FROM event_lanes WHERE lane IN (SELECT actor FROM recipients))))),
                 r AS (SELECT event_id, start_day, end_day, date_precision, when_text, title, event_type, confidence,
                              actor_names, count(*) OVER () AS matched,
                              row_number() OVER (ORDER BY month_rank, start_day, event_id) AS pick
                       FROM m)
            SELECT event_id, start_day, end_day, date_precision, when_text, title, event_type, confidence, actor_names,
                   matched
            FROM r WHERE pick <= {OVERLAY_LIMIT}
            ORDER BY start_day, event_id""",
        events_params + aid_params + list(OVERLAY_TYPES),
    ))


def merged_bars(bars: pd.DataFrame) -> pd.DataFrame:
    """One bar per (recipient, fiscal year, programme, amount kind, confidence): the sum of its rows' amounts and how
    many rows it adds (`rows`); drawn instead of the rows themselves above BAR_LIMIT bars. Stacked, the heights
    of a fiscal year add up to the same total as the rows' bars."""
    keys = ["recipient", "recipient_name", "fiscal_year", "programme", "amount_kind", "confidence"]
    merged = bars.groupby(keys, as_index=False, sort=True, dropna=False).agg(
        amount_usd=("amount_usd", "sum"), rows=("aid_id", "size"), fy_mid=("fy_mid", "first"),
        fy_start=("fy_start", "first"), fy_end=("fy_end", "first"))
    return merged


def drawn_bars(bars: pd.DataFrame) -> pd.DataFrame:
    """The bars the chart draws: the rows themselves, or above BAR_LIMIT their merged_bars."""
    return bars if len(bars) <= BAR_LIMIT else merged_bars(bars)

"""Questions of the contested claims (Actors & stances page): where sources report different readings of one
event, every reading side by side, each with its verbatim quote, date and source."""

from __future__ import annotations

from core.query import lookups
from core.query.records import records
from core.query.registry import CLAIMS, each_spec, question


@question("claims", each_spec)
def contested_claims(db, spec) -> list[dict]:
    """Every reading of each event that at least one reading under the filter reads (a subject is shown with all
    its readings, so one side is never shown alone; `in_filter` says whether a reading itself matches the
    filter), as records. Subjects oldest first (ties by event id); within one, readings by date, undated last, then id. Each
    row carries its subject's title and date, the reader's name (blank where the source gives its own account)
    and its source's fields for the evidence card."""
    head, params = db.filtered(CLAIMS, spec)
    rows = records(db.frame(
        head + """SELECT c.subject_event_id, c.claim_id, c.actor_id, c.claim, c.evidence, c.source_id, c.date,
                         c.confidence, c.notes, m.claim_id IS NOT NULL AS in_filter
                  FROM claims c LEFT JOIN f m ON m.claim_id = c.claim_id
                  WHERE c.subject_event_id IN (SELECT subject_event_id FROM f)""",
        params,
    ))
    # The order, the subject's fields, the reader's name and the source's fields come from the engine's lookups
    # (core/query/lookups.py): three joins fewer, the events view's among them. Only readings of an event the data
    # holds are kept, as the join with the events did.
    subjects, known, cited = lookups.claim_subjects(db), lookups.actors(db), lookups.cited_sources(db)
    rows = [r for r in rows if r["subject_event_id"] in subjects]
    rows.sort(key=lambda r: (subjects[r["subject_event_id"]].start_day, r["subject_event_id"], r["date"] is None,
                             r["date"] or "", r["claim_id"]))
    answer = []
    for r in rows:
        subject, source = subjects[r["subject_event_id"]], cited.get(r["source_id"], _NO_SOURCE)
        answer.append({
            "subject_event_id": r["subject_event_id"], "subject_title": subject.title,
            "subject_when": subject.when_text, "subject_type": subject.event_type, "claim_id": r["claim_id"],
            "actor_id": r["actor_id"], "actor_name": known[r["actor_id"]].name if r["actor_id"] in known else None,
            "claim": r["claim"], "evidence": r["evidence"], "source_id": r["source_id"], "date": r["date"],
            "confidence": r["confidence"], "notes": r["notes"], "in_filter": r["in_filter"],
            **{f"source_{field}": source[field] for field in lookups.SOURCE_FIELDS}})
    return answer


_NO_SOURCE = dict.fromkeys(lookups.SOURCE_FIELDS)

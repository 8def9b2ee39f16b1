"""Questions of the contested claims (Actors & stances page): where sources report different readings of one
event, every reading side by side, each with its verbatim quote, date and source."""

from __future__ import annotations

import pandas as pd

from core.query.registry import CLAIMS, each_spec, question


@question("claims", each_spec)
def contested_claims(db, spec) -> pd.DataFrame:
    """Every reading of each event that at least one reading under the filter reads (a subject is shown with all
    its readings, so one side is never shown alone; `in_filter` says whether a reading itself matches the
    filter). Subjects oldest first (ties by event id); within one, readings by date, undated last, then id. Each
    row carries its subject's title and date, the reader's name (blank where the source gives its own account)
    and its source's fields for the evidence card."""
    head, params = db.filtered(CLAIMS, spec)
    return db.frame(
        head + """SELECT c.subject_event_id, e.title AS subject_title, e.when_text AS subject_when,
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
                  ORDER BY e.start_day, c.subject_event_id, c.date IS NULL, c.date, c.claim_id""",
        params,
    )

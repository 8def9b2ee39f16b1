"""Questions of the Actors & stances page.

The latest stance of an actor on a topic is the one with the latest date; statements on the same day are
ordered by confidence (high, then medium, then low), then by stance id, and the first wins. The rule is stated
in data/README.md; without it, two statements of one day (Azerbaijan's two of 22 Feb 2022) could each come back.
"""

from __future__ import annotations

import pandas as pd

from core.query.registry import STANCES, each_spec, question

CONFIDENCE_RANK = "CASE confidence WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"


@question("stances", each_spec)
def stance_matrix(db, spec) -> pd.DataFrame:
    """Per actor and topic: how many stances, their mean, and the latest one (by the rule above) with its date
    and id."""
    head, params = db.filtered(STANCES, spec)
    return db.frame(
        head + f"""SELECT actor_id, topic_id, n, mean_stance, stance AS latest_stance, when_day AS latest_day,
                          stance_id AS latest_stance_id
                   FROM (SELECT *, count(*) OVER w AS n, avg(stance) OVER w AS mean_stance,
                                row_number() OVER (PARTITION BY actor_id, topic_id
                                                   ORDER BY when_day DESC, {CONFIDENCE_RANK} DESC, stance_id) AS pick
                         FROM f WINDOW w AS (PARTITION BY actor_id, topic_id)) ranked
                   WHERE pick = 1 ORDER BY actor_id, topic_id""",
        params,
    )

"""Questions of the US aid page."""

from __future__ import annotations

import pandas as pd

from core.query.registry import AID, each_spec, question


@question("aid", each_spec)
def aid_by_year(db, spec) -> pd.DataFrame:
    """Sums of known amounts per fiscal year, recipient and amount kind, over top-level rows only (a part is
    never added to its total). `unknown` counts rows whose amount is blank, which are not summed as 0."""
    head, params = db.filtered(AID, spec)
    return db.frame(
        head + """SELECT fiscal_year, recipient, amount_kind, sum(amount_usd) AS amount_usd, count(*) AS rows,
                         count(*) - count(amount_usd) AS unknown
                  FROM f WHERE parent_aid_id IS NULL GROUP BY fiscal_year, recipient, amount_kind ORDER BY 1, 2, 3""",
        params,
    )

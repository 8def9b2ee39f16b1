"""Table columns wide enough for what they hold (issue 31, "Truncated"): the events explorer's "When" and the US
aid table's fiscal year, amount and kind. A column's text is estimated at 7 px a character (Streamlit's 14 px
Source Sans draws digits 7 px wide, most letters narrower) plus 24 px of padding, against the width the column
config states (Streamlit's named widths are 75, 200 and 400 px)."""

from __future__ import annotations

import json

from core.pages import PAGES_BY_NAME
from tests.app.test_pages import run_page

NAMED_PX = {"small": 75, "medium": 200, "large": 400}
MAIN_COLUMN_PX = 900  # the page's content width at a 1400 px window with the sidebar open


def _widths(table) -> dict[str, int | None]:
    """The stated width in pixels of each configured column (None where Streamlit sizes it itself)."""
    config = json.loads(table.proto.columns)
    return {name: NAMED_PX.get(c.get("width"), c.get("width")) for name, c in config.items()}


def _needs(texts) -> int:
    return max(len(str(t)) for t in texts) * 7 + 24


def test_the_explorers_when_column_holds_its_longest_date():
    at = run_page(PAGES_BY_NAME["timeline"].file, {})
    assert not at.exception
    table = at.dataframe[0]
    assert _widths(table)["When"] >= _needs(table.value["When"]), _widths(table)["When"]


def test_the_aid_amount_is_whole_and_in_view_at_1400_px():
    at = run_page(PAGES_BY_NAME["us_aid"].file, {"years": "2002-2022"})
    assert not at.exception
    table = at.dataframe[0]
    widths, shown = _widths(table), table.value
    assert widths["Fiscal year"] >= _needs(shown["Fiscal year"])
    assert widths["amount_usd"] >= _needs(f"${v:,.0f}" for v in shown["amount_usd"].dropna())
    assert widths["amount_kind"] >= _needs(shown["amount_kind"].dropna())
    # Every column up to the amount has a stated width, and together they fit the page at 1400 px.
    order = list(table.proto.column_order)
    ahead = order[:order.index("amount_usd") + 1]
    assert all(widths.get(c) for c in ahead), ahead
    assert sum(widths[c] for c in ahead) <= MAIN_COLUMN_PX

"""The latest stance of an actor on a topic follows a stated rule (data/README.md): the later date, then the
higher confidence, then the smaller stance id. Two statements of one day must not let the engine choose."""

from __future__ import annotations

import pandas as pd
import pytest

from core.filters import FilterSpec
from core.load import load_dataset
from core.query import Store
from tests.conftest import DATA_DIR

SAME_DAY = [
    {"stance_id": "st_b_balance", "actor_id": "az", "topic_id": "alliance", "date": "2022-02-22", "stance": 0,
     "confidence": "medium"},
    {"stance_id": "st_c_alliance", "actor_id": "az", "topic_id": "alliance", "date": "2022-02-22", "stance": 1,
     "confidence": "high"},
    {"stance_id": "st_a_earlier", "actor_id": "az", "topic_id": "alliance", "date": "2021-01-01", "stance": -2,
     "confidence": "high"},
    {"stance_id": "st_e_tie", "actor_id": "ru", "topic_id": "alliance", "date": "2022-03-01", "stance": 2,
     "confidence": "medium"},
    {"stance_id": "st_d_tie", "actor_id": "ru", "topic_id": "alliance", "date": "2022-03-01", "stance": -1,
     "confidence": "medium"},
]


def _latest(store: Store, spec: FilterSpec) -> pd.DataFrame:
    """The heatmap's cells that have statements (stance_cells), by actor and topic."""
    cells = pd.DataFrame(store.stance_cells(spec).cells)
    return cells[cells["n"] > 0].set_index(["actor_id", "topic_id"])


@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_same_day_statements_resolve_by_confidence_then_id(make_dataset, order):
    rows = SAME_DAY if order == "as written" else SAME_DAY[::-1]
    cells = _latest(Store(make_dataset(stances=rows)), FilterSpec()).loc[(slice(None), "alliance"), :].droplevel(1)
    # az: two on 22 Feb 2022; the high-confidence +1 wins over the medium 0, whichever was loaded first.
    assert cells.loc["az", "latest_stance"] == 1 and cells.loc["az", "latest_stance_id"] == "st_c_alliance"
    assert cells.loc["az", "n"] == 3 and (cells.loc["az", "lowest"], cells.loc["az", "highest"]) == (-2, 1)
    # ru: same day and same confidence; the smaller id wins.
    assert cells.loc["ru", "latest_stance_id"] == "st_d_tie" and cells.loc["ru", "latest_stance"] == -1


def test_bundled_azerbaijan_alliance_stance_follows_the_rule():
    """Azerbaijan's two statements of 22 Feb 2022 on the alliance: +1 (high) and 0 (medium)."""
    raw = pd.read_csv(DATA_DIR / "stances.csv")
    rank = raw["confidence"].map({"high": 3, "medium": 2, "low": 1})
    expected = (raw.assign(rank=rank).sort_values(["date", "rank", "stance_id"], ascending=[False, False, True])
                .groupby(["actor_id", "topic_id"]).head(1).set_index(["actor_id", "topic_id"]))
    store = Store(load_dataset(DATA_DIR, trust_stamp=True))
    cells = _latest(store, FilterSpec(years=(1900, 2100)))
    assert cells.loc[("az", "az_ru_alliance"), "latest_stance"] == 1
    assert dict(cells["latest_stance_id"]) == dict(expected["stance_id"])

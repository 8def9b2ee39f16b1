"""Generated rows in the shape of an ACLED export, for tests and benchmarks: never real ACLED rows (ACLED's
licence forbids redistributing them). Every column of an export is there (core/acled.py COLUMNS), and every
event and sub-event type of ACLED's codebook once N reaches their number (25); actors,
places and notes say "Synthetic", and the coordinates fall inside Armenia and Azerbaijan.

    python -m core.synthetic_acled OUT.csv N
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from core import vocab
from core.acled import COLUMNS

# Every (event type, sub-event type) of ACLED's codebook, each with its disorder type; N >= len(TYPES) rows hold
# every one of them.
TYPES = tuple(vocab.ACLED_SUB_EVENT_TYPES)
DISORDER = {"Protests": "Demonstrations", "Strategic developments": "Strategic developments"}  # else Political violence
ACTORS = (("Synthetic State Forces of Country A", "State forces"), ("Synthetic State Forces of Country B", "State forces"),
          ("Synthetic Militia C", "Political militia"), ("Synthetic Group D", "Rebel group"))
PLACES = (("Synthetic Town 1", 40.18, 44.51), ("Synthetic Town 2", 40.41, 49.87), ("Synthetic Village 3", 39.82, 46.75),
          ("Synthetic Village 4", 40.66, 46.36), ("Synthetic Town 5", 39.51, 45.12))


def acled_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365 * 5, n)
    dates = pd.Timestamp("2018-01-01") + pd.to_timedelta(days, unit="D")
    kind = rng.permutation(np.arange(n) % len(TYPES))
    first = rng.integers(0, len(ACTORS), n)
    second = (first + 1 + rng.integers(0, len(ACTORS) - 1, n)) % len(ACTORS)
    place = rng.integers(0, len(PLACES), n)
    precision = rng.choice(["1", "1", "1", "2", "3"], n)
    rows = {
        "event_id_cnty": [f"SYN{i + 1}" for i in range(n)],
        "event_date": dates.strftime("%Y-%m-%d"),
        "year": dates.year.astype(str),
        "time_precision": precision,
        "disorder_type": [DISORDER.get(TYPES[k][0], "Political violence") for k in kind],
        "event_type": [TYPES[k][0] for k in kind],
        "sub_event_type": [TYPES[k][1] for k in kind],
        "actor1": [ACTORS[a][0] for a in first],
        "assoc_actor_1": "",
        "inter1": [ACTORS[a][1] for a in first],
        "actor2": [ACTORS[a][0] for a in second],
        "assoc_actor_2": "",
        "inter2": [ACTORS[a][1] for a in second],
        "interaction": "State forces-State forces",
        "civilian_targeting": "",
        "iso": "51",
        "region": "Caucasus and Central Asia",
        "country": "Synthetic Country",
        "admin1": "Synthetic Province", "admin2": "", "admin3": "",
        "location": [PLACES[p][0] for p in place],
        "latitude": [f"{PLACES[p][1]:.4f}" for p in place],
        "longitude": [f"{PLACES[p][2]:.4f}" for p in place],
        "geo_precision": "1",
        "source": rng.choice(["Synthetic Agency", "Synthetic Daily; Synthetic Wire"], n),
        "source_scale": "National",
        "notes": [f"On {d:%d %B %Y}, synthetic row {i + 1}: a generated note, not a real event." for i, d in enumerate(dates)],
        "fatalities": rng.integers(0, 4, n).astype(str),
        "tags": "",
        "timestamp": "1700000000",
    }
    return pd.DataFrame(rows, columns=list(COLUMNS))


def acled_csv(n: int, seed: int = 0) -> bytes:
    return acled_frame(n, seed).to_csv(index=False).encode("utf-8")


def write_acled_dir(out, n: int, seed: int = 0, unknown_every: int = 0, with_bundled: bool = False):
    """Convert N generated rows into a data directory OUT (core/acled.py convert), as `python -m core.acled`
    would (`with_bundled`: beside the bundled record); every `unknown_every`-th row's fatalities left blank
    (unknown). Returns OUT as a Path."""
    from pathlib import Path

    from core.acled import convert

    out = Path(out)
    frame = acled_frame(n, seed)
    if unknown_every:
        frame.loc[frame.index % unknown_every == 0, "fatalities"] = ""
    out.mkdir(parents=True, exist_ok=True)
    export = out.parent / f"{out.name}-export.csv"
    export.write_bytes(frame.to_csv(index=False).encode("utf-8"))
    convert(export, out, with_bundled=with_bundled)
    export.unlink()
    return out


if __name__ == "__main__":
    out, count = sys.argv[1], int(sys.argv[2])
    with open(out, "wb") as handle:
        handle.write(acled_csv(count))
    print(f"wrote {count} generated ACLED-shaped rows to {out}")

"""A throwaway DuckDB connection for the checks that compare rows (references, evidence): each table is handed
over as Arrow, with its 1-based data row as `_row`, so a check is one query and a problem still names its row.

Nothing here holds data after the check: the connection is closed when the `with` block ends.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd


@contextmanager
def connection(tables: dict[str, pd.DataFrame]):
    """DuckDB with every frame registered as a view named after its table (`events.csv` -> `events`); a frame may
    also be an Arrow table (core/acled.py checks millions of written events without pandas)."""
    import duckdb
    import numpy as np
    import pyarrow as pa

    con = duckdb.connect(":memory:")
    try:
        for file, frame in tables.items():
            arrow = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame.reset_index(drop=True),
                                                                                   preserve_index=False)
            arrow = arrow.append_column("_row", pa.array(np.arange(1, len(frame) + 1, dtype=np.int64)))
            con.register(view_name(file), arrow)
        yield con
    finally:
        con.close()


def view_name(file: str) -> str:
    return file.rsplit(".", 1)[0]


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'

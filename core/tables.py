"""The table registry: the one list of the dataset's tables.

Each Table gives its name, the stem of its file (`events.csv` or `events.parquet`), its id column, whether
every dataset must have it, and what users call it and its rows. Validation messages, the loader, the
reference and evidence checks, the page registry and the query layer read it, so an id column or a table's
name is declared once. Messages name a table the same way whatever its format: "the events table".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Table:
    name: str  # 'events': the query layer's table and the file stem
    id_column: str
    required: bool  # a dataset without it is refused
    rows: str  # what its rows are called in a count: 'events', 'aid rows'
    has_evidence: bool  # every row carries a verbatim quote from its source

    @property
    def file(self) -> str:
        """The key the loader files the table under: its CSV name, also for a Parquet file."""
        return f"{self.name}.csv"

    @property
    def called(self) -> str:
        """How messages name it: 'the events table'."""
        return f"the {self.name} table"


TABLES: tuple[Table, ...] = (
    Table("sources", "source_id", True, "sources", False),
    Table("actors", "actor_id", True, "actors", False),
    Table("places", "place_id", False, "places", False),
    Table("topics", "topic_id", False, "topics", False),
    Table("events", "event_id", False, "events", True),
    Table("aid", "aid_id", False, "aid rows", True),
    Table("stances", "stance_id", False, "stances", True),
    Table("relations", "relation_id", False, "relations", True),
    Table("claims", "claim_id", False, "claims", True),
)
BY_NAME = {t.name: t for t in TABLES}
BY_FILE = {t.file: t for t in TABLES}
TABLE_FILES = tuple(t.file for t in TABLES)
REQUIRED_FILES = tuple(t.file for t in TABLES if t.required)


def table_of(file_name: str) -> Table | None:
    """The table a file holds ('data/events.parquet' -> events), or None for another file."""
    return BY_NAME.get(Path(file_name).name.rsplit(".", 1)[0]) if Path(file_name).suffix in (".csv", ".parquet") else None


def called(file_name: str) -> str:
    """How a message names the file: 'the events table' for a table in any format, else the file's own name."""
    table = table_of(file_name)
    return table.called if table else file_name

"""pandera schemas for every bundled table.

CSV files are read with every cell as text (blank cells as missing) and these schemas coerce them, so a bad
cell is reported as a named failure rather than raised by pandas. Cross-table rules (does this actor exist?)
live in core/integrity.py; the verbatim-evidence rule lives in core/evidence.py.
"""

from __future__ import annotations

import datetime as _dt

from pandera.pandas import Check, Column, DataFrameSchema

from core import tables, vocab
from core.vocab import HEX_COLOUR_PATTERN, ID_PATTERN, ISO_DATE_PATTERN, PARTIAL_DATE_PATTERN


def _is_real_date(value: str) -> bool:
    """True for a calendar date in YYYY, YYYY-MM or YYYY-MM-DD form (2022-02-30 is not)."""
    parts = str(value).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        _dt.date(year, month, day)
    except (ValueError, IndexError):
        return False
    return True


def _real_dates(series):
    """Element-wise _is_real_date, computed once per distinct value (a million dates hold a few thousand)."""
    import pandas as pd

    bad = [value for value in pd.unique(series.dropna()) if not _is_real_date(value)]
    return ~series.isin(bad) if bad else pd.Series(True, index=series.index)


def _text(nullable: bool = True, *checks: Check, unique: bool = False) -> Column:
    return Column(str, checks=list(checks), nullable=nullable, unique=unique, coerce=True)


def _id(unique: bool = True) -> Column:
    return _text(False, Check.str_matches(ID_PATTERN), unique=unique)


def _ref(nullable: bool = True) -> Column:
    return _text(nullable, Check.str_matches(ID_PATTERN))


def _one_of(values, nullable: bool = False) -> Column:
    return _text(nullable, Check.isin(list(values)))


def _iso_date(nullable: bool) -> Column:
    return _text(
        nullable,
        Check.str_matches(ISO_DATE_PATTERN),
        Check(_real_dates, element_wise=False, error="not a real calendar date"),
    )


def _partial_date(nullable: bool = True) -> Column:
    return _text(
        nullable,
        Check.str_matches(PARTIAL_DATE_PATTERN),
        Check(_real_dates, element_wise=False, error="not a real calendar date"),
    )


def _evidence(nullable: bool = False) -> Column:
    return _text(
        nullable,
        Check.str_length(min_value=1, max_value=vocab.EVIDENCE_MAX_CHARS),
    )


def _amount() -> Column:
    return Column(float, checks=[Check.gt(0)], nullable=True, coerce=True)


def _year(nullable: bool) -> Column:
    return Column("Int64", checks=[Check.in_range(1900, 2100)], nullable=nullable, coerce=True)


def _bool() -> Column:
    return _text(False, Check.isin(["true", "false"]))


# The columns written true/false (an upload's TRUE, True or Excel boolean is made lower case before the check:
# core/user_data.py).
BOOLEAN_COLUMNS = {"events.csv": ("key_period",)}


SOURCES = DataFrameSchema(
    {
        "source_id": _id(),
        "kind": _one_of(vocab.SOURCE_KINDS),
        "title": _text(False),
        "author": _text(),
        "publisher": _text(),
        "published": _partial_date(),
        "url": _text(True, Check.str_matches(r"^https?://\S+$")),
        "corpus_file": _text(True, Check.str_matches(r"^corpus/[a-z0-9_\-]+\.txt$")),
        "order": Column("Int64", checks=[Check.ge(1)], nullable=True, coerce=True),
        "confidence": _one_of(vocab.CONFIDENCE, nullable=True),
        "notes": _text(),
    },
    strict=True,
    name="sources.csv",
)

ACTORS = DataFrameSchema(
    {
        "actor_id": _id(),
        "name": _text(False),
        "kind": _one_of(vocab.ACTOR_KINDS),
        "parent_id": _ref(),
        "country": _text(),
        "colour": _text(False, Check.str_matches(HEX_COLOUR_PATTERN)),
    },
    strict=True,
    name="actors.csv",
)

EVENTS = DataFrameSchema(
    {
        "event_id": _id(),
        "date": _iso_date(False),
        "date_precision": _one_of(vocab.DATE_PRECISION),
        "end_date": _iso_date(True),
        "title": _text(False),
        "event_type": _one_of(vocab.EVENT_TYPES),
        "actors": _text(False, Check.str_matches(r"^[a-z0-9_\-]+(;[a-z0-9_\-]+)*$")),
        "place_id": _ref(),
        "source_id": _ref(False),
        "evidence": _evidence(),
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
        "correction_source_id": _ref(),
        "key_period": _bool(),
        # Optional in the file (vocab.OPTIONAL_COLUMNS): blank is unknown, 0 only when the source says none died.
        "fatalities": Column("Int64", checks=[Check.ge(0)], nullable=True, coerce=True, required=False),
    },
    strict=True,
    name="events.csv",
)

AID = DataFrameSchema(
    {
        "aid_id": _id(),
        "donor": _ref(False),
        "recipient": _ref(False),
        "fiscal_year": _year(False),
        "fiscal_year_end": _year(True),
        "program": _text(),
        "authority": _text(),
        "category": _one_of(vocab.AID_CATEGORIES),
        "amount_usd": _amount(),
        "amount_kind": _one_of(vocab.AMOUNT_KINDS),
        "parent_aid_id": _ref(),
        "source_id": _ref(False),
        "evidence": _evidence(),
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
        "correction_source_id": _ref(),
    },
    strict=True,
    name="aid.csv",
)

PLACES = DataFrameSchema(
    {
        "place_id": _id(),
        "name": _text(False),
        "alt_names": _text(),
        "kind": _one_of(vocab.PLACE_KINDS),
        "lat": Column(float, checks=[Check.in_range(-90, 90)], nullable=True, coerce=True),
        "lon": Column(float, checks=[Check.in_range(-180, 180)], nullable=True, coerce=True),
        "source_id": _ref(False),
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
    },
    strict=True,
    name="places.csv",
)

TOPICS = DataFrameSchema(
    {
        "topic_id": _id(),
        "name": _text(False),
        "description": _text(),
        "source_id": _ref(False),
    },
    strict=True,
    name="topics.csv",
)

STANCES = DataFrameSchema(
    {
        "stance_id": _id(),
        "actor_id": _ref(False),
        "topic_id": _ref(False),
        "date": _iso_date(False),
        "date_precision": _one_of(vocab.DATE_PRECISION),
        "stance": Column("Int64", checks=[Check.in_range(*vocab.STANCE_RANGE)], coerce=True),
        "evidence": _evidence(),
        "source_id": _ref(False),
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
    },
    strict=True,
    name="stances.csv",
)

RELATIONS = DataFrameSchema(
    {
        "relation_id": _id(),
        "actor_a": _ref(False),
        "actor_b": _ref(False),
        "kind": _one_of(vocab.RELATION_KINDS),
        "start_date": _partial_date(),
        "end_date": _partial_date(),
        "source_id": _ref(False),
        "evidence": _evidence(),
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
    },
    strict=True,
    name="relations.csv",
)

CLAIMS = DataFrameSchema(
    {
        "claim_id": _id(),
        "subject_event_id": _ref(False),
        "actor_id": _ref(),  # blank: the source's own account, no actor named
        "claim": _text(False),
        "evidence": _evidence(),
        "source_id": _ref(False),
        "date": _iso_date(True),  # blank where the source gives no date for the reading
        "confidence": _one_of(vocab.CONFIDENCE),
        "notes": _text(),
    },
    strict=True,
    name="claims.csv",
)

# File name -> (schema, id column), in the registry's order (core/tables.py): the load order and the order of
# reports. Each table's schema is the one above named after its file, so a new table's schema needs no other line.
_SCHEMAS = {value.name: value for value in list(globals().values()) if isinstance(value, DataFrameSchema)}
_UNDECLARED = [t.file for t in tables.TABLES if t.file not in _SCHEMAS]
if _UNDECLARED:
    raise ImportError(f"core/schema.py has no DataFrameSchema named {', '.join(_UNDECLARED)} (core/tables.py lists it)")
TABLES: dict[str, tuple[DataFrameSchema, str]] = {t.file: (_SCHEMAS[t.file], t.id_column) for t in tables.TABLES}

CORRIDOR_PROPERTIES = vocab.CORRIDOR_PROPERTIES


def columns_of(file_name: str) -> list[str]:
    schema, _ = TABLES[file_name]
    return list(schema.columns)



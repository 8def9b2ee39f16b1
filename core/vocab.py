"""Controlled vocabularies shared by the schemas, the filters and the pages.

data/README.md documents each of these lists; tests/unit/test_docs.py checks that it does.
"""

from core import tables

CONFIDENCE = ("high", "medium", "low")
DATE_PRECISION = ("day", "month", "year")
SOURCE_KINDS = ("corpus", "external")
# An event's origin is its source's kind: from a corpus article, or context from a public source.
ORIGINS = SOURCE_KINDS
ORIGIN_LABELS = {"corpus": "corpus articles", "external": "public sources (context)"}

ACTOR_KINDS = (
    "state",
    "government_body",
    "leader",
    "armed_forces",
    "company",
    "alliance",
    "peacekeeping_force",
    "de_facto_authority",
    "organisation",
)

EVENT_TYPES = (
    "armed_conflict",
    "ceasefire",
    "agreement",
    "ratification",
    "meeting",
    "visit",
    "statement",
    "military_exercise",
    "legislation",
    "aid_decision",
    "access_dispute",
    "infrastructure",
    "recognition",
    "sanctions",
)

AMOUNT_KINDS = ("appropriated", "notified", "requested", "planned", "total")
AID_CATEGORIES = ("security_assistance", "military_financing", "military_training", "all_assistance")

PLACE_KINDS = (
    "deposit",
    "capital",
    "city",
    "town",
    "village",
    "terminal",
    "border_point",
    "airport",
    "pipeline_point",
)

RELATION_KINDS = (
    "alliance",
    "strategic_partnership",
    "mediation",
    "dispute",
    "arms_supply",
    "peacekeeping",
    "cooperation_format",
)

CORRIDOR_MODES = ("road", "rail", "gas_pipeline", "road_rail")
CORRIDOR_STATUSES = ("operating", "proposed", "under_construction", "contested")

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
HEX_COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"

# Columns that are not text, per table: what the schemas coerce them to. The trusted fast loader in core/load.py
# applies the same conversions without importing pandera; a unit test checks both give identical frames.
NON_TEXT_COLUMNS = {
    "sources.csv": {"order": "Int64"},
    "places.csv": {"lat": "float64", "lon": "float64"},
    "aid.csv": {"fiscal_year": "Int64", "fiscal_year_end": "Int64", "amount_usd": "float64"},
    "stances.csv": {"stance": "Int64"},
}

# The tables in load (and report) order, and the properties every corridor feature carries.
TABLE_FILES = tables.TABLE_FILES  # the table registry is core/tables.py
CORRIDOR_PROPERTIES = ("corridor_id", "name", "mode", "status", "approximate", "waypoints", "source_id", "confidence", "notes")

STANCE_RANGE = (-2, 2)
EVIDENCE_MAX_CHARS = 300


def label(code: str) -> str:
    """Human label for a vocabulary code: 'armed_conflict' -> 'Armed conflict'."""
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]

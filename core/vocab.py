"""Controlled vocabularies shared by the schemas, the filters and the pages.

data/README.md documents each of these lists; tests/unit/test_docs.py checks that it does.
"""

CONFIDENCE = ("high", "medium", "low")
DATE_PRECISION = ("day", "month", "year")
SOURCE_KINDS = ("corpus", "external")

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

STANCE_RANGE = (-2, 2)
EVIDENCE_MAX_CHARS = 300


def label(code: str) -> str:
    """Human label for a vocabulary code: 'armed_conflict' -> 'Armed conflict'."""
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]

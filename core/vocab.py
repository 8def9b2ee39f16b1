"""Controlled vocabularies shared by the schemas, the filters and the pages.

data/README.md documents each of these lists; tests/unit/test_docs.py checks that it does.
"""

from core import tables

CONFIDENCE = ("high", "medium", "low")
DATE_PRECISION = ("day", "month", "year")
SOURCE_KINDS = ("corpus", "external")
# An event's origin: in the bundled record, its source's kind (from a corpus article, or context from a public
# source); an uploaded row's is its own (core/user_data.py): "acled" for a row of an ACLED export, "upload" for any
# other, whether the upload is explored alone or added to the bundled record.
UPLOAD_ORIGINS = ("acled", "upload")
ORIGINS = SOURCE_KINDS + UPLOAD_ORIGINS
ORIGIN_LABELS = {"corpus": "corpus articles", "external": "public sources (context)", "acled": "ACLED",
                 "upload": "your upload"}
# How a count of events of each origin is phrased ("12 from the corpus articles"): origin_counts() in core/text.py.
ORIGIN_PHRASES = {"corpus": "from the corpus articles", "external": "from public sources giving context",
                  "acled": "from your ACLED export", "upload": "from your upload"}
# One row's origin in a few words: a table's Origin column.
ORIGIN_SHORT = {"corpus": "Corpus", "external": "Context", "acled": "ACLED", "upload": "Your upload"}
# Every source id that core/acled.py gives an export's sources starts so ("acled-export", "acled-src-…"): a
# user-supplied directory's events that cite one are ACLED's rows (`python -m core.acled` wrote them).
ACLED_SOURCE_PREFIX = "acled-"
# One row's origin as a line of its hover (the Timeline's markers).
ORIGIN_LINES = {"corpus": "From a corpus article", "external": "Context: from a public source",
                "acled": "From your ACLED export (quote not verified)", "upload": "From your upload (quote not verified)"}

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

# The curated record's own event types.
CURATED_EVENT_TYPES = (
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

# ACLED's codebook: (disorder type, event type, sub-event type) -> our event type, one code per sub-event type.
# ACLED's Agreement is our `agreement`; every other sub-event type has a code of its own (core/acled.py maps them,
# data/README.md documents each).
ACLED_SUB_EVENT_TYPES = {
    ("Battles", "Armed clash"): "armed_clash",
    ("Battles", "Government regains territory"): "government_regains_territory",
    ("Battles", "Non-state actor overtakes territory"): "non_state_actor_overtakes_territory",
    ("Explosions/Remote violence", "Chemical weapon"): "chemical_weapon",
    ("Explosions/Remote violence", "Air/drone strike"): "air_drone_strike",
    ("Explosions/Remote violence", "Suicide bomb"): "suicide_bomb",
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): "shelling_artillery_missile_attack",
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"): "remote_explosive_landmine_ied",
    ("Explosions/Remote violence", "Grenade"): "grenade",
    ("Violence against civilians", "Sexual violence"): "sexual_violence",
    ("Violence against civilians", "Attack"): "attack_on_civilians",
    ("Violence against civilians", "Abduction/forced disappearance"): "abduction_forced_disappearance",
    ("Protests", "Peaceful protest"): "peaceful_protest",
    ("Protests", "Protest with intervention"): "protest_with_intervention",
    ("Protests", "Excessive force against protesters"): "excessive_force_against_protesters",
    ("Riots", "Violent demonstration"): "violent_demonstration",
    ("Riots", "Mob violence"): "mob_violence",
    ("Strategic developments", "Agreement"): "agreement",
    ("Strategic developments", "Arrests"): "arrests",
    ("Strategic developments", "Change to group/activity"): "change_to_group_activity",
    ("Strategic developments", "Disrupted weapons use"): "disrupted_weapons_use",
    ("Strategic developments", "Headquarters or base established"): "headquarters_or_base_established",
    ("Strategic developments", "Looting/property destruction"): "looting_property_destruction",
    ("Strategic developments", "Non-violent transfer of territory"): "non_violent_transfer_of_territory",
    ("Strategic developments", "Other"): "other_strategic_development",
}
ACLED_EVENT_TYPES = tuple(dict.fromkeys(t for t in ACLED_SUB_EVENT_TYPES.values() if t not in CURATED_EVENT_TYPES))
# An ACLED event type whose sub-event type is blank or not in the codebook: the event type's own code.
ACLED_EVENT_TYPE_FALLBACK = {
    "Battles": "armed_clash",
    "Explosions/Remote violence": "explosion_remote_violence",
    "Violence against civilians": "violence_against_civilians",
    "Protests": "protest",
    "Riots": "riot",
    "Strategic developments": "other_strategic_development",
}
ACLED_EVENT_TYPES += tuple(t for t in dict.fromkeys(ACLED_EVENT_TYPE_FALLBACK.values()) if t not in ACLED_EVENT_TYPES)

EVENT_TYPES = CURATED_EVENT_TYPES + ACLED_EVENT_TYPES

# Event types grouped into a few families: one colour per family (components/figures/palette.py), shape or label
# within it. Every event type belongs to exactly one family (tests/unit/test_export_vocabulary.py checks).
EVENT_FAMILIES = {
    "political_violence": ("armed_conflict", "armed_clash", "government_regains_territory",
                           "non_state_actor_overtakes_territory", "chemical_weapon", "air_drone_strike", "suicide_bomb",
                           "shelling_artillery_missile_attack", "remote_explosive_landmine_ied", "grenade",
                           "explosion_remote_violence", "sexual_violence", "attack_on_civilians",
                           "abduction_forced_disappearance", "violence_against_civilians"),
    "demonstrations": ("peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters",
                       "protest", "violent_demonstration", "mob_violence", "riot"),
    "strategic_developments": ("arrests", "change_to_group_activity", "disrupted_weapons_use",
                               "headquarters_or_base_established", "looting_property_destruction",
                               "non_violent_transfer_of_territory", "other_strategic_development",
                               "military_exercise", "access_dispute", "infrastructure"),
    "diplomacy_and_law": ("ceasefire", "agreement", "ratification", "meeting", "visit", "statement", "legislation",
                          "aid_decision", "recognition", "sanctions"),
}
FAMILY_OF = {event_type: family for family, members in EVENT_FAMILIES.items() for event_type in members}

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
    "events.csv": {"fatalities": "Int64"},
    "aid.csv": {"fiscal_year": "Int64", "fiscal_year_end": "Int64", "amount_usd": "float64"},
    "stances.csv": {"stance": "Int64"},
}

# The tables in load (and report) order, and the properties every corridor feature carries.
TABLE_FILES = tables.TABLE_FILES  # the table registry is core/tables.py
CORRIDOR_PROPERTIES = ("corridor_id", "name", "mode", "status", "approximate", "waypoints", "source_id", "confidence", "notes")

# Columns a file may leave out: the loader adds them blank (core/load.py with_optional_columns), so older data
# directories and uploads still load and every validated frame has the schema's columns.
OPTIONAL_COLUMNS = {"events.csv": ("fatalities",)}

STANCE_RANGE = (-2, 2)
EVIDENCE_MAX_CHARS = 300


def label(code: str) -> str:
    """Human label for a vocabulary code: 'armed_conflict' -> 'Armed conflict'."""
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]

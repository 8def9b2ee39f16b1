"""The colours every figure draws with, one meaning each, shared so that new pages inherit them.

- FAMILY_COLOURS / TYPE_COLOURS: one colour per family of event types (core/vocab.py EVENT_FAMILIES), and so per
  event type its family's colour (the Timeline's markers, period bars, whiskers and count bars, the Overview's
  monthly chart, the map). Forty-odd types are more than colour can separate, so the Timeline gives each type a
  shape (SYMBOLS in figures/timeline.py) and every legend names the type.
- PERIOD_COLOURS: the key periods' bands and number tags, one per period by its place in the full list of key
  periods, so a period keeps its colour whatever the filter. Earthy tones the type palette does not use.
- NEUTRAL: marks whose colour carries no category (density dots, legend keys for line styles, the Overview's
  coverage bars, where corpus and context differ by fill pattern, ORIGIN_PATTERNS, not by a colour that
  already means an event type or a period).

Every colour is a mid-tone: WCAG 2.1 asks graphics for 3:1 against what they sit on, and here that is both the
light (#FFFFFF) and the dark (#111418) background of .streamlit/config.toml, so a colour's relative luminance
must lie between about 0.12 and 0.30. tests/unit/test_contrast.py computes the ratio of each one against both.
"""

from __future__ import annotations

from core.vocab import EVENT_FAMILIES, EVENT_TYPES, FAMILY_OF

# One colour per family of event types (core/vocab.py EVENT_FAMILIES); within a family the Timeline's shape
# (SYMBOLS in figures/timeline.py) and the legend's label tell the types apart.
FAMILY_COLOURS = {
    "political_violence": "#D43636",  # red
    "demonstrations": "#E56A13",  # orange
    "strategic_developments": "#9846C1",  # purple
    "diplomacy_and_law": "#217BBB",  # blue
}
TYPE_COLOURS = {event_type: FAMILY_COLOURS[FAMILY_OF[event_type]] for event_type in EVENT_TYPES}
UNKNOWN_TYPE_COLOUR = "#818181"
PERIOD_COLOURS = ("#B0603A", "#5F7F8F", "#8C6D9E", "#6E8B3D")  # sienna, slate, dusty purple, moss
NEUTRAL = "#7A7A7A"
# solid for corpus, hatched for context, dotted for an ACLED upload's rows, crossed for other uploaded rows
ORIGIN_PATTERNS = {"corpus": "", "external": "/", "acled": ".", "upload": "x"}
BAND_ALPHA = 0.16  # a key period's band: its colour at this opacity, edged in the full colour


def type_colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, UNKNOWN_TYPE_COLOUR)


# Bar fill patterns, one per type within its family (the first type of a family is solid), for charts that have
# no marker shape to tell a family's types apart (the Overview's monthly bars).
PATTERNS = ("", "/", "\\", "x", ".", "-", "|", "+")


def family_of(event_type: str) -> str:
    return FAMILY_OF.get(event_type, "other")


def type_order(event_type: str) -> tuple[int, int, str]:
    """Families in EVENT_FAMILIES' order, types in their family's order: the legend reads family by family."""
    family = family_of(event_type)
    families = list(EVENT_FAMILIES)
    members = EVENT_FAMILIES.get(family, ())
    return (families.index(family) if family in families else len(families),
            members.index(event_type) if event_type in members else len(members), event_type)


def type_pattern(event_type: str) -> dict:
    """A bar's fill pattern: its shape by the type's place in its family, in white stripes for the first eight
    types of a family and in dark stripes for the next eight, so no two types of one family look alike."""
    members = EVENT_FAMILIES.get(family_of(event_type), ())
    index = members.index(event_type) if event_type in members else 3
    stripes = "#ffffff" if index < len(PATTERNS) else "#1a1a1a"
    shape = PATTERNS[index] if index < len(PATTERNS) else PATTERNS[1 + (index - len(PATTERNS)) % (len(PATTERNS) - 1)]
    return dict(shape=shape, fgcolor=stripes, solidity=0.45, fillmode="overlay")  # stripes over the family colour


def period_colour(number: int) -> str:
    """The colour of key period `number` (1-based, its place among all key periods)."""
    return PERIOD_COLOURS[(number - 1) % len(PERIOD_COLOURS)]


def tint(colour: str, alpha: float = BAND_ALPHA) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"

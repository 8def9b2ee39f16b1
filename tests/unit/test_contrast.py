"""Graphic colours pass WCAG 2.1's 3:1 non-text contrast (SC 1.4.11) against the page background of both
themes, read from .streamlit/config.toml: every palette colour, and every colour the Timeline and Overview
figures actually draw. The ratio is computed here from the WCAG formula, not taken from a library."""

from __future__ import annotations

import re
import tomllib

import pytest

from components.figures import palette
from components.figures.timeline import AGGREGATE_THRESHOLD, build_timeline
from core.filters import FilterSpec
from core.query import Store
from tests.conftest import REPO

THEME = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["theme"]
BACKGROUNDS = {name: THEME[name]["backgroundColor"] for name in ("light", "dark")}
MINIMUM = 3.0


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (_channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_known_ratios():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#332288", "#111418") < 3  # the old Agreement indigo on the dark background


PALETTE = {f"type {k}": v for k, v in palette.TYPE_COLOURS.items()}
PALETTE |= {f"period {i + 1}": v for i, v in enumerate(palette.PERIOD_COLOURS)}
PALETTE |= {f"family {k}": v for k, v in palette.FAMILY_COLOURS.items()}
PALETTE |= {"neutral": palette.NEUTRAL}


def test_every_event_type_has_a_family_colour_and_a_shape_of_its_own_within_it():
    """ACLED's types and the curated ones: one colour per family (a few, told apart), one shape per type within
    its family (the Timeline's SYMBOLS)."""
    from components.figures.timeline import SYMBOLS
    from core import vocab

    assert set(vocab.FAMILY_OF) == set(vocab.EVENT_TYPES) == set(palette.TYPE_COLOURS) == set(SYMBOLS)
    assert len(set(palette.FAMILY_COLOURS.values())) == len(palette.FAMILY_COLOURS) == len(vocab.EVENT_FAMILIES)
    for family, members in vocab.EVENT_FAMILIES.items():
        assert {palette.TYPE_COLOURS[t] for t in members} == {palette.FAMILY_COLOURS[family]}
        shapes = [SYMBOLS[t] for t in members]
        assert len(set(shapes)) == len(shapes), family


@pytest.mark.parametrize("theme", sorted(BACKGROUNDS))
@pytest.mark.parametrize("name", sorted(PALETTE))
def test_every_palette_colour_passes_3_to_1(name, theme):
    ratio = contrast(PALETTE[name], BACKGROUNDS[theme])
    assert ratio >= MINIMUM, f"{name} {PALETTE[name]} on {theme} {BACKGROUNDS[theme]}: {ratio:.2f}:1"


def _solid_colours(fig) -> set[str]:
    """Every #RRGGBB a figure draws its marks with: markers, marker outlines, lines, bars, band edges."""
    found: set[str] = set()

    def take(value):
        values = value if isinstance(value, (list, tuple)) else [value]
        found.update(v.upper() for v in values if isinstance(v, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", v))

    for trace in fig.data:
        marker = getattr(trace, "marker", None)
        if marker is not None:
            take(marker.color)
            if getattr(marker, "line", None) is not None:
                take(marker.line.color)
        line = getattr(trace, "line", None)
        if line is not None:
            take(line.color)
    for shape in fig.layout.shapes:
        take(shape.line.color)
    for note in fig.layout.annotations:
        take(note.bgcolor)
    return found


@pytest.fixture(scope="module")
def drawn(dataset) -> set[str]:
    from components.figures.overview import build_monthly, build_coverage
    store = Store(dataset)
    colours = set()
    for spec in (FilterSpec(), FilterSpec(years=(1992, 2022)), FilterSpec(text="Lachin")):
        colours |= _solid_colours(build_timeline(store.timeline(spec, AGGREGATE_THRESHOLD), years=spec.years))
    colours |= _solid_colours(build_timeline(store.timeline(FilterSpec(), 0), years=(2018, 2022)))  # density view
    colours |= _solid_colours(build_monthly(store.summary(FilterSpec()).monthly_by_type(), store.key_periods(),
                                            (2018, 2022)))
    colours |= _solid_colours(build_coverage(store.summary(FilterSpec()).coverage_by_year()))
    return colours


@pytest.mark.parametrize("theme", sorted(BACKGROUNDS))
def test_every_colour_the_figures_draw_passes_3_to_1(drawn, theme):
    assert drawn
    failing = {c: round(contrast(c, BACKGROUNDS[theme]), 2) for c in drawn if contrast(c, BACKGROUNDS[theme]) < MINIMUM}
    assert not failing, f"below {MINIMUM}:1 on {theme} {BACKGROUNDS[theme]}: {failing}"

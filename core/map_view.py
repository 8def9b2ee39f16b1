"""The Map page's own settings, which its link keeps: the preset view (`view=`), the zoom steps in or out from
it (`zoom=`, set by the zoom buttons) and the layers drawn (`layers=`).

Plain data and the two URL parsers (core/pages.py registers them); the figure builder
(components/figures/map.py) reads the same presets and layer names."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.text import shorten


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    lat: float
    lon: float
    zoom: float


PRESETS: tuple[Preset, ...] = (
    Preset("karabakh", "Karabakh and the mines", 39.75, 46.65, 7.6),
    Preset("zangezur", "Zangezur / Nakhchivan corridor", 39.35, 45.6, 6.6),
    Preset("sgc", "Southern Gas Corridor to Italy", 40.4, 34.2, 3.8),
    Preset("region", "Whole region", 49.6, 32.5, 3.0),
)
PRESETS_BY_ID = {p.id: p for p in PRESETS}
DEFAULT_PRESET = "karabakh"

# The zoom buttons step the view's zoom from the preset's, one level (twice as close) a step, within these bounds.
MIN_ZOOM, MAX_ZOOM = 2.0, 11.0
# Reset view draws the preset's centre again after the reader dragged the map: the chart applies a view only
# when it differs from the one it drew last, so every other reset moves the centre by this (a few centimetres).
RECENTRE_NUDGE = 1e-6


def zoom_steps(preset: str) -> range:
    """The zoom steps a preset allows (its zoom plus a step stays within MIN_ZOOM and MAX_ZOOM)."""
    zoom = PRESETS_BY_ID.get(preset, PRESETS_BY_ID[DEFAULT_PRESET]).zoom
    return range(math.ceil(MIN_ZOOM - zoom), math.floor(MAX_ZOOM - zoom) + 1)


def view_state(preset: str, zoom_step: int = 0, recentred: int = 0) -> dict[str, float]:
    """The view the map is drawn at (latitude, longitude, zoom, bearing, pitch): the preset's centre, north up and
    seen from above (each nudged on every other reset, see RECENTRE_NUDGE) and its zoom plus `zoom_step` (clamped
    to the preset's steps)."""
    view = PRESETS_BY_ID.get(preset, PRESETS_BY_ID[DEFAULT_PRESET])
    steps = zoom_steps(view.id)
    step = min(max(zoom_step, steps.start), steps.stop - 1)
    nudge = RECENTRE_NUDGE * (recentred % 2)
    return {"latitude": view.lat + nudge, "longitude": view.lon + nudge, "zoom": round(view.zoom + step, 6),
            "bearing": nudge, "pitch": nudge}


def zoom_from_param(value: str | None) -> int:
    """The zoom step a (parsed) `zoom=` value names; 0 (the preset's zoom) when there is none."""
    return int(value) if value else 0


def parse_zoom(value: str, store=None) -> tuple[str | None, str | None]:
    """A zoom step: a whole number from -9 to 9, not 0 (no `zoom=` is the preset's zoom)."""
    if re.fullmatch(r"-?[1-9]", value):
        return value, None
    return None, f"unknown map zoom '{shorten(value, 41)}' in the link was ignored"

# Every layer the user can switch, in the order of the toggles; the outlines are always drawn, under the rest.
LAYERS: dict[str, str] = {
    "deposits": "Deposits",
    "corridors": "Corridors",
    "places": "Places",
    "events": "Events at places",
    "basemap": "Web basemap",
}
LAYER_HELP = {"basemap": "Map tiles from Carto, loaded over the internet. Off by default: the outlines bundled with "
                          "the data need no connection."}
DEFAULT_LAYERS: frozenset[str] = frozenset({"deposits", "corridors", "places", "events"})
NO_LAYERS = "none"  # the value of `layers=` when every layer is off


def layers_param(layers) -> str | None:
    """The `layers=` value for a set of layers: None for the default set, 'none' for no layer."""
    chosen = [name for name in LAYERS if name in set(layers)]
    if set(chosen) == DEFAULT_LAYERS:
        return None
    return ",".join(chosen) if chosen else NO_LAYERS


def layers_from_param(value: str | None) -> frozenset[str]:
    """The layers a (parsed) `layers=` value names; the default set when there is none."""
    if not value:
        return DEFAULT_LAYERS
    return frozenset() if value == NO_LAYERS else frozenset(v for v in value.split(",") if v in LAYERS)


def parse_layers(value: str, store=None) -> tuple[str | None, str | None]:
    names = value.split(",") if len(value) <= 100 else [value]
    if value == NO_LAYERS or (names and all(n in LAYERS for n in names)):
        return value, None
    return None, f"unknown map layers '{shorten(value, 41)}' in the link were ignored"


def parse_view(value: str, store=None) -> tuple[str | None, str | None]:
    if value in PRESETS_BY_ID:
        return value, None
    return None, f"unknown map view '{shorten(value, 41)}' in the link was ignored"


BUNDLED_OUTLINES = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "countries.geojson"
# The app's static folder (Streamlit serves it at app/static/ with `server.enableStaticServing`): it holds a copy
# of the bundled outlines named by their content, so a browser fetches them once and caches them instead of
# receiving them inside the deck on every view (scripts/static_outlines.py writes it; a test checks it is current).
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "app/static/"
OUTLINES_FILE = Path("boundaries") / "countries.geojson"


def outlines_path(data_dir: Path) -> Path:
    """The data directory's own country outlines if it has them, else the bundled ones (an outline is no table:
    a dataset of events from elsewhere still gets a map)."""
    own = Path(data_dir) / OUTLINES_FILE
    return own if own.is_file() else BUNDLED_OUTLINES


@lru_cache(maxsize=4)
def _read(path: str, size: int, mtime: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_outlines(data_dir: Path) -> dict:
    """The country outlines as a GeoJSON FeatureCollection (read once per file version; shared, read-only)."""
    path = outlines_path(data_dir)
    stat = path.stat()
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


def static_outlines_name(content: bytes) -> str:
    """The static copy's file name for outlines with this content."""
    return f"outlines-{hashlib.sha256(content).hexdigest()[:12]}.json"


@lru_cache(maxsize=4)
def _static_url(path: str, size: int, mtime: int) -> str | None:
    name = static_outlines_name(Path(path).read_bytes())
    return STATIC_URL + name if (STATIC_DIR / name).is_file() else None


def outlines_url(data_dir: Path) -> str | None:
    """The URL, relative to the page, at which the server sends the data directory's outlines as a static file:
    when the static folder holds a copy with the same content (it does for the bundled outlines). None for other
    outlines, which the deck then carries itself."""
    path = outlines_path(data_dir)
    stat = path.stat()
    return _static_url(str(path), stat.st_size, stat.st_mtime_ns)

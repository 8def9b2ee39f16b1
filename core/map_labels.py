"""Where the Map's labels go at a preset's zoom, so that no two overlap.

Plain Python, no Streamlit. Each label is a name beside a point; at the preset's zoom (Web Mercator, 512 px
per world at zoom 0, as deck.gl's MapView) its box is estimated from the name's length and the font size. The
labels are placed in priority order (deposits, capitals, the pipelines' ends and junctions, cities, borders,
airports, towns, the rest; ties by the number of events, then id): each tries right of its point, then left,
above and below (centred, then ending or starting at the point), and takes the first spot that overlaps no label already placed. A label with no free spot is
not drawn at that preset (its point keeps its tooltip, and a closer preset names it).

The page cannot know the screen's width, and a preset's view is chosen for the wide map, so on a phone the map
shows only the middle of it (PHONE_VIEW_PX). A label whose point lies in that middle takes, of its free spots,
one wholly inside it first (left of a point near the right edge, above or below one near either edge), so it is
not cut at a phone's edge; the others keep the order above.

deck.gl keeps the labels' pixel offsets while the user zooms, so labels placed for a preset stay clear of each
other when zooming in, and may touch when zooming out past the preset.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LABEL_PRIORITY = {"deposit": 100, "capital": 80, "terminal": 70, "pipeline_point": 60, "city": 50, "border": 40,
                  "airport": 30, "town": 20}
OTHER_PRIORITY = 10
CHAR_WIDTH = 0.62  # an average glyph's width in em for the sans-serif at weight 600–700 (a generous estimate)
HALO = 4  # px of outline around the glyphs
GAP = 4  # px between a point's edge and its label
WORLD_PX = 512  # deck.gl's MapView: 512 px per world at zoom 0
PHONE_VIEW_PX = (358, 520)  # the map on a 390 px screen: its width less the page's padding, and its height


@dataclass(frozen=True)
class Placed:
    anchor: str  # 'start', 'end' or 'middle'
    offset: tuple[float, float]  # px from the point, y down
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in world px at the zoom


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (y grows southwards)."""
    scale = WORLD_PX * 2 ** zoom
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0 * scale
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * scale
    return x, y


def text_size(name: str, size: float) -> tuple[float, float]:
    """Estimated width and height in px of a label with its halo."""
    return len(name) * CHAR_WIDTH * size + 2 * HALO, size + 2 * HALO


def _candidates(x: float, y: float, radius: float, w: float, h: float):
    off = radius + GAP
    yield "start", (off, 0.0), (x + off, y - h / 2, x + off + w, y + h / 2)
    yield "end", (-off, 0.0), (x - off - w, y - h / 2, x - off, y + h / 2)
    # Above and below clear the point and the labels beside it.
    vy = max(off, h / 2)
    yield "middle", (0.0, -(vy + h / 2)), (x - w / 2, y - vy - h, x + w / 2, y - vy)
    yield "middle", (0.0, vy + h / 2), (x - w / 2, y + vy, x + w / 2, y + vy + h)
    # Above or below, ending at the point or starting at it: a point near a phone's left or right edge.
    for dy in (-(vy + h / 2), vy + h / 2):
        yield "end", (0.0, dy), (x - w, y + dy - h / 2, x, y + dy + h / 2)
        yield "start", (0.0, dy), (x, y + dy - h / 2, x + w, y + dy + h / 2)


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def priority(kind: str) -> int:
    return LABEL_PRIORITY.get(kind, OTHER_PRIORITY)


def phone_view(centre: tuple[float, float] | None, zoom: float) -> tuple[float, float, float, float] | None:
    """The box (world px at `zoom`) a phone's map shows around the view's `centre` (lon, lat)."""
    if centre is None:
        return None
    x, y = project(*centre, zoom)
    return x - PHONE_VIEW_PX[0] / 2, y - PHONE_VIEW_PX[1] / 2, x + PHONE_VIEW_PX[0] / 2, y + PHONE_VIEW_PX[1] / 2


def inside(box, view) -> bool:
    """Whether a label's box lies in the view; its halo (HALO px, counted in the box) may touch the edge."""
    return (view[0] - HALO <= box[0] and box[2] <= view[2] + HALO
            and view[1] - HALO <= box[1] and box[3] <= view[3] + HALO)


def _phone_first(candidates: list, view) -> list:
    """Spots wholly inside the phone's view first, the others after, each in their own order."""
    return candidates if view is None else sorted(candidates, key=lambda c: not inside(c[-1], view))


def place_labels(items: Iterable[Mapping], zoom: float, centre: tuple[float, float] | None = None) -> dict[str, Placed]:
    """items: {'id', 'name', 'lon', 'lat', 'kind', 'size' (font px), 'radius' (px of the point or circle),
    'events'}; `centre`: the view's (lon, lat), whose phone-sized middle labels prefer to stay in. A label covers
    no other label, and no drawn point or circle where it has a spot clear of them. Returns id -> Placed for every
    label that fits, in placement order."""
    items = list(items)
    ordered = sorted(items, key=lambda i: (-priority(i["kind"]), -int(i.get("events") or 0), i["id"]))
    view = phone_view(centre, zoom)
    points = [point_box(float(i["lon"]), float(i["lat"]), float(i["radius"]), zoom) for i in items]
    placed: dict[str, Placed] = {}
    for item in ordered:
        x, y = project(float(item["lon"]), float(item["lat"]), zoom)
        w, h = text_size(item["name"], item["size"])
        spots = list(_candidates(x, y, float(item["radius"]), w, h))
        # Clear of every drawn point and circle where it can be (else over one, rather than unnamed).
        spots.sort(key=lambda spot: any(overlaps(spot[-1], point) for point in points))
        for anchor, offset, box in _phone_first(spots, view):
            if not any(overlaps(box, other.box) for other in placed.values()):
                placed[item["id"]] = Placed(anchor, offset, box)
                break
    return placed


# Where along a line its label may go, as fractions of the line's drawn length: the middle first, then outwards.
LINE_FRACTIONS = tuple(sorted((i / 20 for i in range(2, 19)), key=lambda f: (abs(f - 0.5), f)))


def point_along(points: list[tuple[float, float]], fraction: float) -> tuple[int, float]:
    """The segment index and the fraction along it of the point at `fraction` of the polyline's length."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    target = sum(lengths) * fraction
    for index, length in enumerate(lengths):
        if target <= length or index == len(lengths) - 1:
            return index, (target / length if length else 0.0)
        target -= length
    return 0, 0.0


def place_line_labels(lines: Iterable[Mapping], zoom: float, taken: Iterable[tuple[float, float, float, float]] = (),
                      centre: tuple[float, float] | None = None) -> dict[str, tuple[str, list[float], Placed]]:
    """lines: {'id', 'names' (the label's wordings, longest first), 'path' ([lon, lat] points), 'size' (font
    px)}, in priority order. Each label tries, for each wording in turn, the points at LINE_FRACTIONS of its
    line's length (nearest the view's `centre` (lon, lat) first when given, so a line crossing the view is named
    in it), above the line then below it, and takes the first spot that overlaps neither `taken` (boxes in world
    px at the zoom: the point labels, the points) nor a line label already placed; with a `centre`, a spot
    wholly inside a phone's view of it (any wording) before one that is not. Returns id -> (the wording,
    [lon, lat] of the point on the line, Placed with anchor 'middle')."""
    boxes = list(taken)
    placed: dict[str, tuple[str, list[float], Placed]] = {}
    for line in lines:
        path = [(float(lon), float(lat)) for lon, lat in line["path"]]
        if len(path) >= 2:
            found = _line_spot(path, line["names"], line["size"], zoom, boxes,
                               project(*centre, zoom) if centre else None, phone_view(centre, zoom))
            if found is not None:
                placed[line["id"]] = found
                boxes.append(found[2].box)
    return placed


def _line_spot(path, names, size, zoom, boxes, centre, view=None) -> tuple[str, list[float], Placed] | None:
    points = [project(lon, lat, zoom) for lon, lat in path]
    spots = []
    for fraction in LINE_FRACTIONS:
        index, along = point_along(points, fraction)
        (x0, y0), (x1, y1) = points[index], points[index + 1]
        spots.append((x0 + (x1 - x0) * along, y0 + (y1 - y0) * along))
    if centre is not None:
        spots.sort(key=lambda spot: math.dist(spot, centre))  # stable: ties keep the middle-first order
    for in_view in ((True, False) if view is not None else (False,)):
        found = _free_spot(names, size, zoom, spots, boxes, view if in_view else None)
        if found is not None:
            return found
    return None


def _free_spot(names, size, zoom, spots, boxes, view) -> tuple[str, list[float], Placed] | None:
    """The first free spot of the first wording that has one (wholly inside `view` when given)."""
    for name in names:
        w, h = text_size(name, size)
        for x, y in spots:
            for dy in (-(h / 2 + GAP), h / 2 + GAP):
                box = (x - w / 2, y + dy - h / 2, x + w / 2, y + dy + h / 2)
                if (view is None or inside(box, view)) and not any(overlaps(box, other) for other in boxes):
                    # the point on the drawn segment (straight in Web Mercator, as deck.gl draws it), in degrees
                    return name, _unproject(x, y, zoom), Placed("middle", (0.0, dy), box)
    return None


def _unproject(x: float, y: float, zoom: float) -> list[float]:
    scale = WORLD_PX * 2 ** zoom
    lon = x / scale * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale))))
    return [lon, lat]


def point_box(lon: float, lat: float, radius: float, zoom: float) -> tuple[float, float, float, float]:
    """The box a drawn point or circle of `radius` px covers at the zoom (an obstacle for line labels)."""
    x, y = project(lon, lat, zoom)
    return x - radius, y - radius, x + radius, y + radius

"""A fixed layout for the relations network: a seeded Fruchterman–Reingold spring layout in plain numpy, and a
placement of each node's name beside it that keeps clear of the other names, the nodes and the lines.

Same edges in, same positions out, on every run and machine: nodes are taken in sorted order, the start
positions come from a seeded generator, and the number of steps is fixed. Positions are scaled into [-1, 1].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SEED = 7
STEPS = 200
GRAVITY = 1.5


def spring_layout(edges: Iterable[tuple[str, str]], seed: int = SEED, steps: int = STEPS) -> dict[str, tuple[float, float]]:
    """Positions {node: (x, y)} for the undirected graph of `edges` (a repeated edge pulls harder)."""
    edges = [(str(a), str(b)) for a, b in edges]
    nodes = sorted({n for edge in edges for n in edge})
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    count = len(nodes)
    weight = np.zeros((count, count))
    for a, b in edges:
        if a != b:
            weight[index[a], index[b]] += 1
            weight[index[b], index[a]] += 1
    pos = np.random.default_rng(seed).uniform(-1, 1, size=(count, 2))
    k = np.sqrt(4.0 / count)  # the ideal distance in a 2 × 2 box
    temperature = 0.2
    for _ in range(steps):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = k * k / distance**2 - weight * distance / k  # repulsion minus attraction along each edge
        np.fill_diagonal(force, 0.0)
        move = (delta * force[:, :, None]).sum(axis=1) - GRAVITY * pos  # gravity keeps loose parts near
        length = np.maximum(np.linalg.norm(move, axis=-1), 1e-9)
        pos += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature * 0.98, 0.005)
    pos -= pos.mean(axis=0)
    # Each axis scaled on its own, so the network fills the wide plot instead of a square in its middle.
    pos /= np.maximum(np.abs(pos).max(axis=0), 1e-9)
    return {n: (round(float(x), 6), round(float(y), 6)) for n, (x, y) in zip(nodes, pos)}


# ---- Label placement: each node's name beside it, clear of the other names, the nodes and the lines.

# The sides of a node a label may sit on, in the order they are preferred: (dx, dy), where -1 is left or above,
# 0 centred and +1 right or below, in screen terms; each is tried next to the marker and then a little further out.
LABEL_SIDES = ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1))
LABEL_PUSH_PX = (0.0, 6.0, 12.0, 20.0)


@dataclass(frozen=True)
class Canvas:
    """The plot area a network is drawn on: its size in pixels, the data ranges it shows, and the text metrics
    the label boxes are estimated with (Plotly draws 12 px text about 6.5 px a character, 1.3 lines high)."""
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    font_px: float = 12.0
    char_px: float = 6.5
    marker_px: float = 16.0  # the node marker's diameter
    gap_px: float = 3.0  # between a marker's edge and its label

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (x - x0) / (x1 - x0) * self.width, (y1 - y) / (y1 - y0) * self.height

    def to_data(self, px: float, py: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return x0 + px / self.width * (x1 - x0), y1 - py / self.height * (y1 - y0)


Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels, y growing downwards


def text_size(canvas: Canvas, text: str) -> tuple[float, float]:
    """The estimated width and height in pixels of a label of `text` (lines split by <br>)."""
    lines = text.split("<br>")
    return max(len(line) for line in lines) * canvas.char_px, len(lines) * canvas.font_px * 1.3


def box_around(centre: tuple[float, float], size: tuple[float, float]) -> Box:
    """The box of that size centred on `centre` (px): how a label drawn at its centre is checked."""
    (cx, cy), (width, height) = centre, size
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def label_box(canvas: Canvas, centre: tuple[float, float], text: str, dx: int, dy: int, push: float = 0.0) -> Box:
    """The box a label of `text` takes on side (dx, dy) of a node drawn at `centre` (px), `push` px further out."""
    width, height = text_size(canvas, text)
    reach = canvas.marker_px / 2 + canvas.gap_px + push
    cx, cy = centre
    left = cx - width / 2 if dx == 0 else (cx + reach if dx > 0 else cx - reach - width)
    top = cy - height / 2 if dy == 0 else (cy + reach if dy > 0 else cy - reach - height)
    if dx and dy:  # a corner slot sits off the marker's corner, not off its side
        left += -dx * reach * 0.3
        top += -dy * reach * 0.3
    return left, top, left + width, top + height


def boxes_overlap(one: Box, other: Box) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def segment_hits_box(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the segment a–b passes through `box` (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    low, high = 0.0, 1.0
    for p, q in ((-(x1 - x0), x0 - box[0]), (x1 - x0, box[2] - x0), (-(y1 - y0), y0 - box[1]), (y1 - y0, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _cost(box: Box, canvas: Canvas, placed: list[Box], segments: list[tuple], nodes: list[tuple[float, float]]) -> float:
    cost = 0.0
    if box[0] < 0 or box[1] < 0 or box[2] > canvas.width or box[3] > canvas.height:
        cost += 1000
    cost += 1000 * sum(boxes_overlap(box, other) for other in placed)
    radius = canvas.marker_px / 2
    cost += 500 * sum(boxes_overlap(box, (x - radius, y - radius, x + radius, y + radius)) for x, y in nodes)
    cost += 100 * sum(segment_hits_box(a, b, box) for a, b in segments)
    return cost


def place_labels(positions: dict[str, tuple[float, float]], edges: Iterable[tuple[str, str]], labels: dict[str, str],
                 canvas: Canvas, extra_points: Iterable[tuple[float, float]] = ()) -> dict[str, tuple[float, float]]:
    """Where to draw each node's label: the centre of its text, in data units. Greedily, the nodes with the most
    lines first, each takes the first place (LABEL_SIDES, nearest first) that overlaps no placed label, no other
    node, no line and stays on the canvas, or else the place that breaks the fewest of these. `extra_points` are
    small markers to keep clear too (the relations' evidence diamonds). Same input, same answer."""
    px = {node: canvas.to_px(*positions[node]) for node in labels if node in positions}
    edges = [(a, b) for a, b in edges if a in px and b in px]
    segments = [(px[a], px[b]) for a, b in edges]
    degree = {node: sum(node in edge for edge in edges) for node in px}
    small = [canvas.to_px(*p) for p in extra_points]
    placed: list[Box] = []
    chosen: dict[str, tuple[float, float]] = {}
    for node in sorted(px, key=lambda n: (-degree[n], n)):
        others = [p for other, p in px.items() if other != node]
        best = None
        candidates = [(push, dx, dy) for push in LABEL_PUSH_PX for dx, dy in LABEL_SIDES]
        for rank, (push, dx, dy) in enumerate(candidates):
            box = label_box(canvas, px[node], labels[node], dx, dy, push)
            cost = _cost(box, canvas, placed, segments, others) + 500 * sum(
                boxes_overlap(box, (x - 5, y - 5, x + 5, y + 5)) for x, y in small) + rank * 0.01
            if best is None or cost < best[0]:
                best = (cost, box)
        box = best[1]
        chosen[node] = canvas.to_data((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        placed.append(box)
    return chosen

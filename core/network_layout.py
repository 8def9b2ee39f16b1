"""A fixed layout for the relations network: a seeded Fruchterman–Reingold spring layout in plain numpy.

Same edges in, same positions out, on every run and machine: nodes are taken in sorted order, the start
positions come from a seeded generator, and the number of steps is fixed. Positions are scaled into [-1, 1].
"""

from __future__ import annotations

from collections.abc import Iterable

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
    pos /= max(np.abs(pos).max(), 1e-9)
    return {n: (round(float(x), 6), round(float(y), 6)) for n, (x, y) in zip(nodes, pos)}

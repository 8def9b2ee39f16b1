"""The actor hierarchy, built once per Dataset: parents, roots, names, colours and widget labels.

Every place that needs "Russia and everything under it" or "the lane this actor belongs to" asks one ActorTree.
Parent chains are followed with a loop guard (the loader reports loops; the tree never hangs on one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

UNKNOWN_COLOUR = "#888888"


@dataclass(frozen=True)
class ActorTree:
    names: Mapping[str, str]
    parents: Mapping[str, str | None]
    colours: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, actors: pd.DataFrame) -> "ActorTree":
        ids = list(actors["actor_id"])
        parents = {a: (p if isinstance(p, str) and p else None) for a, p in zip(ids, actors["parent_id"])}
        colours = dict(zip(ids, actors["colour"])) if "colour" in actors.columns else {}
        return cls(names=dict(zip(ids, actors["name"])), parents=parents, colours=colours)

    def chain(self, actor_id: str) -> list[str]:
        """The actor, its parent, its grandparent … up to the root (stopping at a loop)."""
        chain = [actor_id]
        current = self.parents.get(actor_id)
        while current and current not in chain:
            chain.append(current)
            current = self.parents.get(current)
        return chain

    def root(self, actor_id: str) -> str:
        """The top-level actor above this one (itself when it has no parent)."""
        return self.chain(actor_id)[-1]

    def expand(self, actor_ids: Iterable[str], include_children: bool) -> set[str]:
        """The selected actors plus, when asked, every actor below them."""
        selected = set(actor_ids)
        if not include_children:
            return selected
        return {actor for actor in self.names if not selected.isdisjoint(self.chain(actor))} | selected

    def name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)

    def colour(self, actor_id: str) -> str:
        return self.colours.get(actor_id, UNKNOWN_COLOUR)

    def label(self, actor_id: str) -> str:
        """'Russian MoD (Russia)' for a sub-actor, 'Russia' for a top-level one."""
        root = self.root(actor_id)
        return self.name(actor_id) if root == actor_id else f"{self.name(actor_id)} ({self.name(root)})"

    def widget_order(self) -> list[str]:
        """Actor ids grouped under their top-level actor, top-level first, then by name."""
        return sorted(self.names, key=lambda a: (self.name(self.root(a)), a != self.root(a), self.name(a)))

    def labels(self) -> dict[str, str]:
        return {actor: self.label(actor) for actor in self.widget_order()}

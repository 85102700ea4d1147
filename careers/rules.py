"""Pure rules of the taxonomy: no Django imports, so admin, import and tests share them.

A taxonomy must keep two promises:
- prerequisites form a DAG (a learning path needs an order);
- a skill required at a level is required at every higher level of the career, with a
  target at least as high (readiness must not fall as a person climbs).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycle(edges: Mapping[K, Iterable[K]]) -> list[K] | None:
    """Return one cycle as a closed walk [a, b, …, a], or None when the graph is a DAG.

    `edges[a]` are the nodes a points to (for prerequisites: the skills a needs first).
    Iterative DFS, so a long chain cannot hit Python's recursion limit.
    """
    white, grey, black = 0, 1, 2
    colour: dict[K, int] = {}
    for root in edges:
        if colour.get(root, white) != white:
            continue
        path: list[K] = [root]
        stack = [iter(edges.get(root, ()))]
        colour[root] = grey
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
                continue
            state = colour.get(nxt, white)
            if state == grey:
                return [*path[path.index(nxt) :], nxt]
            if state == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(edges.get(nxt, ())))
    return None


def rotate_cycle(cycle: list[K], start: K) -> list[K]:
    """The same closed walk [a, b, c, a], begun at `start` instead: [b, c, a, b]."""
    ring = cycle[:-1]
    i = ring.index(start)
    ring = ring[i:] + ring[:i]
    return [*ring, ring[0]]


def format_cycle(names: Iterable[str]) -> str:
    return " → ".join(names)


@dataclass(frozen=True)
class LevelTarget:
    """One requirement row reduced to what the level rules need."""

    skill: str  # display name (or slug, for an import), used in messages
    level: str  # display name (or slug)
    rank: int
    target: int
    # Where the row came from (an import row, say), so a caller can point at it; no part
    # of the rule.
    source: object = field(default=None, compare=False)


@dataclass(frozen=True)
class FallingTarget:
    """A skill's target falls from `lower` to a higher level's `higher`."""

    lower: LevelTarget
    higher: LevelTarget

    def __str__(self) -> str:
        low, high = self.lower, self.higher
        return (
            f"{high.skill}: target {high.target} at {high.level} is lower than "
            f"{low.target} at {low.level}; a higher level needs at least as much."
        )


def _by_skill(rows: Iterable[LevelTarget]) -> dict[str, list[LevelTarget]]:
    grouped: dict[str, list[LevelTarget]] = {}
    for row in rows:
        grouped.setdefault(row.skill, []).append(row)
    return grouped


def falling_targets(rows: Iterable[LevelTarget]) -> list[FallingTarget]:
    """Every place where a skill's target falls from one level to a higher one.

    `rows` are one career's requirements.
    """
    found = []
    for _, skill_rows in sorted(_by_skill(rows).items()):
        ordered = sorted(skill_rows, key=lambda r: r.rank)
        for lower, higher in zip(ordered, ordered[1:], strict=False):
            if higher.target < lower.target:
                found.append(FallingTarget(lower, higher))
    return found


def missing_at_higher_levels(rows: Iterable[LevelTarget], levels: Mapping[int, str]) -> list[str]:
    """Messages for every skill required at a level but absent at a higher one.

    `rows` are one career's requirements; `levels` maps the rank of each level the career
    offers to its name.
    """
    messages = []
    for skill, skill_rows in sorted(_by_skill(rows).items()):
        ranks = {row.rank for row in skill_rows}
        lowest = min(ranks)
        missing = [levels[r] for r in sorted(levels) if r > lowest and r not in ranks]
        if missing:
            messages.append(
                f"{skill} is required from {levels.get(lowest, lowest)} but missing at "
                f"{', '.join(missing)}."
            )
    return messages

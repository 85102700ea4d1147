"""Pure learning path (DESIGN.md, "Learning path"): no Django imports.

The path climbs level by level up to the target. A stage holds a step for each skill
whose target at that level is above both the rating and what earlier stages reached.
Inside a stage, steps follow prerequisites (Kahn's algorithm); among steps ready at the
same time, the best return on effort comes first: weight · points / hours, then name.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from assessments.scoring import LevelInfo, Ratings, Requirement


@dataclass(frozen=True)
class SkillInfo:
    slug: str
    name: str
    hours_per_point: int
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResourceInfo:
    title: str
    url: str
    kind: str
    hours: int
    from_score: int
    to_score: int
    is_free: bool = True

    def serves(self, low: int, high: int) -> bool:
        """Whether (from_score, to_score] overlaps the step's climb (low, high]."""
        return self.from_score < high and low < self.to_score


# Not frozen: a frozen dataclass's __init__ costs a quarter of the 1,000-skill benchmark.
@dataclass(slots=True)
class Step:
    stage: str  # level slug
    skill: str
    name: str
    start: int  # "from"
    end: int  # "to"
    hours: int
    weight: int
    resources: tuple[ResourceInfo, ...] = ()

    @property
    def points(self) -> int:
        return self.end - self.start

    @property
    def priority(self) -> Fraction:
        return Fraction(self.weight * self.points, self.hours) if self.hours else Fraction(0)


@dataclass
class Stage:
    level: LevelInfo
    steps: list[Step] = field(default_factory=list)

    @property
    def hours(self) -> int:
        return sum(s.hours for s in self.steps)


@dataclass
class LearningPath:
    stages: list[Stage]

    @property
    def steps(self) -> list[Step]:
        return [step for stage in self.stages for step in stage.steps]

    @property
    def total_hours(self) -> int:
        return sum(stage.hours for stage in self.stages)

    def weeks(self, hours_per_week: int) -> int:
        if hours_per_week <= 0:
            raise ValueError("hours_per_week must be positive")
        return math.ceil(self.total_hours / hours_per_week)


def learning_path(
    levels: Sequence[LevelInfo],
    requirements: Iterable[Requirement],
    ratings: Ratings,
    skills: Mapping[str, SkillInfo],
    resources: Mapping[str, Sequence[ResourceInfo]],
    target: LevelInfo,
) -> LearningPath:
    by_level: dict[str, list[Requirement]] = {}
    for r in requirements:
        by_level.setdefault(r.level, []).append(r)
    reached = dict(ratings)
    stages = []
    for level in sorted(levels, key=lambda lv: lv.rank):
        if level.rank > target.rank:
            break
        steps = []
        for r in by_level.get(level.slug, []):
            start = reached.get(r.skill, 0)
            if r.target <= start:
                continue
            info = skills[r.skill]
            steps.append(
                Step(
                    stage=level.slug,
                    skill=r.skill,
                    name=info.name,
                    start=start,
                    end=r.target,
                    hours=(r.target - start) * info.hours_per_point,
                    weight=r.weight,
                    resources=tuple(
                        res for res in resources.get(r.skill, ()) if res.serves(start, r.target)
                    ),
                )
            )
        for step in steps:
            reached[step.skill] = step.end
        stages.append(Stage(level, in_prerequisite_order(steps, skills)))
    return LearningPath(stages)


def in_prerequisite_order(steps: list[Step], skills: Mapping[str, SkillInfo]) -> list[Step]:
    """Kahn's algorithm over the prerequisite edges among these steps, best first."""
    by_skill = {s.skill: s for s in steps}
    waiting_on: dict[str, int] = dict.fromkeys(by_skill, 0)
    unlocks: dict[str, list[str]] = {slug: [] for slug in by_skill}
    for slug in by_skill:
        for before in skills[slug].prerequisites:
            if before in by_skill and before != slug:
                waiting_on[slug] += 1
                unlocks[before].append(slug)

    def key(slug: str) -> tuple[float, str, str]:
        # A float orders these exactly: equal fractions give equal floats, and with weights,
        # points and hours this small, unequal ones differ by far more than a float's error.
        # (Fraction comparisons made the heap five times slower.)
        step = by_skill[slug]
        return (
            -step.weight * step.points / step.hours if step.hours else 0.0,
            step.name.lower(),
            slug,
        )

    ready = [key(slug) for slug, n in waiting_on.items() if n == 0]
    heapq.heapify(ready)
    ordered: list[Step] = []
    while ready:
        *_, slug = heapq.heappop(ready)
        ordered.append(by_skill[slug])
        for after in unlocks[slug]:
            waiting_on[after] -= 1
            if waiting_on[after] == 0:
                heapq.heappush(ready, key(after))
    if len(ordered) < len(steps):  # a cycle slipped past validation: keep every step anyway
        placed = {s.skill for s in ordered}
        left = sorted((s for s in steps if s.skill not in placed), key=lambda s: key(s.skill))
        ordered.extend(left)
    return ordered

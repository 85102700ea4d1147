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


# The plan to the target (DESIGN.md, "The plan to the target"). ------------------------


@dataclass(frozen=True, slots=True)
class PlanStep:
    skill: str
    name: str
    start: int  # "from": the rating
    end: int  # "to"
    hours: int
    must_have: bool  # it raises a must-have that blocks a level up to the target


@dataclass(frozen=True)
class Plan:
    level: LevelInfo  # the target
    steps: tuple[PlanStep, ...]

    @property
    def hours(self) -> int:
        return sum(s.hours for s in self.steps)

    def weeks(self, hours_per_week: int) -> int:
        if hours_per_week <= 0:
            raise ValueError("hours_per_week must be positive")
        return math.ceil(self.hours / hours_per_week)


class _Levels:
    """Per level up to the target, Σ w·t and Σ w·gap, kept as the plan raises a skill."""

    def __init__(
        self, levels: Sequence[LevelInfo], requirements: Iterable[Requirement], bar: Fraction
    ) -> None:
        self.slugs = [lv.slug for lv in levels]
        self.bar = bar
        self.needs: dict[str, list[tuple[str, int, int]]] = {}  # skill -> (level, target, w)
        self.total = dict.fromkeys(self.slugs, 0)
        self.missing = dict.fromkeys(self.slugs, 0)
        for r in requirements:
            if r.level in self.total:
                self.needs.setdefault(r.skill, []).append((r.level, r.target, r.weight))
                self.total[r.level] += r.weight * r.target

    def start(self, reached: Mapping[str, int]) -> None:
        for skill, needs in self.needs.items():
            score = reached.get(skill, 0)
            for level, target, weight in needs:
                self.missing[level] += weight * max(0, target - score)

    def passes(self, level: str) -> bool:
        # 1 − missing/total ≥ bar, without dividing: missing ≤ (1 − bar)·total.
        return self.missing[level] <= (1 - self.bar) * self.total[level]

    def short(self) -> set[str]:
        return {lv for lv in self.slugs if not self.passes(lv)}

    def move(self, skill: str, old: int, new: int) -> None:
        """The skill goes from `old` to `new`; the weighted gaps follow."""
        for level, target, weight in self.needs.get(skill, ()):
            self.missing[level] += weight * (max(0, target - new) - max(0, target - old))

    def gain(self, skill: str, score: int, short: set[str]) -> int:
        """Weight one more point adds, over the short levels where the skill is below target."""
        return sum(w for level, t, w in self.needs.get(skill, ()) if level in short and score < t)


def plan_to_target(
    levels: Sequence[LevelInfo],
    requirements: Iterable[Requirement],
    ratings: Ratings,
    skills: Mapping[str, SkillInfo],
    target: LevelInfo,
    threshold: Fraction | float,
) -> Plan:
    """The fewest steps that place the person at `target`: must-haves first, then the
    points that add the most weight per hour, then nothing spare (DESIGN.md rules 1–3).

    Plain data in and out, so the report and a job posting's gap plan alike."""
    upto = sorted((lv for lv in levels if lv.rank <= target.rank), key=lambda lv: lv.rank)
    slugs = {lv.slug for lv in upto}
    reqs = [r for r in requirements if r.level in slugs]
    bar = Fraction(str(threshold)) if isinstance(threshold, float) else Fraction(threshold)
    book = _Levels(upto, reqs, bar)
    reached = {skill: ratings.get(skill, 0) for skill in book.needs}
    book.start(reached)

    # 1. Every must-have below its target at a level up to T, up to its highest such target.
    must: dict[str, int] = {}
    for r in reqs:
        if r.must_have and reached[r.skill] < r.target:
            must[r.skill] = max(r.target, must.get(r.skill, 0))
    for skill, to in must.items():
        book.move(skill, reached[skill], to)
        reached[skill] = to

    # 2. One point at a time, the most weight per hour over the levels still short.
    added: list[str] = []
    short = book.short()
    best = _Candidates(book, reached, skills, short)
    while short:
        skill = best.pop()
        book.move(skill, reached[skill], reached[skill] + 1)
        reached[skill] += 1
        added.append(skill)
        if (now := book.short()) != short:
            short = now
            best.rank(short)
        else:
            best.push(skill)

    # 3. Nothing spare: the last point added goes first, if T is still reached without it.
    #    Readiness only grows with scores, so one pass leaves no point that could go.
    for skill in reversed(added):
        book.move(skill, reached[skill], reached[skill] - 1)
        if all(book.passes(lv) for lv in book.slugs):
            reached[skill] -= 1
        else:
            book.move(skill, reached[skill] - 1, reached[skill])

    return Plan(
        target,
        _plan_steps(
            reqs, ratings, reached, must, skills, target, {lv.slug: lv.rank for lv in upto}
        ),
    )


class _Candidates:
    """The skills one more point would help, best first: the most weight per hour, then the
    name. A heap, so that choosing each point does not weigh every skill again (that scan
    was most of finishing a 300-skill report): a skill's gain changes only when it is
    raised, and every skill's when the levels still short change."""

    def __init__(
        self,
        book: _Levels,
        reached: Mapping[str, int],
        skills: Mapping[str, SkillInfo],
        short: set[str],
    ) -> None:
        self.book, self.reached, self.skills = book, reached, skills
        self.heap: list[tuple[Fraction, str, str]] = []
        self.rank(short)

    def key(self, skill: str) -> tuple[Fraction, str, str] | None:
        gain = self.book.gain(skill, self.reached[skill], self.short)
        if not gain:
            return None
        info = self.skills[skill]
        # hours_per_point is at least 1: a database constraint.
        return (-Fraction(gain, info.hours_per_point), info.name.lower(), skill)

    def rank(self, short: set[str]) -> None:
        """Every skill weighed again, against the levels now short."""
        self.short = short
        self.heap = [key for skill in self.book.needs if (key := self.key(skill)) is not None]
        heapq.heapify(self.heap)

    def pop(self) -> str:
        if not self.heap:  # a short level always has a skill below its target
            raise AssertionError("a level is short with nothing left to raise")
        return heapq.heappop(self.heap)[2]

    def push(self, skill: str) -> None:
        """The skill, raised a point, weighed again."""
        if (key := self.key(skill)) is not None:
            heapq.heappush(self.heap, key)


def _plan_steps(
    reqs: Sequence[Requirement],
    ratings: Ratings,
    reached: Mapping[str, int],
    must: Mapping[str, int],
    skills: Mapping[str, SkillInfo],
    target: LevelInfo,
    ranks: Mapping[str, int],
) -> tuple[PlanStep, ...]:
    """One step a skill, must-have steps first, each group in prerequisite order."""
    # The weight that orders ready steps: the skill's at the highest level that needs it.
    weight: dict[str, tuple[int, int]] = {}  # skill -> (rank, weight)
    for r in reqs:
        here = (ranks[r.level], r.weight)
        weight[r.skill] = max(here, weight.get(r.skill, here))
    groups: tuple[list[Step], list[Step]] = ([], [])
    for skill, to in reached.items():
        start = ratings.get(skill, 0)
        if to <= start:
            continue
        info = skills[skill]
        step = Step(target.slug, skill, info.name, start, to, (to - start) * info.hours_per_point,
                    weight[skill][1])  # fmt: skip
        groups[0 if skill in must else 1].append(step)
    return tuple(
        PlanStep(s.skill, s.name, s.start, s.end, s.hours, s.skill in must)
        for group in groups
        for s in in_prerequisite_order(group, skills)
    )

"""Pure scoring: gaps, readiness, placement and strengths (DESIGN.md, "Scoring").

No Django imports: views turn models into these dataclasses and back. Readiness is kept
as an exact Fraction so that "80% needed" never fails by a float rounding error; callers
get floats from the public results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

# 2: documents carry the plan to the target (reports/paths.py); version 1 ones compute it
# from their inputs when shown.
SCORING_VERSION = 2

Ratings = Mapping[str, int]  # skill slug -> score 0–5; an unrated skill counts 0


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of the career at one level, as scoring sees it."""

    skill: str  # slug
    name: str
    category: str  # slug
    category_name: str
    level: str  # slug
    target: int
    weight: int
    must_have: bool = False


@dataclass(frozen=True)
class LevelInfo:
    slug: str
    name: str
    rank: int


@dataclass(frozen=True, slots=True)
class SkillGap:
    skill: str
    name: str
    category: str
    category_name: str
    score: int
    target: int
    weight: int
    must_have: bool
    gap: int  # max(0, target − score)
    weighted_gap: int  # weight · gap


@dataclass(frozen=True)
class LevelResult:
    level: LevelInfo
    readiness: Fraction
    blocked: tuple[SkillGap, ...]
    categories: tuple[tuple[str, str, Fraction], ...]  # (slug, name, readiness)

    def passes(self, threshold: Fraction) -> bool:
        return self.readiness >= threshold and not self.blocked

    def reason(self, threshold: Fraction) -> str:
        """Why the level is not reached, in the words a job seeker reads."""
        parts = []
        if self.readiness < threshold:
            parts.append(f"readiness {percent(self.readiness)}% (needs {percent(threshold)}%)")
        if self.blocked:
            named = ", ".join(
                f"{g.name} (must-have, {g.score} of {g.target})" for g in self.blocked
            )
            parts.append(f"blocked by {named}")
        return f"{self.level.name}: " + "; ".join(parts)


@dataclass(frozen=True)
class Placement:
    level: LevelInfo | None  # None: below the first level
    reasons: tuple[str, ...] = field(default=())
    first: str = "Entry"  # the career's first level's name

    @property
    def label(self) -> str:
        """The level's name, or "Below Entry" (scoring version 1 saved "Not yet entry")."""
        return self.level.name if self.level else f"Below {self.first}"


def percent(value: Fraction | float) -> int:
    """Whole percent, rounded down: 79.9% reads 79, never a pass it is not.

    Every percent people read comes from here: the reasons, the report page and its PDF,
    the rating page's preview, the comparison.
    """
    return math.floor(as_fraction(value) * 100)


def as_fraction(value: Fraction | float) -> Fraction:
    """Exact: through its text, 0.57 is 57/100 rather than the binary float just below it."""
    return value if isinstance(value, Fraction) else Fraction(str(value))


def skill_gap(r: Requirement, score: int) -> SkillGap:
    gap = max(0, r.target - score)
    return SkillGap(
        r.skill, r.name, r.category, r.category_name, score, r.target, r.weight, r.must_have,
        gap, r.weight * gap,
    )  # fmt: skip


def skill_gaps(requirements: Iterable[Requirement], ratings: Ratings) -> list[SkillGap]:
    return [skill_gap(r, ratings.get(r.skill, 0)) for r in requirements]


def level_result(
    level: LevelInfo, requirements: Iterable[Requirement], ratings: Ratings
) -> LevelResult:
    # One pass of integer sums: this runs for every level of every report and every
    # autosave preview, so it builds gap records only for the blocked skills.
    total = missing = 0
    categories: dict[str, list] = {}  # slug -> [name, Σ w·t, Σ w·gap]
    blocked = []
    for r in requirements:
        score = ratings.get(r.skill, 0)
        gap = r.target - score if r.target > score else 0
        weighted_target, weighted_gap = r.weight * r.target, r.weight * gap
        total += weighted_target
        missing += weighted_gap
        sums = categories.get(r.category)
        if sums is None:
            sums = categories[r.category] = [r.category_name, 0, 0]
        sums[1] += weighted_target
        sums[2] += weighted_gap
        if r.must_have and gap:
            blocked.append(skill_gap(r, score))
    return LevelResult(
        level,
        _readiness(total, missing),
        tuple(sorted(blocked, key=lambda g: g.name)),
        tuple((slug, name, _readiness(t, m)) for slug, (name, t, m) in categories.items()),
    )


def _readiness(weighted_targets: int, weighted_gaps: int) -> Fraction:
    """1 − Σ w·gap / Σ w·target; a level that requires nothing is fully ready."""
    return Fraction(1) if weighted_targets == 0 else 1 - Fraction(weighted_gaps, weighted_targets)


def group_by_level(requirements: Iterable[Requirement]) -> dict[str, list[Requirement]]:
    grouped: dict[str, list[Requirement]] = {}
    for r in requirements:
        grouped.setdefault(r.level, []).append(r)
    return grouped


def evaluate(
    levels: Sequence[LevelInfo], requirements: Iterable[Requirement], ratings: Ratings
) -> list[LevelResult]:
    """A result for every level, in rank order."""
    by_level = group_by_level(requirements)
    ordered = sorted(levels, key=lambda lv: lv.rank)
    return [level_result(lv, by_level.get(lv.slug, []), ratings) for lv in ordered]


def placement(results: Sequence[LevelResult], threshold: float | Fraction) -> Placement:
    """The highest level reached with every level below it reached too.

    Reasons explain the first level that fails, the one a job seeker works on next.
    """
    bar = as_fraction(threshold)
    reached: LevelInfo | None = None
    ordered = sorted(results, key=lambda r: r.level.rank)
    first = ordered[0].level.name if ordered else "Entry"
    for result in ordered:
        if not result.passes(bar):
            return Placement(reached, (result.reason(bar),), first)
        reached = result.level
    return Placement(reached, (), first)


def strengths(requirements: Iterable[Requirement], ratings: Ratings) -> list[SkillGap]:
    """Skills rated above their target at the given level, the most above first."""
    above = [g for g in skill_gaps(requirements, ratings) if g.score > g.target]
    return sorted(above, key=lambda g: (g.target - g.score, g.name))

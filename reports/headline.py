"""The top of a report, read from its document: how far the person is from the level they
chose, what blocks it, where they place now and why, and what to do next.

Pure: no Django. Everything comes from the saved document (its results, and its inputs
for the scores and targets of blocking skills), so an old report reads the same later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessments.scoring import percent

NEXT_STEPS = 3


@dataclass(frozen=True)
class Blocker:
    """A must-have skill below its target at a level."""

    name: str
    score: int
    target: int


@dataclass(frozen=True)
class LevelVerdict:
    slug: str
    name: str
    percent: int  # readiness, whole percent rounded down
    threshold: int  # the percent a level needs
    reached: bool
    blockers: tuple[Blocker, ...]

    @property
    def short_by(self) -> int:
        """Percentage points of readiness still missing (0 when readiness is enough)."""
        return max(0, self.threshold - self.percent)

    @property
    def reason(self) -> str:
        """Why the level is or isn't reached, in the words a job seeker reads."""
        if self.reached:
            return f"reached: readiness {self.percent}%, no must-have below its target"
        parts = []
        if self.short_by:
            parts.append(
                f"readiness {self.percent}%, {self.short_by} points short of {self.threshold}%"
            )
        else:
            parts.append(f"readiness {self.percent}% is enough")
        if self.blockers:
            named = ", ".join(f"{b.name} ({b.score} of {b.target})" for b in self.blockers)
            parts.append(f"must-have{'s' if len(self.blockers) > 1 else ''} below target: {named}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Headline:
    target: LevelVerdict
    placement: str  # a level's name, or "Not yet entry"
    placed: bool  # at any level at all
    levels: tuple[LevelVerdict, ...]  # every level up to and including the target
    next_steps: tuple[Mapping[str, Any], ...]  # the first steps of the learning path

    @property
    def below_target(self) -> bool:
        return not self.target.reached or any(not lv.reached for lv in self.levels)

    @property
    def first_gap(self) -> LevelVerdict | None:
        """The first level not reached: where the work is."""
        return next((lv for lv in self.levels if not lv.reached), None)


def _blockers(doc: Mapping[str, Any], level: Mapping[str, Any]) -> tuple[Blocker, ...]:
    inputs = doc["inputs"]
    targets = {
        r["skill"]: r["target"] for r in inputs["requirements"] if r["level"] == level["slug"]
    }
    return tuple(
        Blocker(
            name=inputs["skills"][slug]["name"],
            score=inputs["ratings"].get(slug, 0),
            target=targets[slug],
        )
        for slug in level["blocked"]
    )


def headline(doc: Mapping[str, Any]) -> Headline:
    threshold = percent(doc["threshold"])
    target_rank = doc["level"]["rank"]
    levels = tuple(
        LevelVerdict(
            slug=lv["slug"],
            name=lv["name"],
            percent=percent(lv["readiness"]),
            threshold=threshold,
            reached=lv["reached"],
            blockers=_blockers(doc, lv),
        )
        for lv in sorted(doc["levels"], key=lambda lv: lv["rank"])
        if lv["rank"] <= target_rank
    )
    return Headline(
        target=next(lv for lv in levels if lv.slug == doc["level"]["slug"]),
        placement=doc["placement"]["name"],
        placed=doc["placement"]["slug"] is not None,
        levels=levels,
        next_steps=tuple(doc["path"][:NEXT_STEPS]),
    )

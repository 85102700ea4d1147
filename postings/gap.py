"""The gap to a posting: its skills at its career's and level's targets, scored against
the person's latest ratings with the report's rules, and the plan to close it.

A skill the career does not list gets the median target and weight of the career's
requirements at that level. The plan is the report's plan to the target
(`reports.paths.plan_to_target`), with the posting as the one level to reach: what the
posting *requires* plays the part of a must-have, since an employer reads it as one.
Reads a fixed number of queries whatever the number of skills asked (the page's query
budget is tested at two sizes).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.conf import settings

from assessments import scoring
from assessments.models import Rating
from careers.models import Level, Requirement, Resource, Skill
from reports.document import PLAN_HOURS_PER_WEEK
from reports.paths import Plan, PlanStep, ResourceInfo, SkillInfo, plan_to_target

from .models import Posting, PostingSkill


@dataclass(frozen=True)
class Row:
    skill: Skill
    required: bool
    score: int | None  # None: never rated
    target: int
    weight: int
    in_career: bool

    @property
    def gap(self) -> int:
        return max(0, self.target - (self.score or 0))


@dataclass(frozen=True)
class Gap:
    level: Level
    rows: list[Row]
    readiness: Fraction
    plan: Plan
    resources: dict[str, list[ResourceInfo]]

    @property
    def unrated(self) -> list[Row]:
        return [r for r in self.rows if r.score is None]

    @property
    def rated(self) -> list[Row]:
        return [r for r in self.rows if r.score is not None]

    @property
    def percent(self) -> int:
        return scoring.percent(self.readiness)

    @property
    def steps(self) -> list[tuple[PlanStep, list[ResourceInfo]]]:
        """The plan's steps, each with the resources that serve its climb."""
        serving = self.resources.get
        return [
            (step, [r for r in serving(step.skill, ()) if r.serves(step.start, step.end)])
            for step in self.plan.steps
        ]

    @property
    def hours_per_week(self) -> int:
        return PLAN_HOURS_PER_WEEK

    @property
    def weeks(self) -> int:
        return self.plan.weeks(PLAN_HOURS_PER_WEEK)


def target_level(posting: Posting) -> Level | None:
    """The posting's implied level, else the middle level its career is assessed at."""
    if posting.career_id is None:
        return None
    if posting.level is not None:
        return posting.level
    levels = list(Level.objects.assessable_for(posting.career_id))
    return levels[len(levels) // 2] if levels else None


def latest_ratings(user: Any, session_ids: list[str], skills: Iterable[int]) -> dict[int, int]:
    """Each skill's most recent rating across the person's assessments (one query)."""
    from assessments.models import Assessment

    mine = Assessment.objects.visible_to(user, session_ids)
    rows = (
        Rating.objects.filter(assessment__in=mine, skill__in=list(skills))
        .order_by("skill_id", "-updated", "-pk")
        .values_list("skill_id", "score")
    )
    latest: dict[int, int] = {}
    for skill, score in rows:
        latest.setdefault(skill, score)
    return latest


def gap_to(posting: Posting, asked: list[PostingSkill], ratings: dict[int, int]) -> Gap | None:
    level = target_level(posting)
    if level is None:
        return None
    reqs = {
        r.skill_id: r
        for r in Requirement.objects.current()
        .filter(career_id=posting.career_id, level=level)
        .only("skill_id", "target", "weight")
    }
    median_target = round(statistics.median([r.target for r in reqs.values()])) if reqs else 3
    median_weight = round(statistics.median([r.weight for r in reqs.values()])) if reqs else 3
    rows = []
    for ps in asked:
        req = reqs.get(ps.skill_id)
        rows.append(
            Row(
                skill=ps.skill,
                required=ps.required,
                score=ratings.get(ps.skill_id),
                target=req.target if req else median_target,
                weight=req.weight if req else median_weight,
                in_career=req is not None,
            )
        )
    info = scoring.LevelInfo(level.slug, level.name, level.rank)
    as_scoring = [
        scoring.Requirement(
            skill=r.skill.slug, name=r.skill.name, category=r.skill.category.slug,
            category_name=r.skill.category.name, level=level.slug, target=r.target,
            weight=r.weight, must_have=r.required,
        )
        for r in rows
    ]  # fmt: skip
    scores = {r.skill.slug: r.score or 0 for r in rows}
    result = scoring.level_result(info, as_scoring, scores)
    plan = plan_to_target(
        [info], as_scoring, scores, _skill_info(rows), info, settings.SKILLGAP_READY_THRESHOLD
    )
    return Gap(level, rows, result.readiness, plan, _resources(rows))


def _skill_info(rows: list[Row]) -> dict[str, SkillInfo]:
    # Prerequisites outside the posting play no part in ordering its steps.
    return {
        r.skill.slug: SkillInfo(r.skill.slug, r.skill.name, r.skill.hours_per_point) for r in rows
    }


def _resources(rows: list[Row]) -> dict[str, list[ResourceInfo]]:
    found: dict[str, list[ResourceInfo]] = {}
    for res in (
        Resource.objects.filter(skill__in=[r.skill.pk for r in rows])
        .select_related("skill")
        .order_by("skill_id", "hours", "pk")
    ):
        found.setdefault(res.skill.slug, []).append(
            ResourceInfo(
                res.title, res.url, res.kind, res.hours, res.from_score, res.to_score, res.is_free
            )
        )
    return found

"""Reading a report document back: its inputs as scoring records, its numbers as saved.

Pure: no Django. The snapshot writes documents with these, and a mentor's view of a
report re-scores its inputs with them, so both read the inputs the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from assessments import scoring

from . import paths


def ratio(value: Fraction) -> float:
    """Four decimals, rounded down as every percent is: the saved 0.5699 still reads 56%."""
    return math.floor(value * 10_000) / 10_000


def levels_of(inputs: Mapping[str, Any]) -> list[scoring.LevelInfo]:
    return [scoring.LevelInfo(lv["slug"], lv["name"], lv["rank"]) for lv in inputs["levels"]]


def requirements_of(inputs: Mapping[str, Any]) -> list[scoring.Requirement]:
    skills = inputs["skills"]
    return [
        scoring.Requirement(
            skill=r["skill"],
            name=skills[r["skill"]]["name"],
            category=skills[r["skill"]]["category"],
            category_name=skills[r["skill"]]["category_name"],
            level=r["level"],
            target=r["target"],
            weight=r["weight"],
            must_have=r["must_have"],
        )
        for r in inputs["requirements"]
    ]


PLAN_HOURS_PER_WEEK = 10  # the weeks a saved plan states; the page recomputes at any pace


def plan_json(plan: paths.Plan, hours_per_week: int = PLAN_HOURS_PER_WEEK) -> dict[str, Any]:
    """The document's `plan` (docs/report-format.md)."""
    return {
        "level": plan.level.slug,
        "steps": [
            {
                "skill": s.skill,
                "from": s.start,
                "to": s.end,
                "hours": s.hours,
                "must_have": s.must_have,
            }
            for s in plan.steps
        ],  # fmt: skip
        "hours": plan.hours,
        "weeks_at": {"hours_per_week": hours_per_week, "weeks": plan.weeks(hours_per_week)},
    }


def skill_infos_of(inputs: Mapping[str, Any]) -> dict[str, paths.SkillInfo]:
    return {
        slug: paths.SkillInfo(
            slug, s["name"], s["hours_per_point"], tuple(s.get("prerequisites", ()))
        )
        for slug, s in inputs["skills"].items()
    }


def plan_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document's plan; a report saved before plans existed (scoring version 1) gets
    one computed from its saved inputs, the same way, and never written back."""
    if "plan" in doc:
        return doc["plan"]
    inputs = doc["inputs"]
    levels = levels_of(inputs)
    target = next(lv for lv in levels if lv.slug == doc["level"]["slug"])
    plan = paths.plan_to_target(
        levels, requirements_of(inputs), inputs["ratings"], skill_infos_of(inputs), target,
        doc["threshold"],
    )  # fmt: skip
    return plan_json(plan)

"""Writes that change assessments and ratings; each is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from careers.models import Career, Level, Skill

from . import reports
from .models import Assessment, Rating, Report


@dataclass(frozen=True)
class RatingInput:
    skill: Skill
    score: int
    evidence: str = ""


def start_assessment(*, career: Career, level: Level, owner: Any | None) -> Assessment:
    return Assessment.objects.create(career=career, level=level, owner=owner)


@transaction.atomic
def save_ratings(*, assessment: Assessment, ratings: Iterable[RatingInput]) -> int:
    """Upsert ratings; the last write of a (assessment, skill) pair wins.

    INSERT … ON CONFLICT DO UPDATE in one statement, so two tabs saving the same skill at
    once leave exactly one row on SQLite and PostgreSQL alike, without an error.
    """
    rows = [
        Rating(assessment=assessment, skill=r.skill, score=r.score, evidence=r.evidence)
        for r in ratings
    ]
    if not rows:
        return 0
    Rating.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["assessment", "skill"],
        update_fields=["score", "evidence", "updated"],
    )
    Assessment.objects.filter(pk=assessment.pk).update(updated=timezone.now())
    return len(rows)


def save_rating(*, assessment: Assessment, skill: Skill, score: int, evidence: str) -> Rating:
    save_ratings(assessment=assessment, ratings=[RatingInput(skill, score, evidence)])
    return Rating(assessment=assessment, skill=skill, score=score, evidence=evidence)


def change_level(*, assessment: Assessment, level: Level) -> None:
    """Aim at another level; ratings stay, they belong to skills, not levels."""
    assessment.level = level
    assessment.save(update_fields=["level", "updated"])


@transaction.atomic
def claim_assessments(*, user: Any, uuids: Iterable[str]) -> int:
    """Give a new or returning user the anonymous assessments their session started."""
    return Assessment.objects.filter(uuid__in=list(uuids), owner__isnull=True).update(
        owner=user, updated=timezone.now()
    )


@transaction.atomic
def finish_assessment(*, assessment: Assessment) -> Report:
    """Snapshot the assessment as a report and close it; a second click returns the same one."""
    locked = (
        Assessment.objects.select_for_update()
        .select_related("career", "level")
        .get(pk=assessment.pk)
    )
    if locked.finished is not None:
        existing = locked.reports.order_by("-created").first()
        if existing is not None:
            return existing
    document = reports.snapshot(locked)
    report = Report.objects.create(
        owner=locked.owner,
        assessment=locked,
        career=locked.career,
        career_name=locked.career.name,
        level_name=locked.level.name,
        readiness=document["readiness"][locked.level.slug],
        placement=document["placement"]["name"],
        scoring_version=document["scoring_version"],
        document=document,
    )
    locked.finished = timezone.now()
    locked.save(update_fields=["finished", "updated"])
    return report


class CannotReassess(Exception):
    """The report's career or level has left the taxonomy since."""


@transaction.atomic
def reassess(*, report: Report, owner: Any) -> Assessment:
    """A new draft for the same career and level, with the report's ratings filled in."""
    level_slug = report.document["level"]["slug"]
    level = Level.objects.filter(slug=level_slug).first()
    if report.career is None or level is None:
        raise CannotReassess(f"{report.career_name} ({report.level_name}) is no longer offered.")
    assessment = Assessment.objects.create(career=report.career, level=level, owner=owner)
    inputs = report.document["inputs"]
    skills = Skill.objects.filter(slug__in=list(inputs["ratings"]))
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            skill=skill,
            score=inputs["ratings"][skill.slug],
            evidence=inputs.get("evidence", {}).get(skill.slug, ""),
        )
        for skill in skills
    )
    return assessment

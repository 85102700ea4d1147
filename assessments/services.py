"""Writes that change assessments and ratings; each is one transaction.

Every change to a draft holds the assessment's row (draft_locked), as finishing does, so
a change either lands before the report is taken, and is in it, or is refused: a save
that was answered 2xx is never missing from the report. A draft deleted in another tab
meanwhile is DraftGone, which the views answer with a 404 that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from careers.models import Career, Level, Skill

from .inputs import SkillRef
from .models import Assessment, Rating


class NotADraft(Exception):
    """The assessment was finished (in another tab, say) before this change could land."""


class DraftGone(Exception):
    """The draft was deleted (in another tab, say) after the view read it."""


DRAFT_GONE = (
    "This draft was deleted (in another tab, perhaps), so that change was not saved. "
    "Your other assessments are under “My assessments”."
)


@dataclass(frozen=True)
class RatingInput:
    skill: Skill | SkillRef  # a model or the sheet's plain record: only its pk is saved
    score: int
    evidence: str | None = ""  # None: keep the note already saved


def start_assessment(*, career: Career, level: Level, owner: Any | None) -> Assessment:
    return Assessment.objects.create(career=career, level=level, owner=owner)


@contextmanager
def draft_locked(assessment: Assessment) -> Iterator[None]:
    """A transaction holding the assessment's row, entered only while it is a draft.

    PostgreSQL waits on the row lock that finishing also takes; SQLite's IMMEDIATE
    transactions (config/settings.py) queue every writer the same way. The lock reads the
    one column it decides on: every autosave takes it, and a whole row is work for nothing.
    """
    with transaction.atomic():
        rows = Assessment.objects.select_for_update().filter(pk=assessment.pk)
        finished = list(rows.values_list("finished", flat=True))
        if not finished:
            raise DraftGone
        if finished[0] is not None:
            raise NotADraft
        yield


@dataclass(frozen=True)
class EstimateInput:
    """One category rated at once: `score` for each of its skills not rated yet."""

    skill_ids: tuple[int, ...]
    score: int


def save_ratings(
    *,
    assessment: Assessment,
    ratings: Iterable[RatingInput],
    estimates: Iterable[EstimateInput] = (),
) -> int:
    """Upsert ratings, after any categories' estimates; the last write of a pair wins.

    INSERT … ON CONFLICT DO UPDATE, so two tabs saving the same skill at once leave
    exactly one row on SQLite and PostgreSQL alike, without an error. A rating sent
    without a note keeps the note saved before; an empty note clears it. Estimates and
    ratings go in one transaction: a rating sent with its category's estimate wins.
    """
    ratings, estimates = list(ratings), list(estimates)
    if not ratings and not estimates:
        return 0
    with draft_locked(assessment):
        for estimate in estimates:
            _estimate(assessment, estimate)
        for keep_note in (False, True):
            rows = [
                Rating(
                    assessment=assessment,
                    skill_id=r.skill.pk,
                    score=r.score,
                    evidence=r.evidence or "",
                    estimated=False,
                )
                for r in ratings
                if (r.evidence is None) == keep_note
            ]
            # An own rating replaces a category's estimate of the skill.
            fields = ["score", "estimated", "updated"]
            fields += [] if keep_note else ["evidence"]
            if rows:
                Rating.objects.bulk_create(
                    rows,
                    update_conflicts=True,
                    unique_fields=["assessment", "skill"],
                    update_fields=fields,
                )
        Assessment.objects.filter(pk=assessment.pk).update(updated=timezone.now())
    return len(ratings)


def estimate_category(*, assessment: Assessment, estimate: EstimateInput) -> list[int]:
    """Give the category's score as an estimate to each of its skills not rated yet.

    The skills the person rated themselves keep their rating; earlier estimates take the
    new score. Returns the ids estimated.
    """
    with draft_locked(assessment):
        estimated = _estimate(assessment, estimate)
        Assessment.objects.filter(pk=assessment.pk).update(updated=timezone.now())
    return estimated


def _estimate(assessment: Assessment, estimate: EstimateInput) -> list[int]:
    """Inside draft_locked: own ratings are read under the draft's lock, which every rating
    save also takes, so a rating saved meanwhile is never overwritten by an estimate."""
    wanted = set(estimate.skill_ids)
    own = set(
        Rating.objects.filter(
            assessment=assessment, skill_id__in=wanted, estimated=False
        ).values_list("skill_id", flat=True)
    )
    estimated = sorted(wanted - own)
    Rating.objects.bulk_create(
        [
            Rating(assessment=assessment, skill_id=pk, score=estimate.score, estimated=True)
            for pk in estimated
        ],
        update_conflicts=True,
        unique_fields=["assessment", "skill"],
        update_fields=["score", "estimated", "updated"],
    )
    return estimated


def change_level(*, assessment: Assessment, level: Level) -> None:
    """Aim at another level; ratings stay, they belong to skills, not levels."""
    with draft_locked(assessment):
        assessment.level = level
        assessment.save(update_fields=["level", "updated"])


def delete_draft(*, assessment: Assessment) -> None:
    with draft_locked(assessment):
        assessment.delete()


@transaction.atomic
def claim_assessments(*, user: Any, uuids: Iterable[str]) -> int:
    """Give a new or returning user the anonymous assessments their session started."""
    return Assessment.objects.filter(uuid__in=list(uuids), owner__isnull=True).update(
        owner=user, updated=timezone.now()
    )

"""A job seeker's self-assessment against a career, and their ratings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from careers.models import (
    SCORE_MAX,
    SCORE_MIN,
    SCORE_VALIDATORS,
    Career,
    Level,
    Requirement,
    Skill,
)
from lib.anonymous import OwnerOrSessionQuerySet

EVIDENCE_MAX = 500


class AssessmentQuerySet(OwnerOrSessionQuerySet["Assessment"]):
    def drafts_of(self, career: Career) -> AssessmentQuerySet:
        """Unfinished assessments of `career`, the latest change first."""
        return (
            self.filter(career=career, finished__isnull=True)
            .select_related("level")
            .order_by("-updated")
        )

    def with_progress(self) -> AssessmentQuerySet:
        """Annotate `total` (skills required up to the target level) and `rated` (of those,
        by the person's own rating, not a category's estimate).

        Subqueries rather than joins, so "My assessments" is one query however many
        assessments, skills and ratings there are.
        """
        in_scope = Requirement.objects.current().filter(
            career=OuterRef("career"), level__rank__lte=OuterRef("level__rank")
        )
        total = in_scope.values("career").annotate(n=Count("skill", distinct=True)).values("n")
        rated = (
            Rating.objects.filter(
                assessment=OuterRef("pk"),
                estimated=False,  # a category's estimate is not the person's rating
                skill__archived=False,
                skill__requirements__career=OuterRef("career"),
                skill__requirements__level__rank__lte=OuterRef("level__rank"),
            )
            .values("assessment")
            .annotate(n=Count("skill", distinct=True))
            .values("n")
        )
        return self.annotate(
            total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
            rated=Coalesce(Subquery(rated, output_field=IntegerField()), 0),
        )


class Assessment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        help_text="Empty while anonymous: then the browser session holds it until sign-up.",
    )
    career = models.ForeignKey(Career, on_delete=models.PROTECT, related_name="assessments")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="assessments", verbose_name="target level"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        indexes = [
            # "My assessments" lists a user's assessments, latest change first.
            models.Index(fields=["owner", "-updated"], name="assessment_owner_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.career} ({self.level}) · {self.owner or 'anonymous'}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:rate", args=[self.uuid])

    @property
    def is_draft(self) -> bool:
        return self.finished is None


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    evidence = models.CharField(max_length=EVIDENCE_MAX, blank=True)
    # True: the score came from rating the skill's whole category at once (DESIGN.md,
    # "Quick assessment"); the person's own rating of the skill replaces it.
    estimated = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Autosave upserts on this pair: two tabs saving at once leave one row.
            models.UniqueConstraint(fields=["assessment", "skill"], name="rating_unique"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="rating_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.score}{' (estimate)' if self.estimated else ''}"

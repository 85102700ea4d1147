"""A job seeker's self-assessment against a career, and their ratings."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now
from django.urls import reverse

from careers.models import SCORE_MAX, SCORE_MIN, SCORE_VALIDATORS, Career, Level, Skill

EVIDENCE_MAX = 500


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def owned_by(self, user: Any) -> AssessmentQuerySet:
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def visible_to(self, user: Any, session_ids: list[str]) -> AssessmentQuerySet:
        """The user's own, plus anonymous ones this browser session started."""
        anonymous = Q(owner__isnull=True, uuid__in=session_ids)
        if user.is_authenticated:
            return self.filter(Q(owner=user) | anonymous)
        return self.filter(anonymous)

    def with_progress(self) -> AssessmentQuerySet:
        """Annotate `total` (skills required up to the target level) and `rated` (of those).

        Subqueries rather than joins, so "My assessments" is one query however many
        assessments, skills and ratings there are.
        """
        from careers.models import Requirement

        in_scope = Requirement.objects.filter(
            career=OuterRef("career"), level__rank__lte=OuterRef("level__rank")
        )
        total = in_scope.values("career").annotate(n=Count("skill", distinct=True)).values("n")
        rated = (
            Rating.objects.filter(
                assessment=OuterRef("pk"),
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
        return f"{self.skill}: {self.score}"


class ReportQuerySet(models.QuerySet["Report"]):
    def owned_by(self, user: Any) -> ReportQuerySet:
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def listing(self) -> ReportQuerySet:
        # Lists show the denormalised headline; the document can be large.
        return self.defer("document").order_by("-created")


class Report(models.Model):
    """An immutable snapshot of an assessment's inputs and results.

    The page, the exports and comparisons read only `document`, so later taxonomy edits
    never change a saved report.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    career = models.ForeignKey(
        Career, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    career_name = models.CharField(max_length=120)
    level_name = models.CharField(max_length=50)
    readiness = models.FloatField(help_text="Readiness for the target level, 0–1.")
    placement = models.CharField(max_length=50)
    created = models.DateTimeField(auto_now_add=True)
    scoring_version = models.PositiveSmallIntegerField()
    document = models.JSONField()

    objects = ReportQuerySet.as_manager()

    class Meta:
        indexes = [
            # "My reports" lists a user's reports, newest first.
            models.Index(fields=["owner", "-created"], name="report_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(readiness__gte=0, readiness__lte=1), name="report_readiness_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.career_name} ({self.level_name}) · {self.created:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A report is an immutable snapshot; make a new one instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.uuid])


COMMENT_MAX = 2000


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self) -> ShareQuerySet:
        """Not revoked, and for links, not expired."""
        return self.filter(Q(expires__isnull=True) | Q(expires__gt=Now()), revoked__isnull=True)


class Share(models.Model):
    """A report shared with a mentor (a user), or a read-only link with a random token."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="shares")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_shares",
    )
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    show_name = models.BooleanField(
        default=False, help_text="Link viewers see the owner's name (never the email)."
    )
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        constraints = [
            # Either a mentor share, or a link with a token and an expiry: never both.
            models.CheckConstraint(
                condition=(Q(mentor__isnull=False, token__isnull=True, expires__isnull=True))
                | (Q(mentor__isnull=True, token__isnull=False, expires__isnull=False)),
                name="share_mentor_xor_link",
            ),
            # Sharing twice with the same mentor is refused; after a revoke, sharing again works.
            models.UniqueConstraint(
                fields=["report", "mentor"],
                condition=Q(revoked__isnull=True, mentor__isnull=False),
                name="share_one_active_per_mentor",
            ),
        ]
        indexes = [
            # The mentor dashboard reads a mentor's active shares, newest first.
            models.Index(fields=["mentor", "-created"], name="share_mentor_created"),
        ]

    def __str__(self) -> str:
        return f"{self.report} → {self.mentor or 'link'}"

    @property
    def is_link(self) -> bool:
        return self.token is not None


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    # A slug from the report's own document, not a foreign key: the report is a snapshot
    # and the skill may leave the taxonomy; empty for a comment on the report as a whole.
    skill = models.SlugField(max_length=120, blank=True)
    body = models.TextField(max_length=COMMENT_MAX)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]
        indexes = [
            # The report page reads a report's comments in order.
            models.Index(fields=["report", "created"], name="comment_report_created"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.report}: {self.body[:40]}"


class Review(models.Model):
    """A mentor marks a report reviewed, with a summary the owner sees at the top."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    summary = models.TextField(max_length=COMMENT_MAX)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "mentor"], name="review_one_per_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} reviewed {self.report}"


class ReadMark(models.Model):
    """When a user last read a report's comments: the dashboard counts what came after."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="readmark_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.report} at {self.read_at:%Y-%m-%d %H:%M}"

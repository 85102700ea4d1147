"""Reports and what people do with them: share, comment, review, read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, Now
from django.urls import reverse

from assessments.models import Assessment
from careers.models import Career
from lib.people import display_name


class ReportQuerySet(models.QuerySet["Report"]):
    def owned_by(self, user: Any) -> ReportQuerySet:
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def listing(self) -> ReportQuerySet:
        # Lists show the denormalised headline; the document can be large.
        return self.defer("document").order_by("-created", "-pk")  # pk: stable pages

    def readable_by(self, user: Any) -> ReportQuerySet:
        """Their own reports, and those shared with them and not revoked."""
        if not user.is_authenticated:
            return self.none()
        shared = Share.objects.active().filter(report=OuterRef("pk"), mentor=user)
        return self.filter(Q(owner=user) | Q(Exists(shared)))

    def with_unread(self, user: Any) -> ReportQuerySet:
        """Annotate `unread`: comments others wrote since `user` last opened the report."""
        return self.annotate(unread=unread_by(user, OuterRef("pk")))

    def with_activity(self) -> ReportQuerySet:
        """Prefetch `active_shares` and `review_list`: what "My reports" says. A share reads
        as the owner typed it (never whom it reached: sharing tells nobody that)."""
        return self.prefetch_related(
            Prefetch(
                "shares",
                queryset=Share.objects.active().order_by("created"),
                to_attr="active_shares",
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("mentor").order_by("created"),
                to_attr="review_list",
            ),
        )

    def due_for_reminder(self, *, weeks: int, now: datetime) -> ReportQuerySet:
        """Each opted-in person's latest report, once it is `weeks` old and not yet nudged."""
        newer = Report.objects.filter(owner=OuterRef("owner"), created__gt=OuterRef("created"))
        return (
            self.filter(
                owner__reminder_opt_in__isnull=False,
                created__lte=now - timedelta(weeks=weeks),
                reminder__isnull=True,
            )
            .exclude(Exists(newer))
            .select_related("owner")
        )

    def latest_of(self, assessment: Assessment) -> Report | None:
        """The report an assessment was finished into (the newest, should there be more)."""
        return self.filter(assessment=assessment).order_by("-created").first()


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

    def with_unread(self, user: Any) -> ShareQuerySet:
        """Annotate `unread` (see unread_by) for each share's report."""
        return self.annotate(unread=unread_by(user, OuterRef("report")))


class Share(models.Model):
    """A report shared with a person (a mentor), or a read-only link with a random token.

    A person share keeps what the owner typed (`recipient`, a username or an email
    address) and, once known, the user it grants access to (`mentor`). The owner's page
    shows only `recipient`, so it looks the same whether that named an account, an
    address with no account yet (an emailed invitation, `invite_token`, that whoever
    opens it signed in accepts), or nobody at all.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="shares")
    recipient = models.CharField(
        max_length=254,
        blank=True,
        help_text="What the owner typed: a username or an email address; empty for a link.",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_shares",
        help_text="Who reads it: empty until an invitation is accepted, or if nobody matched.",
    )
    invite_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
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
            # Either a share with a person (named, never expiring), or a link with a token
            # and an expiry that names nobody: never both.
            models.CheckConstraint(
                condition=(Q(token__isnull=True, expires__isnull=True) & ~Q(recipient=""))
                | Q(
                    recipient="",
                    mentor__isnull=True,
                    invite_token__isnull=True,
                    token__isnull=False,
                    expires__isnull=False,
                ),
                name="share_mentor_xor_link",
            ),
            # readable_by and the dashboard count one active share per mentor; after a
            # revoke, sharing again works.
            models.UniqueConstraint(
                fields=["report", "mentor"],
                condition=Q(revoked__isnull=True, mentor__isnull=False),
                name="share_one_active_per_mentor",
            ),
            # The share form's "already shared with X": X being what this owner typed.
            models.UniqueConstraint(
                F("report"),
                Lower("recipient"),
                condition=Q(revoked__isnull=True) & ~Q(recipient=""),
                name="share_one_active_per_recipient",
            ),
        ]
        indexes = [
            # The mentor dashboard reads a mentor's active shares, newest first.
            models.Index(fields=["mentor", "-created"], name="share_mentor_created"),
        ]

    def __str__(self) -> str:
        return f"{self.report} → {self.recipient or 'link'}"

    @property
    def is_link(self) -> bool:
        return self.token is not None


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    # Empty once the author deletes their account: the words stay in the report's
    # thread, which is its owner's, signed "deleted user".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
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
        return f"{display_name(self.author)} on {self.report}: {self.body[:40]}"


class Review(models.Model):
    """A mentor marks a report reviewed, with a summary the owner sees at the top."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    # Empty once the mentor deletes their account: like a comment, the review was written
    # for the owner and stays on their report, by "deleted user".
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    summary = models.TextField(max_length=COMMENT_MAX)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "mentor"], name="review_one_per_mentor"),
        ]

    def __str__(self) -> str:
        return f"{display_name(self.mentor)} reviewed {self.report}"


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


class StepStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class StepProgress(models.Model):
    """The owner's progress on one step of a report's learning path.

    Kept beside the report, not in it: the report stays the snapshot it was. A step is
    named as the document names it (stage = level slug, skill = skill slug).
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="progress")
    stage = models.SlugField(max_length=50)
    skill = models.SlugField(max_length=120)
    status = models.CharField(max_length=5, choices=StepStatus.choices)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Marking a step upserts on this triple: two tabs leave one row.
            models.UniqueConstraint(
                fields=["report", "stage", "skill"], name="progress_one_per_step"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="progress_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.stage}/{self.skill}: {self.status}"


OPINION_NOTE_MAX = 500


class OpinionQuerySet(models.QuerySet["Opinion"]):
    def showing(self) -> OpinionQuerySet:
        """Opinions of mentors whose share is still active: a revoked one's are kept, unseen."""
        active = Share.objects.active().filter(report=OuterRef("report"), mentor=OuterRef("mentor"))
        return self.filter(Exists(active))


class Opinion(models.Model):
    """A mentor's own score for a skill of a report they are shared: a second opinion."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="opinions")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opinions"
    )
    skill = models.SlugField(max_length=120)  # as the report's document names it
    score = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=OPINION_NOTE_MAX, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        constraints = [
            # A mentor changes their mind in place: one score a skill.
            models.UniqueConstraint(
                fields=["report", "mentor", "skill"], name="opinion_one_per_skill"
            ),
            models.CheckConstraint(condition=Q(score__lte=5), name="opinion_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} on {self.report}: {self.skill} {self.score}"


class Reassessment(models.Model):
    """Which report a re-assessment started from: its path progress carries forward."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="reassessment"
    )
    source = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reassessments")

    def __str__(self) -> str:
        return f"{self.assessment} from {self.source}"


class ReminderOptIn(models.Model):
    """This person wants a nudge to re-assess when their last report grows old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_in"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} wants reminders"


class ReminderSent(models.Model):
    """A reminder went out about this report: at most one a report."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="reminder")
    sent = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"reminded about {self.report} at {self.sent:%Y-%m-%d}"


class DrawnPdf(models.Model):
    """A report's PDF as one reader sees it, drawn by a worker (reports.tasks.draw_pdf).

    In the database, not on a disk: every gunicorn server and worker reads the same rows,
    and no local disk is shared (docs/design-notes.md, "Where PDFs are kept"). `name` says
    which state of the report it shows (exports.pdf_name: the format, the reader's voice,
    progress, reviews and opinions), so a change asks for a new one and never a stale one.
    Written in one INSERT: a worker killed while drawing leaves no row, never half a file.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pdfs")
    name = models.CharField(max_length=200)
    # None: the drawing failed on every try; the page says so instead of "preparing".
    content = models.BinaryField(null=True)
    drawn = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The download and the worker look a PDF up by both; two workers drawing the
            # same state (a task run twice) keep the first.
            models.UniqueConstraint(fields=["report", "name"], name="drawn_pdf_once_a_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({'failed' if self.content is None else 'drawn'})"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def unread_by(user: Any, report: OuterRef) -> Coalesce:
    """How many comments others wrote on `report` since `user` last read it (a subquery).

    `report` points at the report from the query this is annotated on. The read mark is
    matched to each comment's own report, so the one expression serves a query on reports
    ("My reports") and one on shares (the mentor dashboard).
    """
    last_read = ReadMark.objects.filter(report=OuterRef("report"), user=user).values("read_at")
    newer = (
        Comment.objects.filter(report=report)
        .filter(created__gt=Coalesce(Subquery(last_read[:1]), Value(EPOCH)))
        .exclude(author=user)
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(newer, output_field=models.IntegerField()), 0)

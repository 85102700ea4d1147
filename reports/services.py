"""Writes that make and use reports: finishing, re-assessing, sharing, comments, reviews.

Each is one transaction; emails go out after it commits (notify.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import DraftGone, RatingInput, save_ratings, start_assessment
from background.queue import enqueue_on_commit
from careers.models import Level, Skill

from . import notify, progress, tasks
from .models import (
    Comment,
    Opinion,
    ReadMark,
    Reassessment,
    ReminderOptIn,
    ReminderSent,
    Report,
    Review,
    Share,
    StepProgress,
)
from .snapshot import snapshot

TOKEN_BYTES = 24  # 192 random bits; the design asks for at least 128


REPORT_GONE = (
    "This report was deleted by its owner a moment ago: it can no longer be read, and "
    "nothing you sent to it was saved."
)


class ReportGone(Exception):
    """The report was deleted (with its owner's account) after the view read it."""


def lock_report(report: Report) -> None:
    """Hold the report's row until this transaction ends, or raise ReportGone.

    Account deletion takes the same row first (accounts.services.delete_account), so a
    write that refers to the report either commits before the deletion starts, and is
    deleted with it, or waits for the deletion and finds the report gone: never a
    foreign-key error on either side. NO KEY UPDATE lets others' plain inserts through.
    """
    held = Report.objects.select_for_update(no_key=True).filter(pk=report.pk)
    if not held.values_list("pk", flat=True):
        raise ReportGone


@transaction.atomic
def finish_assessment(*, assessment: Assessment) -> Report:
    """Snapshot the assessment as a report and close it; a second click returns the same one.

    DraftGone when another tab deleted the draft after the view read it.
    """
    locked = (
        Assessment.objects.select_for_update()
        .select_related("career", "level")
        .filter(pk=assessment.pk)
        .first()
    )
    if locked is None:
        raise DraftGone
    if locked.finished is not None:
        existing = Report.objects.latest_of(locked)
        if existing is not None:
            return existing
    if locked.owner is None:  # the view signs people in first, and signing in claims drafts
        raise ValueError("Only a signed-in person's assessment becomes a report.")
    document = snapshot(locked)
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
    carry_progress(report=report)
    # Drawn by a worker once this commits, so the owner's first download is a file.
    enqueue_on_commit(tasks.draw_pdf, report.pk, report.owner_id, None)
    return report


def carry_progress(*, report: Report) -> None:
    """A re-assessment's report starts with the progress of the report it came from."""
    source = Report.objects.filter(reassessments__assessment=report.assessment_id).first()
    if source is None:
        return
    before = {(p.stage, p.skill): p.status for p in source.progress.all()}
    StepProgress.objects.bulk_create(
        StepProgress(report=report, stage=stage, skill=skill, status=status)
        for (stage, skill), status in progress.carried(before, report.document["path"]).items()
    )


class CannotReassess(Exception):
    """The report's career or level has left the taxonomy since."""


@transaction.atomic
def reassess(*, report: Report, owner: Any, adopt: Mapping[str, int] | None = None) -> Assessment:
    """A new draft for the same career and level, with the report's ratings filled in.

    `adopt` holds the scores the owner chose to start from instead (a step they finished,
    a mentor's opinion): nothing changes a rating unless the owner picked it.
    """
    level = Level.objects.filter(slug=report.document["level"]["slug"]).first()
    if report.career is None or level is None:
        raise CannotReassess(f"{report.career_name} ({report.level_name}) is no longer offered.")
    assessment = start_assessment(career=report.career, level=level, owner=owner)
    Reassessment.objects.create(assessment=assessment, source=report)
    inputs = report.document["inputs"]
    evidence = inputs.get("evidence", {})
    scores = {**inputs["ratings"], **(adopt or {})}
    skills = Skill.objects.filter(slug__in=list(scores))
    save_ratings(
        assessment=assessment,
        ratings=[
            RatingInput(skill, scores[skill.slug], evidence.get(skill.slug, "")) for skill in skills
        ],
    )
    return assessment


def set_step_status(*, report: Report, stage: str, skill: str, status: str) -> None:
    """Mark a step of the report's path; one upsert, so two tabs leave one row."""
    StepProgress.objects.bulk_create(
        [StepProgress(report=report, stage=stage, skill=skill, status=status)],
        update_conflicts=True,
        unique_fields=["report", "stage", "skill"],
        update_fields=["status", "updated"],
    )


@transaction.atomic
def give_opinion(
    *, report: Report, mentor: Any, skill: str, score: int, note: str, base_url: str
) -> Opinion:
    """A mentor's score for one skill; the owner hears of a new one (a link, no content)."""
    lock_report(report)
    opinion, created = Opinion.objects.update_or_create(
        report=report, mentor=mentor, skill=skill, defaults={"score": score, "note": note}
    )
    if created:
        notify.opinion_given(report=report, mentor=mentor, base_url=base_url)
    return opinion


def set_reminders(*, user: Any, wanted: bool) -> None:
    if wanted:
        ReminderOptIn.objects.get_or_create(user=user)
    else:
        ReminderOptIn.objects.filter(user=user).delete()


def send_reminders(*, weeks: int, base_url: str, now: datetime | None = None) -> int:
    """Nudge everyone who opted in and whose latest report is `weeks` old, once a report."""
    due = Report.objects.due_for_reminder(weeks=weeks, now=now or timezone.now())
    sent = 0
    for report in due:
        with transaction.atomic():
            _, fresh = ReminderSent.objects.get_or_create(report=report)
            if fresh:  # another run may have taken it meanwhile
                notify.reassess_reminder(report=report, base_url=base_url)
                sent += 1
    return sent


def readers_of(report: Report) -> list[Any]:
    """The owner and every mentor with an active share: who hears of a new comment."""
    mentors = [
        s.mentor
        for s in Share.objects.active()
        .filter(report=report, mentor__isnull=False)
        .select_related("mentor")
    ]
    return [report.owner, *mentors]


def active_shares(report: Report) -> QuerySet[Share]:
    return report.shares.active().order_by("-created")


class AlreadyShared(Exception):
    """An active share already has what the owner typed (a double submit, say)."""


def share_with(*, report: Report, recipient: str, base_url: str) -> Share:
    """Share with whoever `recipient` (a username or an email address) names.

    A user gets access and an email; an address with no account gets an invitation; an
    unknown username gets nothing, as there is nobody to tell. The row, and so the
    owner's page, looks the same in every case. Another name of someone it is shared with
    already is refused like the same name twice: one person, one row.
    """
    mentor = find_user(recipient)
    if mentor is not None and has_access(report, mentor):
        raise AlreadyShared(recipient)
    try:
        with transaction.atomic():
            if mentor is not None:
                return share_with_mentor(
                    report=report, mentor=mentor, base_url=base_url, as_typed=recipient
                )
            if "@" in recipient:
                return invite(report=report, email=recipient, base_url=base_url)
            return Share.objects.create(report=report, recipient=recipient)
    except IntegrityError as error:  # the database's word on a race the form cannot see
        raise AlreadyShared(recipient) from error


@transaction.atomic
def share_with_mentor(*, report: Report, mentor: Any, base_url: str, as_typed: str = "") -> Share:
    recipient = as_typed or mentor.get_username()
    if mentor.pk == report.owner_id or has_access(report, mentor):
        # They can read it already (another name of theirs, or theirs): this entry waits,
        # and takes over if the other is revoked (hand_over).
        return Share.objects.create(report=report, recipient=recipient)
    share = Share.objects.create(report=report, recipient=recipient, mentor=mentor)
    notify.report_shared(report=report, mentor=mentor, base_url=base_url)
    return share


@transaction.atomic
def invite(*, report: Report, email: str, base_url: str) -> Share:
    share = Share.objects.create(
        report=report, recipient=email, invite_token=secrets.token_urlsafe(TOKEN_BYTES)
    )
    notify.invited(share=share, base_url=base_url)
    return share


def has_access(report: Report, user: Any) -> bool:
    return Share.objects.active().filter(report=report, mentor=user).exists()


def create_link(*, report: Report, days: int, show_name: bool) -> Share:
    return Share.objects.create(
        report=report,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        expires=timezone.now() + timedelta(days=days),
        show_name=show_name,
    )


@transaction.atomic
def revoke(*, share: Share) -> None:
    revoked = Share.objects.filter(pk=share.pk, revoked__isnull=True).update(revoked=timezone.now())
    if revoked and share.mentor_id is not None:
        hand_over(report=share.report, mentor=share.mentor)


def hand_over(*, report: Report, mentor: Any) -> None:
    """Another active entry of the owner's may name the same person (their username and
    their email): it now carries the access, so the owner's list stays true."""
    waiting = Share.objects.active().filter(
        report=report, mentor__isnull=True, token__isnull=True, invite_token__isnull=True
    )
    for share in waiting.order_by("created"):
        if find_user(share.recipient) == mentor:
            Share.objects.filter(pk=share.pk).update(mentor=mentor)
            return


class InvitationGone(Exception):
    """Unknown, revoked, the owner's own, or accepted by someone else: a 404 to this user."""


def open_invitation(*, token: str, user: Any) -> Share:
    """The invitation `user` may accept or has accepted."""
    share = (
        Share.objects.active()
        .filter(invite_token=token)
        .select_related("report__owner")
        .defer("report__document")
        .first()
    )
    if share is None or share.report.owner_id == user.pk:
        raise InvitationGone(token)
    if share.mentor_id not in (None, user.pk):
        raise InvitationGone(token)
    return share


@transaction.atomic
def accept_invitation(*, token: str, user: Any) -> Share:
    """`user` becomes the mentor; if they can read the report already, it stays waiting."""
    share = open_invitation(token=token, user=user)
    locked = Share.objects.select_for_update().get(pk=share.pk)
    if locked.mentor_id is not None and locked.mentor_id != user.pk:
        raise InvitationGone(token)  # someone accepted it a moment ago
    if locked.mentor_id is None and not has_access(share.report, user):
        locked.mentor = user
        try:
            with transaction.atomic():
                locked.save(update_fields=["mentor"])
        except IntegrityError:
            pass  # shared with them directly meanwhile: they can read it, this one waits
    return share


@transaction.atomic
def add_comment(*, report: Report, author: Any, body: str, skill: str, base_url: str) -> Comment:
    lock_report(report)
    comment = Comment.objects.create(report=report, author=author, body=body, skill=skill)
    mark_read(report=report, user=author)  # your own comment is never unread
    notify.comment_added(comment=comment, readers=readers_of(report), base_url=base_url)
    return comment


@transaction.atomic
def mark_reviewed(*, report: Report, mentor: Any, summary: str) -> Review:
    lock_report(report)
    review, _ = Review.objects.update_or_create(
        report=report, mentor=mentor, defaults={"summary": summary}
    )
    return review


def mark_read(*, report: Report, user: Any) -> None:
    """One upsert, so opening a report costs the same on the first visit and the tenth.

    Not locked first (that would cost every page view a query): a report deleted after
    the view read it makes the database refuse the mark, which is ReportGone here.
    """
    try:
        ReadMark.objects.bulk_create(
            [ReadMark(report=report, user=user, read_at=timezone.now())],
            update_conflicts=True,
            unique_fields=["report", "user"],
            update_fields=["read_at"],
        )
    except IntegrityError as error:
        raise ReportGone(report.pk) from error


def find_user(identifier: str) -> Any | None:
    """A registered user by username or email, case-insensitively."""
    User = get_user_model()
    identifier = identifier.strip()
    if not identifier:
        return None
    field = "email__iexact" if "@" in identifier else "username__iexact"
    return User.objects.filter(**{field: identifier}, is_active=True).first()

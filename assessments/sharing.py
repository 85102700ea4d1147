"""Sharing reports with mentors and by link, comments, reviews and read marks."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import notify
from .models import Comment, ReadMark, Report, Review, Share

TOKEN_BYTES = 24  # 192 random bits; the design asks for at least 128


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
    return report.shares.active().select_related("mentor").order_by("-created")


@transaction.atomic
def share_with_mentor(*, report: Report, mentor: Any, base_url: str) -> Share:
    share = Share.objects.create(report=report, mentor=mentor)
    notify.report_shared(report=report, mentor=mentor, base_url=base_url)
    return share


def create_link(*, report: Report, days: int, show_name: bool) -> Share:
    return Share.objects.create(
        report=report,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        expires=timezone.now() + timedelta(days=days),
        show_name=show_name,
    )


def revoke(*, share: Share) -> None:
    Share.objects.filter(pk=share.pk, revoked__isnull=True).update(revoked=timezone.now())


@transaction.atomic
def add_comment(*, report: Report, author: Any, body: str, skill: str, base_url: str) -> Comment:
    comment = Comment.objects.create(report=report, author=author, body=body, skill=skill)
    mark_read(report=report, user=author)  # your own comment is never unread
    notify.comment_added(comment=comment, readers=readers_of(report), base_url=base_url)
    return comment


def mark_reviewed(*, report: Report, mentor: Any, summary: str) -> Review:
    review, _ = Review.objects.update_or_create(
        report=report, mentor=mentor, defaults={"summary": summary}
    )
    return review


def mark_read(*, report: Report, user: Any) -> None:
    """One upsert, so opening a report costs the same on the first visit and the tenth."""
    ReadMark.objects.bulk_create(
        [ReadMark(report=report, user=user, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["report", "user"],
        update_fields=["read_at"],
    )


def find_user(identifier: str) -> Any | None:
    """A registered user by username or email, case-insensitively."""
    User = get_user_model()
    identifier = identifier.strip()
    if not identifier:
        return None
    field = "email__iexact" if "@" in identifier else "username__iexact"
    return User.objects.filter(**{field: identifier}, is_active=True).first()

"""Everything a person owns, as plain data for the download at /accounts/data.json.

Streamed (`chunks`): each kind of thing is read `CHUNK` rows at a time and written as it is
read, so a long history is never held whole in memory. One query per kind of thing (and one
per prefetched part) for each `CHUNK` rows. What they typed and what they were given stays
theirs; what belongs to others (a mentor's identity beyond the name the owner
typed, an invitation's token, which is its recipient's key) is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Prefetch
from django.urls import reverse

from assessments.models import Assessment, Rating
from postings.models import Posting, PostingSkill
from reports.models import (
    Comment,
    Opinion,
    ReadMark,
    ReminderOptIn,
    Report,
    Review,
    Share,
    StepProgress,
)

FORMAT_VERSION = 1
CHUNK = 500  # rows read at a time: with their prefetched parts, a bounded slice of memory
Item = dict[str, Any]
Owned = TypeVar("Owned", Assessment, Posting)  # what a person owns, with a row per skill


def when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def sections(user: Any, absolute: Callable[[str], str]) -> dict[str, object]:
    """Each part of the download, in order: plain values, or rows not yet read.

    `absolute` turns a path into a full URL (request.build_absolute_uri)."""
    return {
        "format_version": FORMAT_VERSION,
        "profile": profile(user),
        "assessments": assessments(user),
        "reports": reports(user, absolute),
        "shared_with_me": shared_with_me(user),
        "comments": comments(user),
        "reviews": reviews(user),
        "opinions": opinions(user),
        "read": read_marks(user),
        "reminders": ReminderOptIn.objects.filter(user=user).exists(),
        "postings": postings(user),
    }


def chunks(user: Any, absolute: Callable[[str], str]) -> Iterator[str]:
    """The download as JSON text, one row a line, written as its rows are read."""
    yield "{"
    for n, (key, value) in enumerate(sections(user, absolute).items()):
        yield f"{',' if n else ''}\n{dumps(key)}: "
        if isinstance(value, Iterator):
            yield from listing(value)
        else:
            yield dumps(value)
    yield "\n}\n"


def listing(rows: Iterable[Item]) -> Iterator[str]:
    yield "["
    for n, row in enumerate(rows):
        yield f"{',' if n else ''}\n  {dumps(row)}"
    yield "\n]"


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def profile(user: Any) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "email": user.email or None,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
    }


def assessments(user: Any) -> Iterator[Item]:
    return (
        {
            "uuid": str(a.uuid),
            "career": a.career.slug,
            "level": a.level.slug,
            "created": when(a.created),
            "updated": when(a.updated),
            "finished": when(a.finished),
            "ratings": [
                {
                    "skill": r.skill.slug,
                    "score": r.score,
                    "evidence": r.evidence,
                    "estimated": r.estimated,  # a category's estimate, not yet rated alone
                    "updated": when(r.updated),
                }
                for r in a.ratings.all()
            ],
        }
        for a in with_skills(Assessment, user, "ratings", Rating)
    )


def postings(user: Any) -> Iterator[Item]:
    """The job postings they pasted, with the skills found in each."""
    return (
        {
            "uuid": str(p.uuid),
            "title": p.title,
            "company": p.company,
            "text": p.text,
            "created": when(p.created),
            "career": p.career.slug if p.career else None,
            "level": p.level.slug if p.level else None,
            "skills": [
                {"skill": s.skill.slug, "required": s.required, "evidence": s.evidence}
                for s in p.skills.all()
            ],
        }
        for p in with_skills(Posting, user, "skills", PostingSkill)
    )


def with_skills(
    model: type[Owned], user: Any, part: str, parts: type[Rating | PostingSkill]
) -> Iterator[Owned]:
    """The `model` rows `user` owns, oldest first, with their career and level and their
    `part` (rows of `parts`, one per skill, by slug): two queries for each CHUNK rows."""
    by_skill = parts.objects.select_related("skill").order_by("skill__slug")
    rows = (
        model.objects.owned_by(user)
        .select_related("career", "level")
        .prefetch_related(Prefetch(part, queryset=by_skill))
        .order_by("created")
    )
    return rows.iterator(chunk_size=CHUNK)


def reports(user: Any, absolute: Callable[[str], str]) -> Iterator[Item]:
    shares = Share.objects.order_by("created")
    marks = StepProgress.objects.order_by("stage", "skill")
    rows = (
        Report.objects.owned_by(user)
        .prefetch_related(Prefetch("shares", queryset=shares), Prefetch("progress", queryset=marks))
        .order_by("created")
    )
    return (
        {
            "uuid": str(r.uuid),
            "created": when(r.created),
            "document": r.document,
            "shares": [share(s, absolute) for s in r.shares.all()],
            "path_progress": [
                {"stage": p.stage, "skill": p.skill, "status": p.status, "updated": when(p.updated)}
                for p in r.progress.all()
            ],
        }
        for r in rows.iterator(chunk_size=CHUNK)
    )


def share(s: Share, absolute: Callable[[str], str]) -> dict[str, Any]:
    link = absolute(reverse("reports:shared_link", args=[s.token])) if s.is_link else None
    return {
        "with": s.recipient or None,  # None for a link
        "link": link,
        "shows_name": s.show_name if s.is_link else None,
        "created": when(s.created),
        "expires": when(s.expires),
        "revoked": when(s.revoked),
    }


def shared_with_me(user: Any) -> Iterator[Item]:
    rows = (
        Share.objects.filter(mentor=user)
        .select_related("report")
        .only("created", "revoked", "report__uuid")
    )
    return (
        {"report": str(s.report.uuid), "since": when(s.created), "revoked": when(s.revoked)}
        for s in rows.order_by("created").iterator(chunk_size=CHUNK)
    )


def comments(user: Any) -> Iterator[Item]:
    rows = (
        Comment.objects.filter(author=user)
        .select_related("report")
        .only("skill", "body", "created", "report__uuid")
    )
    return (
        {
            "report": str(c.report.uuid),
            "skill": c.skill or None,
            "body": c.body,
            "created": when(c.created),
        }
        for c in rows.order_by("created").iterator(chunk_size=CHUNK)
    )


def reviews(user: Any) -> Iterator[Item]:
    rows = (
        Review.objects.filter(mentor=user)
        .select_related("report")
        .only("summary", "created", "report__uuid")
    )
    return (
        {"report": str(r.report.uuid), "summary": r.summary, "updated": when(r.created)}
        for r in rows.order_by("created").iterator(chunk_size=CHUNK)
    )


def opinions(user: Any) -> Iterator[Item]:
    """The second opinions this person gave, as a mentor, on others' reports."""
    rows = Opinion.objects.filter(mentor=user).select_related("report").order_by("updated")
    return (
        {
            "report": str(o.report.uuid),
            "skill": o.skill,
            "score": o.score,
            "note": o.note,
            "updated": when(o.updated),
        }
        for o in rows.only("skill", "score", "note", "updated", "report__uuid").iterator(
            chunk_size=CHUNK
        )
    )


def read_marks(user: Any) -> Iterator[Item]:
    rows = (
        ReadMark.objects.filter(user=user).select_related("report").only("read_at", "report__uuid")
    )
    return (
        {"report": str(m.report.uuid), "read_at": when(m.read_at)}
        for m in rows.order_by("read_at").iterator(chunk_size=CHUNK)
    )


def kept(user: Any) -> dict[str, int]:
    """How much of each the download holds: what the data page lists."""
    return {
        "assessments": Assessment.objects.owned_by(user).count(),
        "ratings": Rating.objects.filter(assessment__owner=user).count(),
        "reports": Report.objects.owned_by(user).count(),
        "shares": Share.objects.filter(report__owner=user).count(),
        "shared_with_me": Share.objects.filter(mentor=user).count(),
        "comments": Comment.objects.filter(author=user).count(),
        "reviews": Review.objects.filter(mentor=user).count(),
        "opinions": Opinion.objects.filter(mentor=user).count(),
    }

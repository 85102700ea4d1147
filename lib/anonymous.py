"""What a visitor makes before signing up (an assessment, a posting): kept by id in their
browser session, visible to that session alone, and theirs once they sign up or log in.

Assessments and postings work the same way (DESIGN.md: a posting is "claimed like an
assessment"), so the rule lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)


class OwnerOrSessionQuerySet(models.QuerySet[M]):
    """For models with a nullable `owner` and a public `uuid`."""

    def owned_by(self, user: Any) -> Self:
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def visible_to(self, user: Any, session_ids: list[str]) -> Self:
        """The user's own, plus the anonymous ones this browser session made."""
        anonymous = Q(owner__isnull=True, uuid__in=session_ids)
        if user.is_authenticated:
            # Most signed-in sessions hold no anonymous ids: no OR for the database to plan.
            return self.filter(Q(owner=user) | anonymous if session_ids else Q(owner=user))
        return self.filter(anonymous)


def visible_one(visible: models.QuerySet[M], uuid: object) -> M:
    """The one with this `uuid` among those the visitor may see: anyone else's is a 404,
    never a 403, and so is a malformed id."""
    try:
        return get_object_or_404(visible, uuid=uuid)
    except (ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


@dataclass(frozen=True)
class SessionList:
    """The ids of what an anonymous visitor made, under one key of their session."""

    key: str

    def ids(self, request: HttpRequest) -> list[str]:
        return list(request.session.get(self.key, []))

    def remember(self, request: HttpRequest, made: Any) -> None:
        if made.owner_id is None:
            request.session[self.key] = [*self.ids(request), str(made.uuid)]

    def forget(self, request: HttpRequest, uuids: list[str]) -> None:
        gone = set(uuids)
        request.session[self.key] = [u for u in self.ids(request) if u not in gone]

    def claim(self, request: HttpRequest | None, take: Callable[[list[str]], int]) -> int:
        """At log-in: `take` makes the session's ids the user's; the session forgets them.

        Returns how many were taken. No request (a log-in made in code) takes nothing."""
        if request is None or not hasattr(request, "session"):
            return 0
        uuids = self.ids(request)
        if not uuids:
            return 0
        taken = take(uuids)
        self.forget(request, uuids)
        return taken

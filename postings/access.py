"""Who may see a posting: its owner, or the browser session that pasted it anonymously."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Posting, PostingQuerySet

SESSION_KEY = "anonymous_postings"


def session_ids(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def remember(request: HttpRequest, posting: Posting) -> None:
    if posting.owner_id is None:
        request.session[SESSION_KEY] = [*session_ids(request), str(posting.uuid)]


def forget(request: HttpRequest, uuids: list[str]) -> None:
    request.session[SESSION_KEY] = [u for u in session_ids(request) if u not in set(uuids)]


def visible_postings(request: HttpRequest) -> PostingQuerySet:
    return Posting.objects.visible_to(request.user, session_ids(request))


def get_posting(request: HttpRequest, uuid: object) -> Posting:
    """The posting if this visitor may see it; anyone else's is a 404, never a 403."""
    try:
        return get_object_or_404(
            visible_postings(request).select_related("career", "level"), uuid=uuid
        )
    except (ValueError, TypeError, ValidationError) as error:
        raise Http404 from error

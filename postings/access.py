"""Who may see a posting: its owner, or the browser session that pasted it anonymously."""

from __future__ import annotations

from django.http import HttpRequest

from lib.anonymous import SessionList, visible_one

from .models import Posting, PostingQuerySet

KEPT = SessionList("anonymous_postings")
session_ids, remember, forget = KEPT.ids, KEPT.remember, KEPT.forget


def visible_postings(request: HttpRequest) -> PostingQuerySet:
    return Posting.objects.visible_to(request.user, session_ids(request))


def get_posting(request: HttpRequest, uuid: object) -> Posting:
    """The posting if this visitor may see it; anyone else's is a 404, never a 403."""
    return visible_one(visible_postings(request).select_related("career", "level"), uuid)

"""A visitor without an account sees their result first: the full report, read-only,
computed from the draft and not saved; signing up (or logging in) keeps it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from assessments.models import Assessment
from assessments.services import claim_assessments

from . import services

PREVIEWED = "reports:previewed"  # the session's drafts whose result the visitor has seen


def remember(request: HttpRequest, assessment: Assessment) -> None:
    seen = request.session.get(PREVIEWED, [])
    if str(assessment.uuid) not in seen:
        request.session[PREVIEWED] = [*seen, str(assessment.uuid)]


def keep_previewed(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At sign-up or log-in, the results the visitor saw become saved reports."""
    if request is None or not hasattr(request, "session"):
        return
    uuids = request.session.pop(PREVIEWED, [])
    if not uuids:
        return
    # The assessments' own receiver claims them too; whichever runs first, this is a no-op.
    claim_assessments(user=user, uuids=uuids)
    for assessment in Assessment.objects.filter(uuid__in=uuids, owner=user, finished__isnull=True):
        services.finish_assessment(assessment=assessment)

"""Who may see an assessment: its owner, or the browser session that started it anonymously."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lib.anonymous import SessionList

from .models import Assessment, AssessmentQuerySet

KEPT = SessionList("anonymous_assessments")
session_ids, remember, forget = KEPT.ids, KEPT.remember, KEPT.forget


def visible_assessments(request: HttpRequest) -> AssessmentQuerySet:
    return Assessment.objects.visible_to(request.user, session_ids(request))


def get_assessment(request: HttpRequest, uuid: object) -> Assessment:
    """The assessment if this visitor may see it; anyone else's is a 404, never a 403."""
    try:
        return get_object_or_404(
            visible_assessments(request).select_related("career", "level"), uuid=uuid
        )
    except (ValueError, TypeError, ValidationError) as error:  # a malformed id is as absent
        raise Http404 from error

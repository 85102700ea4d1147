"""Who may see an assessment: its owner, or the browser session that started it anonymously."""

from __future__ import annotations

from django.http import HttpRequest

from lib.anonymous import SessionList, visible_one

from .models import Assessment, AssessmentQuerySet

KEPT = SessionList("anonymous_assessments")
session_ids, remember, forget = KEPT.ids, KEPT.remember, KEPT.forget


def visible_assessments(request: HttpRequest) -> AssessmentQuerySet:
    return Assessment.objects.visible_to(request.user, session_ids(request))


def get_assessment(request: HttpRequest, uuid: object) -> Assessment:
    """The assessment if this visitor may see it; anyone else's is a 404, never a 403."""
    return visible_one(visible_assessments(request).select_related("career", "level"), uuid)

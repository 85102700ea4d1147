"""Who may read a report: its owner, and mentors it is shared with (not revoked)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Report, ReportQuerySet


def _get(queryset: ReportQuerySet, uuid: object) -> Report:
    try:
        return get_object_or_404(queryset.select_related("owner"), uuid=uuid)
    except (ValueError, TypeError, ValidationError) as error:  # a malformed id is as absent
        raise Http404 from error


def get_report(request: HttpRequest, uuid: object, *, document: bool = True) -> Report:
    """A report the visitor may read (owner or mentor); anyone else's is a 404.

    `document=False` leaves the saved document unread until it is used (a cached export)."""
    readable = Report.objects.readable_by(request.user)
    return _get(readable if document else readable.defer("document"), uuid)


def get_owned_report(request: HttpRequest, uuid: object) -> Report:
    """A report only its owner may act on (share, revoke, re-assess)."""
    return _get(Report.objects.owned_by(request.user), uuid)

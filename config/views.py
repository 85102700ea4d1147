"""Site-wide answers: the load balancer's health check, the favicon and the CSRF failure page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lib.http import htmx_alert

STALE = (
    "Your session has changed since this page loaded (you may have logged in or out in "
    "another tab), so that change was not saved. Reload the page and try again; ratings "
    "saved before are kept."
)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" without touching the database: the load balancer's check."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """No icon, said once a day: our pages name none (`data:,`), but the admin's pages and
    the JSON downloads do not, and each then asked for /favicon.ico and met a 404."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.headers.get("HX-Request"):
        return htmx_alert(request, STALE, status=403)
    return render(request, "403_csrf.html", {"message": STALE}, status=403)

"""Site-wide error answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

STALE = (
    "Your session has changed since this page loaded (you may have logged in or out in "
    "another tab), so that change was not saved. Reload the page and try again; ratings "
    "saved before are kept."
)


def htmx_alert(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """An answer to an htmx request that shows `message` in the page's alert area."""
    response = render(request, "alert.html", {"message": message}, status=status)
    response["HX-Retarget"] = "#alerts"
    response["HX-Reswap"] = "innerHTML"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.headers.get("HX-Request"):
        return htmx_alert(request, STALE, status=403)
    return render(request, "403_csrf.html", {"message": STALE}, status=403)

"""Answers to htmx requests that the page shows in its alert area."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def htmx_alert(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """Show `message` in the page's #alerts, whatever element the request targeted."""
    response = render(request, "alert.html", {"message": message}, status=status)
    response["HX-Retarget"] = "#alerts"
    response["HX-Reswap"] = "innerHTML"
    return response

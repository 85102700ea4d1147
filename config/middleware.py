"""Requests that no view should see, and what every response may be kept as.

- A NUL character anywhere (path, query, form field), text that isn't UTF-8, or a file
  upload where no form takes files is refused with 400 before any view or database sees
  it: PostgreSQL refuses NUL in text with an error, and Django would otherwise store
  undecodable bytes as U+FFFD.
- Responses are `Cache-Control: private, no-store` unless a view says otherwise: pages
  carry people's ratings, reports and names, and no shared cache may keep them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# The only views that take files: the curators' taxonomy import and a posting's upload.
UPLOAD_VIEWS = {"admin:careers_career_import", "postings:new"}
MAX_PATH = 2048


def _problem(request: HttpRequest) -> str | None:
    """Why the request is refused, in words a person can act on, or None."""
    if "\x00" in request.path or len(request.path) > MAX_PATH:
        return "That address is not one Skillgap has."
    if not _clean(request.META.get("QUERY_STRING", "").encode("latin-1", "replace")):
        return "The address holds characters that are not text."
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded" and not _clean(request.body):
        return "The form sent characters that are not text (only UTF-8 is taken)."
    if content_type == "multipart/form-data" and not _takes_files(request):
        # Browsers send forms without files urlencoded; tools may send them as multipart.
        # request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE (a 400) before parsing.
        try:
            request.body.decode("utf-8")
        except UnicodeDecodeError:
            return "This form takes no files, and only UTF-8 text."
        if request.FILES:
            return "This form takes no files."
        if any("\x00" in v for _, values in request.POST.lists() for v in values):
            return "The form sent a NUL character."
    return None


def _takes_files(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.view_name in UPLOAD_VIEWS


def _clean(raw: bytes) -> bool:
    """Every name and value is UTF-8 once percent-decoded, and none holds a NUL.

    (WSGI hands the query string over as latin-1 text: encoding it back gives its bytes.)
    """
    for pair in raw.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                text = unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
            if "\x00" in text:
                return False
    return True


class RequestHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Here, before CSRF's check reads the form, and once the URL is resolved.
        problem = _problem(request)
        if problem is None:
            return None
        return render(request, "400.html", {"message": problem}, status=400)

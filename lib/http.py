"""What views share: request types that say what middleware added, small answers, and
what every download says about itself."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

# What a quoted file name may hold in every browser: no quotes, backslashes, control
# characters, path separators or spaces.
PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def content_disposition(filename: str) -> str:
    """An attachment named `filename`, as RFC 6266 asks: an ASCII name every client reads,
    and, when that is not the name itself, the UTF-8 name (RFC 5987) that browsers prefer.

    Django would MIME-encode a header that is not Latin-1 as a whole, and browsers then
    lose the name (issue 18, T9).
    """
    fallback = ascii_name(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def ascii_name(filename: str) -> str:
    """`filename` in plain ASCII: accents dropped (José is Jose), any other run of letters
    a plain name cannot hold one underscore."""
    decomposed = unicodedata.normalize("NFKD", filename)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    return PLAIN.sub("_", unaccented)


class HtmxRequest(HttpRequest):
    """A request that django-htmx's middleware has marked: views read `request.htmx`."""

    htmx: HtmxDetails


class SignedInRequest(HtmxRequest):
    """A request behind `login_required`: its user is a real account, never anonymous."""

    user: User


def base_url(request: HttpRequest) -> str:
    """The site's address as this request reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


def htmx_alert(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """Show `message` in the page's #alerts, whatever element the request targeted."""
    response = render(request, "alert.html", {"message": message}, status=status)
    response["HX-Retarget"] = "#alerts"
    response["HX-Reswap"] = "innerHTML"
    return response


def gone(request: HttpRequest, message: str) -> HttpResponse:
    """A 404 that says why: what this request was for was deleted after the view read it."""
    if getattr(request, "htmx", False):
        return htmx_alert(request, message, status=404)
    messages.error(request, message)
    return render(request, "404.html", status=404)

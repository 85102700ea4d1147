"""Who is asking, and how often: the client's address and per-address throttles.

One `client_ip` serves django-axes (login lockout) and django-ratelimit (sign-up and
anonymous starts), so both count the same address. Not an app: it has no models, and
every app may import it (it imports none of them).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

View = Callable[..., HttpResponse]


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of the person asking.

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT proxies stand in front of us, each
    appending the address it was reached from to X-Forwarded-For: then the client is the
    entry the outermost of them wrote, counted from the right. Entries further left came
    from the client and could be anything, so they are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops: int = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    # Fewer entries than proxies: the request skipped the outer ones; the leftmost is
    # what the first proxy it did reach saw.
    candidate = entries[-hops] if len(entries) >= hops else entries[0]
    return candidate if _is_address(candidate) else remote


def too_many(request: HttpRequest, message: str, seconds_left: int) -> HttpResponse:
    """429 in the site's layout, saying what was refused and when to try again."""
    minutes = max(1, math.ceil(seconds_left / 60))
    wait = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    response = render(request, "429.html", {"message": message, "wait": wait}, status=429)
    response["Retry-After"] = str(max(1, seconds_left))
    return response


def throttle(
    group: str, rate: str, message: str, *, key: str = "ip", anonymous_only: bool = False
) -> Callable[[View], View]:
    """Refuse POSTs to the view beyond `rate` per `key` ("ip" or "user"): the view never runs.

    `anonymous_only` leaves signed-in people alone: they are known, so an address shared
    by a whole office does not hold them back.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            exempt = anonymous_only and request.user.is_authenticated
            if request.method == "POST" and not exempt:
                usage = get_usage(
                    request, group=group, key=key, rate=rate, method="POST", increment=True
                )
                if usage is not None and usage["should_limit"]:
                    return too_many(request, message, usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

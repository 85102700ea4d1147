"""Who is asking, and how often: the client's address, throttles on what people ask, and
limits on the emails one address receives.

One `client_ip` serves django-axes (login lockout) and django-ratelimit (every throttle),
so both count the same address. Every count lives in django-ratelimit's cache, the shared
Redis in production, so several servers count together. Rates are settings
(THROTTLE_*, from the environment), read at each count. Not an app: it has no models,
and every app may import it (it imports none of them).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_ratelimit.core import get_usage

View = Callable[..., HttpResponseBase]  # a class-based view's as_view() too


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
    """429 saying what was refused and when to try again: the site's page, or for htmx
    the same words in the page's alert area, leaving what was typed where it was."""
    minutes = max(1, math.ceil(seconds_left / 60))
    wait = f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    context = {"message": message, "wait": wait}
    if request.headers.get("HX-Request") == "true":
        response = render(request, "429.html#alert", context, status=429)
        response["HX-Retarget"] = "#alerts"
        response["HX-Reswap"] = "innerHTML"
    else:
        response = render(request, "429.html", context, status=429)
    patch_vary_headers(response, ["HX-Request"])
    response["Retry-After"] = str(max(1, seconds_left))
    return response


def rate_of(setting: str) -> Callable[[str, HttpRequest | None], str]:
    """The rate a setting names ("10/h"), read when counting, not when the view is made."""
    return lambda group, request: getattr(settings, setting)


def throttle(
    group: str, setting: str, message: str, *, key: str = "ip", anonymous_only: bool = False
) -> Callable[[View], View]:
    """Refuse POSTs to the view beyond the rate `setting` names, per `key` ("ip", "user",
    or "user_or_ip": the account when signed in): the view never runs.

    `anonymous_only` leaves signed-in people alone: they are known, so an address shared
    by a whole office does not hold them back.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            exempt = anonymous_only and request.user.is_authenticated
            if request.method == "POST" and not exempt:
                rate = rate_of(setting)
                usage = get_usage(
                    request, group=group, key=key, rate=rate, method="POST", increment=True
                )
                if usage is not None and usage["should_limit"]:
                    return too_many(request, message, usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def may_email(kind: str, address: str) -> bool:
    """Count one email of `kind` to `address`; False once it has had its
    THROTTLE_EMAILS_PER_RECIPIENT of them this hour, however many people asked for them.

    Whoever asks is throttled at the view; this bounds what one inbox receives when many
    addresses or accounts ask at once. Addresses are counted lower-cased and stored only
    as a hash in the key.
    """
    usage = get_usage(
        None,  # no request: the key is the recipient, method ALL
        group=f"email:{kind}",
        key=lambda group, request: address.strip().lower(),
        rate=rate_of("THROTTLE_EMAILS_PER_RECIPIENT"),
        increment=True,
    )
    return usage is None or not usage["should_limit"]

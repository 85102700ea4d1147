"""Email leaves after the response, so how long a page takes says nothing about whether it
sent one.

A password reset for an address with an account sends an email and one without sends
none; sent inside the request, the mail server's round trips (tens of milliseconds) told
anyone timing the page which addresses have accounts (docs/security.md, measured by
bench/enumeration_timing.py). EMAIL_BACKEND is AfterResponseBackend: during a request it
keeps the messages, and EmailAfterResponseMiddleware hands them to the real backend
(SKILLGAP_EMAIL_BACKEND) when the server closes the response, which gunicorn does once
the client has all of it. Outside a request (management commands) it sends at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# The messages the current request has sent; None outside a request.
_outbox: ContextVar[list[EmailMessage] | None] = ContextVar("skillgap_outbox", default=None)


class AfterResponseBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        outbox = _outbox.get()
        if outbox is None:
            return deliver(email_messages)
        outbox.extend(email_messages)
        return len(email_messages)


def deliver(email_messages: Sequence[EmailMessage]) -> int:
    """Through the real backend. Failures are logged: the page has been answered."""
    if not email_messages:
        return 0
    try:
        backend = get_connection(settings.SKILLGAP_EMAIL_BACKEND)
        return backend.send_messages(list(email_messages)) or 0
    except Exception:
        logger.exception("Could not send %d email(s)", len(email_messages))
        return 0


class EmailAfterResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        outbox: list[EmailMessage] = []
        token = _outbox.set(outbox)
        try:
            response = self.get_response(request)
        finally:
            _outbox.reset(token)
        if outbox:
            # What the server calls when it is done with the response (Django closes a
            # FileResponse's file the same way).
            # Private to Django and absent from django-stubs; Django's own closing uses it.
            response._resource_closers.append(lambda: deliver(outbox))  # type: ignore[attr-defined]
        return response


_held_back: ContextVar[bool] = ContextVar("skillgap_held_back", default=False)


@contextmanager
def held_back() -> Iterator[None]:
    """Send nothing from inside: for people and work made up on nobody's behalf (the demo),
    whose made-up addresses must not fill a developer's terminal or anyone's inbox."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def is_held_back() -> bool:
    return _held_back.get()

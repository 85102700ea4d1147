"""Email is enqueued after the response and sent by a worker (background.mail), so how
long a page takes says nothing about whether it sent one, nor how slow the mail server is.

A password reset for an address with an account sends an email and one without sends
none; sent inside the request, the mail server's round trips (tens of milliseconds) told
anyone timing the page which addresses have accounts (docs/security.md, measured by
bench/enumeration_timing.py). EMAIL_BACKEND is AfterResponseBackend: during a request it
keeps the messages, and EmailAfterResponseMiddleware enqueues them when the server closes
the response, which gunicorn does once the client has all of it: even the enqueueing's
one INSERT is not timed. Outside a request (tasks, management commands) it enqueues at once.
A worker sends each through the real backend (SKILLGAP_EMAIL_BACKEND), with retries.
Callers send in `transaction.on_commit` (reports.notify), so nothing is sent of a change
that was rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest, HttpResponse

import background.mail

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
    """To the queue; a worker sends them. Failures are logged: the page has been answered."""
    if not email_messages:
        return 0
    try:
        background.mail.enqueue(list(email_messages))
    except Exception:
        logger.exception("Could not enqueue %d email(s)", len(email_messages))
        return 0
    return len(email_messages)


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

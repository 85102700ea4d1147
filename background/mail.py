"""E-mail leaves after the response and is sent by a worker: a request, or any other code,
only enqueues it.

EMAIL_BACKEND is AfterResponseBackend, so every `send_mail` anywhere comes here. During a
request it keeps the messages, and EmailAfterResponseMiddleware enqueues them when the
server closes the response, which gunicorn does once the client has all of it: even the
enqueueing's one INSERT is not timed. A password reset for an address with an account sends
an email and one without sends none; sent inside the request, the mail server's round trips
(tens of milliseconds) told anyone timing the page which addresses have accounts
(docs/security.md, measured by bench/enumeration_timing.py). Outside a request (tasks,
management commands) it enqueues at once.

A worker sends each through the real backend (SKILLGAP_EMAIL_BACKEND, from EMAIL_URL). A
slow mail server then slows no page, and a failing one fails no page: the task is tried
again later (background.queue.retried), and after its last try it is FAILED in the admin
with the server's error. A message is sent at least once: a worker killed between the
server's acceptance and the task's record sends it again when the task is put back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.http import HttpRequest, HttpResponse

from .queue import retried

logger = logging.getLogger(__name__)

# The messages the current request has sent; None outside a request.
_outbox: ContextVar[list[EmailMessage] | None] = ContextVar("skillgap_outbox", default=None)


def as_data(message: EmailMessage) -> dict[str, Any]:
    """The message as JSON, which is what the queue stores (no attachments: we send none)."""
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in alternatives],
    }


def from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    return EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from_email"],
        to=data["to"], bcc=data["bcc"], cc=data["cc"], reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[(content, mimetype) for content, mimetype in data["alternatives"]],
    )  # fmt: skip


@retried()
def send_email(message: dict[str, Any]) -> int:
    """Through the real backend (SKILLGAP_EMAIL_BACKEND, from EMAIL_URL); raises on failure,
    so that the task is tried again."""
    backend = get_connection(settings.SKILLGAP_EMAIL_BACKEND, fail_silently=False)
    return backend.send_messages([from_data(message)]) or 0


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
        for message in email_messages:
            send_email.enqueue(as_data(message))
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

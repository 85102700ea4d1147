"""E-mail sent by the workers: a request, or any other code, only enqueues it.

A slow mail server then slows no page, and a failing one fails no page: the task is tried
again later (background.queue.retried), and after its last try it is FAILED in the admin
with the server's error. A message is sent at least once: a worker killed between the
server's acceptance and the task's record sends it again when the task is put back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection

from .queue import retried


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


def enqueue(messages: list[EmailMessage]) -> None:
    for message in messages:
        send_email.enqueue(as_data(message))

"""Emails about shares and comments. They carry a link, never the report's contents.

Sent after the transaction commits, so nobody hears of a share or comment that was
rolled back; a mail server that fails is logged, never turned into a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the share or comment is saved; a lost email must not undo it
        logger.exception("Could not send %r to %s", subject, recipients)


def _later(subject: str, body: str, users: Iterable[Any]) -> None:
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        transaction.on_commit(lambda: _send(subject, body, recipients))


def report_shared(*, report: Any, mentor: Any, base_url: str) -> None:
    owner = report.owner.get_full_name() or report.owner.get_username()
    body = (
        f"{owner} shared a Skillgap report with you for review.\n\n"
        f"Open it here: {base_url}{reverse('reports:detail', args=[report.uuid])}\n"
        f"All reports shared with you: {base_url}{reverse('mentor')}\n"
    )
    _later("A Skillgap report was shared with you", body, [mentor])


def comment_added(*, comment: Any, readers: Iterable[Any], base_url: str) -> None:
    author = comment.author.get_full_name() or comment.author.get_username()
    url = f"{base_url}{reverse('reports:detail', args=[comment.report.uuid])}"
    body = f"{author} commented on a Skillgap report you follow.\n\nRead it here: {url}\n"
    _later("New comment on a Skillgap report", body, [u for u in readers if u != comment.author])

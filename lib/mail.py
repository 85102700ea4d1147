"""Emails the apps send: to each address within its hour's limit, once the change that
causes them commits, and none for people made up on nobody's behalf.

Sent after the transaction commits, so nobody hears of a change that was rolled back; a
mail server that fails is logged, never turned into a 500. Each address receives at most
THROTTLE_EMAILS_PER_RECIPIENT emails of one kind an hour (lib.throttle.may_email), however
many people cause them: the change is saved, its email is not sent. How an email leaves
(after the response, through the queue, by a worker) is EMAIL_BACKEND's business
(background.mail), for every `send_mail` alike.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.mail import send_mail
from django.db import transaction

from .throttle import may_email

logger = logging.getLogger(__name__)

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


def send_later(subject: str, body: str, addresses: Iterable[str], *, kind: str) -> None:
    """Send once the transaction commits (at once outside one), to each address that has
    not had its hour's share of emails of this `kind`."""
    recipients = sorted({a for a in addresses if a})
    if recipients and not _held_back.get():
        transaction.on_commit(lambda: _send_within_limits(subject, body, recipients, kind))


def _send_within_limits(subject: str, body: str, recipients: list[str], kind: str) -> None:
    # Counted when sending, so a rolled-back transaction's email counts against nobody.
    allowed = [address for address in recipients if may_email(kind, address)]
    if len(allowed) < len(recipients):
        logger.warning(
            "Not sent to %d address(es): their hour's %s emails",
            len(recipients) - len(allowed),
            kind,
        )
    if allowed:
        _send(subject, body, allowed)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the change is saved; a lost email must not undo it
        logger.exception("Could not send %r to %s", subject, recipients)

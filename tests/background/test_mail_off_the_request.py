"""No request sends mail: with a mail server that takes 5 s a message, every page that
causes one answers as fast as ever; the messages wait in the queue for a worker."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.conftest import finished, logged_in, shared

SLOW_SECONDS = 5.0


class SlowServer:
    """A mail server that takes SLOW_SECONDS to accept each message."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        time.sleep(SLOW_SECONDS)
        return len(messages)


def timed(request: Callable[[], int]) -> tuple[int, float]:
    start = time.monotonic()
    status = request()
    return status, time.monotonic() - start


def queued() -> int:
    return DBTaskResult.objects.filter(task_path="background.mail.send_email").count()


# Real commits: messages are enqueued in transaction.on_commit, as in production.
@pytest.mark.django_db(transaction=True)
@override_settings(
    EMAIL_BACKEND="background.mail.AfterResponseBackend",
    SKILLGAP_EMAIL_BACKEND="tests.background.test_mail_off_the_request.SlowServer",
)
def test_pages_that_send_mail_do_not_wait_for_a_slow_mail_server(owner: User, mentor: User) -> None:
    report = finished(owner)
    shared(report, mentor)
    DBTaskResult.objects.all().delete()  # what the setting up asked for
    owner_client, mentor_client = logged_in(owner), logged_in(mentor)
    skill = report.document["skills"][0]["slug"]
    pages: dict[str, Callable[[], int]] = {
        "password reset": lambda: (
            Client().post(reverse("password_reset"), {"email": owner.email}).status_code
        ),
        "comment": lambda: (
            mentor_client.post(
                reverse("reports:comments", args=[report.uuid]), {"body": "Nice.", "skill": skill}
            ).status_code
        ),
        "invitation": lambda: (
            owner_client.post(
                reverse("reports:share", args=[report.uuid]), {"mentor": "new@example.org"}
            ).status_code
        ),
    }
    for n, (name, page) in enumerate(pages.items(), start=1):
        status, seconds = timed(page)
        assert status < 400, name
        # Sent in the request, the page would take the server's 5 s at least.
        assert seconds < SLOW_SECONDS / 2, (name, seconds)
        assert queued() == n, name

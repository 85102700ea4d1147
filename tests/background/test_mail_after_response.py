"""Email is enqueued after the response and sent by a worker: a page's timing never says
whether it sent one, nor how slow the mail server is."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.mail import EmailAfterResponseMiddleware
from tests.tasks import drain

# Closing a response ends the request, and Django then tidies the database connections.
pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
AFTER = override_settings(
    EMAIL_BACKEND="background.mail.AfterResponseBackend", SKILLGAP_EMAIL_BACKEND=LOCMEM
)


def sends_one(request: HttpRequest) -> HttpResponse:
    send_mail("Hello", "Body", None, ["someone@example.org"])
    assert not mail.outbox  # not yet: the response is not even made
    return HttpResponse("answered")


@AFTER
def test_an_email_sent_in_a_request_leaves_when_the_server_closes_the_response() -> None:
    response = EmailAfterResponseMiddleware(sends_one)(RequestFactory().get("/"))
    assert response.content == b"answered"
    assert not mail.outbox
    assert not queued()
    close(response)  # what gunicorn does once the client has the whole response
    assert queued() == 1 and not mail.outbox  # enqueued; a worker sends it
    assert drain() == 1
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]


@AFTER
def test_outside_a_request_an_email_is_enqueued_at_once() -> None:
    send_mail("Reminder", "Body", None, ["someone@example.org"])
    assert queued() == 1
    drain()
    assert len(mail.outbox) == 1


@AFTER
def test_a_message_reaches_the_server_as_it_was_written() -> None:
    message = EmailMultiAlternatives(
        "Réunion", "Plain body", "from@example.org", ["to@example.org"], ["bcc@example.org"],
        cc=["cc@example.org"], reply_to=["reply@example.org"], headers={"X-Kind": "test"},
    )  # fmt: skip
    message.attach_alternative("<p>HTML body</p>", "text/html")
    message.send()
    drain()
    [sent] = mail.outbox
    assert sent.subject == "Réunion" and sent.body == "Plain body"
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["to@example.org"],
        ["cc@example.org"],
        ["bcc@example.org"],
        ["reply@example.org"],
    )
    assert sent.extra_headers == {"X-Kind": "test"} and sent.from_email == "from@example.org"
    assert sent.alternatives == [("<p>HTML body</p>", "text/html")]  # type: ignore[attr-defined]


def close(response: HttpResponse) -> None:
    """Close as the server does, keeping the test's connection open (as Django's test
    client does: the request's end would otherwise close it, and the test's transaction)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def queued() -> int:
    return DBTaskResult.objects.filter(task_path="background.mail.send_email").count()


@override_settings(
    EMAIL_BACKEND="background.mail.AfterResponseBackend",
    SKILLGAP_EMAIL_BACKEND="tests.background.test_mail_after_response.Broken",
)
def test_a_mail_server_failing_is_logged_and_the_email_tried_again_later(
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = EmailAfterResponseMiddleware(sends_after)(RequestFactory().get("/"))
    close(response)
    assert drain() == 1  # the retry waits its turn (TASKS_RETRY_SECONDS)
    assert "send_email failed (attempt 1 of 4)" in caplog.text
    assert "the mail server is down" in caplog.text
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2 and retry.run_after > timezone.now()


def sends_after(request: HttpRequest) -> HttpResponse:
    send_mail("Hello", "Body", None, ["someone@example.org"])
    return HttpResponse("answered")


class Broken:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("the mail server is down")


@AFTER
def test_a_password_reset_arrives_through_the_whole_stack(owner: User) -> None:
    response = Client().post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    drain()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_production_settings_enqueue_every_email_after_the_response() -> None:
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "background.mail.EmailAfterResponseMiddleware"
    from config import settings as configured

    assert configured.EMAIL_BACKEND == "background.mail.AfterResponseBackend"

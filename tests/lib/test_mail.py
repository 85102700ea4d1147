"""Email leaves after the response: a page's timing never says whether it sent one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from lib.mail import EmailAfterResponseMiddleware

# Closing a response ends the request, and Django then tidies the database connections.
pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
AFTER = override_settings(
    EMAIL_BACKEND="lib.mail.AfterResponseBackend", SKILLGAP_EMAIL_BACKEND=LOCMEM
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
    response.close()  # what gunicorn does once the client has the whole response
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]


@AFTER
def test_outside_a_request_an_email_leaves_at_once() -> None:
    send_mail("Reminder", "Body", None, ["someone@example.org"])
    assert len(mail.outbox) == 1


@override_settings(
    EMAIL_BACKEND="lib.mail.AfterResponseBackend",
    SKILLGAP_EMAIL_BACKEND="tests.lib.test_mail.Broken",
)
def test_a_mail_server_failing_after_the_response_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = EmailAfterResponseMiddleware(sends_after)(RequestFactory().get("/"))
    response.close()
    assert "Could not send 1 email(s)" in caplog.text


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
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_production_settings_send_every_email_after_the_response() -> None:
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "lib.mail.EmailAfterResponseMiddleware"
    from config import settings as configured

    assert configured.EMAIL_BACKEND == "lib.mail.AfterResponseBackend"

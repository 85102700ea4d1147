"""Every request that sends email is throttled per address or account, and every inbox gets
at most THROTTLE_EMAILS_PER_RECIPIENT emails of one kind an hour, whoever asks for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import caches
from django.template import Template
from django.test import Client, override_settings
from django.test.signals import template_rendered
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from lib.throttle import may_email
from reports.models import Comment, Opinion, Share
from tests import html
from tests.conftest import HTMX, finished, logged_in, shared
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def address(n: int) -> str:
    return f"192.0.2.{n + 1}"


def reset(email: str, n: int = 0) -> int:
    """A password reset asked from the n-th address."""
    client = Client(REMOTE_ADDR=address(n))
    return client.post(reverse("password_reset"), {"email": email}).status_code


# --- password resets ----------------------------------------------------------------------------


def test_forty_resets_for_one_address_from_forty_places_send_five_emails(owner: User) -> None:
    statuses = [reset("alice@example.com", n) for n in range(40)]
    assert statuses == [302] * 40  # each place asked once: nobody is refused
    assert [m.to for m in mail.outbox] == [["alice@example.com"]] * 5


@pytest.mark.parametrize("email", ["alice@example.com", "nobody@example.com"])
def test_resets_from_one_address_stop_at_ten_with_a_page(owner: User, email: str) -> None:
    """Known or not, the eleventh answer is the same 429: the limit tells nothing."""
    assert [reset(email) for _ in range(10)] == [302] * 10
    response = Client(REMOTE_ADDR=address(0)).post(reverse("password_reset"), {"email": email})
    assert response.status_code == 429
    assert "Too many password resets asked from your address" in html.text(response, "main")
    assert "Try again in" in html.text(response, "main")
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == (5 if email == "alice@example.com" else 0)
    assert reset(email, n=1) == 302  # another address is not held back


def test_the_reset_link_an_address_still_gets_works(owner: User) -> None:
    for n in range(7):
        reset("ALICE@example.com ", n)
    assert len(mail.outbox) == 5  # counted as one address, however it was typed
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    page = Client().get(link.strip(), follow=True)
    assert page.status_code == 200 and html.soup(page).select_one("input[name=new_password1]")


def test_a_reset_for_an_unknown_address_does_the_same_work_and_sends_nothing(owner: User) -> None:
    """The same token, templates and count for a stand-in, so the time taken tells nothing
    (bench/enumeration_timing.py measures it); only the known address gets the email."""

    def templates_drawn(email: str) -> list[str]:
        drawn: list[str] = []

        def note(sender: object, template: Template, **kwargs: object) -> None:
            drawn.append(template.name)

        template_rendered.connect(note)
        try:
            reset(email)
        finally:
            template_rendered.disconnect(note)
        return [name for name in drawn if name.startswith("registration/")]

    known, unknown = templates_drawn("alice@example.com"), templates_drawn("zed@example.com")
    assert (
        known
        == unknown
        == [
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.html",
        ]
    )
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert not User.objects.filter(email="zed@example.com").exists()


# --- sign-ups and address changes -------------------------------------------------------------


def sign_up(n: int, email: str, client: Client | None = None) -> int:
    data = {"username": f"person{n}", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    client = client or Client(REMOTE_ADDR=address(n))
    return client.post(reverse("signup"), data).status_code


@pytest.mark.parametrize("email", ["alice@example.com", "free@example.org"])
def test_sign_ups_naming_one_address_from_forty_places_email_it_five_times(
    owner: User, email: str, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    """A taken address gets notices, a free one confirmation links: five an hour either way."""
    with django_capture_on_commit_callbacks(execute=True):
        assert [sign_up(n, email) for n in range(40)] == [302] * 40
    assert [m.to for m in mail.outbox] == [[email]] * 5


def test_confirmation_links_from_many_accounts_reach_one_address_five_times(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(8):
            client = logged_in(UserFactory(username=f"asker{n}"), REMOTE_ADDR=address(n))
            assert (
                client.post(reverse("email_change"), {"email": "x@example.org"}).status_code == 302
            )
    assert len(mail.outbox) == 5


# --- shares and invitations ----------------------------------------------------------------------


@override_settings(THROTTLE_EMAILS_PER_RECIPIENT="2/h")
def test_invitations_to_one_address_stop_at_its_limit_and_the_shares_still_save(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            owner = UserFactory(username=f"owner{n}")
            report = finished(owner, n_skills=1)
            url = reverse("reports:share", args=[report.uuid])
            response = logged_in(owner).post(url, {"mentor": "Newcomer@Example.org"})
            assert response.status_code == 302
    assert Share.objects.filter(recipient__iexact="newcomer@example.org").count() == 3
    assert len(mail.outbox) == 2


@override_settings(THROTTLE_SHARES="2/h")
def test_shares_beyond_the_accounts_limit_are_refused_with_a_page(
    owner: User, other_user: User, mentor: User
) -> None:
    report = finished(owner, n_skills=1)
    url = reverse("reports:share", args=[report.uuid])
    client = logged_in(owner)
    assert [client.post(url, {"mentor": m}).status_code for m in ("bob", "charlie")] == [302, 302]
    response = client.post(url, {"mentor": "x@example.org"})
    assert response.status_code == 429
    assert "You shared or made links as often as we allow" in html.text(response, "main")
    assert not Share.objects.filter(recipient="x@example.org").exists()


# --- comments and second opinions ----------------------------------------------------------------


def test_forty_comments_save_and_send_five_notifications(
    owner: User, mentor: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    report = finished(owner, n_skills=1)
    shared(report, mentor)
    mail.outbox.clear()
    url = reverse("reports:comments", args=[report.uuid])
    client = logged_in(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(url, {"body": f"Thought {n}"}, **HTMX).status_code for n in range(40)
        ]
    assert statuses == [200] * 40
    assert Comment.objects.filter(report=report).count() == 40
    assert [m.to for m in mail.outbox] == [["alice@example.com"]] * 5


@override_settings(THROTTLE_COMMENTS="2/h")
def test_comments_beyond_the_accounts_limit_are_a_429_in_the_alert_area(
    owner: User, mentor: User
) -> None:
    report = finished(owner, n_skills=1)
    shared(report, mentor)
    url = reverse("reports:comments", args=[report.uuid])
    client = logged_in(mentor)
    assert [client.post(url, {"body": "ok"}, **HTMX).status_code for _ in range(2)] == [200, 200]
    refused = client.post(url, {"body": "one too many"}, **HTMX)
    assert refused.status_code == 429
    # A fragment for the page's #alerts, not a page: the typed comment stays in its box.
    assert refused["HX-Retarget"] == "#alerts" and refused["HX-Reswap"] == "innerHTML"
    assert "<html" not in refused.content.decode()
    [alert] = html.texts(refused, "[role=alert]")
    assert alert.startswith("You wrote as many comments as we allow in an hour, so this one")
    assert "Try again in" in alert
    assert int(refused["Retry-After"]) > 0
    assert "HX-Request" in refused["Vary"]
    page = client.post(url, {"body": "without JavaScript"})  # the whole page, in the layout
    assert page.status_code == 429
    assert "You wrote as many comments" in html.text(page, "main")
    assert Comment.objects.count() == 2


@override_settings(THROTTLE_OPINIONS="1/h")
def test_second_opinions_beyond_the_accounts_limit_are_a_429(owner: User, mentor: User) -> None:
    report = finished(owner, n_skills=2)
    shared(report, mentor)
    first, second = (s["slug"] for s in report.document["skills"][:2])
    client = logged_in(mentor)

    def opine(skill: str) -> int:
        url = reverse("reports:opinion", args=[report.uuid, skill])
        return client.post(url, {"score": "3"}, **HTMX).status_code

    assert [opine(first), opine(second)] == [200, 429]
    assert list(Opinion.objects.values_list("skill", flat=True)) == [first]


# --- where the counts live --------------------------------------------------------------------


def test_every_count_lives_in_the_shared_cache() -> None:
    """Nothing counts in a worker's memory: emptying the shared cache forgets every count."""
    assert [may_email("reset", "a@example.org") for _ in range(6)] == [True] * 5 + [False]
    caches["default"].clear()
    assert may_email("reset", "a@example.org")


REDIS = "redis://127.0.0.1:6379/1"
REDIS_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
}


def test_another_server_sharing_redis_sees_the_same_counts() -> None:
    """Five reset emails counted by another process (another server) leave none for this one."""
    with override_settings(CACHES=REDIS_CACHE):
        caches["default"].clear()
        try:
            code = (
                "from lib.throttle import may_email; "
                "print([may_email('reset', 'shared@example.org') for _ in range(5)])"
            )
            env = {**os.environ, "REDIS_URL": REDIS}
            env.pop("DATABASE_URL", None)  # the other server needs no database for this
            other = subprocess.run(
                [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert other.returncode == 0, other.stderr
            assert other.stdout.strip() == str([True] * 5)
            assert not may_email("reset", "Shared@example.org")
        finally:
            caches["default"].clear()

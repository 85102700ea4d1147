"""Guessing passwords: five misses lock that username from that address for 15 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from lib.throttle import client_ip
from tests import html
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed log-ins for this username from your address"


def miss(client: Client, username: str, times: int = 5, url: str = "/accounts/login/") -> None:
    """Wrong passwords: the first four are told so as always, the fifth is told of the lock."""
    wrong = {"username": username, "password": "not-the-password"}
    statuses = [client.post(url, wrong).status_code for _ in range(times)]
    assert statuses == [200, 200, 200, 200, 429][:times]


def log_in(client: Client, username: str, url: str = "/accounts/login/") -> int:
    return client.post(url, {"username": username, "password": PASSWORD}).status_code


def cool_off_passes() -> None:
    """Fifteen minutes go by: every recorded failure is moved that far into the past."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))


def test_five_wrong_passwords_then_the_right_one_is_refused_with_a_message(
    client: Client, owner: User
) -> None:
    miss(client, "alice")
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in html.text(response, "main")
    assert "15 minutes" in html.text(response, "main")
    assert html.soup(response).select_one("form input[name=password]") is not None  # our page
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client: Client, owner: User) -> None:
    miss(client, "alice", times=4)
    assert log_in(client, "alice") == 302


def test_the_lock_lifts_after_fifteen_minutes(client: Client, owner: User) -> None:
    miss(client, "alice")
    assert log_in(client, "alice") == 429
    cool_off_passes()
    assert log_in(client, "alice") == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_another_username_from_the_same_address_is_not_locked(
    client: Client, owner: User, other_user: User
) -> None:
    miss(client, "alice")
    assert log_in(client, "bob") == 302


def test_the_same_username_from_another_address_is_not_locked(client: Client, owner: User) -> None:
    """Locking by username alone would let anyone lock anyone out."""
    miss(client, "alice")
    assert log_in(Client(REMOTE_ADDR="203.0.113.9"), "alice") == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client: Client, owner: User) -> None:
    miss(client, "alice")
    forged = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(forged, "alice") == 429


def test_guessing_unknown_usernames_locks_the_same_way(client: Client) -> None:
    """Nothing tells an attacker whether the username exists."""
    miss(client, "nobody-here")
    response = client.post(reverse("login"), {"username": "nobody-here", "password": PASSWORD})
    assert response.status_code == 429 and LOCKED in html.text(response, "main")


def test_the_admin_login_locks_too(client: Client, curator: User) -> None:
    url = reverse("admin:login")
    miss(client, "dana", url=url)
    response = client.post(url, {"username": "dana", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in html.text(response)
    assert html.soup(response).select_one("#login-form") is not None  # the admin's own page
    assert client.get(reverse("admin:index")).status_code == 302  # still logged out
    cool_off_passes()
    assert log_in(client, "dana", url=url) == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_deleting_an_account_checks_the_password_under_the_same_lock(
    owner_client: Client, owner: User
) -> None:
    url = reverse("account_delete")
    statuses = [owner_client.post(url, {"password": "not-it"}).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    response = owner_client.post(url, {"password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in html.text(response, "main")
    assert User.objects.filter(pk=owner.pk).exists()


def test_changing_the_password_checks_the_old_one_under_the_same_lock(
    owner_client: Client, owner: User
) -> None:
    url = reverse("password_change")
    new = {"new_password1": "a-new-pass-phrase", "new_password2": "a-new-pass-phrase"}
    wrong = [owner_client.post(url, {"old_password": "not-it", **new}) for _ in range(5)]
    assert [r.status_code for r in wrong] == [400, 400, 400, 400, 429]
    assert "Your old password was entered incorrectly" in html.text(wrong[0], "main")
    response = owner_client.post(url, {"old_password": PASSWORD, **new})
    assert response.status_code == 429
    assert LOCKED in html.text(response, "main")
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    cool_off_passes()
    assert owner_client.post(url, {"old_password": PASSWORD, **new}).status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a-new-pass-phrase")


# --- whose address ------------------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None) -> object:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_the_client_is_the_remote_address_when_no_proxy_is_trusted() -> None:
    assert client_ip(request_from("192.0.2.1", "198.51.100.7")) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_client_is_the_last_forwarded_entry() -> None:
    request = request_from("10.0.0.1", "198.51.100.7, 203.0.113.5")  # forged, then real
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"  # a health check, no header
    assert client_ip(request_from("10.0.0.1", "not-an-address")) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_trusted_proxies_the_client_is_second_from_the_right() -> None:
    request = request_from("10.0.0.2", "198.51.100.7, 203.0.113.5, 10.0.0.1")
    assert client_ip(request) == "203.0.113.5"


# --- over-long usernames ------------------------------------------------------------------

LOGINS = ["/accounts/login/", "/admin/login/"]


@pytest.mark.parametrize("url", LOGINS)
@pytest.mark.parametrize("length", [151, 255, 256, 5000])
def test_an_over_long_username_is_a_form_error_and_records_nothing(url: str, length: int) -> None:
    """No username is longer than 150 characters; axes' column holds 255 (a 500 on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = Client().post(url, {"username": "u" * length, "password": "not-it"})
    assert response.status_code == 200
    assert f"at most 150 characters (it has {length})" in html.text(response)
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("url", LOGINS)
def test_the_longest_username_locks_like_any_other(client: Client, url: str) -> None:
    longest = "u" * 150
    UserFactory(username=longest, is_staff=True)
    miss(client, longest, url=url)
    assert log_in(client, longest, url=url) == 429
    assert log_in(client, longest + "u", url=url) == 200  # longer still: never a password check

"""Sign-up tells nobody whether an address has an account, and refuses look-alike names."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from tests import html
from tests.conftest import logged_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client: Client, username: str, email: str) -> object:
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("signup"), data, follow=True)


def seen(response: object, *secrets: str) -> str:
    """What the person sees, with what they typed themselves blanked out."""
    words = html.text(response, "main")
    for secret in sorted(secrets, key=len, reverse=True):
        words = re.sub(re.escape(secret), "…", words, flags=re.IGNORECASE)
    return words


def confirm_link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://testserver(/accounts/email/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_sign_up_answers_the_same_whether_or_not_the_email_is_taken(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        taken = sign_up(Client(), "twin", "ALICE@example.com")
        free = sign_up(Client(), "fresh", "fresh@example.com")
    assert taken.status_code == free.status_code == 200
    assert taken.redirect_chain == free.redirect_chain == [(reverse("assessments:list"), 302)]
    assert seen(taken, "twin", "ALICE@example.com") == seen(free, "fresh", "fresh@example.com")
    assert "open the link in it to confirm" in seen(free)
    # Both accounts exist and are signed in; neither has an address until it is confirmed.
    assert User.objects.get(username="twin").email == User.objects.get(username="fresh").email == ""
    owner.refresh_from_db()
    assert owner.email == "alice@example.com"


@pytest.mark.parametrize("taken", ["alice", "ALICE", "Alice"])
def test_a_taken_username_in_any_case_is_refused_with_a_message(
    owner: User, taken: str, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    data = {"username": taken, "email": "new@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("signup"), data | {"password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 400
    assert "A user with that username already exists." in html.text(response, "main")
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]
    assert not mail.outbox


def test_a_taken_look_alike_username_is_refused_with_a_message(owner: User) -> None:
    """Taken and mixing alphabets at once (an account made before the check): refused."""
    User.objects.create_user("j\u043erdan")
    data = {"username": "J\u043eRDAN", "email": "new@example.com"}
    response = Client().post(
        reverse("signup"), data | {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert MIXED in html.text(response, "main")
    assert User.objects.count() == 2


def test_a_taken_address_gets_a_notice_and_a_free_one_a_confirmation_link(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(Client(), "twin", "ALICE@example.com")
        sign_up(Client(), "fresh", "fresh@example.com")
    notice, confirmation = mail.outbox
    assert notice.to == ["alice@example.com"]
    assert "If it was you, you already have an account" in notice.body
    assert "/accounts/login/" in notice.body and "/accounts/password/reset/" in notice.body
    assert "/accounts/email/confirm/" not in notice.body
    assert confirmation.to == ["fresh@example.com"]
    assert confirm_link(confirmation)


def test_opening_the_confirmation_link_makes_the_address_the_accounts(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "fresh", "Fresh@Example.com")
    link = confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "fresh@example.com" in html.text(page, "main")
    assert User.objects.get(username="fresh").email == ""  # a GET changes nothing
    response = client.post(link, follow=True)
    assert "fresh@example.com is now your address" in html.text(response, "main")
    assert User.objects.get(username="fresh").email == "fresh@example.com"


def test_a_confirmation_link_works_only_for_the_account_that_asked(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(Client(), "fresh", "fresh@example.com")
    link = confirm_link(mail.outbox[0])
    assert logged_in(owner).post(link).status_code == 404
    assert Client().post(link)["Location"].startswith(reverse("login"))
    assert Client().get(link[:-3] + "xx/").status_code == 302  # anonymous: log in first
    assert logged_in(owner).get(link[:-3] + "xx/").status_code == 404
    assert User.objects.get(username="fresh").email == ""
    owner.refresh_from_db()
    assert owner.email == "alice@example.com"


def test_an_address_confirmed_by_someone_else_meanwhile_is_not_taken_over(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "fresh", "fresh@example.com")
    link = confirm_link(mail.outbox[0])
    User.objects.filter(pk=owner.pk).update(email="fresh@example.com")
    response = client.post(link)
    assert response.status_code == 409
    assert "belongs to another account" in html.text(response, "main")
    assert User.objects.get(username="fresh").email == ""


def test_a_signed_in_person_changes_their_address_the_same_way(
    owner: User,
    other_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = logged_in(owner)
    url = reverse("email_change")
    assert "alice@example.com" in html.text(client.get(url), "main")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url, {"email": "bob@example.com"}, follow=True)
        free = client.post(url, {"email": "alice@work.example.org"}, follow=True)
    assert seen(taken, "bob@example.com") == seen(free, "alice@work.example.org")
    assert [m.to for m in mail.outbox] == [["bob@example.com"], ["alice@work.example.org"]]
    owner.refresh_from_db()
    assert owner.email == "alice@example.com"  # unchanged until the link is opened
    client.post(confirm_link(mail.outbox[1]))
    owner.refresh_from_db()
    assert owner.email == "alice@work.example.org"


def test_asking_for_confirmation_links_is_throttled_per_account(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = logged_in(owner)
    url = reverse("email_change")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(url, {"email": f"a{n}@example.org"}).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(owner: User) -> None:
    known = Client().post(reverse("password_reset"), {"email": "alice@example.com"}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "zed@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert html.text(known, "main") == html.text(unknown, "main")
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


# --- look-alike names ----------------------------------------------------------------------

MIXED = "mixes alphabets with letters that look alike"


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("j\u043erdan", "jordan@example.com", MIXED),  # a Cyrillic о among Latin letters
        ("\u03b1pple", "apple@example.com", MIXED),  # a Greek alpha
        ("p\u0430yp\u0430l", "paypal@example.com", MIXED),  # Cyrillic а twice
        ("\u30a8ric", "eric@example.com", MIXED),  # a katakana エ for a Latin E
        ("山田\u0422aro", "taro@example.com", MIXED),  # kanji, then a Cyrillic Т with Latin
        ("jordan", "jordan@ex\u0430mple.com", MIXED),  # the email's domain
        # Django's email check already takes only ASCII before the @.
        ("jordan", "j\u043erdan@example.com", "Enter a valid email address."),
    ],
)
def test_mixed_script_names_are_refused_with_a_message(
    client: Client, username: str, email: str, message: str
) -> None:
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    assert message in html.text(response, "main")
    assert not User.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "username",
    [
        "José",
        "Zoë",
        "Дмитрий",
        "Ελένη",
        "jordan.lee_2",
        # Japanese writes one name in three scripts; katakana ロ and kanji 口 look alike,
        # but both belong to Japanese, so mixing them is no spoof (UTS #39's "Jpan" set).
        "山田タロウ",
        "田中ひろし",
        "ロ口",
        "佐藤エリカ_2",
        "김민준金",  # Korean: Hangul with Hanja
    ],
)
def test_names_in_one_alphabet_are_welcome(client: Client, username: str) -> None:
    data = {"username": username, "email": "someone@example.com"}
    response = client.post(reverse("signup"), data | {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(username=username).exists()

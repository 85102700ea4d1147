"""Sign-ups and anonymous starts are throttled per address; over the limit nothing is saved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from tests import html
from tests.conftest import logged_in
from tests.factories import PASSWORD, career_with_skills

pytestmark = pytest.mark.django_db


def sign_up(n: int, address: str = "192.0.2.10") -> int:
    data = {"username": f"person{n}", "email": f"person{n}@example.com"}
    data |= {"password1": PASSWORD, "password2": PASSWORD}
    return Client(REMOTE_ADDR=address).post(reverse("signup"), data).status_code


def test_the_eleventh_sign_up_in_an_hour_from_one_address_is_refused() -> None:
    assert [sign_up(n) for n in range(10)] == [302] * 10
    data = {"username": "person10", "email": "p10@example.com"}
    response = Client(REMOTE_ADDR="192.0.2.10").post(
        reverse("signup"), data | {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many sign-ups from your address" in html.text(response, "main")
    assert "Try again in" in html.text(response, "main")
    assert int(response["Retry-After"]) > 0
    assert not User.objects.filter(username="person10").exists()
    assert sign_up(11, address="192.0.2.11") == 302  # another address is not held back


def test_thirty_anonymous_starts_an_hour_per_address_then_a_message() -> None:
    career = career_with_skills(1)
    url = reverse("assessments:start", args=[career.slug])
    visitor = Client(REMOTE_ADDR="192.0.2.20")
    # "again": start anew each time rather than be offered the draft just started.
    statuses = [visitor.post(url, {"level": "entry", "again": "1"}).status_code for _ in range(30)]
    assert statuses == [302] * 30
    response = Client(REMOTE_ADDR="192.0.2.20").post(url, {"level": "entry"})  # a new session
    assert response.status_code == 429
    assert "Too many assessments started from your address" in html.text(response, "main")
    assert Assessment.objects.count() == 30


def test_signed_in_people_are_not_throttled_by_address(owner: User) -> None:
    career = career_with_skills(1)
    url = reverse("assessments:start", args=[career.slug])
    client = logged_in(owner, REMOTE_ADDR="192.0.2.30")
    starts = {client.post(url, {"level": "entry", "again": "1"}).status_code for _ in range(31)}
    assert starts == {302}
    assert Assessment.objects.filter(owner=owner).count() == 31


def test_viewing_the_pages_is_never_throttled() -> None:
    client = Client(REMOTE_ADDR="192.0.2.40")
    assert {client.get(reverse("signup")).status_code for _ in range(15)} == {200}

"""With Redis, sessions are read from the shared cache and written through to the database.

One process's cache stands in for Redis here: every test client talks to the same cache,
as every app server talks to the same Redis.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache_sessions(settings: Settings) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def same_browser(client: Client) -> Client:
    """Another app server reached by the same browser, holding the session cookie it had:
    a copy, which the first client's log-out does not clear."""
    other = Client()
    other.cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
    return other


def test_a_signed_in_page_reads_no_session_from_the_database(
    mentor: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = logged_in(mentor)
    with django_assert_num_queries(2) as queries:  # user, then the shares
        response = client.get(reverse("reports:mentor"))
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_session_outlives_a_flushed_cache(owner: User) -> None:
    client = logged_in(owner)
    cache.clear()  # Redis restarted, or its memory evicted the session
    assert client.get(reverse("reports:list")).status_code == 200
    assert Session.objects.count() == 1


def test_logging_out_on_one_server_signs_the_browser_out_of_every_server(owner: User) -> None:
    client = logged_in(owner)
    elsewhere = same_browser(client)
    assert elsewhere.get(reverse("reports:list")).status_code == 200
    client.post(reverse("logout"))
    response = elsewhere.get(reverse("reports:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.exists()

"""Personas and shared fixtures (healthchecks' alice/bob/charlie, plus a curator)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls made
# by tests in that thread would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def owner(db: None) -> User:
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def other_user(db: None) -> User:
    return UserFactory(username="bob", email="bob@example.com")


@pytest.fixture
def mentor(db: None) -> User:
    return UserFactory(username="charlie", email="charlie@example.com")


@pytest.fixture
def curator(db: None) -> User:
    return UserFactory(username="dana", email="dana@example.com", is_staff=True, is_superuser=True)


def logged_in(user: User, **kwargs: object) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner: User) -> Client:
    return logged_in(owner)


@pytest.fixture
def other_client(other_user: User) -> Client:
    return logged_in(other_user)


@pytest.fixture
def curator_client(curator: User) -> Client:
    return logged_in(curator)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """Load the seed taxonomy once per module (it takes seconds), then roll it all back.

    For tests about the seed itself, in modules of their own: the seed stays loaded for
    every later test of the module. Other tests build their data with factories.
    """
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        call_command("load_seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed(seeded: None, db: None) -> None:
    """Each test runs in a savepoint inside the module's seeded transaction."""

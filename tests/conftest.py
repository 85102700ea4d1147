"""Personas and shared fixtures (healthchecks' alice/bob/charlie, plus a curator)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from pytest_django import DjangoDbBlocker, Settings

from assessments import inputs
from assessments.models import Assessment
from careers.models import Skill
from postings import services as postings_services
from reports import services
from reports.models import Report, Share
from tests.factories import RatingFactory, UserFactory, assessment_for
from tests.tasks import workers

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls made
# by tests in that thread would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def test_settings(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files a test makes (report PDFs) go to a fresh folder, never the checkout's media/;
    passwords hash fast (tests make hundreds of users; none of them guards anything)."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts with empty throttle counters (every test client shares one address)
    and nothing drawn from another test's taxonomy, whose version numbers repeat."""
    cache.clear()
    inputs.forget()
    postings_services.forget()
    yield
    cache.clear()
    inputs.forget()
    postings_services.forget()


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


# What htmx sends with every request it makes.
HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}  # Any: passed as **extra to the client
# The base URL that emails name in tests.
BASE = "http://testserver"


def logged_in(user: User, **kwargs: object) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def rate_all(assessment: Assessment, score: int = 2) -> None:
    """Rate every skill the assessment's career requires, at any level."""
    skills = Skill.objects.filter(requirements__career=assessment.career).distinct()
    for skill in skills:
        RatingFactory(assessment=assessment, skill=skill, score=score)


def finished(owner: User, n_skills: int = 4, score: int = 2) -> Report:
    """A report of a fresh career (entry, mid, senior), every skill rated `score`, aimed at mid."""
    assessment = assessment_for(owner, n_skills=n_skills)
    rate_all(assessment, score)
    return services.finish_assessment(assessment=assessment)


def shared(report: Report, mentor: User) -> Share:
    return services.share_with_mentor(report=report, mentor=mentor, base_url=BASE)


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    """Move the test database to these migrations (a data migration's test goes back, then on)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def start_worker() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """start_worker(*options): a real `manage.py db_worker` on the test database."""
    with workers() as start:
        yield start


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
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Load the seed taxonomy once per module (it takes seconds), then roll it all back.

    For tests about the seed itself, in modules of their own: the seed stays loaded for
    every later test of the module. Other tests build their data with factories.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seed(seeded: None, db: None) -> None:
    """Each test runs in a savepoint inside the module's seeded transaction."""

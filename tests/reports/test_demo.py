"""fixtures/demo.json loads into the seed taxonomy: a mentor and a shared, commented report.

Its own module: the seed stays loaded for every test of the module.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from assessments.models import Assessment
from reports.models import Comment, Report, Share

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_with_a_mentor_and_a_shared_report(
    seed: None, settings: Settings
) -> None:
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # a second run changes nothing
    jordan, morgan = User.objects.get(username="jordan"), User.objects.get(username="morgan")
    report = Report.objects.get(owner=jordan)
    assert Share.objects.active().get(report=report).mentor == morgan
    assert Comment.objects.filter(report=report).count() == 2
    assert Assessment.objects.filter(owner=jordan, finished__isnull=True).count() == 1
    client = Client()  # through the form: axes needs the request that Client.login() omits
    client.post(reverse("login"), {"username": "morgan", "password": "skillgap-demo-2026"})
    assert client.session["_auth_user_id"] == str(morgan.pk)
    body = client.get(reverse("reports:mentor")).content.decode()
    assert "Jordan Lee" in body and "Systems ML Engineer" in body and "1 new comment" in body


def test_loading_the_demo_sends_no_email(
    seed: None,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """Its people are made up: `make run` printed a share and two comments' emails."""
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    # Its reports' PDFs are queued for drawing; no email is.
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == {"reports.tasks.draw_pdf"} and mail.outbox == []


def test_demo_data_is_refused_with_debug_off(seed: None, settings: Settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="public passwords"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.filter(username="jordan").exists()

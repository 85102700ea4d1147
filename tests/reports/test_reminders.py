"""Reminders to re-assess: only to people who asked, once their latest report is old, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from reports import services
from reports.models import ReminderSent, Report
from tests import html
from tests.conftest import finished
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def aged(report: Report, weeks: int) -> Report:
    Report.objects.filter(pk=report.pk).update(created=timezone.now() - timedelta(weeks=weeks))
    return Report.objects.get(pk=report.pk)


def send(capture: Callable, **options: object) -> list[str]:
    mail.outbox.clear()
    with capture(execute=True):
        call_command(
            "send_reminders", "--base-url", "https://skillgap.example", verbosity=0, **options
        )
    return sorted(address for message in mail.outbox for address in message.to)


def test_who_asked_hears_once_their_latest_report_is_six_weeks_old(
    owner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    services.set_reminders(user=owner, wanted=True)
    report = aged(finished(owner), weeks=5)
    assert send(django_capture_on_commit_callbacks) == []  # five weeks: not yet
    aged(report, weeks=6)
    assert send(django_capture_on_commit_callbacks) == ["alice@example.com"]
    (message,) = mail.outbox
    assert f"https://skillgap.example/reports/{report.uuid}/reassess/" in message.body
    assert report.career_name not in message.body  # a link, not the report
    assert send(django_capture_on_commit_callbacks) == []  # at most once a report
    assert ReminderSent.objects.get().report == report


def test_nobody_who_did_not_ask_or_has_a_newer_report_hears(
    owner: User,
    other_user: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    aged(finished(other_user), weeks=10)  # never asked
    services.set_reminders(user=owner, wanted=True)
    aged(finished(owner), weeks=10)
    finished(owner)  # and re-assessed since
    assert send(django_capture_on_commit_callbacks) == []


def test_the_weeks_are_a_setting(
    owner: User,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.SKILLGAP_REMINDER_WEEKS = 2
    services.set_reminders(user=owner, wanted=True)
    aged(finished(owner), weeks=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--base-url", "https://skillgap.example", verbosity=0)
    assert len(mail.outbox) == 1


def test_the_command_needs_the_sites_address() -> None:
    with pytest.raises(CommandError, match="site's address"):
        call_command("send_reminders", "--base-url", "skillgap.example", verbosity=0)


def test_the_owner_turns_reminders_on_and_off_from_a_report(
    owner: User, owner_client: Client
) -> None:
    report = finished(owner)
    page = owner_client.get(report.get_absolute_url())
    assert "Remind me by email" in html.text(page, "#reminders")
    back = owner_client.post(
        reverse("reports:reminders"), {"remind": "on", "next": report.get_absolute_url()}
    )
    assert back["Location"] == report.get_absolute_url()
    assert owner.reminder_opt_in
    page = owner_client.get(report.get_absolute_url())
    assert "Stop the reminders" in html.text(page, "#reminders")
    owner_client.post(reverse("reports:reminders"), {"remind": "off"})
    assert not User.objects.filter(pk=owner.pk, reminder_opt_in__isnull=False).exists()


def test_the_way_back_after_a_reminder_choice_stays_on_the_site(owner_client: Client) -> None:
    response = owner_client.post(
        reverse("reports:reminders"), {"remind": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("reports:list")


def test_a_reminder_goes_to_each_person_once_across_many(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.set_reminders(user=person, wanted=True)
        aged(finished(person), weeks=7)
    assert send(django_capture_on_commit_callbacks) == sorted(p.email for p in people)

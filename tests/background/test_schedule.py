"""Reminders on a schedule kept by the workers, and tasks of dead workers put back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from background import worker
from background.models import ScheduledRun, WorkerBeat
from reports import services
from reports.models import Report
from tests.background.tasks import hold
from tests.conftest import finished
from tests.tasks import drain

pytestmark = pytest.mark.django_db

REMINDERS = "reports.tasks.send_reminders"


def test_a_scheduled_task_is_enqueued_once_when_due_however_many_workers_ask(
    settings: Settings,
) -> None:
    settings.TASKS_SCHEDULE = {"reminders": (REMINDERS, 3600)}
    assert worker.enqueue_due() == ["reminders"]  # the first worker to start
    assert worker.enqueue_due() == []  # a second worker, or the first a beat later
    assert DBTaskResult.objects.filter(task_path=REMINDERS).count() == 1
    due = ScheduledRun.objects.get(name="reminders").due
    assert timedelta(minutes=59) < due - timezone.now() <= timedelta(hours=1)
    ScheduledRun.objects.update(due=timezone.now())  # an hour later
    assert worker.enqueue_due() == ["reminders"]


def test_the_scheduled_reminders_reach_who_asked_through_the_queue(
    owner: User,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS_SCHEDULE = {"reminders": (REMINDERS, 3600)}
    settings.EMAIL_BACKEND = "background.mail.AfterResponseBackend"
    settings.SKILLGAP_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.set_reminders(user=owner, wanted=True)
    report = finished(owner)
    Report.objects.filter(pk=report.pk).update(created=timezone.now() - timedelta(weeks=7))
    worker.enqueue_due()
    with django_capture_on_commit_callbacks(execute=True):
        drain()  # the reminders task, which enqueues the email
    drain()  # the email
    assert [m.to for m in mail.outbox] == [[owner.email]]


def stranded(worker_ids: list[str], minutes_ago: int = 1) -> DBTaskResult:
    result = hold.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    return DBTaskResult.objects.get(pk=result.id)


def test_only_the_tasks_of_workers_that_stopped_beating_are_put_back(settings: Settings) -> None:
    settings.TASKS_BEAT_SECONDS = 1
    worker.beat("alive")
    WorkerBeat.objects.create(worker_id="dead", seen=timezone.now() - timedelta(minutes=1))
    alive, dead = stranded(["alive"]), stranded(["dead"])
    assert worker.reclaim() == 1
    alive.refresh_from_db()
    dead.refresh_from_db()
    assert (alive.status, dead.status) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


def test_a_task_that_kills_its_worker_every_time_is_failed_not_run_forever(
    settings: Settings,
) -> None:
    settings.TASKS_BEAT_SECONDS = 1
    settings.TASKS_MAX_CLAIMS = 3
    twice, thrice = stranded(["a", "b"]), stranded(["a", "b", "c"])
    worker.reclaim()
    twice.refresh_from_db()
    thrice.refresh_from_db()
    assert twice.status == TaskResultStatus.READY
    assert thrice.status == TaskResultStatus.FAILED and "died" in thrice.traceback


SUCCESSFUL, FAILED = TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED


def ended(status: TaskResultStatus, days_ago: int) -> DBTaskResult:
    result = stranded([], minutes_ago=days_ago * 24 * 60)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=status, finished_at=timezone.now() - timedelta(days=days_ago)
    )
    return result


def test_the_workers_prune_old_finished_tasks_on_their_own_schedule_keeping_failures_longer(
    settings: Settings,
) -> None:
    settings.TASKS_KEEP_DAYS, settings.TASKS_KEEP_FAILED_DAYS = 14, 30
    done_old, done_new = ended(SUCCESSFUL, days_ago=15), ended(SUCCESSFUL, days_ago=13)
    failed_old, failed_new = ended(FAILED, days_ago=31), ended(FAILED, days_ago=15)
    queued = hold.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    waiting = DBTaskResult.objects.get(pk=queued.id)  # not run yet: never pruned
    assert "prune-finished-tasks" in worker.enqueue_due()  # the default schedule, no cron
    drain()
    ours = {done_old.pk, done_new.pk, failed_old.pk, failed_new.pk, waiting.pk}
    left = set(DBTaskResult.objects.filter(pk__in=ours).values_list("pk", flat=True))
    assert left == {done_new.pk, failed_new.pk, waiting.pk}

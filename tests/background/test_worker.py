"""The queue with real `manage.py db_worker` processes, on the database the suite runs on
(run it with DATABASE_URL=postgres://… for PostgreSQL): tasks run, a task whose worker is
killed with kill -9 runs again and leaves nothing half-written, a task that always fails
stops after its retries and is shown to admins."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports import exports
from reports.models import DrawnPdf
from tests.background.tasks import always_fails, hold
from tests.conftest import finished, logged_in
from tests.tasks import WAIT_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)  # the workers read what tests commit


def await_line(worker: subprocess.Popen[str], text: str) -> None:
    """Read the worker's output until a line says `text` (a dead worker fails the test)."""
    assert worker.stdout is not None
    for line in worker.stdout:
        if text in line:
            return
    pytest.fail(f"The worker exited ({worker.wait()}) without saying {text!r}")


def await_status(result_id: str, status: str) -> DBTaskResult:
    """The row, once a worker has moved it to `status`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (row := DBTaskResult.objects.get(pk=result_id)).status != status:
        assert time.monotonic() < deadline, f"still {row.status}, not {status}"
        time.sleep(0.05)  # the database offers nothing to wait on; poll the row
    return row


def test_a_batch_worker_draws_a_reports_pdf(
    owner: User, start_worker: Callable[..., subprocess.Popen[str]]
) -> None:
    report = finished(owner)  # saving it enqueued its drawing
    assert DBTaskResult.objects.filter(task_path="reports.tasks.draw_pdf").count() == 1
    assert start_worker("--batch").wait(timeout=WAIT_SECONDS) == 0
    response = logged_in(owner).get(reverse("reports:pdf", args=[report.uuid]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_task_whose_worker_is_killed_runs_again_on_another(
    start_worker: Callable[..., subprocess.Popen[str]],
) -> None:
    result = hold.enqueue()
    first = start_worker()
    await_line(first, "hold: started")
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    start_worker()  # notices that the first stopped beating, and puts its task back
    done = await_status(result.id, TaskResultStatus.SUCCESSFUL)
    assert done.return_value == "finished on attempt 2"
    assert len(done.worker_ids) == 2 and done.worker_ids[0] != done.worker_ids[1]


def test_a_worker_killed_while_drawing_a_pdf_leaves_none_and_the_next_draws_it(
    owner: User, start_worker: Callable[..., subprocess.Popen[str]]
) -> None:
    report = finished(owner, n_skills=40)
    [result] = DBTaskResult.objects.filter(task_path="reports.tasks.draw_pdf")
    first = start_worker()
    await_line(first, "path=reports.tasks.draw_pdf state=RUNNING")
    first.send_signal(signal.SIGKILL)  # drawing takes a second or more: killed in the middle
    first.wait()
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.RUNNING
    assert not DrawnPdf.objects.exists()
    start_worker()
    await_status(str(result.pk), TaskResultStatus.SUCCESSFUL)
    [drawn] = DrawnPdf.objects.all()
    assert drawn.report == report and bytes(drawn.content).startswith(b"%PDF")
    assert bytes(drawn.content).rstrip().endswith(b"%%EOF")
    name, _ = exports.pdf_of(report, owner)
    assert drawn.name == name


def test_a_task_that_always_fails_stops_after_its_retries_and_admins_see_it(
    curator: User, start_worker: Callable[..., subprocess.Popen[str]]
) -> None:
    always_fails.enqueue()
    assert start_worker("--batch").wait(timeout=WAIT_SECONDS) == 0
    runs = DBTaskResult.objects.filter(task_path="tests.background.tasks.always_fails")
    assert runs.count() == 4  # the first try and three retries, then no more
    [failed] = runs.filter(status=TaskResultStatus.FAILED)
    assert failed.args_kwargs["kwargs"] == {"attempt": 4}
    assert "this task always fails" in failed.traceback
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = logged_in(curator).get(changelist, {"status": TaskResultStatus.FAILED})
    assert page.status_code == 200 and str(failed.pk) in page.content.decode()
    assert Client().get(changelist).status_code == 302  # to the admin's log-in

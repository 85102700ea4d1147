"""Running queued tasks in a test: the worker's own code, in the test's process and
transaction. Tests of the queue itself start real `db_worker` processes (tests/background)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from reports.models import Report

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 60  # the longest a worker may take to do what a test awaits (2 busy cores)


def database_url() -> str:
    """The test database, for the workers."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def workers() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts `manage.py db_worker` processes on the test database (the test must commit:
    transactional_db); they beat every half second and retry at once. Killed at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BEAT_SECONDS": "0.5",
               "TASKS_RETRY_SECONDS": "0", "PYTHONUNBUFFERED": "1"}  # fmt: skip
        command = [sys.executable, "manage.py", "db_worker", "--no-reload",
                   "--no-startup-delay", "--interval", "0.1", *args]  # fmt: skip
        worker = subprocess.Popen(command, cwd=ROOT, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
            if worker.stdout is not None:
                worker.stdout.close()


def drain() -> int:
    """Run every task that is due, as db_worker does (claim, run, record); how many ran.
    Worker.run itself closes connections between tasks, which would end the test's
    transaction, so its loop is played here."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="tests", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def pdf_response(client: Client, report: Report) -> HttpResponse:
    """The PDF download, once the worker has drawn what the first ask enqueued."""
    url = reverse("reports:pdf", args=[report.uuid])
    response = client.get(url)
    if response.status_code == 202:
        drain()
        response = client.get(url)
    return response  # type: ignore[return-value]

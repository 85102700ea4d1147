"""Running queued tasks in a test: the worker's own code, in the test's process and
transaction. Tests of the queue itself start real `db_worker` processes (tests/background)."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from reports.models import Report


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

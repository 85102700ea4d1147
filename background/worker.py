"""What each worker does beside running tasks, in one thread: beat, reclaim, schedule.

- **Beat**: every TASKS_BEAT_SECONDS it records that it is alive (WorkerBeat).
- **Reclaim**: a task RUNNING under a worker silent for three beats was cut short (kill -9,
  an out-of-memory kill, a lost machine): it goes back to READY and runs again. Tasks are
  idempotent, and what they write, they write in one transaction, so nothing half-done is
  left. A task that has killed its worker TASKS_MAX_CLAIMS times is marked FAILED instead.
- **Schedule**: settings.TASKS_SCHEDULE's tasks are enqueued when due (ScheduledRun), by
  whichever worker claims the run first; no cron is needed (docs/deploy.md).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun, WorkerBeat

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={"seen": timezone.now()})


def reclaim() -> int:
    """Put back the tasks of workers that stopped beating; the number put back."""
    silent_since = timezone.now() - timedelta(seconds=3 * settings.TASKS_BEAT_SECONDS)
    beating = WorkerBeat.objects.filter(seen__gte=silent_since)
    alive = set(beating.values_list("worker_id", flat=True))
    stranded = DBTaskResult.objects.running().filter(started_at__lt=silent_since)
    put_back = 0
    for result in stranded.only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        running = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING)
        if len(result.worker_ids) >= settings.TASKS_MAX_CLAIMS:
            running.update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                exception_class_path="background.worker.WorkerLost",
                traceback=f"Its worker died on each of {len(result.worker_ids)} tries.",
            )  # fmt: skip
            logger.error("Task %s gave up: its worker died on each try", result.pk)
        elif running.update(status=TaskResultStatus.READY, started_at=None):
            logger.warning("Task %s put back: its worker stopped", result.pk)
            put_back += 1
    WorkerBeat.objects.filter(seen__lt=silent_since - timedelta(days=1)).delete()
    return put_back


def enqueue_due() -> list[str]:
    """Enqueue each scheduled task that is due, once across all workers."""
    now, enqueued = timezone.now(), []
    for name, (path, every) in settings.TASKS_SCHEDULE.items():
        ScheduledRun.objects.get_or_create(name=name, defaults={"due": now})
        claimed = ScheduledRun.objects.filter(name=name, due__lte=now).update(
            due=now + timedelta(seconds=every)
        )
        if claimed:
            import_string(path).enqueue()
            enqueued.append(name)
    return enqueued


def chores(worker_id: str) -> None:
    beat(worker_id)
    reclaim()
    for name in enqueue_due():
        logger.info("Enqueued scheduled task %s", name)


def start(worker_id: str) -> threading.Event:
    """Run the chores now and every TASKS_BEAT_SECONDS in a daemon thread; set the event
    to stop. A daemon: it dies with the worker, which is what stops the beat."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                chores(worker_id)
            except Exception:  # a database hiccup: beat again next time
                logger.exception("Worker chores failed")
            finally:
                close_old_connections()
            if stop.wait(settings.TASKS_BEAT_SECONDS):
                connection.close()
                return

    threading.Thread(target=loop, name="worker-chores", daemon=True).start()
    return stop

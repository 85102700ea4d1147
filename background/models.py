"""What the workers share besides the queue itself (django_tasks_db's DBTaskResult)."""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    """A worker's last sign of life. A task RUNNING under a worker that has stopped beating
    was cut short (kill -9, a lost machine) and is put back in the queue (worker.reclaim)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """When a scheduled task (settings.TASKS_SCHEDULE) is next due. Whichever worker moves
    `due` forward first (one conditional UPDATE) enqueues it: once, however many workers."""

    name = models.CharField(max_length=64, primary_key=True)
    due = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} due {self.due:%Y-%m-%d %H:%M}"

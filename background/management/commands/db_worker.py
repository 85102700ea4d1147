"""manage.py db_worker: django_tasks_db's worker, with a beat, reclaiming and a schedule.

Same name and options as the library's command (this app comes first in INSTALLED_APPS,
so Django finds this one); see background.worker for what it adds.
"""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from background import worker


class Command(db_worker.Command):
    help = "Run tasks from the database queue; beat, reclaim dead workers' tasks, schedule."

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent only watches files; the child runs tasks, and beats.
        reloading = options["reload"] and not options["batch"]
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.start(options["worker_id"])
        super().handle(*args, **options)

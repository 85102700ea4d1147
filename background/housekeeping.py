"""Housekeeping run by the workers on their schedule (settings.TASKS_SCHEDULE), not by cron.

Finished task rows stay for a while so admins can see what ran and what failed; past that
they only grow the queue's table, which every worker scans for work.
"""

from __future__ import annotations

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django_tasks import task


@task()
def prune_finished() -> str:
    """Delete the queue's finished results older than TASKS_KEEP_DAYS (failed ones after
    TASKS_KEEP_FAILED_DAYS, longer: an admin may still be reading why), on every queue."""
    out = StringIO()
    call_command(
        "prune_db_task_results", queue_name="*", min_age_days=settings.TASKS_KEEP_DAYS,
        failed_min_age_days=settings.TASKS_KEEP_FAILED_DAYS, stdout=out, verbosity=1,
    )  # fmt: skip
    return out.getvalue().strip()

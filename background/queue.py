"""Tasks that are retried, and enqueued only once the change that causes them commits.

Django's tasks framework runs a task once: an exception marks its result FAILED. A task
made with `retried` instead enqueues itself again, later each time (TASKS_RETRY_SECONDS,
then four times that, …), and only its last attempt's failure is left FAILED, where admins
see it (Admin › Django Tasks DB › task results). Tasks must be safe to run twice: a worker
killed mid-task leaves its task to be run again (background.worker.reclaim).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

logger = logging.getLogger(__name__)

TRIES = 4  # the first run and three retries: a mail server back within minutes is caught


def retried(
    *, tries: int = TRIES, given_up: Callable[..., None] | None = None, **options: Any
) -> Callable[[Callable[..., Any]], Task[..., Any]]:
    """A task run up to `tries` times; `given_up(*args, **kwargs)` after its last failure."""

    def decorate(function: Callable[..., Any]) -> Task[..., Any]:
        @functools.wraps(function)
        def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt >= tries:
                    if given_up is not None:
                        given_up(*args, **kwargs)
                    raise  # FAILED, with its traceback, in the admin
                logger.warning("%s failed (attempt %d of %d)", function.__name__, attempt,
                               tries, exc_info=True)  # fmt: skip
                later = timezone.now() + timedelta(seconds=retry_delay(attempt))
                queued.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
                return {"retrying": attempt + 1}

        queued: Task[..., Any] = task(**options)(run)
        return queued

    return decorate


def retry_delay(attempt: int) -> float:
    return float(settings.TASKS_RETRY_SECONDS * 4 ** (attempt - 1))


def enqueue_on_commit(queued: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue once the current transaction commits (at once outside one): a rolled-back
    change asks for nothing. A queue that cannot be reached is logged, not a 500: what
    caused the task is saved, and a PDF is asked for again by the next reader."""
    transaction.on_commit(functools.partial(queued.enqueue, *args, **kwargs), robust=True)

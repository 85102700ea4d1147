"""Tasks that only the worker tests enqueue (db_worker imports them by their path)."""

from __future__ import annotations

import threading

from django_tasks import TaskContext, task

from background.queue import retried


@task(takes_context=True)
def hold(context: TaskContext) -> str:
    """On its first run, says so on stdout and never finishes (the test kills its worker);
    run again, it finishes."""
    attempt = context.task_result.attempts
    if attempt == 1:
        print("hold: started", flush=True)
        threading.Event().wait()
    return f"finished on attempt {attempt}"


@retried()
def always_fails() -> None:
    raise RuntimeError("this task always fails")

"""A large import with real `db_worker` processes (run it with DATABASE_URL=postgres://… for
PostgreSQL): a worker killed with kill -9 while writing leaves nothing of the import, and
the import runs again on the next worker, whole."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User

from careers.models import ImportJob, Skill
from careers.transfer import jobs
from tests.careers.importing import skills_bundle
from tests.tasks import WAIT_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)  # the workers read what tests commit

SKILLS = 14_000  # long enough to write (seconds) that the kill lands in the middle


def await_job(job: ImportJob, done: Callable[[ImportJob], bool]) -> ImportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done(job):
        assert time.monotonic() < deadline, f"job still {job.state}"
        time.sleep(0.05)  # the database offers nothing to wait on; poll the row
        job.refresh_from_db()
    return job


def test_a_worker_killed_mid_import_leaves_none_of_it_and_the_next_imports_it_all(
    curator: User, start_worker: Callable[..., subprocess.Popen[str]]
) -> None:
    job = jobs.start(skills_bundle(SKILLS), match_external_ids=False, user_id=curator.pk)
    first = start_worker()
    await_job(job, lambda j: j.state == "checked")
    jobs.confirm(job)
    # Checked again (rows_checked counts up afresh), every row, and now writing in one
    # transaction.
    await_job(job, lambda j: j.rows_checked == SKILLS + 1)
    first.send_signal(signal.SIGKILL)
    first.wait()
    job.refresh_from_db()
    assert (job.state, job.running) == ("importing", True)
    assert not Skill.objects.exists() and not LogEntry.objects.exists()
    start_worker()  # notices that the first stopped beating, and puts its task back
    await_job(job, lambda j: j.state != "importing")
    assert (job.state, job.running, job.rows_written) == ("imported", False, SKILLS + 1)
    assert Skill.objects.count() == SKILLS
    assert LogEntry.objects.count() == 1  # the import's entry, once

"""A large export with real `db_worker` processes (run it with DATABASE_URL=postgres://… for
PostgreSQL): a worker killed with kill -9 mid-export leaves no file to download, not half
of one, and the export runs again on the next worker, whole."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from careers.models import ExportJob
from careers.transfer import export_jobs
from careers.transfer.exporter import export_json, skill_count
from tests.careers.test_search_scale import SKILLS, esco_taxonomy
from tests.conftest import logged_in
from tests.tasks import WAIT_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)  # the workers read what tests commit


def await_job(job: ExportJob, done: Callable[[ExportJob], bool]) -> ExportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done(job):
        assert time.monotonic() < deadline, f"job still {job.state}"
        time.sleep(0.05)  # the database offers nothing to wait on; poll the row
        job.refresh_from_db(fields=["state", "skills_written", "skills_total"])
    return job


def test_a_worker_killed_mid_export_leaves_no_file_and_the_next_exports_it_whole(
    curator: User, start_worker: Callable[..., subprocess.Popen[str]]
) -> None:
    esco_taxonomy()
    job = export_jobs.start("json", None, skills=skill_count(None), user_id=curator.pk)
    download = reverse("admin:careers_career_export_download", args=[job.uuid])
    first = start_worker()
    await_job(job, lambda j: j.skills_written > 0)
    first.send_signal(signal.SIGKILL)
    first.wait()
    job.refresh_from_db()
    assert job.state == "exporting" and 0 < job.skills_written < SKILLS
    assert job.content is None
    assert logged_in(curator).get(download).status_code == 404
    start_worker()  # notices that the first stopped beating, and puts its task back
    await_job(job, lambda j: j.state != "exporting")
    assert job.state == "done"
    downloaded = logged_in(curator).get(download)
    assert downloaded.status_code == 200
    assert len(json.loads(downloaded.content)["skills"]) == SKILLS
    assert downloaded.content == export_json()

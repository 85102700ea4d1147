"""Large admin imports in the background (careers/transfer/jobs.py): checked and written
by a worker (drain() runs it here; tests/background/test_import_worker.py kills a real one),
progress shown while it works, one import at a time, and the same answer as inline."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.html import escape
from pytest_django import DjangoCaptureOnCommitCallbacks

from careers.models import ImportJob, Skill
from careers.transfer import jobs
from careers.transfer.importer import import_taxonomy
from tests.careers.importing import skills_bundle
from tests.conftest import logged_in
from tests.factories import SkillCategoryFactory, SkillFactory, UserFactory
from tests.tasks import drain

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:careers_career_import")
ESCO_SIZE = 14_000


@pytest.fixture(autouse=True)
def commits(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a request enqueues on commit is enqueued when it answers, as in production
    (the test's own transaction never commits)."""
    post = Client.post

    def committed(self: Client, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return post(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", committed)


def upload(client: Client, files: dict[str, bytes], **data: Any) -> HttpResponse:
    uploads = [SimpleUploadedFile(name, raw) for name, raw in files.items()]
    return client.post(IMPORT, {"files": uploads, **data})  # type: ignore[return-value]


def confirm(client: Client, job: ImportJob) -> HttpResponse:
    return client.post(job_url(job), {"confirm": "1"})  # type: ignore[return-value]


def timed(call: Any, *args: Any, **kwargs: Any) -> tuple[HttpResponse, float]:
    began = time.perf_counter()
    response = call(*args, **kwargs)
    return response, time.perf_counter() - began


def the_job(curator: User) -> ImportJob:
    return ImportJob.objects.get(created_by=curator)


def test_an_esco_sized_import_runs_in_the_background_with_progress_and_short_requests(
    curator: User, curator_client: Client
) -> None:
    files = skills_bundle(ESCO_SIZE)
    times: list[float] = []

    def request(call: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response, seconds = timed(call, *args, **kwargs)
        times.append(seconds)
        return response

    uploaded = request(upload, curator_client, files)
    job = the_job(curator)
    assert uploaded.status_code == 302 and uploaded["Location"] == job_url(job)
    assert not Skill.objects.exists() and job.state == "checking"
    waiting = request(curator_client.get, job_url(job))
    assert waiting.status_code == 200
    assert "Rows read" in waiting.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting.content.decode()  # no JS
    polled = request(curator_client.get, job_url(job), headers={"HX-Request": "true"})
    assert polled.content.decode().lstrip().startswith('<div id="import-progress"')

    assert drain() == 1  # the check
    job.refresh_from_db()
    assert (job.state, job.rows_read, job.rows_checked) == ("checked", ESCO_SIZE + 1, ESCO_SIZE + 1)
    finished = request(curator_client.get, job_url(job), headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"  # the poll reloads the page to show the preview
    preview = request(curator_client.get, job_url(job))
    body = preview.content.decode()
    assert preview.status_code == 200 and 'id="import-confirm"' in body
    assert f"<td>skills</td><td>{ESCO_SIZE}</td>" in body
    assert not Skill.objects.exists()

    confirmed = request(confirm, curator_client, job)
    assert confirmed.status_code == 302
    importing = request(curator_client.get, job_url(job))
    assert "Importing" in importing.content.decode()
    assert drain() == 1  # the import
    assert Skill.objects.count() == ESCO_SIZE
    job.refresh_from_db()
    assert (job.state, job.running, job.rows_written) == ("imported", False, ESCO_SIZE + 1)
    assert job.files == {"skills.json": ""}  # its bytes are not kept once done
    result = request(curator_client.get, job_url(job), follow=True)
    assert f"skills: {ESCO_SIZE} new" in result.content.decode()
    print(f"\nrequest times (s): {', '.join(f'{t:.3f}' for t in times)}")
    assert max(times) < 1.0


def job_url(job: ImportJob) -> str:
    return reverse("admin:careers_career_import_job", args=[job.uuid])


@override_settings(TAXONOMY_IMPORT_INLINE_ROWS=10)
def test_a_small_upload_is_still_checked_and_imported_in_the_request(
    curator_client: Client,
) -> None:
    preview = upload(curator_client, skills_bundle(5))
    assert preview.status_code == 200 and 'id="import-confirm"' in preview.content.decode()
    assert curator_client.post(IMPORT, {"confirm": "1"}).status_code == 302
    assert Skill.objects.count() == 5 and not ImportJob.objects.exists()


@override_settings(TAXONOMY_IMPORT_INLINE_ROWS=10)
def test_a_second_curator_is_told_another_import_is_running(
    curator: User, curator_client: Client
) -> None:
    upload(curator_client, skills_bundle(20))
    other = UserFactory(is_staff=True, is_superuser=True)
    refused = upload(logged_in(other), skills_bundle(20, category="other"))
    assert refused.status_code == 409 and jobs.BUSY in refused.content.decode()
    assert ImportJob.objects.count() == 1
    drain()  # the first is checked, and no longer holds the lock while awaiting Confirm
    assert upload(logged_in(other), skills_bundle(20, category="other")).status_code == 302
    # The first curator's Confirm waits its turn: told so, and the job stays checked.
    first = the_job(curator)
    confirm(curator_client, first)
    first.refresh_from_db()
    assert first.state == "checked" and not first.running
    drain()
    confirm(curator_client, first)
    drain()
    first.refresh_from_db()
    assert first.state == "imported" and Skill.objects.count() == 20


@override_settings(TAXONOMY_IMPORT_INLINE_ROWS=10)
def test_another_curators_job_is_a_404(curator: User, curator_client: Client) -> None:
    upload(curator_client, skills_bundle(20))
    other = UserFactory(is_staff=True, is_superuser=True)
    assert logged_in(other).get(job_url(the_job(curator))).status_code == 404


@override_settings(TAXONOMY_IMPORT_INLINE_ROWS=10)
def test_the_background_preview_says_what_the_inline_dry_run_says(
    curator: User, curator_client: Client
) -> None:
    SkillFactory(slug="taken", name="gen skill 3", category=SkillCategoryFactory(slug="gen"))
    files = skills_bundle(20)
    inline = jobs.Preview.of(import_taxonomy(files, dry_run=True))
    assert inline.issues  # a name already taken
    upload(curator_client, files)
    drain()
    job = the_job(curator)
    assert job.state == "refused" and job.preview == jobs.Preview(**job.preview).__dict__
    assert jobs.Preview(**job.preview) == inline
    page = curator_client.get(job_url(job))
    assert page.status_code == 400 and escape(inline.issues[0]) in page.content.decode()
    assert 'id="import-confirm"' not in page.content.decode()
    assert Skill.objects.count() == 1


@override_settings(TAXONOMY_IMPORT_INLINE_ROWS=10)
def test_the_background_import_writes_what_its_preview_said_or_nothing(
    curator: User, curator_client: Client
) -> None:
    upload(curator_client, skills_bundle(20))
    drain()
    job = the_job(curator)
    checked = jobs.Preview(**job.preview)
    confirm(curator_client, job)
    drain()
    job.refresh_from_db()
    assert jobs.Preview(**job.preview) == checked and Skill.objects.count() == 20

    # The taxonomy changes between the preview and Confirm: the import is refused whole.
    upload(curator_client, skills_bundle(20, start=100))
    drain()
    second = ImportJob.objects.latest("pk")
    SkillFactory(slug="clash", name="gen skill 105", category=Skill.objects.first().category)
    confirm(curator_client, second)
    drain()
    second.refresh_from_db()
    assert second.state == "failed" and not second.running
    assert not Skill.objects.filter(slug="gen-100").exists()
    page = curator_client.get(job_url(second))
    assert page.status_code == 409
    assert "the taxonomy changed since the preview" in page.content.decode()

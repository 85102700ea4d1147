"""Large admin exports in the background (careers/transfer/export_jobs.py), and issue 23's
"Done when": an ESCO-sized import and export through the admin, with progress counts that
move while the worker works, and no request over a second. drain() runs the worker's code
here; tests/background/test_export_worker.py kills a real worker mid-export."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from careers.models import ExportJob, ImportJob, Skill
from careers.transfer import export_jobs, jobs
from careers.transfer.importer import import_taxonomy
from tests import html
from tests.careers.test_import_jobs import commits  # noqa: F401  (enqueued when answered)
from tests.conftest import logged_in
from tests.factories import CareerFactory, RequirementFactory, UserFactory
from tests.tasks import drain

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:careers_career_import")
EXPORT = reverse("admin:careers_career_export")
CHANGELIST = reverse("admin:careers_career_changelist")
ESCO = "http://data.europa.eu/esco/skill/"
SKILLS = 14_000


def esco_bundle() -> bytes:
    """ESCO's size and shape: 14,000 skills with an ESCO URI each, some aliases and
    prerequisites, and a career that requires a few of them."""
    skills = [
        {"slug": f"esco-{i:05d}", "name": f"Operate machine {i}", "category": "esco",
         "description": f"Operate machine {i} safely.",
         "external_ids": {"esco": [f"{ESCO}{i:08d}"]},
         "aliases": [f"Machine {i} operation"] if i % 7 == 0 else [],
         "prerequisites": [f"esco-{i - 1:05d}"] if i % 10 == 1 else []}
        for i in range(SKILLS)
    ]  # fmt: skip
    document = {
        "format": "skillgap-taxonomy", "version": 2,
        "levels": [{"slug": "mid", "name": "Mid", "rank": 2}],
        "categories": [{"slug": "esco", "name": "ESCO"}],
        "skills": skills,
        "careers": [{"slug": "operator", "name": "Machine operator", "requirements": [
            {"skill": f"esco-{i:05d}", "level": "mid", "target": 3, "weight": 2}
            for i in range(0, 500, 50)
        ]}],
    }  # fmt: skip
    return json.dumps(document).encode()


class Timed:
    """The curator's client, each request timed."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.times: list[tuple[float, str]] = []

    def __call__(self, method: str, url: str, **kwargs: Any) -> HttpResponse:
        began = time.perf_counter()
        response = getattr(self.client, method)(url, **kwargs)
        self.times.append((time.perf_counter() - began, f"{method.upper()} {url}"))
        return response


def watched(
    monkeypatch: pytest.MonkeyPatch, target: Any, name: str, poll: Callable[[], None]
) -> None:
    """`poll()` (a request for the progress page) after each count the task writes."""
    record = getattr(target, name)

    def recorder(*args: Any) -> Any:
        inner = record(*args)

        def step(*counts: Any) -> None:
            inner(*counts)
            poll()

        return step

    monkeypatch.setattr(target, name, recorder)


def counts(response: HttpResponse, dt: str) -> str:
    body = response.content.decode()
    return body.split(f"<dt>{dt}</dt><dd>")[1].split("</dd>")[0]


def test_an_esco_sized_import_and_export_through_the_admin_with_progress_and_short_requests(
    curator: User, curator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = Timed(curator_client)
    upload = SimpleUploadedFile("esco.json", esco_bundle())
    uploaded = request("post", IMPORT, data={"files": [upload]})
    job = ImportJob.objects.get()
    job_url = reverse("admin:careers_career_import_job", args=[job.uuid])
    assert uploaded.status_code == 302 and uploaded["Location"] == job_url

    # What the page shows each time the worker writes its counts: they move, 1,000 at a time.
    seen: list[str] = []
    poll = lambda: seen.append(counts(request("get", job_url, headers={"HX-Request": "true"}),  # noqa: E731
                                      "Rows checked"))  # fmt: skip
    watched(monkeypatch, jobs, "progress_of", poll)
    assert drain() == 1  # the check
    rows = SKILLS + 1 + 1 + 1 + 10  # skills, a level, a category, a career, requirements
    assert seen[1:4] == [f"1000 of {rows}", f"2000 of {rows}", f"3000 of {rows}"]
    assert seen[-1] == f"{rows} of {rows}"
    preview = request("get", job_url)
    assert preview.status_code == 200 and f"<td>skills</td><td>{SKILLS}</td>" in (
        preview.content.decode()
    )
    assert request("post", job_url, data={"confirm": "1"}).status_code == 302
    seen.clear()
    assert drain() == 1  # the import
    assert f"1000 of {rows}" in seen
    result = request("get", job_url, follow=True)
    assert f"skills: {SKILLS} new" in result.content.decode()
    assert Skill.objects.count() == SKILLS

    # The export of the whole taxonomy: the changelist links to it.
    assert EXPORT in request("get", CHANGELIST).content.decode()
    started = request("post", EXPORT, data={"format": "json"})
    export = ExportJob.objects.get()
    export_url = reverse("admin:careers_career_export_job", args=[export.uuid])
    assert started.status_code == 302 and started["Location"] == export_url
    waiting = request("get", export_url).content.decode()
    assert "Skills written" in waiting and '<meta http-equiv="refresh" content="2">' in waiting
    written: list[str] = []
    poll = lambda: written.append(counts(request("get", export_url, headers={"HX-Request": "true"}),  # noqa: E731
                                         "Skills written"))  # fmt: skip
    monkeypatch.setattr(export_jobs, "build", polled_build(export_jobs.build, poll))
    assert drain() == 1
    assert written[:3] == [f"1000 of {SKILLS}", f"2000 of {SKILLS}", f"3000 of {SKILLS}"]
    assert request("get", export_url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    ready = request("get", export_url).content.decode()
    link = reverse("admin:careers_career_export_download", args=[export.uuid])
    assert 'id="export-ready"' in ready and link in ready
    downloaded = request("get", link)
    assert downloaded["Content-Disposition"] == 'attachment; filename="skillgap-taxonomy.json"'

    report = "\n".join(f"{seconds:.3f} s  {what}" for seconds, what in request.times)
    print(f"\nrequest times:\n{report}")
    assert max(seconds for seconds, _ in request.times) < 1.0, report

    # The round trip: the file says exactly what the database holds, so importing it back
    # changes nothing, and its skills are those uploaded.
    plan = import_taxonomy({"export.json": downloaded.content}, dry_run=True)
    assert plan.ok and not plan.changes
    assert plan.counts["skills"]["unchanged"] == SKILLS
    original = {s["slug"]: s for s in json.loads(esco_bundle())["skills"]}
    for skill in json.loads(downloaded.content)["skills"]:
        sent = original[skill["slug"]]
        assert (skill["name"], skill["aliases"], skill["prerequisites"]) == (
            sent["name"], sent["aliases"], sent["prerequisites"]
        )  # fmt: skip
        assert skill["external_ids"]["esco"] == sent["external_ids"]["esco"]


def polled_build(build: Any, poll: Callable[[], None]) -> Any:
    def wrapped(kind: str, slugs: Any, progress: Any = None) -> bytes:
        def step(written: int, total: int) -> None:
            progress(written, total)
            poll()

        return build(kind, slugs, step)

    return wrapped


@pytest.fixture
def small() -> list[str]:
    career = CareerFactory(slug="ladder")
    RequirementFactory.create_batch(3, career=career)
    return ["ladder"]


def select(client: Client, action: str, slugs: list[str]) -> HttpResponse:
    from careers.models import Career

    ids = [str(pk) for pk in Career.objects.filter(slug__in=slugs).values_list("pk", flat=True)]
    return client.post(CHANGELIST, {"action": action, "_selected_action": ids})  # type: ignore[return-value]


def test_a_small_export_is_still_the_file_itself(curator_client: Client, small: list[str]) -> None:
    response = select(curator_client, "export_as_json", small)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert len(json.loads(response.content)["skills"]) == 3
    assert not ExportJob.objects.exists()


@override_settings(TAXONOMY_EXPORT_INLINE_SKILLS=2)
def test_a_large_selection_is_exported_by_a_worker_as_the_inline_export_would(
    curator_client: Client, small: list[str]
) -> None:
    with override_settings(TAXONOMY_EXPORT_INLINE_SKILLS=100):
        inline = select(curator_client, "export_as_csv", small).content
    started = select(curator_client, "export_as_csv", small)
    job = ExportJob.objects.get()
    assert started.status_code == 302 and job.careers == small and job.format == "csv"
    waiting = curator_client.get(started["Location"])  # before the worker's first batch
    assert "0 of 3" in html.texts(waiting, "dd")  # skills written, of how many
    link = reverse("admin:careers_career_export_download", args=[job.uuid])
    assert curator_client.get(link).status_code == 404  # no file before the worker's is whole
    drain()
    downloaded = curator_client.get(link)
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/zip"
    assert unzipped(downloaded.content) == unzipped(inline)  # the zip's dates may differ


def unzipped(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        return {name: files.read(name) for name in files.namelist()}


@override_settings(TAXONOMY_EXPORT_INLINE_SKILLS=2)
def test_an_export_is_its_curators_and_the_permitted_staffs_others_get_a_404(
    curator_client: Client, small: list[str]
) -> None:
    select(curator_client, "export_as_json", small)
    drain()
    job = ExportJob.objects.get()
    urls = [reverse("admin:careers_career_export_job", args=[job.uuid]),
            reverse("admin:careers_career_export_download", args=[job.uuid])]  # fmt: skip
    other = UserFactory(is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="view_career"))
    assert [logged_in(other).get(url).status_code for url in urls] == [404, 404]
    other.user_permissions.add(Permission.objects.get(codename="view_exportjob"))
    other = User.objects.get(pk=other.pk)  # permissions are cached on the user
    assert [logged_in(other).get(url).status_code for url in urls] == [200, 200]


def test_an_unknown_format_is_a_400(curator_client: Client) -> None:
    response = curator_client.post(EXPORT, {"format": "xml"})
    assert response.status_code == 400 and not ExportJob.objects.exists()


@override_settings(TAXONOMY_EXPORT_INLINE_SKILLS=2, TASKS_RETRY_SECONDS=0)
def test_an_export_that_fails_every_try_is_failed_and_the_page_says_so(
    curator_client: Client, small: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(export_jobs, "build", broken)
    select(curator_client, "export_as_json", small)
    while drain():  # each try enqueues the next, at once here
        pass
    job = ExportJob.objects.get()
    assert (job.state, job.content) == ("failed", None)
    page = curator_client.get(reverse("admin:careers_career_export_job", args=[job.uuid]))
    assert 'id="export-failed"' in page.content.decode()
    assert "could not finish this export" in page.content.decode()

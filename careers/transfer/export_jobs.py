"""Large admin exports, written by a worker (docs/design-notes.md, "Exports in the
background"). The request records what to export on an ExportJob and enqueues; the admin
page polls the job's counts, then offers the file, served from the job's row.

A file is complete or absent: the task builds it in memory and stores it with state=done
in one UPDATE, so a worker killed mid-export leaves the job exporting and no file, and the
task, put back in the queue, exports it all again.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.db import transaction

from background.queue import enqueue_on_commit, retried

from ..models import ExportJob
from .exporter import Progress, export_csv, export_json

State = ExportJob.State
# Each format's file: its name and content type.
FILES: dict[str, tuple[str, str]] = {
    ExportJob.Format.JSON: ("skillgap-taxonomy.json", "application/json"),
    ExportJob.Format.CSV: ("skillgap-taxonomy-csv.zip", "application/zip"),
}


def in_background(skills: int) -> bool:
    """More skills than an export writes in well under a second: the worker's."""
    return skills > settings.TAXONOMY_EXPORT_INLINE_SKILLS


def build(kind: str, career_slugs: list[str] | None, progress: Progress | None = None) -> bytes:
    """The file an export of these careers gives, as the admin action downloads it."""
    if kind == ExportJob.Format.JSON:
        return export_json(career_slugs, progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_csv(career_slugs, progress).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def start(kind: str, career_slugs: list[str] | None, *, skills: int, user_id: int) -> ExportJob:
    """The job, with its total known from the start: its page says "0 of 14,013" at once,
    not a bare 0 until the worker's first batch."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            format=kind, careers=career_slugs, created_by_id=user_id, skills_total=skills
        )
        enqueue_on_commit(export, job.pk)
    return job


def _gave_up(job_pk: int, **kwargs: object) -> None:
    ExportJob.objects.filter(pk=job_pk, state=State.EXPORTING).update(
        state=State.FAILED, message="The worker could not finish this export."
    )


@retried(given_up=_gave_up)
def export(job_pk: int) -> str:
    job = ExportJob.objects.defer("content").get(pk=job_pk)
    if job.state != State.EXPORTING:
        return f"already {job.state}"

    def record(written: int, total: int) -> None:  # once a batch (exporter.BATCH skills)
        ExportJob.objects.filter(pk=job_pk).update(skills_written=written, skills_total=total)

    content = build(job.format, job.careers, record)
    ExportJob.objects.filter(pk=job_pk, state=State.EXPORTING).update(
        state=State.DONE, content=content
    )
    return f"{len(content)} bytes"

"""Large admin imports, checked and written by a worker (docs/design-notes.md, "Imports in
the background"). The request stores the files on an ImportJob and enqueues; the admin
page polls the job's counts, then shows the same preview and result as an inline import.

One import runs at a time: a job is `running` while it is checked or written, and the
database's partial unique constraint refuses a second running job, on any server.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from background.queue import enqueue_on_commit, retried

from ..models import Career, ImportJob
from . import bundle
from .importer import Plan, import_taxonomy

logger = logging.getLogger(__name__)

State = ImportJob.State


BUSY = "Another import is being checked or written; try again when it has finished."


class Busy(Exception):
    """Another import is being checked or written."""


@dataclass
class Preview:
    """What the preview template reads of a Plan, as JSON for the job row."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    halted: str = ""
    database_error: bool = False
    summary: str = ""

    @classmethod
    def of(cls, plan: Plan) -> Preview:
        return cls(
            counts={kind: full(c) for kind, c in plan.counts.items() if c},
            changes=[str(change) for change in plan.changes],
            refused=list(plan.refused),
            issues=[str(issue) for issue in plan.issues],
            warnings=list(plan.warnings),
            merges=list(plan.merges),
            halted=plan.halted,
            database_error=plan.database_error,
            summary=plan.summary(),
        )

    @property
    def ok(self) -> bool:
        return not self.issues


def full(counts: Counter[str]) -> dict[str, int]:
    return {action: counts[action] for action in ("create", "update", "unchanged", "refused")}


def count_rows(files: dict[str, bytes]) -> int:
    """About how many rows the files hold, cheaply: CSV lines, or JSON list items. A file
    that cannot be read counts none: the inline check says what is wrong with it."""
    rows = 0
    for name, raw in files.items():
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if name.lower().endswith(".csv"):
            rows += max(sum(1 for line in csv.reader(io.StringIO(text)) if line) - 1, 0)
        elif name.lower().endswith(".json"):
            try:
                document = json.loads(text)
            except (ValueError, RecursionError):  # too deep is the reader's to report
                continue
            if isinstance(document, dict):
                rows += sum(len(v) for v in document.values() if isinstance(v, list))
    return rows


# Files larger than this are the worker's without being counted: parsing 3 MB of JSON (ESCO's
# size) to count its rows took 0.4–0.9 s of the upload's request on a busy 2-core machine.
# The worker's check refuses a file past bundle.MAX_ITEMS as the inline one would.
COUNTED_BYTES = 512 * 1024


def in_background(files: dict[str, bytes]) -> bool:
    """Past the inline size, but not past the limit: that is refused at once, inline."""
    if sum(len(raw) for raw in files.values()) > COUNTED_BYTES:
        return True
    return settings.TAXONOMY_IMPORT_INLINE_ROWS < count_rows(files) <= bundle.MAX_ITEMS


def files_of(job: ImportJob) -> dict[str, bytes]:
    return {name: base64.b64decode(data) for name, data in job.files.items()}


def names_only(job: ImportJob) -> dict[str, str]:
    """A finished job keeps its files' names, not up to 20 MiB of their bytes."""
    return dict.fromkeys(job.files, "")


def start(files: dict[str, bytes], *, match_external_ids: bool, user_id: int) -> ImportJob:
    """A job that checks the files; Busy if another import is running."""
    stored = {name: base64.b64encode(data).decode("ascii") for name, data in files.items()}
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                files=stored, match_external_ids=match_external_ids, created_by_id=user_id
            )
            enqueue_on_commit(check, job.pk)
    except IntegrityError as error:
        raise Busy from error
    return job


def confirm(job: ImportJob) -> None:
    """Confirm a checked job: a worker writes it. Busy if another import is running."""
    try:
        with transaction.atomic():
            taken = ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(
                state=State.IMPORTING, running=True, rows_checked=0, message=""
            )
            if taken:
                enqueue_on_commit(write, job.pk)
    except IntegrityError as error:
        raise Busy from error


def progress_of(job_pk: int) -> Any:
    def record(stage: str, rows: int) -> None:
        ImportJob.objects.filter(pk=job_pk).update(**{f"rows_{stage}": rows})

    return record


def _gave_up(job_pk: int, **kwargs: Any) -> None:
    ImportJob.objects.filter(pk=job_pk, running=True).update(
        state=State.FAILED, running=False, message="The worker could not finish this import."
    )


@retried(given_up=_gave_up)
def check(job_pk: int) -> str:
    """The dry run: the preview is stored on the job, and its lock released."""
    job = ImportJob.objects.get(pk=job_pk)
    if job.state != State.CHECKING:
        return f"already {job.state}"
    plan = import_taxonomy(
        files_of(job), dry_run=True, match_external_ids=job.match_external_ids,
        progress=progress_of(job_pk),
    )  # fmt: skip
    state = State.CHECKED if plan.ok else State.REFUSED
    kept = job.files if plan.ok else names_only(job)
    ImportJob.objects.filter(pk=job_pk).update(
        state=state, running=False, preview=asdict(Preview.of(plan)), files=kept
    )
    return str(state)


@retried(given_up=_gave_up)
def write(job_pk: int) -> str:
    """The import: checked again and written in one transaction with the job's result, so
    a worker killed mid-way leaves the taxonomy and the job as they were, and the task,
    put back, does it all again."""
    job = ImportJob.objects.get(pk=job_pk)
    if job.state != State.IMPORTING:
        return f"already {job.state}"
    files = files_of(job)

    def done(plan: Plan) -> None:
        ImportJob.objects.filter(pk=job_pk).update(
            state=State.IMPORTED, running=False, preview=asdict(Preview.of(plan)),
            files=names_only(job), rows_written=sum(len(rows) for rows in plan.rows.values()),
        )  # fmt: skip
        log_import(job.created_by_id, plan, list(files))

    plan = import_taxonomy(
        files, dry_run=False, match_external_ids=job.match_external_ids,
        progress=progress_of(job_pk), with_writes=done,
    )  # fmt: skip
    if not plan.applied:
        message = (
            "The database refused the write; nothing was saved. Upload the files again to retry."
            if plan.database_error
            else "Nothing was imported: the taxonomy changed since the preview."
        )
        ImportJob.objects.filter(pk=job_pk).update(
            state=State.FAILED, running=False, preview=asdict(Preview.of(plan)), message=message,
            files=names_only(job),
        )  # fmt: skip
    return "imported" if plan.applied else "not imported"


def log_import(user_id: int, plan: Plan, names: list[str]) -> None:
    """One entry in Django's admin log for the import, and one per career it changed."""
    careers = {
        row.key[0]
        for kind in ("career", "career_level", "requirement")
        for row in plan.rows.get(kind, [])
        if row.action != "unchanged"
    }
    message = f"Imported {', '.join(names)}: {plan.summary()}"
    content_type = ContentType.objects.get_for_model(Career)
    LogEntry.objects.create(
        user_id=user_id,
        content_type=content_type,
        object_repr=f"Taxonomy import: {', '.join(names)}"[:200],
        action_flag=CHANGE,
        change_message=message,
    )
    changed = Career.objects.filter(slug__in=careers)
    LogEntry.objects.log_actions(user_id, changed, CHANGE, change_message=message)

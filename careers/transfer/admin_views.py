"""The curator's import in admin: upload → dry-run preview → confirm."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse

from lib.http import SignedInRequest

from ..models import ImportJob
from . import jobs
from .bundle import oversize
from .importer import Plan, import_taxonomy

SESSION_KEY = "taxonomy_import"
SHOWN = 50  # issues and warnings listed in full; the rest are counted


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each cleaned as FileField cleans one (Django's docs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    # The form metaclass moves fields into base_fields, so this never shadows BaseForm.files.
    files = MultipleFileField(  # type: ignore[assignment]
        help_text="A JSON bundle, or a requirements CSV with an optional skills CSV.",
        error_messages={"required": "Choose at least one file."},
    )
    match_external_ids = forms.BooleanField(
        required=False,
        label="Merge by external id",
        help_text="A skill sharing an O*NET, ESCO or SFIA id with an existing skill is merged "
        "into it, whatever its slug: its name becomes an alias, its ids and aliases are added.",
    )

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data["files"]
        # Before anything is read into memory; read_files checks the same again.
        too_big = oversize({f.name: f.size for f in uploads})
        if too_big:
            raise forms.ValidationError(str(too_big))
        return uploads


def can_import(request: HttpRequest) -> bool:
    perms = ["careers.add_skill", "careers.change_skill", "careers.add_requirement"]
    return request.user.has_perms(perms)


def import_view(request: SignedInRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    if not can_import(request):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, model_admin)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return page(request, model_admin, form)
    if not form.is_valid():
        return page(request, model_admin, form, status=400)
    files = {f.name: f.read() for f in form.cleaned_data["files"]}
    merge = form.cleaned_data["match_external_ids"]
    if jobs.in_background(files):
        try:
            job = jobs.start(files, match_external_ids=merge, user_id=request.user.id)
        except jobs.Busy:
            form.add_error(None, jobs.BUSY)
            return page(request, model_admin, form, status=409)
        return redirect("admin:careers_career_import_job", job.uuid)
    plan = import_taxonomy(files, dry_run=True, match_external_ids=merge)
    if not plan.ok:
        return page(request, model_admin, form, plan, status=400)
    # Kept in the session between preview and confirm; checked again on confirm.
    request.session[SESSION_KEY] = {
        "files": {name: base64.b64encode(data).decode("ascii") for name, data in files.items()},
        "match_external_ids": merge,
    }
    return page(request, model_admin, form, plan, stored=files)


def page(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    form: UploadForm,
    plan: Plan | jobs.Preview | None = None,
    *,
    stored: dict[str, bytes] | None = None,
    status: int = 200,
    job: ImportJob | None = None,
) -> TemplateResponse:
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import taxonomy",
        "form": form,
        "plan": plan,
        "shown": SHOWN,
        # The file input is empty again after a preview: say what Confirm will apply.
        "stored": [(name, filesizeformat(len(data))) for name, data in (stored or {}).items()],
        "job": job,
    }
    return TemplateResponse(request, "admin/careers/import.html", context, status=status)


def confirm(request: SignedInRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, "That preview has expired; upload the files again.")
        return redirect("admin:careers_career_import")
    files = {name: base64.b64decode(data) for name, data in stored["files"].items()}
    merge = stored["match_external_ids"]
    plan = import_taxonomy(files, dry_run=False, match_external_ids=merge)
    if plan.database_error:
        # Nothing was saved and nothing is wrong with the files: keep them for a retry.
        messages.error(request, f"{plan.issues[-1]}. The files are kept: confirm again to retry.")
        form = UploadForm(initial={"match_external_ids": merge})
        return page(request, model_admin, form, plan, stored=files, status=409)
    del request.session[SESSION_KEY]
    if not plan.ok:  # the database changed since the preview
        messages.error(request, "Nothing was imported: the taxonomy changed since the preview.")
        form = UploadForm(initial={"match_external_ids": merge})
        return page(request, model_admin, form, plan, status=409)
    jobs.log_import(request.user.id, plan, list(files))
    messages.success(request, f"Imported {', '.join(files)}: {plan.summary()}.")
    return redirect("admin:careers_career_changelist")


def job_view(request: SignedInRequest, model_admin: admin.ModelAdmin, uuid: str) -> HttpResponse:
    """A background import: its progress while a worker has it, then its preview (with
    Confirm) or its result. Only its curator's own job: another's is a 404."""
    if not can_import(request):
        raise PermissionDenied
    jobs_of_user = ImportJob.objects.filter(created_by=request.user)
    if request.headers.get("HX-Request"):
        # The poll, every second: neither the files (MBs of base64 at ESCO's size, 0.15–0.4 s
        # a poll on a busy machine) nor the preview; the counts and the state.
        jobs_of_user = jobs_of_user.defer("files", "preview")
    job = get_object_or_404(jobs_of_user, uuid=uuid)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            jobs.confirm(job)
        except jobs.Busy:
            messages.error(request, jobs.BUSY)
        return redirect("admin:careers_career_import_job", job.uuid)
    if job.running:
        return progress_page(request, model_admin, job)
    if request.headers.get("HX-Request"):  # the poll of a job that has finished: show it all
        return HttpResponse(headers={"HX-Refresh": "true"})
    form = UploadForm(initial={"match_external_ids": job.match_external_ids})
    preview = jobs.Preview(**job.preview) if job.preview else None
    if job.state == ImportJob.State.IMPORTED:
        assert preview is not None
        messages.success(request, f"Imported {', '.join(job.files)}: {preview.summary}.")
        return redirect("admin:careers_career_changelist")
    if job.message:
        messages.error(request, job.message)
    stored = jobs.files_of(job) if job.state == ImportJob.State.CHECKED else None
    # As inline: a refused preview is a 400; an import the database or a change refused, a 409.
    statuses: dict[str, int] = {ImportJob.State.CHECKED: 200, ImportJob.State.REFUSED: 400}
    status = statuses.get(job.state, 409)
    return page(request, model_admin, form, preview, stored=stored, status=status, job=job)


def progress_page(
    request: HttpRequest, model_admin: admin.ModelAdmin, job: ImportJob
) -> TemplateResponse:
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import taxonomy",
        "job": job,
    }
    template = "admin/careers/import_progress.html"
    if request.headers.get("HX-Request"):
        template += "#progress"
    return TemplateResponse(request, template, context)

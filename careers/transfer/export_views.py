"""The curator's export in admin: the careers changelist's actions, answered at once for a
small taxonomy, or by a worker for a large one (export_jobs), with a page that shows its
progress and then the download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from lib.http import SignedInRequest, content_disposition

from ..models import Career, ExportJob
from . import export_jobs
from .exporter import skill_count


def download(data: bytes, kind: str) -> HttpResponse:
    filename, content_type = export_jobs.FILES[kind]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def admin_context(
    request: SignedInRequest, model_admin: admin.ModelAdmin, **extra: Any
) -> dict[str, Any]:
    """What an export page of the admin needs: the site's context, the model, its title."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Export taxonomy",
        **extra,
    }


def export_action(request: SignedInRequest, queryset: QuerySet[Career], kind: str) -> HttpResponse:
    """The selected careers exported, with the skills they require."""
    return exported(request, sorted(queryset.values_list("slug", flat=True)), kind)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportJob.Format.choices, initial=ExportJob.Format.JSON)


def export_view(request: SignedInRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    """The whole taxonomy: every level, category, skill (required by a career or not) and
    career, as a bundle that imports into an empty database as it is here."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return exported(request, None, form.cleaned_data["format"])
    context = admin_context(request, model_admin, form=form)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "admin/careers/export.html", context, status=status)


def exported(request: SignedInRequest, slugs: list[str] | None, kind: str) -> HttpResponse:
    """The file itself, or, for a large taxonomy, the page of the job that writes it."""
    skills = skill_count(slugs)
    if export_jobs.in_background(skills):
        job = export_jobs.start(kind, slugs, skills=skills, user_id=request.user.id)
        return redirect("admin:careers_career_export_job", job.uuid)
    return download(export_jobs.build(kind, slugs), kind)


def job_of(request: SignedInRequest, uuid: str) -> Any:
    """The curator's own export; another's only with the permission to see exports
    (superusers have it). Anyone else gets a 404, as if there were none."""
    jobs = ExportJob.objects.defer("content")
    if not request.user.has_perm("careers.view_exportjob"):
        jobs = jobs.filter(created_by=request.user)
    return get_object_or_404(jobs, uuid=uuid)


def job_view(request: SignedInRequest, model_admin: admin.ModelAdmin, uuid: str) -> HttpResponse:
    """Its progress while a worker has it (polled by htmx, or refreshed without JavaScript),
    then the download link, or why there is none."""
    job = job_of(request, uuid)
    polled = bool(request.headers.get("HX-Request"))
    if polled and job.state != ExportJob.State.EXPORTING:
        return HttpResponse(headers={"HX-Refresh": "true"})  # show the link or the failure
    context = admin_context(
        request, model_admin, job=job, filename=export_jobs.FILES[job.format][0]
    )
    template = "admin/careers/export.html" + ("#progress" if polled else "")
    return TemplateResponse(request, template, context)


def download_view(
    request: SignedInRequest, model_admin: admin.ModelAdmin, uuid: str
) -> HttpResponse:
    """The stored file, read in one query; none until the job is done."""
    job = job_of(request, uuid)
    if job.state != ExportJob.State.DONE:
        raise Http404("This export has no file (yet).")
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    assert content is not None  # a done job has its file (export_jobs.export)
    return download(bytes(content), job.format)

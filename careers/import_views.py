"""The curator's import in admin: upload → dry-run preview → confirm."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .importer import import_taxonomy

SESSION_KEY = "taxonomy_import"
MAX_BYTES = 20 * 1024 * 1024  # 20 MiB across the files: thousands of skills fit easily


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
    files = MultipleFileField(
        help_text="A JSON bundle, or a requirements CSV with an optional skills CSV.",
        error_messages={"required": "Choose at least one file."},
    )

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data["files"]
        if sum(f.size for f in uploads) > MAX_BYTES:
            raise forms.ValidationError("The files are over 20 MiB together; split the import.")
        return uploads


def can_import(request: HttpRequest) -> bool:
    perms = ["careers.add_skill", "careers.change_skill", "careers.add_requirement"]
    return request.user.has_perms(perms)


def import_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    if not can_import(request):
        raise PermissionDenied
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import taxonomy",
    }
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            files = {f.name: f.read() for f in form.cleaned_data["files"]}
            plan = import_taxonomy(files, dry_run=True)
            context["plan"] = plan
            if plan.ok:
                # Kept in the session between preview and confirm; re-checked on confirm.
                request.session[SESSION_KEY] = {
                    name: base64.b64encode(data).decode("ascii") for name, data in files.items()
                }
            else:
                status = 400
        else:
            status = 400
    context["form"] = form
    return TemplateResponse(request, "admin/careers/import.html", context, status=status)


def confirm(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(SESSION_KEY, None)
    if not stored:
        messages.error(request, "That preview has expired; upload the files again.")
        return redirect("admin:careers_career_import")
    files = {name: base64.b64decode(data) for name, data in stored.items()}
    plan = import_taxonomy(files, dry_run=False)
    if not plan.ok:  # the database changed since the preview
        for issue in plan.issues[:20]:
            messages.error(request, str(issue))
        messages.error(request, "Nothing was imported; upload the files again to see why.")
        return redirect("admin:careers_career_import")
    messages.success(request, f"Imported {', '.join(stored)}: {plan.summary()}.")
    return redirect("admin:careers_career_changelist")

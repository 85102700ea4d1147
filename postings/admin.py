"""Curators see the phrases postings used that matched no skill (counts only, never a
posting), and turn one into an alias of a skill in a click."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from careers.models import Skill

from . import services
from .models import UnmatchedPhrase


class AliasForm(forms.Form):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.current().order_by("name"),
        help_text="The phrase becomes one of this skill's aliases; postings match it from now on.",
    )


@admin.register(UnmatchedPhrase)
class UnmatchedPhraseAdmin(admin.ModelAdmin):
    list_display = ("phrase", "count", "last_seen", "make_alias")
    ordering = ("-count", "phrase")
    search_fields = ("phrase",)
    readonly_fields = ("phrase", "count", "last_seen")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a phrase is evidence, not data to edit: make it an alias or delete it

    @admin.display(description="")
    def make_alias(self, obj: UnmatchedPhrase) -> str:
        url = reverse("admin:postings_unmatchedphrase_alias", args=[obj.pk])
        return format_html('<a href="{}">Make it an alias…</a>', url)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.alias_view)
        return [
            path("<int:pk>/alias/", view, name="postings_unmatchedphrase_alias"),
            *super().get_urls(),
        ]

    def alias_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("careers.add_skillalias"):
            raise PermissionDenied
        phrase = get_object_or_404(UnmatchedPhrase, pk=pk)
        form = AliasForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            skill = form.cleaned_data["skill"]
            services.make_alias(phrase=phrase, skill=skill)
            messages.success(request, f"“{phrase.phrase}” is now an alias of {skill.name}.")
            return redirect("admin:postings_unmatchedphrase_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Make “{phrase.phrase}” an alias",
            "phrase": phrase,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/postings/alias.html", context)

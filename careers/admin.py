"""Curator admin for the taxonomy."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from . import rules
from .exporter import export_csv, export_json
from .import_views import import_view
from .matrix import career_matrix
from .models import (
    Career,
    CareerLevel,
    Descriptor,
    Level,
    Requirement,
    Resource,
    Skill,
    SkillCategory,
    check_prerequisite_graph,
)
from .services import duplicate_career

MATRIX_PAGE = 200  # skill rows a page: a 5,000-skill career stays readable and light


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "rank"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "skill_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SkillCategory]:
        return super().get_queryset(request).annotate(skill_count=Count("skills"))

    @admin.display(ordering="skill_count", description="skills")
    def skill_count(self, obj: SkillCategory) -> int:
        return obj.skill_count  # type: ignore[attr-defined]


# --- Skills -------------------------------------------------------------------------


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = [
            "name",
            "slug",
            "category",
            "description",
            "hours_per_point",
            "prerequisites",
            "onet_id",
            "esco_uri",
            "sfia_code",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        if prerequisites is not None:
            try:
                check_prerequisite_graph({self.instance.pk: [s.pk for s in prerequisites]})
            except ValidationError as error:
                self.add_error("prerequisites", error)
        return cleaned


class DescriptorInline(admin.TabularInline):
    model = Descriptor
    extra = 0
    fields = ["score", "label", "text"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["title", "url", "kind", "hours", "from_score", "to_score", "is_free"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    form = SkillForm
    list_display = ["name", "category", "hours_per_point", "onet_id", "esco_uri", "sfia_code"]
    list_filter = ["category", "requirements__career", "requirements__level"]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "description", "onet_id", "esco_uri", "sfia_code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "prerequisites"]
    inlines = [DescriptorInline, ResourceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "description", "hours_per_point"]}),
        ("Learning order", {"fields": ["prerequisites"]}),
        ("Crosswalk ids", {"fields": ["onet_id", "esco_uri", "sfia_code"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        # The career/level filters join requirements; distinct keeps one row a skill.
        return super().get_queryset(request).distinct()


# --- Careers ------------------------------------------------------------------------


class RequirementFormSet(BaseInlineFormSet):
    """Checks the level rules across every row of the career at once, before saving."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            rules.LevelTarget(
                form.cleaned_data["skill"].name,
                form.cleaned_data["level"].name,
                form.cleaned_data["level"].rank,
                form.cleaned_data["target"],
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = rules.target_violations(rows)
        if problems:
            raise ValidationError(problems)


class CareerLevelInline(admin.TabularInline):
    model = CareerLevel
    extra = 0
    fields = [
        "level",
        "years_min",
        "years_max",
        "salary_min",
        "salary_max",
        "currency",
        "description",
    ]


class RequirementInline(admin.TabularInline):
    model = Requirement
    formset = RequirementFormSet
    extra = 1
    fields = ["skill", "level", "target", "weight", "must_have"]
    autocomplete_fields = ["skill"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Requirement]:
        return (
            super()
            .get_queryset(request)
            .select_related("skill", "level")
            .order_by("level__rank", "skill__category__order", "skill__name")
        )


@admin.register(Career)
class CareerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "requirement_count"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CareerLevelInline, RequirementInline]
    actions = ["duplicate", "export_as_json", "export_as_csv"]
    change_form_template = "admin/careers/career/change_form.html"
    change_list_template = "admin/careers/career/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Career]:
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(ordering="requirement_count", description="requirements")
    def requirement_count(self, obj: Career) -> int:
        return obj.requirement_count  # type: ignore[attr-defined]

    @admin.action(description="Duplicate career (levels and requirements)")
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Career]) -> None:
        for career in queryset:
            copy = duplicate_career(career=career)
            self.message_user(request, f"Created “{copy.name}”.", messages.SUCCESS)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for warning in career_matrix(form.instance).warnings():
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Export as JSON bundle")
    def export_as_json(self, request: HttpRequest, queryset: QuerySet[Career]) -> HttpResponse:
        data = export_json(sorted(queryset.values_list("slug", flat=True)))
        return download(data, "application/json", "skillgap-taxonomy.json")

    @admin.action(description="Export as CSV (requirements and skills, zipped)")
    def export_as_csv(self, request: HttpRequest, queryset: QuerySet[Career]) -> HttpResponse:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in export_csv(sorted(queryset.values_list("slug", flat=True))).items():
                archive.writestr(name, data)
        return download(buffer.getvalue(), "application/zip", "skillgap-taxonomy-csv.zip")

    def get_urls(self) -> list[URLPattern]:
        matrix = path(
            "<path:object_id>/matrix/",
            self.admin_site.admin_view(self.matrix_view),
            name="careers_career_matrix",
        )
        importer = path(
            "import/",
            self.admin_site.admin_view(lambda request: import_view(request, self)),
            name="careers_career_import",
        )
        return [importer, matrix, *super().get_urls()]

    def matrix_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        career = get_object_or_404(Career, pk=object_id)
        if not self.has_view_permission(request, career):
            raise PermissionDenied
        matrix = career_matrix(career)
        pages = Paginator(range(matrix.skill_count), MATRIX_PAGE)
        page = pages.get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Skill matrix: {career.name}",
            "matrix": matrix,
            "shown": matrix.page(page.number, MATRIX_PAGE),
            "page": page,
            "change_url": reverse("admin:careers_career_change", args=[career.pk]),
        }
        return TemplateResponse(request, "admin/careers/career/matrix.html", context)


class RequirementForm(forms.ModelForm):
    """A single requirement edited alone: checked against its siblings in the database."""

    class Meta:
        model = Requirement
        fields = ["career", "skill", "level", "target", "weight", "must_have"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        career, skill, level = (cleaned.get(k) for k in ("career", "skill", "level"))
        target = cleaned.get("target")
        if career and skill and level and target is not None:
            siblings = (
                Requirement.objects.filter(career=career, skill=skill)
                .exclude(pk=self.instance.pk)
                .exclude(level=level)
                .select_related("skill", "level")
            )
            rows = [r.as_level_target() for r in siblings]
            rows.append(rules.LevelTarget(skill.name, level.name, level.rank, target))
            for problem in rules.target_violations(rows):
                self.add_error("target", problem)
        return cleaned


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["career", "skill", "level", "target", "weight", "must_have"]
    list_filter = ["career", "level", "skill__category", "must_have"]
    list_select_related = ["career", "skill", "level"]
    search_fields = ["skill__name", "career__name"]
    autocomplete_fields = ["career", "skill"]
    form = RequirementForm


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "skill", "kind", "hours", "from_score", "to_score", "is_free"]
    list_filter = ["kind", "is_free", "skill__category"]
    list_select_related = ["skill"]
    search_fields = ["title", "url", "skill__name"]
    autocomplete_fields = ["skill"]


@admin.register(Descriptor)
class DescriptorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "score", "label", "text"]
    list_filter = ["score"]
    list_select_related = ["skill"]
    search_fields = ["skill__name", "text"]
    autocomplete_fields = ["skill"]

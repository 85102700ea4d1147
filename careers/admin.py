"""Curator admin for the taxonomy."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path

from lib.http import SignedInRequest

if TYPE_CHECKING:  # django-stubs-ext is a development tool, not needed at run time
    from django_stubs_ext import WithAnnotations

from . import versions
from .forms import refuse_falling_target
from .matrix import career_matrix
from .matrix_views import cell_view, matrix_page
from .models import (
    Career,
    CareerLevel,
    CareerNote,
    DemandFigure,
    Descriptor,
    ExportJob,
    ExternalId,
    Level,
    Requirement,
    Resource,
    SalaryBand,
    Skill,
    SkillAlias,
    SkillCategory,
    check_prerequisite_graph,
    search_ids,
)
from .services import duplicate_career
from .transfer.admin_views import import_view, job_view
from .transfer.export_views import download_view, export_action, export_view
from .transfer.export_views import job_view as export_job_view


class SkillCount(TypedDict):
    skill_count: int


class RequirementCount(TypedDict):
    requirement_count: int


class LabelledListEditable(admin.ModelAdmin):
    """A list_editable cell has no label for screen readers: name each after its row."""

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:
        base = super().get_changelist_form(request, **kwargs)

        # A form class the admin makes at run time from list_editable: mypy takes no variable
        # as a base class, and the subclass only adds labels.
        class Labelled(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, **kw)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label} of {self.instance}"

        return Labelled


class LabelledRows(forms.BaseInlineFormSet):
    """A tabular inline's cells have no label for screen readers: name each after its row.

    "Title (resource 2)", "Delete (resource 2)"; the blank row admin copies for "Add
    another" is "… (new resource)". After add_fields, so the Delete box is named too.
    """

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        noun = form._meta.model._meta.verbose_name
        row = f"{noun} {index + 1}" if index is not None else f"new {noun}"
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} ({row})"


class LabelledAutocompletes:
    """Label admin's autocomplete search boxes for screen readers (static/js)."""

    class Media:
        js = ["js/admin-select2-labels.js"]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "rank"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(SkillCategory)
class SkillCategoryAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "skill_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SkillCategory]:
        return super().get_queryset(request).annotate(skill_count=Count("skills"))

    @admin.display(ordering="skill_count", description="skills")
    def skill_count(self, obj: WithAnnotations[SkillCategory, SkillCount]) -> int:
        return obj.skill_count


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
            "in_demand",
            "archived",
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        prerequisites = self.cleaned_data.get("prerequisites")
        if prerequisites is not None:
            try:
                check_prerequisite_graph({self.instance.pk: [s.pk for s in prerequisites]})
            except ValidationError as error:
                self.add_error("prerequisites", error)
        return cleaned


class AliasInline(admin.TabularInline):
    model = SkillAlias
    formset = LabelledRows
    extra = 0
    fields = ["name"]


class ExternalIdInline(admin.TabularInline):
    model = ExternalId
    formset = LabelledRows
    extra = 0
    fields = ["scheme", "code"]
    verbose_name, verbose_name_plural = "crosswalk id", "crosswalk ids"
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 60})}}


class DescriptorInline(admin.TabularInline):
    model = Descriptor
    formset = LabelledRows
    extra = 0
    fields = ["score", "label", "text"]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 36})}}


class ResourceInline(admin.TabularInline):
    model = Resource
    formset = LabelledRows
    extra = 0
    fields = ["title", "url", "kind", "hours", "from_score", "to_score", "is_free"]
    # Narrower boxes and no help icons in the headers: Django's defaults made the skill
    # page 1,601 px wide at 1280. The help texts stay in the model, for the import docs.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 16})},
        models.URLField: {"widget": forms.URLInput(attrs={"size": 20})},
    }

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in ("hours", "from_score", "to_score"):
            field.help_text = ""
        return field


@admin.register(Skill)
class SkillAdmin(LabelledAutocompletes, admin.ModelAdmin):
    form = SkillForm

    class Media:  # replaces LabelledAutocompletes.Media: say its script again
        css = {"all": ["css/admin-careers.css"]}
        js = LabelledAutocompletes.Media.js

    list_display = ["name", "category", "hours_per_point", "in_demand", "archived"]
    list_filter = [
        "archived",
        "in_demand",
        "category",
        "requirements__career",
        "requirements__level",
    ]
    list_select_related = ["category"]
    # Aliases and crosswalk codes find a skill by the names other frameworks give it; the
    # search itself is `get_search_results`, by word (Skill.objects.search). Kept so that
    # the admin shows its search box and the autocomplete views accept the model.
    search_fields = ["name"]
    ordering = ["name"]  # indexed: the autocomplete pages through 14,000 skills by name
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "prerequisites"]
    inlines = [AliasInline, ExternalIdInline, DescriptorInline, ResourceInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "category", "description", "hours_per_point", "in_demand"]},
        ),
        ("Learning order", {"fields": ["prerequisites"]}),
        ("Retiring", {"fields": ["archived"]}),
    ]

    actions = ["archive", "restore"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Skill], search_term: str
    ) -> tuple[QuerySet[Skill], bool]:
        """Words of names, descriptions and aliases, or a whole external id, never a
        substring: the changelist and the prerequisite autocomplete both search here."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=search_ids(search_term)), False

    @admin.action(
        description="Archive: retire from assessments and career pages", permissions=["change"]
    )
    def archive(self, request: SignedInRequest, queryset: QuerySet[Skill]) -> None:
        self.set_archived(request, queryset, archived=True)

    @admin.action(description="Restore archived skills", permissions=["change"])
    def restore(self, request: SignedInRequest, queryset: QuerySet[Skill]) -> None:
        self.set_archived(request, queryset, archived=False)

    def set_archived(
        self, request: SignedInRequest, queryset: QuerySet[Skill], *, archived: bool
    ) -> None:
        # Ratings PROTECT a skill from deletion; archiving is how a used skill retires.
        changing = list(queryset.exclude(archived=archived))
        verb = "Archived" if archived else "Restored"
        with transaction.atomic():
            Skill.objects.filter(pk__in=[s.pk for s in changing]).update(archived=archived)
            versions.bump()  # an UPDATE sends no signal
            LogEntry.objects.log_actions(request.user.id, changing, CHANGE, f"{verb}.")
        self.message_user(
            request, f"{verb} {len(changing)} skill{'s' if len(changing) != 1 else ''}."
        )


# --- Careers ------------------------------------------------------------------------


class CareerLevelInline(admin.StackedInline):
    """Stacked: each field keeps its label (a tabular inline's cells have none for screen
    readers), and a career has only a few levels."""

    model = CareerLevel
    extra = 0
    # Narrower boxes (a 3-letter currency, a short description): Django's defaults pushed
    # the inline past 1280 px.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 4})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 30})},
    }
    fields = [
        "level",
        "years_min",
        "years_max",
        "salary_min",
        "salary_max",
        "currency",
        "source",
        "description",
    ]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "source":  # a sentence, not a 3-letter code
            kwargs["widget"] = forms.TextInput(attrs={"size": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class GuideInline(admin.StackedInline):
    """A career guide's list, in the page's order (`order`); collapsed: the seed career has
    some ninety entries. Stacked, so every field keeps its label."""

    extra = 0
    classes = ["collapse"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
    }

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "currency":  # three letters: a wide box pushed the row past 1280 px
            kwargs["widget"] = forms.TextInput(attrs={"size": 4})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SalaryBandInline(GuideInline):
    model = SalaryBand  # a plain select for its level: there are a handful, and it is labelled
    fields = [
        "order",
        "label",
        ("place_kind", "place"),
        "level",
        ("salary_min", "salary_max", "currency"),
        ("approximate", "open_ended"),
        ("source", "year"),
    ]


class DemandFigureInline(GuideInline):
    model = DemandFigure
    fields = ["order", "text", "source", "period"]


class CareerNoteInline(GuideInline):
    model = CareerNote
    fields = ["order", "section", "heading", "text"]


@admin.register(Career)
class CareerAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "requirement_count"]
    list_editable = ["order"]  # the home page lists careers in this order
    ordering = ["order", "name"]  # and so does this list, which edits that order
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    # Requirements are edited in the skill matrix: the inline rendered a form per row
    # (172 rows, 3 s and 1.1 MB for the seed's first career).
    inlines = [CareerLevelInline, SalaryBandInline, DemandFigureInline, CareerNoteInline]
    actions = ["duplicate", "export_as_json", "export_as_csv"]
    change_form_template = "admin/careers/career/change_form.html"
    change_list_template = "admin/careers/career/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Career]:
        return super().get_queryset(request).annotate(requirement_count=Count("requirements"))

    @admin.display(ordering="requirement_count", description="requirements")
    def requirement_count(self, obj: WithAnnotations[Career, RequirementCount]) -> int:
        return obj.requirement_count

    @admin.action(description="Duplicate career (levels and requirements)")
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Career]) -> None:
        for career in queryset:
            copy = duplicate_career(career=career)
            self.log_addition(request, copy, f"Duplicated from “{career.name}”.")
            self.message_user(request, f"Created “{copy.name}”.", messages.SUCCESS)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for warning in career_matrix(form.instance).warnings():
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Export as JSON bundle")
    def export_as_json(self, request: SignedInRequest, queryset: QuerySet[Career]) -> HttpResponse:
        return export_action(request, queryset, ExportJob.Format.JSON)

    @admin.action(description="Export as CSV (requirements and skills, zipped)")
    def export_as_csv(self, request: SignedInRequest, queryset: QuerySet[Career]) -> HttpResponse:
        return export_action(request, queryset, ExportJob.Format.CSV)

    def get_urls(self) -> list[URLPattern]:
        def view(function: Any) -> Any:
            return self.admin_site.admin_view(partial(function, model_admin=self))

        return [
            path("import/", view(import_view), name="careers_career_import"),
            path("import/<uuid:uuid>/", view(job_view), name="careers_career_import_job"),
            path("export/", view(export_view), name="careers_career_export"),
            path("export/<uuid:uuid>/", view(export_job_view), name="careers_career_export_job"),
            path(
                "export/<uuid:uuid>/download/",
                view(download_view),
                name="careers_career_export_download",
            ),
            # Careers, skills and levels are named by their numeric ids: anything else under
            # a matrix names none of them (the next pattern), never a query that fails.
            path(
                "<int:object_id>/matrix/<int:skill_id>/<int:level_id>/",
                view(cell_view),
                name="careers_career_matrix_cell",
            ),
            path("<int:object_id>/matrix/", view(matrix_page), name="careers_career_matrix"),
            # Without it the admin's catch-all would take "abc/matrix" for an object id and
            # redirect to its change page.
            re_path(r"^.+/matrix/", view(no_such_matrix)),
            *super().get_urls(),
        ]


def no_such_matrix(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    raise Http404("No such career, skill or level.")


class RequirementForm(forms.ModelForm):
    """A single requirement edited alone: checked against its siblings in the database."""

    class Meta:
        model = Requirement
        fields = ["career", "skill", "level", "target", "weight", "must_have"]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        where = {k: self.cleaned_data.get(k) for k in ("career", "skill", "level")}
        refuse_falling_target(self, **where)
        return cleaned


@admin.register(Requirement)
class RequirementAdmin(LabelledAutocompletes, admin.ModelAdmin):
    list_display = ["career", "skill", "level", "target", "weight", "must_have"]
    list_filter = ["career", "level", "skill__category", "must_have"]
    list_select_related = ["career", "skill", "level"]
    search_fields = ["skill__name", "career__name"]
    autocomplete_fields = ["career", "skill"]
    form = RequirementForm


@admin.register(Resource)
class ResourceAdmin(LabelledAutocompletes, admin.ModelAdmin):
    list_display = ["title", "skill", "kind", "hours", "from_score", "to_score", "is_free"]
    list_filter = ["kind", "is_free", "skill__category"]
    list_select_related = ["skill"]
    search_fields = ["title", "url", "skill__name"]
    autocomplete_fields = ["skill"]


@admin.register(Descriptor)
class DescriptorAdmin(LabelledAutocompletes, admin.ModelAdmin):
    list_display = ["__str__", "score", "label", "text"]
    list_filter = ["score"]
    list_select_related = ["skill"]
    search_fields = ["skill__name", "text"]
    autocomplete_fields = ["skill"]

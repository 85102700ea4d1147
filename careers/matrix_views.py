"""The skill matrix in admin, and editing it in place: the curator's requirement editor.

A cell is a skill's target, weight and must-have at one level. With htmx a cell turns into
its form and back; without JavaScript the same URLs answer as pages and redirect. Every
change is checked by careers/rules.py (through the forms), written alone, and logged in
Django's admin log on the career.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from lib.http import HtmxRequest

from .forms import AddSkillForm, RequirementCellForm
from .matrix import Matrix, career_matrix
from .models import Career, Level, Requirement, Skill

MATRIX_PAGE = 100  # skill rows a page: a 300-skill career reads in three
TEMPLATE = "admin/careers/career/matrix.html"


def allowed(
    request: HtmxRequest, model_admin: admin.ModelAdmin, career: Career, *perms: str
) -> None:
    if not model_admin.has_view_permission(request, career):
        raise PermissionDenied
    if perms and not (
        model_admin.has_change_permission(request, career)
        and request.user.has_perms([f"careers.{p}_requirement" for p in perms])
    ):
        raise PermissionDenied


def matrix_url(career: Career, query: dict[str, str] | None = None) -> str:
    url = reverse("admin:careers_career_matrix", args=[career.pk])
    return f"{url}?{urlencode(query)}" if query else url


def view_query(request: HtmxRequest) -> dict[str, str]:
    """What the page shows: category, archived skills, page; kept across edits."""
    keys = ("category", "archived", "page")
    source = request.POST if request.method == "POST" else request.GET
    return {k: source[k] for k in keys if source.get(k)}


def matrix_page(
    request: HtmxRequest, model_admin: admin.ModelAdmin, object_id: int
) -> HttpResponse:
    career = get_object_or_404(Career, pk=object_id)
    allowed(request, model_admin, career)
    levels = list(Level.objects.order_by("rank"))  # the columns, and where a skill can be added
    if request.method == "POST":
        return add_skill(request, model_admin, career, levels)
    return render_matrix(
        request, model_admin, career, levels, AddSkillForm(career=career, levels=levels)
    )


def render_matrix(
    request: HtmxRequest,
    model_admin: admin.ModelAdmin,
    career: Career,
    levels: list[Level],
    add_form: AddSkillForm,
    status: int = 200,
) -> TemplateResponse:
    query = view_query(request)
    matrix = career_matrix(career, levels=levels, archived=bool(query.get("archived")))
    shown = matrix.only(query.get("category", ""))
    page = Paginator(range(shown.skill_count), MATRIX_PAGE).get_page(query.get("page"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Skill matrix: {career.name}",
        "career": career,
        "matrix": matrix,
        "shown": shown.page(page.number, MATRIX_PAGE),
        "page": page,
        "query": query,
        "keep": {k: v for k, v in query.items() if k != "page"},
        "add_form": add_form,
        "can_edit": model_admin.has_change_permission(request, career),
        "change_url": reverse("admin:careers_career_change", args=[career.pk]),
        **summary(matrix),
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)


def summary(matrix: Matrix) -> dict[str, Any]:
    return {"skill_count": matrix.skill_count, "requirement_count": matrix.requirement_count,
            "warnings": matrix.warnings()}  # fmt: skip


def add_skill(
    request: HtmxRequest, model_admin: admin.ModelAdmin, career: Career, levels: list[Level]
) -> HttpResponse:
    allowed(request, model_admin, career, "add")
    form = AddSkillForm(request.POST, career=career, levels=levels)
    if not form.is_valid():
        return render_matrix(request, model_admin, career, levels, form, status=422)
    try:
        with transaction.atomic():  # the change and its log entry, together
            requirement = form.save()
            model_admin.log_change(request, career, f"Matrix: added {describe(requirement)}.")
    except IntegrityError:  # added at the same moment in another tab
        form.add_error(None, "That cell was filled meanwhile; reload the matrix.")
        return render_matrix(request, model_admin, career, levels, form, status=409)
    messages.success(request, f"Added {describe(requirement)}.")
    return redirect(matrix_url(career, view_query(request)))


def describe(requirement: Requirement) -> str:
    must = ", must-have" if requirement.must_have else ""
    return (
        f"{requirement.skill.name} at {requirement.level.name} "
        f"(target {requirement.target}, weight {requirement.weight}{must})"
    )


# --- one cell -----------------------------------------------------------------------------------


class Cell:
    """The matrix cell at (career, skill, level) and the requirement in it, if any."""

    def __init__(self, career: Career, skill: Skill, level: Level) -> None:
        self.career, self.skill, self.level = career, skill, level
        self.requirement = Requirement.objects.filter(
            career=career, skill=skill, level=level
        ).first()
        if self.requirement is not None:  # describe() reads them: no query for what is here
            self.requirement.career, self.requirement.skill = career, skill
            self.requirement.level = level

    def suggestion(self) -> Requirement:
        """A new cell starts from the skill's nearest lower level: the least it may ask."""
        below = (
            Requirement.objects.filter(
                career=self.career, skill=self.skill, level__rank__lt=self.level.rank
            )
            .order_by("-level__rank")
            .first()
        )
        return Requirement(weight=below.weight, target=below.target) if below else Requirement()

    @property
    def url(self) -> str:
        args = [self.career.pk, self.skill.pk, self.level.pk]
        return reverse("admin:careers_career_matrix_cell", args=args)

    def form(self, data: Any = None) -> RequirementCellForm:
        instance = self.requirement or self.suggestion()
        return RequirementCellForm(
            data, instance=instance, career=self.career, skill=self.skill, level=self.level
        )

    def context(self, request: HtmxRequest, can_edit: bool, **extra: Any) -> dict[str, Any]:
        query = view_query(request)
        return {
            "can_edit": can_edit,
            "career": self.career,
            "skill": self.skill,
            "level": self.level,
            "req": self.requirement,
            "cell_url": self.url,
            "query": query,
            "matrix_url": matrix_url(self.career, query),
            **extra,
        }


def cell_view(
    request: HtmxRequest,
    model_admin: admin.ModelAdmin,
    object_id: int,
    skill_id: int,
    level_id: int,
) -> HttpResponse:
    career = get_object_or_404(Career, pk=object_id)
    allowed(request, model_admin, career)
    cell = Cell(
        career, get_object_or_404(Skill, pk=skill_id), get_object_or_404(Level, pk=level_id)
    )
    if request.method == "POST":
        return change_cell(request, model_admin, cell)
    if request.GET.get("view") == "cell":  # Cancel: the cell as it is
        return answer(request, model_admin, cell, "cell")
    allowed(request, model_admin, career, "change" if cell.requirement else "add")
    return answer(request, model_admin, cell, "cell_form", form=cell.form())


def change_cell(request: HtmxRequest, model_admin: admin.ModelAdmin, cell: Cell) -> HttpResponse:
    if "remove" in request.POST:
        return remove_cell(request, model_admin, cell)
    allowed(request, model_admin, cell.career, "change" if cell.requirement else "add")
    before = describe(cell.requirement) if cell.requirement else ""
    form = cell.form(request.POST)
    if not form.is_valid():
        return answer(request, model_admin, cell, "cell_form", form=form, status=422)
    try:
        with transaction.atomic():  # the change and its log entry, together
            cell.requirement = form.save()
            after = describe(cell.requirement)
            if before != after:
                message = f"Matrix: {before} → {after}." if before else f"Matrix: added {after}."
                model_admin.log_change(request, cell.career, message)
    except IntegrityError:  # the same cell added at the same moment elsewhere
        form.add_error(None, "This cell was changed meanwhile; cancel and try again.")
        return answer(request, model_admin, cell, "cell_form", form=form, status=409)
    return answer(request, model_admin, cell, "cell_saved", saved=after)


def remove_cell(request: HtmxRequest, model_admin: admin.ModelAdmin, cell: Cell) -> HttpResponse:
    """Remove asks first (a curator's slip would drop a skill from a career at once)."""
    allowed(request, model_admin, cell.career, "delete")
    if cell.requirement is not None and request.POST.get("remove") != "confirmed":
        removing = describe(cell.requirement)
        return answer(request, model_admin, cell, "cell_confirm_remove", removing=removing)
    if cell.requirement is not None:
        removed = describe(cell.requirement)
        with transaction.atomic():
            cell.requirement.delete()
            model_admin.log_change(request, cell.career, f"Matrix: removed {removed}.")
        cell.requirement = None
    return answer(request, model_admin, cell, "cell_saved", saved="")


def answer(
    request: HtmxRequest,
    model_admin: admin.ModelAdmin,
    cell: Cell,
    part: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """htmx gets the cell's fragment (a save also refreshes the summary); a page otherwise."""
    context = cell.context(
        request, model_admin.has_change_permission(request, cell.career), **extra
    )
    if part == "cell_saved":
        context.update(summary(career_matrix(cell.career)))
    if request.htmx:
        return TemplateResponse(request, f"{TEMPLATE}#{part}", context, status=status)
    if part in ("cell", "cell_saved"):
        if part == "cell_saved":
            messages.success(request, f"Saved {extra['saved']}." if extra["saved"] else "Removed.")
        return redirect(context["matrix_url"])
    context.update(
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": f"{cell.skill.name} at {cell.level.name}",
            "part": part,
        }
    )
    return TemplateResponse(
        request, "admin/careers/career/matrix_cell.html", context, status=status
    )

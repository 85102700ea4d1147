"""Public career pages: the list and one career's skill matrix."""

from __future__ import annotations

import functools
from typing import cast

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lib.fragments import TIMEOUT, cached_part

from . import versions
from .forms import StartAssessmentForm
from .guide import career_guide
from .matrix import Matrix, career_matrix
from .models import Career, Level, SkillAlias


@require_GET
def career_list(request: HttpRequest) -> HttpResponse:
    current = Q(requirements__skill__archived=False)  # archived skills leave the career
    careers = Career.objects.annotate(
        skill_count=Count("requirements__skill", distinct=True, filter=current),
        level_count=Count("requirements__level", distinct=True, filter=current),
    ).order_by("order", "name")  # the curators' order (careers' `order` in admin)
    return render(request, "careers/list.html", {"careers": careers})


@require_GET
def career_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A cache hit reads only the taxonomy's version: the career, its levels and its matrix
    change only when curators edit."""
    version = versions.current()

    def read() -> tuple[Career, list[Level]]:  # an unknown slug is a 404 each time, never kept
        career = get_object_or_404(Career, slug=slug)
        return career, list(Level.objects.assessable_for(career))

    career, levels = cast(
        tuple[Career, list[Level]], cache.get_or_set(f"career:{slug}:{version}", read, TIMEOUT)
    )
    form = StartAssessmentForm(levels=levels)
    return render(request, "careers/detail.html", career_page(career, form, version, levels))


def career_page(
    career: Career,
    form: StartAssessmentForm,
    version: int | None = None,
    levels: list[Level] | None = None,
) -> dict[str, object]:
    """The career page's context; starting an assessment re-renders it with the form's errors.

    Its guide, levels and matrix change only when curators edit: drawn once per taxonomy
    version. The matrix's columns are the levels people can aim at (`levels`, read if not
    given); a level described for pay only (the guide's expert band) shows with the guide,
    not as an empty column. The guide's in-demand skills are the matrix's."""
    version = versions.current() if version is None else version

    @functools.cache
    def matrix() -> Matrix:  # read once, whichever part is drawn first
        offered = list(Level.objects.assessable_for(career)) if levels is None else levels
        return career_matrix(career, levels=offered)

    return {
        "career": career,
        "guide": cached_part(
            f"{career.pk}:{version}",
            "careers/detail.html#guide",
            lambda: {"guide": career_guide(career, matrix())},
        ),
        "matrix": cached_part(
            f"{career.pk}:{version}", "careers/detail.html#matrix", lambda: {"matrix": matrix()}
        ),
        "form": form,
    }


@require_GET
def career_aliases(request: HttpRequest, slug: str) -> JsonResponse:
    """Each of a career's skills' other names, for the rating page's filter: fetched when a
    person first types there, so the page does not carry some 300 bytes of aliases a skill
    (the seed's aliases include the phrasings job postings use). Public, like the taxonomy,
    and shared by every visitor: kept per taxonomy version."""
    version = versions.current()

    def read() -> dict[str, list[str]]:
        career = get_object_or_404(Career, slug=slug)
        found = SkillAlias.objects.filter(skill__requirements__career=career).distinct()
        named: dict[str, list[str]] = {}
        for skill_slug, name in found.order_by("skill__slug", "name").values_list(
            "skill__slug", "name"
        ):
            named.setdefault(skill_slug, []).append(name)
        return named

    key = f"career-aliases:{slug}:{version}"
    return JsonResponse(cast(dict[str, list[str]], cache.get_or_set(key, read, TIMEOUT)))

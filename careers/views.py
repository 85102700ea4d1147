"""Public career pages: the list and one career's skill matrix."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .forms import StartAssessmentForm
from .matrix import career_matrix
from .models import Career


@require_GET
def career_list(request: HttpRequest) -> HttpResponse:
    careers = Career.objects.annotate(
        skill_count=Count("requirements__skill", distinct=True),
        level_count=Count("requirements__level", distinct=True),
    ).order_by("name")
    return render(request, "careers/list.html", {"careers": careers})


@require_GET
def career_detail(request: HttpRequest, slug: str) -> HttpResponse:
    career = get_object_or_404(Career, slug=slug)
    matrix = career_matrix(career)
    form = StartAssessmentForm(levels=matrix.assessable_levels)
    return render(
        request, "careers/detail.html", {"career": career, "matrix": matrix, "form": form}
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")

"""Self-assessment: start, rate (autosave with htmx, or one form without JavaScript), manage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from careers.forms import StartAssessmentForm
from careers.matrix import career_matrix
from careers.models import Career, Level, Skill
from config.views import htmx_alert

from . import access, services
from .forms import RatingForm, row_data, row_is_blank
from .models import Assessment
from .sheet import Sheet, build_sheet

TEMPLATE = "assessments/rate.html"
FINISHED = (
    "This assessment is finished and its report is saved, so its ratings no longer change. "
    "Use “Re-assess” on the report to start again from these ratings."
)
SESSION_GONE = (
    "This assessment is not open in your current session (you may have logged out in "
    "another tab, or the session expired), so that change was not saved. Reload the page "
    "and log in again if needed; ratings saved before are kept."
)


def career_levels(career: Career) -> list[Level]:
    """The levels a career can be assessed at: those it has requirements for."""
    return list(Level.objects.filter(requirements__career=career).distinct().order_by("rank"))


@require_POST
def start(request: HttpRequest, career_slug: str) -> HttpResponse:
    career = get_object_or_404(Career, slug=career_slug)
    form = StartAssessmentForm(request.POST, levels=career_levels(career))
    if not form.is_valid():
        matrix = career_matrix(career)
        context = {"career": career, "matrix": matrix, "form": form}
        return render(request, "careers/detail.html", context, status=400)
    owner = request.user if request.user.is_authenticated else None
    assessment = services.start_assessment(
        career=career, level=form.cleaned_data["level"], owner=owner
    )
    access.remember(request, assessment)
    return redirect(assessment)


@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = (
        access.visible_assessments(request)
        .select_related("career", "level")
        .with_progress()
        .order_by("-updated")
    )
    return render(request, "assessments/list.html", {"assessments": assessments})


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, uuid: str) -> HttpResponse:
    assessment = access.get_assessment(request, uuid)
    if request.method == "POST" and (refused := refuse_if_finished(request, assessment)):
        return refused
    sheet = build_sheet(assessment)
    if request.method == "POST":
        return save_all(request, sheet)
    return render_page(request, sheet)


def refuse_if_finished(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """A finished assessment is its report's record: changes go into a re-assessment."""
    if assessment.is_draft:
        return None
    if request.htmx:
        return htmx_alert(request, FINISHED, status=409)
    messages.error(request, FINISHED)
    return render_page(request, build_sheet(assessment), status=409)


def render_page(request: HttpRequest, sheet: Sheet, status: int = 200) -> TemplateResponse:
    assessment = sheet.assessment
    level_form = StartAssessmentForm(
        levels=career_levels(assessment.career), initial={"level": assessment.level.slug}
    )
    context = {"assessment": assessment, "sheet": sheet, "level_form": level_form}
    return TemplateResponse(request, TEMPLATE, context, status=status)


def save_all(request: HttpRequest, sheet: Sheet) -> HttpResponse:
    """The no-JavaScript path: every row of the page in one atomic save."""
    inputs: list[services.RatingInput] = []
    for row in sheet.rows:
        data = row_data(request.POST, row.skill.slug)
        if row_is_blank(data):
            continue
        form = RatingForm(data)
        if form.is_valid():
            inputs.append(
                services.RatingInput(
                    row.skill, form.cleaned_data["score"], form.cleaned_data["evidence"]
                )
            )
        else:
            row.error = form.first_error()
    if any(row.error for row in sheet.rows):
        messages.error(request, "Nothing was saved: please correct the marked skills.")
        return render_page(request, sheet, status=422)
    saved = services.save_ratings(assessment=sheet.assessment, ratings=inputs)
    messages.success(request, f"Saved {saved} rating{'s' if saved != 1 else ''}.")
    return redirect(sheet.assessment)


@vary_on_headers("HX-Request")
@require_POST
def rate_skill(request: HttpRequest, uuid: str, skill_slug: str) -> HttpResponse:
    """Autosave one rating. htmx gets the row's status plus out-of-band updates."""
    try:
        assessment = access.get_assessment(request, uuid)
    except Http404:
        if request.htmx:  # most likely logged out in another tab: say so, don't fail silently
            return htmx_alert(request, SESSION_GONE, status=404)
        raise
    if refused := refuse_if_finished(request, assessment):
        return refused
    sheet = build_sheet(assessment, with_choices=False)
    found = sheet.find(skill_slug)
    if found is None:
        return not_in_assessment(request, sheet, skill_slug)
    section, row = found
    form = RatingForm(row_data(request.POST, skill_slug))
    if not form.is_valid():
        row.error = form.first_error()
        if request.htmx:
            return render(request, f"{TEMPLATE}#row_status", {"row": row}, status=422)
        messages.error(request, f"{row.skill.name} was not saved: {row.error}")
        return render_page(request, build_sheet(assessment), status=422)

    score, evidence = form.cleaned_data["score"], form.cleaned_data["evidence"]
    saved = services.save_rating(
        assessment=assessment, skill=row.skill, score=score, evidence=evidence
    )
    if not request.htmx:
        messages.success(request, f"Saved {row.skill.name}: {score}.")
        return redirect(assessment)
    sheet.record(row, saved)
    context = {"assessment": assessment, "sheet": sheet, "section": section, "row": row}
    return render(request, f"{TEMPLATE}#autosaved", context)


def not_in_assessment(request: HttpRequest, sheet: Sheet, skill_slug: str) -> HttpResponse:
    if Skill.objects.filter(slug=skill_slug).exists():
        status, message = 400, "That skill is not part of this assessment's career and level."
    else:
        status, message = 404, "There is no skill at that address."
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain")
    messages.error(request, message)
    return render_page(request, build_sheet(sheet.assessment), status=status)


@require_POST
def change_level(request: HttpRequest, uuid: str) -> HttpResponse:
    assessment = access.get_assessment(request, uuid)
    if refused := refuse_if_finished(request, assessment):
        return refused
    form = StartAssessmentForm(request.POST, levels=career_levels(assessment.career))
    if not form.is_valid():
        messages.error(request, "Choose one of this career's levels.")
        return render_page(request, build_sheet(assessment), status=400)
    services.change_level(assessment=assessment, level=form.cleaned_data["level"])
    messages.success(
        request, f"Target level is now {assessment.level.name}; your ratings are kept."
    )
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, uuid: str) -> HttpResponse:
    assessment = access.get_assessment(request, uuid)
    if not assessment.is_draft:
        messages.error(request, "A finished assessment stays, with its report.")
        return redirect("assessments:list")
    if request.method == "POST":
        assessment.delete()
        access.forget(request, [str(assessment.uuid)])
        messages.success(request, f"Deleted the draft for {assessment.career.name}.")
        return redirect("assessments:list")
    return render(request, "assessments/delete.html", {"assessment": assessment})


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET: what finishing means (unrated skills count 0). POST: save the report."""
    assessment = access.get_assessment(request, uuid)
    if not assessment.is_draft:
        report = assessment.reports.order_by("-created").first()
        return redirect(report or assessment)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "assessments/finish.html", {"assessment": assessment})
    if request.method == "POST":
        report = services.finish_assessment(assessment=assessment)
        messages.success(request, "Your report is saved.")
        return redirect(report)
    sheet = build_sheet(assessment, with_choices=False)
    return render(request, "assessments/finish.html", {"assessment": assessment, "sheet": sheet})

"""Self-assessment: start, rate (autosave with htmx, or one form without JavaScript), manage."""

from __future__ import annotations

import math

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from careers.forms import StartAssessmentForm
from careers.models import Career, Level, Skill
from careers.views import career_page
from lib.http import HtmxRequest, gone, htmx_alert
from lib.paging import paged
from lib.throttle import throttle

from . import access, services
from .forms import EstimateForm, RatingForm, bare_fields, row_data, row_is_blank
from .inputs import SkillRef
from .models import Assessment, Rating
from .sheet import Section, Sheet, build_sheet

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
BARE_FIELDS = (
    "Nothing was saved: this page sends each skill's score as <skill>-score, and “{fields}” "
    "names no skill. Rate each skill in its own row."
)
STARTS = (
    "Too many assessments started from your address in the last hour, so this one was not "
    "started. Log in or sign up to start more: signed-in people are not limited."
)


@require_POST
@throttle("start", "THROTTLE_ANONYMOUS_STARTS", STARTS, anonymous_only=True)
def start(request: HtmxRequest, career_slug: str) -> HttpResponse:
    career = get_object_or_404(Career, slug=career_slug)
    form = StartAssessmentForm(request.POST, levels=Level.objects.assessable_for(career))
    if not form.is_valid():
        return render(request, "careers/detail.html", career_page(career, form), status=400)
    drafts = access.visible_assessments(request).drafts_of(career).with_progress()
    if "again" not in request.POST and drafts:
        # Starting twice by accident would split someone's ratings over two drafts.
        context = {"career": career, "drafts": drafts, "level": form.cleaned_data["level"]}
        return render(request, "assessments/resume.html", context)
    owner = request.user if request.user.is_authenticated else None
    assessment = services.start_assessment(
        career=career, level=form.cleaned_data["level"], owner=owner
    )
    access.remember(request, assessment)
    return redirect(assessment)


@require_GET
def assessment_list(request: HtmxRequest) -> HttpResponse:
    assessments = (
        access.visible_assessments(request)
        .select_related("career", "level")
        .with_progress()
        .order_by("-updated", "-pk")  # pk too: a page boundary between equal times is stable
    )
    return render(request, "assessments/list.html", {"paged": paged(request, assessments)})


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def rate(request: HtmxRequest, uuid: str) -> HttpResponse:
    try:
        assessment = access.get_assessment(request, uuid)
    except Http404:
        if request.htmx:  # a category opened after logging out in another tab: say so
            return htmx_alert(request, SESSION_GONE, status=404)
        raise
    if request.method == "POST" and (refused := refuse_if_finished(request, assessment)):
        return refused
    sheet = build_sheet(assessment)
    if opened := request.GET.get("category", ""):
        section = sheet.section(opened)
        if section is None:
            raise Http404("This assessment has no such category.")
        sheet.opened = opened
        if request.method == "GET" and request.htmx:  # a closed category, opened: its rows
            return render(request, f"{TEMPLATE}#section_rows", {"sheet": sheet, "section": section})
    if request.method == "POST":
        return save_all(request, sheet)
    return render_page(request, sheet)


def refuse_if_finished(request: HtmxRequest, assessment: Assessment) -> HttpResponse | None:
    """A finished assessment is its report's record: changes go into a re-assessment."""
    return None if assessment.is_draft else refuse_finished(request, assessment)


def refuse_finished(request: HtmxRequest, assessment: Assessment) -> HttpResponse:
    """409, also when finishing won a race with this change (services.NotADraft)."""
    if request.htmx:
        return htmx_alert(request, FINISHED, status=409)
    messages.error(request, FINISHED)
    assessment.refresh_from_db()
    return render_page(request, build_sheet(assessment), status=409)


def render_page(request: HtmxRequest, sheet: Sheet, status: int = 200) -> TemplateResponse:
    assessment = sheet.assessment
    level_form = StartAssessmentForm(
        levels=sheet.inputs.levels, initial={"level": assessment.level.slug}
    )
    context = {"assessment": assessment, "sheet": sheet, "level_form": level_form}
    return TemplateResponse(request, TEMPLATE, context, status=status)


def save_all(request: HtmxRequest, sheet: Sheet) -> HttpResponse:
    """The no-JavaScript path: every row the page posted, in one atomic save.

    A row absent from the post keeps its rating: a category's page (`?category=`, at
    SKILLGAP_LAZY_CATEGORIES_AT skills) posts its own rows only.
    """
    if bare := bare_fields(request.POST):
        # Read as every row's, a bare `score` once rated the whole page at once.
        messages.error(request, BARE_FIELDS.format(fields="”, “".join(bare)))
        return render_page(request, sheet, status=400)
    inputs: list[services.RatingInput] = []
    for row in sheet.rows:
        data = row_data(request.POST, row.skill.slug, bare=False)
        if row.retired or row_is_blank(data):  # a retired skill's rating stays as it was
            continue
        form = RatingForm(data)
        if form.is_valid():
            inputs.append(rating_input(row.skill, form, data))
        else:
            row.error = form.first_error()
    estimates, refused = category_estimates(request, sheet)
    if refused or any(row.error for row in sheet.rows):
        messages.error(request, "Nothing was saved: please correct the marked skills.")
        for message in refused:
            messages.error(request, message)
        return render_page(request, sheet, status=422)
    try:
        saved = services.save_ratings(
            assessment=sheet.assessment, ratings=inputs, estimates=estimates
        )
    except services.NotADraft:
        return refuse_finished(request, sheet.assessment)
    except services.DraftGone:
        return gone(request, services.DRAFT_GONE)
    if "finish" in request.POST:  # "Finish" saves what the page holds, then goes on
        return redirect("reports:finish", uuid=sheet.assessment.uuid)
    said = f"Saved {saved} rating{'s' if saved != 1 else ''}"
    if estimates:
        said += f" and {len(estimates)} categor{'ies' if len(estimates) != 1 else 'y'} at once"
    messages.success(request, f"{said}.")
    if sheet.opened:  # back to the category page it came from
        return redirect(f"{sheet.assessment.get_absolute_url()}?category={sheet.opened}")
    return redirect(sheet.assessment)


def category_estimates(
    request: HtmxRequest, sheet: Sheet
) -> tuple[list[services.EstimateInput], list[str]]:
    """The page form's categories rated at once (`cat-<slug>`), and what was refused."""
    estimates, refused = [], []
    for section in sheet.sections:
        value = request.POST.get(f"cat-{section.category.slug}", "")
        # The box as the page drew it (its estimate shown) asks for nothing: applied again,
        # it would estimate skills that came in since (a level changed) unasked.
        if not value or value == str(section.estimate):
            continue
        form = EstimateForm({"score": value})
        if form.is_valid():
            estimates.append(estimate_input(section, form.cleaned_data["score"]))
        else:
            refused.append(f"{section.category.name} at once: {form.errors['score'][0]}")
    return estimates, refused


@vary_on_headers("HX-Request")
@require_POST
def rate_skill(request: HtmxRequest, uuid: str, skill_slug: str) -> HttpResponse:
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
    data = row_data(request.POST, skill_slug)
    form = RatingForm(data)
    if not form.is_valid():
        row.error = form.first_error()
        if request.htmx:
            return render(request, f"{TEMPLATE}#row_status", {"row": row}, status=422)
        messages.error(request, f"{row.skill.name} was not saved: {row.error}")
        return render_page(request, build_sheet(assessment), status=422)

    rating = rating_input(row.skill, form, data)
    try:
        services.save_ratings(assessment=assessment, ratings=[rating])
    except services.NotADraft:
        return refuse_finished(request, assessment)
    except services.DraftGone:
        return gone(request, services.DRAFT_GONE)
    if not request.htmx:
        messages.success(request, f"Saved {row.skill.name}: {rating.score}.")
        return redirect(assessment)
    evidence = row.evidence if rating.evidence is None else rating.evidence
    sheet.record(row, Rating(skill_id=row.skill.pk, score=rating.score, evidence=evidence))
    context = {"assessment": assessment, "sheet": sheet, "section": section, "row": row}
    return render(request, f"{TEMPLATE}#autosaved", context)


@vary_on_headers("HX-Request")
@require_POST
def estimate_category(request: HtmxRequest, uuid: str, category_slug: str) -> HttpResponse:
    """Rate a category at once: its score becomes an estimate for each skill not rated yet.

    htmx gets the estimated rows' statuses and the page's totals out of band; without
    JavaScript the page again, at that category.
    """
    try:
        assessment = access.get_assessment(request, uuid)
    except Http404:
        if request.htmx:
            return htmx_alert(request, SESSION_GONE, status=404)
        raise
    if refused := refuse_if_finished(request, assessment):
        return refused
    sheet = build_sheet(assessment, with_choices=False)
    section = sheet.section(category_slug)
    if section is None:
        raise Http404("This assessment has no such category.")
    form = EstimateForm(request.POST)
    if not form.is_valid():
        message = f"{section.category.name} was not estimated: {form.errors['score'][0]}"
        if request.htmx:
            return htmx_alert(request, message, status=422)
        messages.error(request, message)
        return render_page(request, build_sheet(assessment), status=422)
    score = form.cleaned_data["score"]
    try:
        estimated = services.estimate_category(
            assessment=assessment, estimate=estimate_input(section, score)
        )
    except services.NotADraft:
        return refuse_finished(request, assessment)
    except services.DraftGone:
        return gone(request, services.DRAFT_GONE)
    if not request.htmx:
        messages.success(request, estimated_message(section.category.name, len(estimated), score))
        return redirect(f"{assessment.get_absolute_url()}#section-{category_slug}")
    sheet = build_sheet(assessment, with_choices=False)
    context = {
        "assessment": assessment,
        "sheet": sheet,
        "section": sheet.section(category_slug),  # read again: with the estimates
        "message": estimated_message(section.category.name, len(estimated), score),
        "estimated_ids": set(estimated),
    }
    return render(request, f"{TEMPLATE}#estimated", context)


def estimate_input(section: Section, score: int) -> services.EstimateInput:
    return services.EstimateInput(
        tuple(row.skill.pk for row in section.rows if not row.retired), score
    )


def estimated_message(category: str, count: int, score: int) -> str:
    if not count:
        return f"{category}: every skill has your own rating, so none took the estimate."
    return (
        f"{category}: {count} skill{'s' if count != 1 else ''} estimated at {score}. "
        "Rate any of them yourself to replace its estimate."
    )


@require_GET
def draft_json(request: HtmxRequest, uuid: str) -> JsonResponse:
    """The draft's totals, the next skills worth rating and the placement's bounds."""
    sheet = build_sheet(access.get_assessment(request, uuid), with_choices=False)
    bounds = sheet.bounds
    return JsonResponse(
        {
            "career": sheet.assessment.career.slug,
            "level": sheet.assessment.level.slug,
            "total": sheet.total,
            "rated": sheet.rated_count,
            "estimated": sheet.estimated_count,
            "next": [s.skill for s in sheet.suggestions],
            "placement": {
                "low": bounds.low.slug if bounds.low else None,
                "high": bounds.high.slug if bounds.high else None,
                "settled": bounds.settled,
            },
            # Four decimals rounded down, as the report's JSON has them (reports/document.py).
            "readiness": {
                item.level.slug: math.floor(item.readiness * 10_000) / 10_000
                for item in sheet.preview
            },
        }
    )


def rating_input(skill: SkillRef, form: RatingForm, data: dict[str, str]) -> services.RatingInput:
    """A valid form's rating; a note left out of the request keeps the saved one."""
    evidence = form.cleaned_data["evidence"] if "evidence" in data else None
    return services.RatingInput(skill, form.cleaned_data["score"], evidence)


def not_in_assessment(request: HtmxRequest, sheet: Sheet, skill_slug: str) -> HttpResponse:
    archived = Skill.objects.filter(slug=skill_slug).values_list("archived", flat=True).first()
    if archived is None:
        status, message = 404, "There is no skill at that address."
    elif archived:
        status, message = (
            400,
            "That skill is retired: it takes no new ratings and no longer counts.",
        )
    else:
        status, message = 400, "That skill is not part of this assessment's career and level."
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain")
    messages.error(request, message)
    return render_page(request, build_sheet(sheet.assessment), status=status)


@require_POST
def change_level(request: HtmxRequest, uuid: str) -> HttpResponse:
    assessment = access.get_assessment(request, uuid)
    if refused := refuse_if_finished(request, assessment):
        return refused
    levels = Level.objects.assessable_for(assessment.career_id)
    form = StartAssessmentForm(request.POST, levels=levels)
    if not form.is_valid():
        messages.error(request, "Choose one of this career's levels.")
        return render_page(request, build_sheet(assessment), status=400)
    try:
        services.change_level(assessment=assessment, level=form.cleaned_data["level"])
    except services.NotADraft:
        return refuse_finished(request, assessment)
    except services.DraftGone:
        return gone(request, services.DRAFT_GONE)
    messages.success(
        request, f"Target level is now {assessment.level.name}; your ratings are kept."
    )
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
def delete(request: HtmxRequest, uuid: str) -> HttpResponse:
    assessment = access.get_assessment(request, uuid)
    if not assessment.is_draft:
        messages.error(request, "A finished assessment stays, with its report.")
        return redirect("assessments:list")
    if request.method == "POST":
        try:
            services.delete_draft(assessment=assessment)
        except services.NotADraft:
            messages.error(request, "A finished assessment stays, with its report.")
            return redirect("assessments:list")
        except services.DraftGone:
            pass  # deleted in another tab a moment ago: what was asked for is done
        access.forget(request, [str(assessment.uuid)])
        messages.success(request, f"Deleted the draft for {assessment.career.name}.")
        return redirect("assessments:list")
    return render(request, "assessments/delete.html", {"assessment": assessment})

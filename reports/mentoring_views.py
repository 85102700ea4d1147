"""Mentoring: comments and reviews on a shared report, second opinions, the mentor's
dashboard and their cohort (page and CSV)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.db.models.fields.json import KeyTransform
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments.scoring import percent
from lib import spreadsheet
from lib.http import HtmxRequest, SignedInRequest, base_url, content_disposition, gone
from lib.paging import paged
from lib.people import display_name
from lib.throttle import throttle

from . import access, cohort, display, services
from .forms import CommentForm, OpinionForm, ReviewForm
from .models import Comment, Review, Share

THREAD = "reports/_document.html#thread"
COMMENTS = "You wrote as many comments as we allow in an hour, so this one was not saved."
DOCUMENT = "reports/_document.html"
OPINIONS = "You gave as many second opinions as we allow in an hour, so this one was not saved."


@vary_on_headers("HX-Request")
@require_POST
@throttle("comment", "THROTTLE_COMMENTS", COMMENTS, key="user_or_ip")  # each may send emails
def comment(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    skills = {s["slug"] for s in report.document["skills"]}
    form = CommentForm(request.POST, skills=skills)
    if not form.is_valid():
        posted = request.POST.get("skill", "")
        skill = posted if posted in skills else ""  # an unknown skill's errors: the report's
        if request.htmx:
            return render(request, THREAD, display.thread(report, skill, form), status=400)
        context = display.page(report, request.user, refused=(skill, form))
        return render(request, "reports/detail.html", context, status=400)
    skill = form.cleaned_data["skill"]
    try:
        services.add_comment(
            report=report,
            author=request.user,
            body=form.cleaned_data["body"],
            skill=skill,
            base_url=base_url(request),
        )
    except services.ReportGone:
        return gone(request, services.REPORT_GONE)
    if request.htmx:
        return render(request, THREAD, display.thread(report, skill))
    return redirect(f"{report.get_absolute_url()}#thread-{skill or 'report'}")


@require_POST
def delete_comment(request: HtmxRequest, uuid: str, comment_id: int) -> HttpResponse:
    report = access.get_report(request, uuid)
    found = get_object_or_404(Comment, pk=comment_id, report=report, author=request.user)
    skill = found.skill
    found.delete()
    if request.htmx:
        return render(request, THREAD, display.thread(report, skill))
    messages.success(request, "Comment deleted.")
    return redirect(f"{report.get_absolute_url()}#thread-{skill or 'report'}")


@require_POST
def review(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    if report.owner_id == request.user.pk:
        raise Http404("Owners read reviews; mentors write them.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        context = display.page(report, request.user, review_form=form)
        return render(request, "reports/detail.html", context, status=400)
    summary = form.cleaned_data["summary"]
    try:
        services.mark_reviewed(report=report, mentor=request.user, summary=summary)
    except services.ReportGone:
        return gone(request, services.REPORT_GONE)
    messages.success(request, "Marked as reviewed; the owner sees your summary at the top.")
    return redirect(report)


@vary_on_headers("HX-Request")
@require_POST
@throttle("opinion", "THROTTLE_OPINIONS", OPINIONS, key="user_or_ip")  # a new one sends an email
def opinion(request: HtmxRequest, uuid: str, skill: str) -> HttpResponse:
    """A mentor with an active share gives their own score for one skill."""
    report = access.get_report(request, uuid)
    if report.owner_id == request.user.pk:
        raise Http404("Owners rate themselves; mentors give second opinions.")
    if skill not in report.document["inputs"]["skills"]:
        raise Http404("That skill is not in this report.")
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.give_opinion(
                report=report,
                mentor=request.user,
                skill=skill,
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
                base_url=base_url(request),
            )
        except services.ReportGone:
            return gone(request, services.REPORT_GONE)
    status = 200 if form.is_valid() else 400
    if request.htmx:
        context = display.page(report, request.user, opinion_refused=(skill, form))
        context["row"] = context["rows_by_slug"][skill]
        return render(request, f"{DOCUMENT}#opinion_given", context, status=status)
    if form.is_valid():
        return redirect(f"{report.get_absolute_url()}#skill-{skill}")
    page = display.page(report, request.user, opinion_refused=(skill, form))
    return render(request, "reports/detail.html", page, status=400)


@require_GET
def opinions_json(request: HtmxRequest, uuid: str) -> HttpResponse:
    """Each mentor's scores and their view of readiness and placement (DESIGN.md)."""
    report = access.get_report(request, uuid)
    views = display.second_opinions(report, request.user)["mentor_views"]
    return JsonResponse({"mentors": [v.view.as_json(v.mentor.get_username()) for v in views]})


@login_required
@require_GET
def mentor_dashboard(request: SignedInRequest) -> HttpResponse:
    user = request.user
    reviewed = Review.objects.filter(report=OuterRef("report"), mentor=user)
    # pk too: a page boundary between equal times is stable
    shares = Share.objects.active().filter(mentor=user).order_by("-created", "-pk")
    page = paged(
        request,
        shares,
        lambda rows: (
            rows.select_related("report__owner")
            .defer("report__document")
            .with_unread(user)
            .annotate(reviewed=Exists(reviewed))
        ),
    )
    return render(request, "reports/mentor.html", {"paged": page})


def shared_with(user: Any) -> list[cohort.Shared]:
    """Every report shared with `user` and still active, as the cohort reads it: one query,
    reading only the document's headline parts (its skills and path can be large)."""
    shares = (
        Share.objects.active()
        .filter(mentor=user)
        .select_related("report__owner")
        .defer("report__document")
        .annotate(
            categories=KeyTransform("categories", "report__document"),
            career=KeyTransform("career", "report__document"),
        )
    )
    return [
        cohort.Shared(
            mentee=display_name(s.report.owner),
            mentee_id=s.report.owner_id,
            report_url=s.report.get_absolute_url(),
            created=s.report.created,
            career=s.career,
            level=s.report.level_name,
            readiness=s.report.readiness,
            placement=s.report.placement,
            categories=s.categories,
        )
        for s in shares
    ]


def cohort_of(request: HtmxRequest) -> cohort.Cohort:
    sort = request.GET.get("sort", "readiness")
    return cohort.cohort(
        shared_with(request.user),
        career=request.GET.get("career", ""),
        sort=sort if sort in cohort.SORTS else "readiness",
    )


@login_required
@require_GET
def mentor_cohort(request: SignedInRequest) -> HttpResponse:
    """The mentor's mentees side by side: category readiness at each one's target level."""
    table = cohort_of(request)
    context = {
        "cohort": table,
        # One query built the whole table (the columns are every mentee's); a page of its
        # rows is drawn, so 500 mentees are not one 850 KB page.
        "paged": paged(request, table.rows),
        "career": request.GET.get("career", ""),
        "sort": request.GET.get("sort", "readiness"),
        "sorts": cohort.SORTS,
    }
    return render(request, "reports/cohort.html", context)


def cohort_rows(table: cohort.Cohort) -> Iterator[Sequence[object]]:
    """The cohort as spreadsheet rows, the header first (category names are a curator's)."""
    yield ["mentee", "career", "target level", "report of", "readiness", "placement"] + [
        name for _, name in table.columns
    ]
    for row in table.rows:
        r = row.report
        cells = ["" if c is None else c for c in row.cells]
        facts = [r.mentee, r.career["name"], r.level, f"{r.created:%Y-%m-%d}"]
        yield [*facts, percent(r.readiness), r.placement, *cells]


@login_required
@require_GET
def mentor_cohort_csv(request: SignedInRequest) -> StreamingHttpResponse:
    """Every row, not a page: written a line at a time as the response is sent."""
    lines = spreadsheet.lines(cohort_rows(cohort_of(request)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition("skillgap-cohort.csv")
    return response

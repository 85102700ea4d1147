"""Sharing a report, the mentor dashboard, comments, reviews and read-only links."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.db.models.fields.json import KeyTransform
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from assessments.scoring import percent
from lib import spreadsheet
from lib.http import HtmxRequest, SignedInRequest, base_url, content_disposition
from lib.people import display_name
from throttle import throttle

from . import access, cohort, display, services
from .forms import CommentForm, LinkForm, ReviewForm, ShareForm
from .headline import ANONYMOUS_OWNER, Voice
from .models import Comment, Report, Review, Share

THREAD = "reports/_document.html#thread"
SHARES = "You shared or made links as often as we allow in an hour, so this one was not saved."
COMMENTS = "You wrote as many comments as we allow in an hour, so this one was not saved."


# --- the owner's share page ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@throttle("share", "THROTTLE_SHARES", SHARES, key="user_or_ip")  # each share may send an email
def share_page(request: HtmxRequest, uuid: str) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    share_form = ShareForm(report=report)
    link_form = LinkForm()
    status = 200
    if request.method == "POST" and "mentor" in request.POST:
        share_form = ShareForm(request.POST, report=report)
        if share_form.is_valid() and share_with(request, report, share_form):
            return redirect("reports:share", uuid=report.uuid)
        status = 400
    elif request.method == "POST":
        link_form = LinkForm(request.POST)
        if link_form.is_valid():
            link = services.create_link(report=report, **link_form.cleaned_data)
            url = request.build_absolute_uri(reverse("reports:shared_link", args=[link.token]))
            messages.success(request, f"Link created: {url}")
            return redirect("reports:share", uuid=report.uuid)
        status = 400
    context = {
        "report": report,
        "shares": services.active_shares(report),
        "share_form": share_form,
        "link_form": link_form,
    }
    return render(request, "reports/share.html", context, status=status)


def share_with(request: HtmxRequest, report: Report, form: ShareForm) -> bool:
    """Share as the form asks; the message is the same whoever the recipient turns out to be."""
    recipient = form.cleaned_data["mentor"]
    try:
        services.share_with(report=report, recipient=recipient, base_url=base_url(request))
    except services.AlreadyShared:
        form.add_error("mentor", f"This report is already shared with {recipient}.")
        return False
    messages.success(
        request,
        f"Shared with {recipient}. If that is a Skillgap username or an email address, "
        "we have emailed them a link.",
    )
    return True


@require_POST
def revoke(request: HtmxRequest, uuid: str, share_id: int) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    share = get_object_or_404(Share.objects.select_related("mentor"), pk=share_id, report=report)
    services.revoke(share=share)
    who = share.recipient or "the link"
    messages.success(request, f"Revoked: {who} can no longer open this report.")
    return redirect("reports:share", uuid=report.uuid)


# --- invitations ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: SignedInRequest, token: str) -> HttpResponse:
    """GET says who invites; POST accepts. Whoever holds the emailed link may accept it."""
    try:
        if request.method == "POST":
            share = services.accept_invitation(token=token, user=request.user)
        else:
            share = services.open_invitation(token=token, user=request.user)
    except services.InvitationGone as error:
        raise Http404("No such invitation.") from error
    report = share.report
    if request.method == "POST" or share.mentor_id == request.user.pk:
        if request.method == "POST":
            messages.success(request, "Invitation accepted: the report is under Mentoring.")
        return redirect(report)
    context = {
        "owner_name": display_name(report.owner),
        "already": services.has_access(report, request.user),
        "report": report,
    }
    return render(request, "reports/invitation.html", context)


# --- comments and reviews ----------------------------------------------------------------------


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
    services.add_comment(
        report=report,
        author=request.user,
        body=form.cleaned_data["body"],
        skill=skill,
        base_url=base_url(request),
    )
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
    services.mark_reviewed(report=report, mentor=request.user, summary=form.cleaned_data["summary"])
    messages.success(request, "Marked as reviewed; the owner sees your summary at the top.")
    return redirect(report)


# --- the mentor dashboard ----------------------------------------------------------------------


@login_required
@require_GET
def mentor_dashboard(request: SignedInRequest) -> HttpResponse:
    user = request.user
    reviewed = Review.objects.filter(report=OuterRef("report"), mentor=user)
    shares = (
        Share.objects.active()
        .filter(mentor=user)
        .select_related("report__owner")
        .defer("report__document")
        .with_unread(user)
        .annotate(reviewed=Exists(reviewed))
        .order_by("-created")
    )
    return render(request, "reports/mentor.html", {"shares": shares})


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
    context = {
        "cohort": cohort_of(request),
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
def mentor_cohort_csv(request: SignedInRequest) -> HttpResponse:
    body = spreadsheet.text(cohort_rows(cohort_of(request)))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition("skillgap-cohort.csv")
    return response


# --- read-only links -----------------------------------------------------------------------------


@require_GET
def shared_link(request: HtmxRequest, token: str) -> HttpResponse:
    share = Share.objects.filter(token=token).select_related("report__owner").first()
    if share is None:
        raise Http404("No such link.")
    if share.revoked or share.expires is None or share.expires <= timezone.now():
        return render(request, "reports/link_gone.html", status=410)
    report = share.report
    owner = display_name(report.owner) if share.show_name else ""
    reader = Voice(owner or ANONYMOUS_OWNER)
    context = {**display.read_only(report, reader), "owner_name": owner}
    return render(request, "reports/shared.html", context)

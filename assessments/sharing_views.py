"""Sharing a report, the mentor dashboard, comments, reviews and read-only links."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import access, sharing
from .forms import CommentForm, LinkForm, ReviewForm, ShareForm
from .models import Comment, ReadMark, Report, Share
from .report_views import report_context, weeks_context

BODY = "reports/_body.html"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- the owner's share page ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share_page(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    share_form = ShareForm(report=report)
    link_form = LinkForm()
    status = 200
    if request.method == "POST" and "mentor" in request.POST:
        share_form = ShareForm(request.POST, report=report)
        if share_form.is_valid():
            mentor = share_form.cleaned_data["mentor"]
            sharing.share_with_mentor(report=report, mentor=mentor, base_url=base_url(request))
            messages.success(
                request, f"Shared with {mentor.get_username()}; they have been emailed."
            )
            return redirect("reports:share", uuid=report.uuid)
        status = 400
    elif request.method == "POST":
        link_form = LinkForm(request.POST)
        if link_form.is_valid():
            link = sharing.create_link(report=report, **link_form.cleaned_data)
            url = request.build_absolute_uri(f"/s/{link.token}/")
            messages.success(request, f"Link created: {url}")
            return redirect("reports:share", uuid=report.uuid)
        status = 400
    context = {
        "report": report,
        "shares": sharing.active_shares(report),
        "share_form": share_form,
        "link_form": link_form,
    }
    return render(request, "reports/share.html", context, status=status)


@require_POST
def revoke(request: HttpRequest, uuid: str, share_id: int) -> HttpResponse:
    report = access.get_owned_report(request, uuid)
    share = get_object_or_404(Share, pk=share_id, report=report)
    sharing.revoke(share=share)
    who = share.mentor.get_username() if share.mentor else "the link"
    messages.success(request, f"Revoked: {who} can no longer open this report.")
    return redirect("reports:share", uuid=report.uuid)


# --- comments and reviews ----------------------------------------------------------------------


def thread_context(report: Report, skill: str) -> dict[str, object]:
    comments = list(
        report.comments.filter(skill=skill).select_related("author").order_by("created")
    )
    return {"report": report, "thread_skill": skill, "thread_comments": comments, "discuss": True}


@vary_on_headers("HX-Request")
@require_POST
def comment(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    skills = {s["slug"] for s in report.document["skills"]}
    form = CommentForm(request.POST, skills=skills)
    if form.is_valid():
        sharing.add_comment(
            report=report,
            author=request.user,
            body=form.cleaned_data["body"],
            skill=form.cleaned_data["skill"],
            base_url=base_url(request),
        )
        skill, status = form.cleaned_data["skill"], 200
    else:
        posted = request.POST.get("skill", "")
        skill = (
            posted if posted in skills else ""
        )  # an unknown skill's errors go to the report thread
        status = 400
    if request.htmx:
        context = {**thread_context(report, skill), "comment_form": form if status == 400 else None}
        return render(request, f"{BODY}#thread", context, status=status)
    if status == 400:
        messages.error(request, f"The comment was not saved: {next(iter(form.errors.values()))[0]}")
    return redirect(f"{report.get_absolute_url()}#thread-{skill or 'report'}")


@require_POST
def delete_comment(request: HttpRequest, uuid: str, comment_id: int) -> HttpResponse:
    report = access.get_report(request, uuid)
    found = get_object_or_404(Comment, pk=comment_id, report=report, author=request.user)
    skill = found.skill
    found.delete()
    if request.htmx:
        return render(request, f"{BODY}#thread", thread_context(report, skill))
    messages.success(request, "Comment deleted.")
    return redirect(f"{report.get_absolute_url()}#thread-{skill or 'report'}")


@require_POST
def review(request: HttpRequest, uuid: str) -> HttpResponse:
    report = access.get_report(request, uuid)
    if report.owner_id == request.user.pk:
        raise Http404("Owners read reviews; mentors write them.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["summary"][0])
        return redirect(report)
    sharing.mark_reviewed(report=report, mentor=request.user, summary=form.cleaned_data["summary"])
    messages.success(request, "Marked as reviewed; the owner sees your summary at the top.")
    return redirect(report)


# --- the mentor dashboard ----------------------------------------------------------------------


@login_required
@require_GET
def mentor_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    last_read = ReadMark.objects.filter(report=OuterRef("report"), user=user).values("read_at")[:1]
    unread = (
        Comment.objects.filter(report=OuterRef("report"), created__gt=OuterRef("last_read"))
        .exclude(author=user)
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shares = (
        Share.objects.active()
        .filter(mentor=user)
        .select_related("report__owner")
        .defer("report__document")
        .annotate(last_read=Coalesce(Subquery(last_read), Value(EPOCH)))
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
        .order_by("-created")
    )
    return render(request, "reports/mentor.html", {"shares": shares})


# --- read-only links -----------------------------------------------------------------------------


@require_GET
def shared_link(request: HttpRequest, token: str) -> HttpResponse:
    share = Share.objects.filter(token=token).select_related("report__owner").first()
    if share is None:
        raise Http404("No such link.")
    if share.revoked or share.expires <= timezone.now():
        return render(request, "reports/link_gone.html", status=410)
    report = share.report
    weeks, _ = weeks_context(report, None)
    owner = report.owner.get_full_name() or report.owner.get_username() if share.show_name else ""
    context = {**report_context(report), **weeks, "owner_name": owner, "read_only": True}
    return render(request, "reports/shared.html", context)

"""Sharing a report: with a mentor by name or invitation, or as a read-only link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.http import HtmxRequest, SignedInRequest, base_url
from lib.people import display_name
from lib.throttle import throttle

from . import access, display, services
from .forms import LinkForm, ShareForm
from .headline import ANONYMOUS_OWNER, Voice
from .models import Report, Share

SHARES = "You shared or made links as often as we allow in an hour, so this one was not saved."


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

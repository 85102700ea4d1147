from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.response import SimpleTemplateResponse, TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from lib.http import SignedInRequest, base_url, content_disposition
from lib.throttle import throttle, too_many

from . import export, services
from .forms import (
    DeleteAccountForm,
    EmailForm,
    LockedPasswordChangeForm,
    LoginForm,
    SignupForm,
)

FORM = "accounts/form.html"
SIGNUPS = "Too many sign-ups from your address in the last hour, so this one was not saved."
RESETS = "Too many password resets asked from your address in the last hour, so none was sent."
LINKS = "You asked for as many links as we send in an hour, so no link was sent this time."


def locked_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_message() -> str:
    return (
        "Too many failed log-ins for this username from your address, so it is locked for "
        f"{locked_minutes()} minutes. Wait, then try again; if you forgot your password, "
        "reset it."
    )


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out log-in: the same login page, saying why (429).

    It re-renders whatever login page was asked for (ours or the admin's) with the lock as
    the form's only error, so nobody meets a bare error page.
    """
    page = original_response if isinstance(original_response, SimpleTemplateResponse) else None
    context = (page.context_data if page else None) or {}
    form = context.get("form")
    if page is None or form is None:
        return too_many(request, locked_message(), seconds_left=locked_minutes() * 60)
    form.errors.clear()
    form.add_error(None, locked_message())
    template = page.template_name
    # Axes answers from its middleware, after Django renders views' responses.
    return TemplateResponse(request, template, context, status=429).render()


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


@require_http_methods(["GET", "POST"])
@throttle("signup", "THROTTLE_SIGNUPS", SIGNUPS)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(form=form, base_url=base_url(request))
        # Logging in hands over this session's anonymous assessments (assessments.signals).
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.info(
            request, f"Welcome, {user.get_username()}! {link_sent(form.cleaned_data['email'])}"
        )
        return redirect(safe_next(request, "assessments:list"))
    context = {
        "form": form,
        "title": "Sign up",
        "button": "Create account",
        "next": safe_next(request, ""),
    }
    return render(request, FORM, context, status=400 if form.errors else 200)


def link_sent(email: str) -> str:
    """The same words whether or not the address has an account (services.claim_email)."""
    return (
        f"We sent a message to {email}: open the link in it to confirm your address. Until "
        "then we send you nothing, not even password resets."
    )


@login_required
@require_http_methods(["GET", "POST"])
@throttle("email", "THROTTLE_EMAIL_LINKS", LINKS, key="user")
def email_change(request: SignedInRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.claim_email(user=request.user, email=email, base_url=base_url(request))
        messages.info(request, link_sent(email))
        return redirect("email_change")
    current = request.user.email or "none confirmed yet"
    context = {
        "form": form,
        "title": "Your email address",
        "button": "Send me a link",
        "message": f"Your address: {current}. To use another, we send a link to it first.",
    }
    return render(request, FORM, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def email_confirm(request: SignedInRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: mail scanners open links, and must not confirm anything."""
    email = services.confirmed_address(token, request.user)
    if email is None:
        raise Http404("No such link for this account.")
    context: dict[str, Any] = {"title": "Confirm your email address", "button": "Confirm"}
    if request.method == "POST":
        try:
            services.confirm_email(user=request.user, email=email)
        except services.AddressTaken:
            taken = f"{email} now belongs to another account, so it was not added to this one."
            return render(request, FORM, {**context, "message": taken}, status=409)
        messages.success(request, f"{email} is now your address.")
        return redirect("email_change")
    message = f"Use {email} for the account {request.user.get_username()}?"
    return render(request, FORM, {**context, "message": message, "form": forms.Form()})


# --- the user's data ----------------------------------------------------------------------


@login_required
@require_GET
def account_data(request: SignedInRequest) -> HttpResponse:
    """What Skillgap keeps about this person, the download, and the way out."""
    return render(request, "accounts/data.html", {"kept": export.kept(request.user)})


@login_required
@require_GET
def account_data_json(request: SignedInRequest) -> StreamingHttpResponse:
    """Streamed: written as it is read, however long a history (accounts/export.py)."""
    body = export.chunks(request.user, request.build_absolute_uri)
    response = StreamingHttpResponse(body, content_type="application/json")
    name = f"skillgap-{request.user.get_username()}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: SignedInRequest) -> HttpResponse:
    """GET asks (and says what goes and what stays), POST with the password deletes."""
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("careers:list")
    context = {"form": form, "kept": export.kept(request.user)}
    # A TemplateResponse, so that django-axes' lockout (locked_out) can re-render it.
    return TemplateResponse(
        request, "accounts/delete.html", context, status=400 if form.errors else 200
    )


class LoginView(auth.LoginView):
    """Django's log-in, landing each person where their work is.

    A mentor with reports shared with them and no assessments of their own goes to the
    reports shared with them; everyone else to their assessments (LOGIN_REDIRECT_URL).
    A `next` address still wins.
    """

    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        user = cast(User, self.request.user)  # called once the form has logged them in
        if user.mentor_shares.active().exists() and not user.assessments.exists():
            return reverse("reports:mentor")
        return super().get_default_redirect_url()


class PasswordChangeView(auth.PasswordChangeView):
    """Django's password change, its old password checked under the log-in lock."""

    form_class = LockedPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        # Still a TemplateResponse, so that django-axes' lockout (locked_out) can re-render it.
        response = super().form_invalid(form)
        response.status_code = 400
        return response

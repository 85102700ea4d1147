"""Accounts under /accounts/: Django's auth views, rendered in the site layout."""

from __future__ import annotations

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from lib.throttle import throttle

from . import views
from .forms import LimitedPasswordResetForm

FORM = "accounts/form.html"


def page(title: str, button: str = "", **extra: object) -> dict[str, object]:
    return {"template_name": FORM, "extra_context": {"title": title, "button": button, **extra}}


urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("data/", views.account_data, name="account_data"),
    path("data.json", views.account_data_json, name="account_data_json"),
    path("delete/", views.account_delete, name="account_delete"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("login/", views.LoginView.as_view(**page("Log in", "Log in", login=True)), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(**page("Change password", "Change password")),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth.PasswordChangeDoneView.as_view(
            **page("Password changed", message="Your password is changed.")
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        throttle("reset", "THROTTLE_PASSWORD_RESETS", views.RESETS)(
            auth.PasswordResetView.as_view(
                **page("Reset password", "Email me a link"),
                form_class=LimitedPasswordResetForm,
                success_url=reverse_lazy("password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth.PasswordResetDoneView.as_view(
            **page(
                "Check your email",
                message=(
                    "If an account uses that address, we sent it a link to set a new password. "
                    "One address gets only a few links an hour: if none comes, use the last "
                    "one you received, or ask again later."
                ),
            )
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(**page("Set a new password", "Set password")),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth.PasswordResetCompleteView.as_view(
            **page("Password set", message="Your new password is set. You can log in now.")
        ),
        name="password_reset_complete",
    ),
]

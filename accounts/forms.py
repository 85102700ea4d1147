from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxLengthValidator
from django.template.loader import render_to_string

from lib.throttle import may_email

from .validators import one_script, one_script_email

EMAIL_HELP = (
    "We send a link to confirm it; it is never shown to others. Until it is confirmed we "
    "send you nothing, not even password resets."
)


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text=EMAIL_HELP)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A validator of the field, not a step in clean_username: Django's clean_username
        # returns None for a taken name (it adds "already exists" itself), and a look-alike
        # name must be refused before anything asks whether it is taken.
        self.fields["username"].validators.append(one_script)

    def clean_email(self) -> str:
        # No lookup here: whether an address has an account is nobody's business but its
        # holder's (services.claim_email tells them, by email).
        email = self.cleaned_data["email"].strip().lower()
        one_script_email(email)
        return email


class UsernameLengthChecked(forms.Form):
    """A log-in form that refuses a username longer than any can be, before authenticating.

    Django's AuthenticationForm sets the field's max_length after the field is built, so
    nothing checks it, and every miss reaches django-axes, which writes the name into a
    255-character column (a 500 on PostgreSQL). No account has a longer name, so there is
    no password to guess behind one, and nothing to count.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields["username"])
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(UsernameLengthChecked, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthChecked, AdminAuthenticationForm):
    pass


class EmailForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text=EMAIL_HELP)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        one_script_email(email)
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password: nothing was deleted."},
    )

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not is_own_password(self.request, self.request.user, password):
            raise forms.ValidationError("That is not your password: nothing was deleted.")
        return password


class LockedPasswordChangeForm(PasswordChangeForm):
    """Django's form, checking the old password under the log-in lock."""

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not is_own_password(self.request, self.user, old_password):
            message = self.error_messages["password_incorrect"]
            raise forms.ValidationError(message, code="password_incorrect")
        return old_password


def is_own_password(request: Any, user: Any, password: str) -> bool:
    """authenticate, not check_password: django-axes counts each miss against the lock
    (username and address) that log-in uses, and refuses every try while it holds."""
    found = authenticate(request, username=user.get_username(), password=password)
    return found is not None and found.pk == user.pk


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with two changes, both measured by bench/enumeration_timing.py.

    An address gets at most its hour's share of reset links (THROTTLE_EMAILS_PER_RECIPIENT),
    however many addresses ask for them. And an address without an account costs what one
    with an account does: a stand-in user goes through the same token, rendering and count,
    and nothing is sent, so the time taken does not tell them apart.
    """

    def get_users(self, email: str) -> list[Any]:
        users = list(super().get_users(email))
        return users or [User(email=email, password=make_password(None))]

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Django's send_mail, except that the stand-in's message is made and not sent.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        allowed = may_email("reset", to_email)
        if allowed and context["user"].pk is not None:
            message.send()

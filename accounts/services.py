"""Accounts' writes: signing up and claiming an email address without telling who has one.

An address becomes an account's only when its holder opens the link we send there. If
another account already has it, its holder gets a notice instead. The person asking sees
the same either way, so sign-up and "change my email" reveal nothing about who is here.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from assessments.models import Assessment
from lib.mail import send_later
from reports.models import Report

CONFIRM_SALT = "accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # seconds: a link lasts three days


def confirmation_token(user: Any, email: str) -> str:
    """Signed with SECRET_KEY: names the account and the address, so no table keeps it."""
    return signing.dumps({"user": user.pk, "email": email}, salt=CONFIRM_SALT, compress=True)


def confirmed_address(token: str, user: Any) -> str | None:
    """The address a token confirms for `user`; None when forged, expired or someone else's."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # expired links raise SignatureExpired, a BadSignature
        return None
    return data["email"] if data.get("user") == user.pk else None


def holder_of(email: str, *, besides: Any) -> Any | None:
    User = get_user_model()
    return User.objects.filter(email__iexact=email).exclude(pk=besides.pk).first()


def claim_email(*, user: Any, email: str, base_url: str) -> None:
    """Ask for `email` to be the user's: a link goes there, or a notice to whoever has it."""
    if holder_of(email, besides=user) is not None:
        _tell_holder(email, base_url)
    else:
        _send_link(user, email, base_url)


def _send_link(user: Any, email: str, base_url: str) -> None:
    url = base_url + reverse("email_confirm", args=[confirmation_token(user, email)])
    body = (
        f"Someone asked to use this address for the Skillgap account “{user.get_username()}”.\n\n"
        f"If it was you, open this link while logged in to confirm it (it lasts three days):\n"
        f"{url}\n\n"
        "If it was not you, ignore this message: the address stays unused.\n"
    )
    send_later("Confirm your email address for Skillgap", body, [email], kind="address")


def _tell_holder(email: str, base_url: str) -> None:
    body = (
        "Someone just signed up on Skillgap, or asked to use an address on their account, "
        "with this email address, which already belongs to your account.\n\n"
        "If it was you, you already have an account: log in at "
        f"{base_url}{reverse('login')}\n"
        f"or, if you forgot your password, reset it at {base_url}{reverse('password_reset')}\n\n"
        "If it was not you, nothing changes: your address stays yours alone.\n"
    )
    send_later("Someone used your email address on Skillgap", body, [email], kind="address")


@transaction.atomic
def sign_up(*, form: Any, base_url: str) -> Any:
    """The account, without an address until its link is opened."""
    user = form.save(commit=False)
    email, user.email = user.email, ""
    user.save()
    claim_email(user=user, email=email, base_url=base_url)
    return user


class AddressTaken(Exception):
    """Another account confirmed the address after the link was sent."""


@transaction.atomic
def confirm_email(*, user: Any, email: str) -> None:
    if holder_of(email, besides=user) is not None:
        raise AddressTaken(email)
    user.email = email
    user.save(update_fields=["email"])


@transaction.atomic
def delete_account(*, user: Any) -> None:
    """The user and everything they own, in one transaction.

    The database's on_delete rules do the work (a test lists every relation to a user):
    assessments, ratings, reports with their shares, comments, reviews and read marks, and
    shares with them, go; their comments and reviews on others' reports stay, by
    "deleted user".

    It first holds every row that others' writes can refer to (the user's drafts, their
    reports, the user), in the order those writes hold them (draft before report before
    user), so a mentor's comment landing meanwhile either commits first, and goes with the
    report, or waits and finds the report gone (reports.services.lock_report): the
    deletion never meets a foreign key it did not see.
    """
    hold_rows_of(user)
    username = user.get_username()
    user.delete()
    forget_login_failures(username)


def hold_rows_of(user: Any) -> None:
    """Lock the user's assessments, reports and user row until the transaction ends."""
    for rows in (
        Assessment.objects.filter(owner=user),
        Report.objects.filter(owner=user),
        get_user_model().objects.filter(pk=user.pk),
    ):
        list(rows.select_for_update().values_list("pk", flat=True).order_by("pk"))


def forget_login_failures(username: str) -> None:
    """django-axes keys failures by username and address, not by a foreign key."""
    AccessAttempt.objects.filter(username=username).delete()

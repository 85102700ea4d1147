from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from . import access, services


@receiver(user_logged_in)
def claim_anonymous_assessments(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """At sign-up or log-in, the assessments this browser started become the user's."""
    claimed = access.KEPT.claim(
        request, lambda ids: services.claim_assessments(user=user, uuids=ids)
    )
    if claimed and request is not None:
        noun = "assessment is" if claimed == 1 else "assessments are"
        messages.info(
            request, f"Your {claimed} {noun} now saved to your account, with every rating."
        )

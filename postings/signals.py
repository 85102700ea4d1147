from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from . import access, services


@receiver(user_logged_in)
def claim_anonymous_postings(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """At sign-up or log-in, the postings this browser pasted become the user's."""
    claimed = access.KEPT.claim(request, lambda ids: services.claim_postings(user=user, uuids=ids))
    if claimed and request is not None:
        noun = "posting is" if claimed == 1 else "postings are"
        messages.info(request, f"Your {claimed} {noun} now saved to your account.")

"""How Skillgap names people to each other."""

from __future__ import annotations

from typing import Any

DELETED = "deleted user"


def display_name(user: Any | None) -> str:
    """A person's full name, else their username; never their email.

    None is someone who deleted their account, whose comments and reviews stay.
    """
    if user is None:
        return DELETED
    return user.get_full_name() or user.get_username()

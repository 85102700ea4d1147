from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from careers.models import SCORE_MAX, SCORE_MIN

from .models import EVIDENCE_MAX

SCORE_MESSAGE = f"Score must be a whole number from {SCORE_MIN} to {SCORE_MAX}."


def bounded_int(low: int, high: int, message: str, **kwargs: Any) -> forms.IntegerField:
    """A whole number in [low, high] whose every failure reads as the one clear `message`."""
    errors = dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)
    errors.update(kwargs.pop("error_messages", {}))
    return forms.IntegerField(min_value=low, max_value=high, error_messages=errors, **kwargs)


class RatingForm(forms.Form):
    """One skill's rating. Fields `score` and `evidence`, as the autosave URL takes them."""

    score = bounded_int(
        SCORE_MIN,
        SCORE_MAX,
        SCORE_MESSAGE,
        error_messages={"required": "Choose a score from 0 to 5 first; the note is saved with it."},
    )
    evidence = forms.CharField(
        max_length=EVIDENCE_MAX,
        required=False,
        error_messages={
            "max_length": "Keep the evidence note to %(limit_value)d characters "
            "(it has %(show_value)d)."
        },
    )

    def first_error(self) -> str:
        return next(iter(str(m) for messages in self.errors.values() for m in messages), "")


ROW_FIELDS = ("score", "evidence")


def row_data(post: QueryDict, skill_slug: str, *, bare: bool = True) -> dict[str, Any]:
    """The fields of one skill, sent bare (`score`) or as the rating page names them.

    The page is one form for browsers without JavaScript, so each skill's radio group
    needs its own name there: `<skill-slug>-score`. Only a one-skill autosave, whose URL
    names the skill, reads bare names (`bare=False` for the page form: see bare_fields).
    """
    data = {}
    for name in ROW_FIELDS:
        value = post.get(f"{skill_slug}-{name}")
        if bare and value is None:
            value = post.get(name)
        if value is not None:
            data[name] = value
    return data


def bare_fields(post: QueryDict) -> list[str]:
    """Row fields posted without a skill's name: on the page form they name no skill."""
    return [name for name in ROW_FIELDS if name in post]


def row_is_blank(data: dict[str, Any]) -> bool:
    return not data.get("score") and not (data.get("evidence") or "").strip()


class EstimateForm(forms.Form):
    """A category's score at once: an estimate for each of its skills not rated yet."""

    score = bounded_int(SCORE_MIN, SCORE_MAX, SCORE_MESSAGE)

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from careers.models import SCORE_MAX, SCORE_MIN

from .models import EVIDENCE_MAX

SCORE_MESSAGE = f"Score must be a whole number from {SCORE_MIN} to {SCORE_MAX}."


class RatingForm(forms.Form):
    """One skill's rating. Fields `score` and `evidence`, as the autosave URL takes them."""

    score = forms.IntegerField(
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        error_messages={
            "required": "Choose a score from 0 to 5 first; the note is saved with it.",
            "invalid": SCORE_MESSAGE,
            "min_value": SCORE_MESSAGE,
            "max_value": SCORE_MESSAGE,
        },
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
        return next(iter(m for messages in self.errors.values() for m in messages), "")


def row_data(post: QueryDict, skill_slug: str) -> dict[str, Any]:
    """The fields of one skill, sent bare (`score`) or as the rating page names them.

    The page is one form for browsers without JavaScript, so each skill's radio group
    needs its own name there: `<skill-slug>-score`.
    """
    data = {}
    for name in ("score", "evidence"):
        value = post.get(name, post.get(f"{skill_slug}-{name}"))
        if value is not None:
            data[name] = value
    return data


def row_is_blank(data: dict[str, Any]) -> bool:
    return not data.get("score") and not (data.get("evidence") or "").strip()


HOURS_MESSAGE = "Hours per week must be a whole number from 1 to 80."


class HoursForm(forms.Form):
    """Hours a week for the learning path; the report recomputes the weeks from it."""

    hours = forms.IntegerField(
        label="Hours per week",
        min_value=1,
        max_value=80,
        initial=10,
        error_messages={
            "required": HOURS_MESSAGE,
            "invalid": HOURS_MESSAGE,
            "min_value": HOURS_MESSAGE,
            "max_value": HOURS_MESSAGE,
        },
    )

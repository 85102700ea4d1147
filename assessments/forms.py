from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from careers.models import SCORE_MAX, SCORE_MIN

from .models import COMMENT_MAX, EVIDENCE_MAX

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

    hours = bounded_int(1, 80, HOURS_MESSAGE, label="Hours per week", initial=10)


class ShareForm(forms.Form):
    mentor = forms.CharField(
        label="Mentor's username or email",
        max_length=254,
        error_messages={"required": "Enter the username or email of a Skillgap user."},
    )

    def __init__(self, *args: Any, report: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_mentor(self) -> Any:
        from .sharing import find_user

        user = find_user(self.cleaned_data["mentor"])
        if user is None:
            raise forms.ValidationError("No Skillgap user has that username or email.")
        if user.pk == self.report.owner_id:
            raise forms.ValidationError("That is you: share with someone else.")
        if self.report.shares.active().filter(mentor=user).exists():
            raise forms.ValidationError(
                f"This report is already shared with {user.get_username()}."
            )
        return user


DAYS_MESSAGE = "A link lasts from 1 to 90 days."


class LinkForm(forms.Form):
    days = bounded_int(1, 90, DAYS_MESSAGE, label="Link works for (days)", initial=30)
    show_name = forms.BooleanField(label="Show my name to people with the link", required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Write something first: an empty comment is not saved.",
            "max_length": "Keep a comment to %(limit_value)d characters (it has %(show_value)d).",
        },
    )
    skill = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, skills: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skills = skills

    def clean_skill(self) -> str:
        skill = self.cleaned_data["skill"]
        if skill and skill not in self.skills:
            raise forms.ValidationError("That skill is not in this report.")
        return skill


class ReviewForm(forms.Form):
    summary = forms.CharField(
        label="Summary for the owner",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write a short summary: it is what the owner reads first.",
            "max_length": "Keep the summary to %(limit_value)d characters (it has %(show_value)d).",
        },
    )

"""Forms of the report pages: hours a week, sharing, comments and reviews."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import validate_email

from assessments.forms import bounded_int

from .models import COMMENT_MAX, OPINION_NOTE_MAX, StepStatus

HOURS_MESSAGE = "Hours per week must be a whole number from 1 to 80."


class HoursForm(forms.Form):
    """Hours a week for the learning path; the report recomputes the weeks from it."""

    hours = bounded_int(1, 80, HOURS_MESSAGE, label="Hours per week", initial=10)


RECIPIENT_HELP = (
    "A username reaches only that user. An email address reaches whoever holds it: if "
    "they have no account yet, we invite them."
)


class ShareForm(forms.Form):
    """Who to share with. It never says whether they have an account (services.share_with)."""

    mentor = forms.CharField(
        label="Mentor's username or email",
        max_length=254,
        help_text=RECIPIENT_HELP,
        error_messages={"required": "Enter your mentor's username or email address."},
    )

    def __init__(self, *args: Any, report: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_mentor(self) -> str:
        recipient = self.cleaned_data["mentor"].strip()
        if "@" in recipient:
            validate_email(recipient)
        else:
            UnicodeUsernameValidator()(recipient)
        owner = self.report.owner
        # Only what the owner knows already: their own names, and what they typed before.
        if recipient.lower() in {owner.get_username().lower(), owner.email.lower()}:
            raise forms.ValidationError("That is you: share with someone else.")
        if self.report.shares.active().filter(recipient__iexact=recipient).exists():
            raise forms.ValidationError(f"This report is already shared with {recipient}.")
        return recipient


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


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=StepStatus.choices,
        error_messages={"invalid_choice": "A step is to do, doing or done."},
    )


OPINION_MESSAGE = "Your score must be a whole number from 0 to 5."


class OpinionForm(forms.Form):
    score = bounded_int(0, 5, OPINION_MESSAGE, label="Your score")
    note = forms.CharField(
        label="Why (optional)",
        max_length=OPINION_NOTE_MAX,
        required=False,
        error_messages={
            "max_length": "Keep the note to %(limit_value)d characters (it has %(show_value)d)."
        },
    )


@dataclass(frozen=True)
class Proposal:
    """A score a re-assessment may start from instead of the report's own rating."""

    skill: str  # slug
    name: str
    score: int
    own: int  # the rating in the report
    source: str  # "the step you finished", "Morgan's opinion"

    @property
    def choice(self) -> str:
        return f"{self.skill}:{self.score}"  # two proposals for one skill stay apart

    def __str__(self) -> str:
        return f"{self.name}: {self.score}, from {self.source} (you said {self.own})"


class ReassessForm(forms.Form):
    """Which proposed scores (a finished step, a mentor's opinion) the new draft starts from."""

    adopt = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Start from these scores instead",
        error_messages={"invalid_choice": "That score is not one of the proposals."},
    )

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        adopt = cast(forms.ChoiceField, self.fields["adopt"])
        adopt.choices = [(p.choice, str(p)) for p in proposals]
        self.names = {p.skill: p.name for p in proposals}

    def clean_adopt(self) -> dict[str, int]:
        chosen: dict[str, int] = {}
        for value in self.cleaned_data["adopt"]:
            skill, score = value.split(":")
            if skill in chosen:
                raise forms.ValidationError(f"Pick one new score for {self.names[skill]}.")
            chosen[skill] = int(score)
        return chosen

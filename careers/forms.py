from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from .models import Level


class StartAssessmentForm(forms.Form):
    """The target level a job seeker aims at; offered levels are the career's own."""

    level = forms.ChoiceField(label="Target level", widget=forms.RadioSelect)

    def __init__(self, *args: Any, levels: Sequence[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = {lv.slug: lv for lv in levels}
        self.fields["level"].choices = [(lv.slug, lv.name) for lv in levels]
        if levels:
            self.fields["level"].initial = levels[0].slug

    def clean_level(self) -> Level:
        return self.levels[self.cleaned_data["level"]]

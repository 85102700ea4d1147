from __future__ import annotations

from typing import Any

from django import forms

from assessments.forms import SCORE_MESSAGE, bounded_int
from careers.models import SCORE_MAX, SCORE_MIN

from . import documents, services
from .models import TITLE_MAX


class PostingForm(forms.Form):
    """Paste a posting's text or upload it; one of the two."""

    title = forms.CharField(
        max_length=TITLE_MAX, required=False, help_text="Optional: the first line is used."
    )
    company = forms.CharField(max_length=TITLE_MAX, required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label="Posting text",
        help_text="Paste the whole ad, at most 200 KB.",
    )
    file = forms.FileField(
        required=False,
        label="Or upload it",
        help_text=".txt, .pdf, .docx or .html, at most 200 KB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(documents.KINDS)}),
    )

    def clean_file(self) -> str | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > documents.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 200 KB.")
        try:
            return documents.text_of(documents.Upload(upload.name, upload.read()))
        except documents.Unreadable as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("file") or data.get("text") or ""
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if "file" in self.errors:
            return data
        problem = services.text_problem(text)
        if problem:
            self.add_error("text", problem)
        data["posting_text"] = text
        return data


class RateForm(forms.Form):
    """A never-rated skill's score, rated on the posting's page: chosen, never a default 0."""

    score = bounded_int(SCORE_MIN, SCORE_MAX, SCORE_MESSAGE, label="Your level (0–5)")

    def refusal(self, skill_name: str) -> str:
        if self.has_error("score", "required"):
            return f"Choose your level for {skill_name} from 0 to 5, then save."
        return SCORE_MESSAGE

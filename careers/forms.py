from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from .models import TARGET_MAX, TARGET_MIN, Career, Level, Requirement, Skill


class StartAssessmentForm(forms.Form):
    """The target level a job seeker aims at; offered levels are the career's own."""

    level = forms.ChoiceField(label="Target level", widget=forms.RadioSelect)

    def __init__(self, *args: Any, levels: Iterable[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = list(levels)
        self.levels = {lv.slug: lv for lv in levels}
        levels_field = cast(forms.ChoiceField, self.fields["level"])
        levels_field.choices = [(lv.slug, lv.name) for lv in levels]
        if levels:
            self.fields["level"].initial = levels[0].slug

    def clean_level(self) -> Level:
        return self.levels[self.cleaned_data["level"]]


def refuse_falling_target(form: forms.BaseForm, **where: Any) -> None:
    """Add careers/rules.py's message to `target` if it breaks the level rule."""
    target = form.cleaned_data.get("target")
    if target is None or None in where.values():
        return
    editing = form.instance.pk if isinstance(form, forms.ModelForm) else None
    for problem in Requirement.objects.falling_targets(target=target, editing=editing, **where):
        form.add_error("target", str(problem))


class RequirementCellForm(forms.ModelForm):
    """One cell of the matrix: a skill's target, weight and must-have at one level."""

    class Meta:
        model = Requirement
        fields = ["target", "weight", "must_have"]
        labels = {"must_have": "Must-have"}

    def __init__(
        self, *args: Any, career: Career, skill: Skill, level: Level, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", f"cell-{skill.pk}-{level.pk}-%s")
        kwargs.setdefault("label_suffix", "")  # labels sit beside small inputs in a cell
        super().__init__(*args, **kwargs)
        self.instance.career, self.instance.skill, self.instance.level = career, skill, level
        for name in ("target", "weight"):
            self.fields[name].widget.attrs.update({"min": TARGET_MIN, "max": TARGET_MAX})

    def clean_target(self) -> int | None:
        return in_range(self.cleaned_data.get("target"), "Targets")

    def clean_weight(self) -> int | None:
        return in_range(self.cleaned_data.get("weight"), "Weights")

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        i = self.instance
        refuse_falling_target(self, career=i.career, skill=i.skill, level=i.level)
        return cleaned


def in_range(value: int | None, what: str) -> int | None:
    """A target or weight, or the error that says which values there are (not 'Ensure…')."""
    if value is not None and not TARGET_MIN <= value <= TARGET_MAX:
        raise forms.ValidationError(
            f"{what} run {TARGET_MIN}–{TARGET_MAX}; {value} is not one.", code="range"
        )
    return value


class AddSkillForm(forms.Form):
    """Require another skill of a career at one level, found by its name, slug or alias."""

    skill = forms.CharField(label="Skill", help_text="Its name, slug or one of its aliases.")
    level = forms.ChoiceField()
    target = forms.IntegerField(min_value=TARGET_MIN, max_value=TARGET_MAX)
    weight = forms.IntegerField(min_value=TARGET_MIN, max_value=TARGET_MAX, initial=3)
    must_have = forms.BooleanField(required=False, label="Must-have")

    def __init__(self, *args: Any, career: Career, levels: Iterable[Level], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.career = career
        self.levels = {str(lv.pk): lv for lv in levels}  # the matrix's, read once for both
        levels_field = cast(forms.ChoiceField, self.fields["level"])
        levels_field.choices = [(pk, lv.name) for pk, lv in self.levels.items()]

    def clean_level(self) -> Level:
        return self.levels[self.cleaned_data["level"]]

    def clean_skill(self) -> Skill:
        text = self.cleaned_data["skill"].strip()
        found = list(Skill.objects.named(text)[:3])
        if not found:
            raise forms.ValidationError(
                f"No skill is called “{text}”: add it under Skills (or import it) first."
            )
        if len(found) > 1:
            slugs = ", ".join(s.slug for s in found)
            raise forms.ValidationError(f"“{text}” names several skills ({slugs}): give a slug.")
        if found[0].archived:
            raise forms.ValidationError(f"{found[0].name} is archived: restore it first.")
        return found[0]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        skill, level = self.cleaned_data.get("skill"), self.cleaned_data.get("level")
        where = {"career": self.career, "skill": skill, "level": level}
        if skill and level and Requirement.objects.filter(**where).exists():
            raise forms.ValidationError(
                f"{skill.name} is already required at {level.name}: edit its cell instead."
            )
        refuse_falling_target(self, **where)
        return cleaned

    def save(self) -> Requirement:
        data = self.cleaned_data
        return Requirement.objects.create(
            career=self.career,
            **{k: data[k] for k in ("skill", "level", "target", "weight", "must_have")},
        )

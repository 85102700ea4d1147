"""The skill taxonomy that curators keep and job seekers assess themselves against."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse

from . import rules

SCORE_MIN, SCORE_MAX = 0, 5
TARGET_MIN, TARGET_MAX = 1, 5

SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
ONE_TO_FIVE = [MinValueValidator(TARGET_MIN), MaxValueValidator(TARGET_MAX)]


class HttpsURLField(models.URLField):
    """A URL whose form field assumes https:// when a curator leaves the scheme out.

    Django 6 makes this the default; saying it here silences 5.2's transition warning.
    """

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class SlugManager(models.Manager):
    """Natural key by slug: fixtures load the same on SQLite and PostgreSQL."""

    def get_by_natural_key(self, slug: str) -> Any:
        return self.get(slug=slug)


class Level(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(
        unique=True, help_text="Order of seniority: entry 1, mid 2, senior 3."
    )

    objects = SlugManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rank__gte=1), name="level_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Career(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)

    objects = SlugManager()

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("careers:detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class CareerLevelManager(models.Manager):
    def get_by_natural_key(self, career_slug: str, level_slug: str) -> CareerLevel:
        return self.get(career__slug=career_slug, level__slug=level_slug)


class CareerLevel(models.Model):
    """What a level means for one career: experience, pay and expectations."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="career_levels")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="career_levels")
    years_min = models.PositiveSmallIntegerField(default=0)
    years_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty for open-ended (10+ years)."
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    description = models.TextField(blank=True)

    objects = CareerLevelManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["career", "level"], name="careerlevel_unique"),
            models.CheckConstraint(
                condition=Q(years_max__isnull=True) | Q(years_max__gte=F("years_min")),
                name="careerlevel_years_ordered",
                violation_error_message="The maximum years are below the minimum.",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=F("salary_min")),
                name="careerlevel_salary_ordered",
                violation_error_message="The salary band's maximum is below its minimum.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.career} · {self.level}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.career.natural_key(), *self.level.natural_key())

    natural_key.dependencies = ["careers.career", "careers.level"]  # type: ignore[attr-defined]

    @property
    def years(self) -> str:
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min}–{self.years_max} years"

    @property
    def salary_band(self) -> str:
        if self.salary_min is None or self.salary_max is None:
            return ""
        return f"{self.currency} {self.salary_min:,} – {self.salary_max:,}"


class SkillCategory(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Display order, lowest first.")

    objects = SlugManager()

    class Meta:
        verbose_name_plural = "skill categories"

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Skill(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)
    hours_per_point = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1)],
        help_text="Effort, in hours, to rise one proficiency point.",
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        help_text="Skills to learn first. Must not form a cycle.",
    )
    onet_id = models.CharField("O*NET element id", max_length=32, blank=True)
    esco_uri = HttpsURLField("ESCO URI", max_length=300, blank=True)
    sfia_code = models.CharField("SFIA code", max_length=16, blank=True)

    objects = SlugManager()

    class Meta:
        constraints = [
            # The learning path divides by effort: zero hours would make priority infinite.
            models.CheckConstraint(
                condition=Q(hours_per_point__gte=1), name="skill_hours_per_point_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["careers.skillcategory"]  # type: ignore[attr-defined]

    def check_prerequisites(self, proposed: Iterable[Skill]) -> None:
        """Refuse `proposed` as this skill's prerequisites if they would close a cycle."""
        check_prerequisite_graph({self.pk: [s.pk for s in proposed]})


def check_prerequisite_graph(changes: dict[int | None, list[int]]) -> None:
    """Raise ValidationError naming the cycle if the graph with `changes` applied has one.

    `changes` maps a skill id to its complete new list of prerequisite ids.
    """
    edges: dict[int | None, list[int]] = {}
    through = Skill.prerequisites.through
    for from_id, to_id in through.objects.values_list("from_skill_id", "to_skill_id"):
        edges.setdefault(from_id, []).append(to_id)
    edges.update(changes)
    cycle = rules.find_cycle(edges)
    if cycle is None:
        return
    edited = next((pk for pk in cycle if pk in changes), None)
    if edited is not None:  # name the cycle from the skill being edited, as a curator reads it
        cycle = rules.rotate_cycle(cycle, edited)
    names = dict(Skill.objects.filter(pk__in=cycle).values_list("pk", "name"))
    raise ValidationError(
        "Prerequisites must not form a cycle: %(cycle)s",
        code="prerequisite_cycle",
        params={"cycle": rules.format_cycle(names.get(pk, "this skill") for pk in cycle)},
    )


class DescriptorManager(models.Manager):
    def get_by_natural_key(self, score: int, skill_slug: str | None) -> Descriptor:
        return (
            self.get(score=score, skill__slug=skill_slug)
            if skill_slug
            else self.get(score=score, skill__isnull=True)
        )


class Descriptor(models.Model):
    """What a proficiency score means: the default scale, or one skill's own wording."""

    skill = models.ForeignKey(
        Skill,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="descriptors",
        help_text="Empty for the default scale.",
    )
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    label = models.CharField(max_length=40, blank=True, help_text="e.g. Competent")
    text = models.CharField(max_length=300)

    objects = DescriptorManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="descriptor_score_range",
            ),
            # Two constraints because NULLs never collide in a plain unique index:
            # the rating page relies on exactly one default wording per score.
            models.UniqueConstraint(
                fields=["score"], condition=Q(skill__isnull=True), name="descriptor_default_unique"
            ),
            models.UniqueConstraint(
                fields=["skill", "score"],
                condition=Q(skill__isnull=False),
                name="descriptor_skill_unique",
            ),
        ]

    def __str__(self) -> str:
        owner = self.skill.name if self.skill_id else "Default scale"
        return f"{owner} · {self.score}"

    def natural_key(self) -> tuple[int, str | None]:
        return (self.score, self.skill.slug if self.skill_id else None)

    natural_key.dependencies = ["careers.skill"]  # type: ignore[attr-defined]


class RequirementManager(models.Manager):
    def get_by_natural_key(self, career: str, skill: str, level: str) -> Requirement:
        return self.get(career__slug=career, skill__slug=skill, level__slug=level)


class Requirement(models.Model):
    """A career needs a skill at a level: how much (target), how important (weight)."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="requirements")
    target = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text="Proficiency needed, 1–5."
    )
    weight = models.PositiveSmallIntegerField(
        default=3, validators=ONE_TO_FIVE, help_text="Importance, 1–5."
    )
    must_have = models.BooleanField(
        default=False, help_text="Below target blocks the level whatever the readiness."
    )

    objects = RequirementManager()

    class Meta:
        constraints = [
            # Scoring reads one target per (career, skill, level).
            models.UniqueConstraint(fields=["career", "skill", "level"], name="requirement_unique"),
            models.CheckConstraint(
                condition=Q(target__gte=TARGET_MIN, target__lte=TARGET_MAX),
                name="requirement_target_range",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="requirement_weight_range"
            ),
        ]
        indexes = [
            # The career page and the rating page read a career's rows level by level.
            models.Index(fields=["career", "level"], name="requirement_career_level"),
        ]

    def __str__(self) -> str:
        return f"{self.career} · {self.skill} · {self.level}: {self.target}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.career.slug, self.skill.slug, self.level.slug)

    natural_key.dependencies = [  # type: ignore[attr-defined]
        "careers.career",
        "careers.skill",
        "careers.level",
    ]

    def as_level_target(self) -> rules.LevelTarget:
        return rules.LevelTarget(self.skill.name, self.level.name, self.level.rank, self.target)


class ResourceKind(models.TextChoices):
    COURSE = "course", "Course"
    BOOK = "book", "Book"
    DOCS = "docs", "Documentation"
    PROJECT = "project", "Project"
    VIDEO = "video", "Video"


class ResourceManager(models.Manager):
    def get_by_natural_key(self, skill_slug: str, url: str) -> Resource:
        return self.get(skill__slug=skill_slug, url=url)


class Resource(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = HttpsURLField(max_length=500)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    hours = models.PositiveSmallIntegerField(help_text="Rough time to work through it.")
    from_score = models.PositiveSmallIntegerField(
        default=0, validators=SCORE_VALIDATORS, help_text="Serves learners from…"
    )
    to_score = models.PositiveSmallIntegerField(
        default=5, validators=SCORE_VALIDATORS, help_text="…up to this score."
    )
    is_free = models.BooleanField(default=True)

    objects = ResourceManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "url"], name="resource_unique_per_skill"),
            models.CheckConstraint(
                condition=Q(from_score__gte=SCORE_MIN)
                & Q(to_score__lte=SCORE_MAX)
                & Q(to_score__gt=F("from_score")),
                name="resource_score_range",
                violation_error_message="A resource serves a range of scores: from below to.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, str]:
        return (self.skill.slug, self.url)

    natural_key.dependencies = ["careers.skill"]  # type: ignore[attr-defined]


@receiver(m2m_changed, sender=Skill.prerequisites.through)
def refuse_prerequisite_cycles(
    sender: type[models.Model],
    instance: Skill,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Backstop for code paths that skip the admin form (shell, imports, fixtures)."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # instance becomes a prerequisite of every skill in pk_set
        changes: dict[int | None, list[int]] = {pk: [instance.pk] for pk in pk_set}
        edges = sender.objects.filter(from_skill_id__in=pk_set)
        for after, before in edges.values_list("from_skill_id", "to_skill_id"):
            changes[after].append(before)
    else:
        current = list(instance.prerequisites.values_list("pk", flat=True))
        changes = {instance.pk: [*current, *pk_set]}
    check_prerequisite_graph(changes)

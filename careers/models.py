"""The skill taxonomy that curators keep and job seekers assess themselves against."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver
from django.urls import reverse

from lib.names import name_key, search_terms, search_words

from . import rules
from .links import WEB_SCHEMES

SCORE_MIN, SCORE_MAX = 0, 5
TARGET_MIN, TARGET_MAX = 1, 5

SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
ONE_TO_FIVE = [MinValueValidator(TARGET_MIN), MaxValueValidator(TARGET_MAX)]


class HttpsURLField(models.URLField):
    """A web link: http(s) only, and https:// assumed when a curator leaves it out.

    Other schemes (javascript:, data:, ftp:) are refused here, by a constraint in the
    database and by the importer; pages render links through the `web_url` filter too.
    Assuming https is Django 6's default; saying it here silences 5.2's warning.
    """

    default_validators = [URLValidator(schemes=list(WEB_SCHEMES))]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def web_link_only(field: str, *, blank: bool = False) -> Q:
    """A CheckConstraint condition: the field holds an http(s) link (or nothing)."""
    condition = Q(**{f"{field}__istartswith": "http://"}) | Q(
        **{f"{field}__istartswith": "https://"}
    )
    return condition | Q(**{field: ""}) if blank else condition


def key_field() -> models.TextField[str, str]:
    """A name as names are compared (lib/names.py), filled on every save by `fill_keys`.

    A stored column rather than an index on an expression: the comparison is Unicode
    folding that SQLite cannot compute, so Python computes it once and both databases
    hold the same key under one plain unique index (docs/taxonomy.md, "Names").
    """
    # db_default too: during a release, servers on the previous code insert rows without
    # the column (as Career.order's comment says); the key is filled on their next save.
    return models.TextField(editable=False, default="", db_default="")


def unique_name_key(model: str) -> models.UniqueConstraint:
    # Look-alike names (python/Python, Café/Cafe, a zero-width space) are one name: the
    # admin's forms and the importer's preview say so first, this backs them up.
    return models.UniqueConstraint(
        fields=["name_key"],
        name=f"{model}_name_key_unique",
        violation_error_message="A name that looks the same is already taken.",
    )


def salary_ordered(name: str, message: str) -> models.CheckConstraint:
    """A pay range's maximum is not below its minimum (either may be blank): a career
    level's band and a salary figure alike."""
    return models.CheckConstraint(
        condition=Q(salary_min__isnull=True)
        | Q(salary_max__isnull=True)
        | Q(salary_max__gte=F("salary_min")),
        name=name,
        violation_error_message=message,
    )


class NameKeyed:
    """`clean()` refuses a name that looks like another row's: the admin form's message."""

    name: str
    pk: Any
    _meta: Any

    def look_alike(self) -> Any:
        """Another row whose name compares equal to this one's, if any."""
        manager = type(self)._default_manager  # type: ignore[attr-defined]
        return manager.filter(name_key=name_key(self.name)).exclude(pk=self.pk).first()

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        other = self.look_alike() if self.name else None
        if other is not None:
            raise ValidationError({"name": look_alike_message(self.name, other.name, self._meta)})


def look_alike_message(name: str, other: str, meta: Any) -> str:
    if name == other:
        return f"“{name}” is already the name of another {meta.verbose_name}."
    return (
        f"“{name}” looks the same as “{other}”, the name of another {meta.verbose_name}: "
        "names are compared ignoring case, accents, character width and invisible characters."
    )


class SlugManager(models.Manager):
    """Natural key by slug: fixtures load the same on SQLite and PostgreSQL."""

    def get_by_natural_key(self, slug: str) -> Any:
        return self.get(slug=slug)


class LevelQuerySet(models.QuerySet["Level"]):
    def assessable_for(self, career: Career | int) -> LevelQuerySet:
        """The levels a job seeker can aim at in `career`: those it has requirements at."""
        return (
            self.filter(requirements__career=career, requirements__skill__archived=False)
            .distinct()
            .order_by("rank")
        )


class Level(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(1)],
        help_text="Order of seniority: entry 1, mid 2, senior 3.",
    )

    objects = SlugManager.from_queryset(LevelQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rank__gte=1), name="level_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Career(NameKeyed, models.Model):
    name = models.CharField(max_length=120)
    name_key = key_field()
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    # db_default too: while a release rolls out, servers still on the previous code insert
    # careers without this column, and the database must fill it in for them.
    order = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="Where the home page lists it, lowest first."
    )

    objects = SlugManager()

    class Meta:
        constraints = [unique_name_key("career")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("careers:detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class CareerLevelManager(models.Manager["CareerLevel"]):
    def get_by_natural_key(self, career_slug: str, level_slug: str) -> CareerLevel:
        return self.get(career__slug=career_slug, level__slug=level_slug)


class CareerLevel(models.Model):
    """What a level means for one career: experience, pay and expectations."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="career_levels")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="career_levels")
    # Empty when the source gives no years for the level: the page says nothing rather
    # than a figure nobody gave (issue 24 found invented ones).
    years_min = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the source gives no years."
    )
    years_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty for open-ended (10+ years)."
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    source = models.CharField(
        max_length=200,
        blank=True,
        db_default="",  # servers on the previous release insert levels without it
        help_text="Where the years and pay come from.",
    )
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
            salary_ordered(
                "careerlevel_salary_ordered", "The salary band's maximum is below its minimum."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.career} · {self.level}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.career.natural_key(), *self.level.natural_key())

    # Django's serializer reads this attribute off the function; typeshed's functions have none.
    natural_key.dependencies = ["careers.career", "careers.level"]  # type: ignore[attr-defined]

    @property
    def years(self) -> str:
        if self.years_min is None:
            return ""
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min}–{self.years_max} years"

    @property
    def salary_band(self) -> str:
        if self.salary_min is None or self.salary_max is None:
            return ""
        return f"{self.currency} {self.salary_min:,} – {self.salary_max:,}"


class PlaceKind(models.TextChoices):
    """Where a pay figure holds: the whole market, a city, remote work or an employer."""

    MARKET = "market", "Across the market"
    CITY = "city", "City"
    REMOTE = "remote", "Remote"
    EMPLOYER = "employer", "Employer"


class SalaryBand(models.Model):
    """A pay figure of a career as its source gives it: for a level (or any), at a place.

    The source's own shapes are kept: a range, "up to" (no minimum), a single figure
    (minimum = maximum), "~" (approximate) and "+" (open at the top).
    """

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="salary_bands")
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="salary_bands",
        help_text="Empty when the figure is for no one level.",
    )
    label = models.CharField(max_length=200, help_text="What the figure is, in the source's words.")
    place_kind = models.CharField(
        max_length=10, choices=PlaceKind.choices, default=PlaceKind.MARKET
    )
    place = models.CharField(
        max_length=120, blank=True, help_text="The city or employer; empty across the market."
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    approximate = models.BooleanField(default=False, help_text="The source says ~ or around.")
    open_ended = models.BooleanField(default=False, help_text="The source says + or over.")
    currency = models.CharField(max_length=3, default="USD")
    source = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Display order, lowest first.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=False) | Q(salary_max__isnull=False),
                name="salaryband_has_a_figure",
                violation_error_message="A pay figure needs a minimum, a maximum or both.",
            ),
            salary_ordered("salaryband_ordered", "The maximum is below the minimum."),
            models.CheckConstraint(
                condition=Q(place_kind__in=PlaceKind.values), name="salaryband_place_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(place_kind=PlaceKind.MARKET) | ~Q(place=""),
                name="salaryband_place_named",
                violation_error_message="A city, remote or employer figure names its place.",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="salaryband_source_given"),
        ]

    def __str__(self) -> str:
        return f"{self.career} · {self.label}"

    @property
    def figure(self) -> str:
        """The figure as the source writes it: '$150,000 – $200,000+', 'up to $258,810'."""
        sign = "$" if self.currency == "USD" else f"{self.currency} "
        low = f"{sign}{self.salary_min:,}" if self.salary_min is not None else ""
        high = f"{sign}{self.salary_max:,}" if self.salary_max is not None else ""
        plus = "+" if self.open_ended else ""
        about = "~" if self.approximate else ""
        if not low:
            return f"up to {about}{high}{plus}"
        if not high:
            return f"{about}{low}{plus}"
        if low == high:
            return f"{about}{low}{plus}"
        return f"{about}{low} – {high}{plus}"


class DemandFigure(models.Model):
    """A market-demand figure of a career, with who measured it and over what period."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="demand")
    text = models.CharField(max_length=300, help_text="The figure, in the source's words.")
    source = models.CharField(
        max_length=200, help_text="Who measured it, or that the guide names no one."
    )
    period = models.CharField(max_length=100, blank=True, help_text="e.g. 2023–2030, past year")
    order = models.PositiveSmallIntegerField(default=0, help_text="Display order, lowest first.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="demandfigure_text_given"),
            models.CheckConstraint(condition=~Q(source=""), name="demandfigure_source_given"),
        ]

    def __str__(self) -> str:
        return self.text


class NoteSection(models.TextChoices):
    """The parts of a career guide that are lists of statements, in the page's order."""

    RESPONSIBILITY = "responsibility", "Responsibilities"
    DEGREE = "degree", "Degrees"
    SKILLS_IN_DEMAND = "skills_in_demand", "Skills in demand"
    TREND = "trend", "Trends"
    PRACTICE = "practice", "Best practices"
    CHALLENGE = "challenge", "Common challenges"


class CareerNote(models.Model):
    """One statement of a career guide's lists, under the guide's own heading."""

    career = models.ForeignKey(Career, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(max_length=20, choices=NoteSection.choices)
    heading = models.CharField(max_length=120, blank=True, help_text="The guide's sub-heading.")
    text = models.CharField(max_length=1000)
    order = models.PositiveSmallIntegerField(default=0, help_text="Display order, lowest first.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=NoteSection.values), name="careernote_section_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="careernote_text_given"),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.text[:60]}"


class SkillCategory(NameKeyed, models.Model):
    name = models.CharField(max_length=120)
    name_key = key_field()
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Display order, lowest first.")

    objects = SlugManager()

    class Meta:
        verbose_name_plural = "skill categories"
        constraints = [unique_name_key("skillcategory")]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


# The end of an id worth matching without its prefix: it has a digit, no space or letter run
# alone ("data" is not one, "2.B.3.e" and an ESCO uuid are).
CODE_TAIL = re.compile(r"(?=.*\d)[^\s/]+")


class SkillQuerySet(models.QuerySet["Skill"]):
    def current(self) -> SkillQuerySet:
        """Skills people are assessed on now: archived ones are kept only for the record."""
        return self.filter(archived=False)

    def named(self, text: str) -> SkillQuerySet:
        """Skills `text` names exactly: a slug, a name or an alias, compared as names are."""
        key = name_key(text)
        return self.filter(Q(slug=text) | Q(name_key=key) | Q(aliases__name_key=key)).distinct()

    def search(self, query: str) -> SkillQuerySet:
        """Skills whose name, description or an alias has a word starting with each word of
        `query`, or with an external id that is `query` (or ends in "/" and it: an ESCO uuid).

        Words, not substrings: "data" must not find every ESCO id by its "data.europa.eu".
        """
        return self.filter(pk__in=search_ids(query)) if query.strip() else self.all()

    def with_aliases(self) -> SkillQuerySet:
        """Prefetch aliases, so `alias_names()` costs no query per skill (admin, rating filter)."""
        return self.prefetch_related(
            Prefetch("aliases", queryset=SkillAlias.objects.order_by("name"))
        )


def search_ids(query: str) -> models.QuerySet[Any, Any]:
    """The ids of the skills `query` finds (SkillQuerySet.search), as one subquery.

    Each place is its own query, united, so that each uses its index: PostgreSQL's trigram
    indexes serve `LIKE '% data%'` only when no OR joins it to another table's test.
    """
    code = query.strip()
    ids = ExternalId.objects.filter(code=code).values("skill_id")
    if CODE_TAIL.fullmatch(code):  # a uuid, an O*NET element: never a plain word
        ids = ids.union(ExternalId.objects.filter(code__endswith=f"/{code}").values("skill_id"))
    terms = search_terms(query)
    if len(terms) == 1:
        return ids.union(*word_ids(terms[0]))
    if terms:
        found = Skill.objects.all()
        for term in terms:  # every word, each in the name, the description or an alias
            by_skill, by_alias = word_ids(term)
            found = found.filter(pk__in=by_skill.union(by_alias))
        ids = ids.union(found.values("pk"))
    return ids


def word_ids(term: str) -> tuple[models.QuerySet[Any, Any], models.QuerySet[Any, Any]]:
    """Skills with a word starting `term` in their name or description; and in an alias."""
    pattern = f" {term}"
    return (
        Skill.objects.filter(search_words__contains=pattern).values("pk"),
        SkillAlias.objects.filter(search_words__contains=pattern).values("skill_id"),
    )


class Skill(NameKeyed, models.Model):
    name = models.CharField(max_length=120)
    name_key = key_field()
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
    # db_default: servers still on the previous release insert skills without this column.
    in_demand = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The career guide calls it in demand: marked on every page.",
    )
    archived = models.BooleanField(
        default=False,
        help_text="Retired: left out of new assessments, career pages and the matrix. "
        "Ratings and saved reports keep it.",
    )
    # The words of the name and description, folded (lib/names.py): what admin search and
    # the prerequisite autocomplete match word prefixes in. PostgreSQL indexes it by
    # trigrams (migration 0010).
    search_words = models.TextField(editable=False, default="", db_default="")

    objects = SlugManager.from_queryset(SkillQuerySet)()

    class Meta:
        constraints = [
            # The learning path divides by effort: zero hours would make priority infinite.
            models.CheckConstraint(
                condition=Q(hours_per_point__gte=1), name="skill_hours_per_point_positive"
            ),
            unique_name_key("skill"),
        ]
        indexes = [
            # The admin's list and the prerequisite autocomplete page through skills by name.
            models.Index(fields=["name"], name="skill_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    # Django's serializer reads this attribute off the function; typeshed's functions have none.
    natural_key.dependencies = ["careers.skillcategory"]  # type: ignore[attr-defined]

    def alias_names(self) -> list[str]:
        """Other names people know the skill by (ESCO's alternative labels, say), sorted."""
        return sorted(alias.name for alias in self.aliases.all())

    def codes(self) -> dict[str, list[str]]:
        """The skill's external ids per scheme, every scheme present, codes sorted."""
        found: dict[str, list[str]] = {scheme: [] for scheme in Scheme.values}
        for external in self.external_ids.all():
            found[external.scheme].append(external.code)
        return {scheme: sorted(codes) for scheme, codes in found.items()}


class Scheme(models.TextChoices):
    """Public frameworks a skill can be crosswalked to."""

    ONET = "onet", "O*NET"
    ESCO = "esco", "ESCO"
    SFIA = "sfia", "SFIA"


# ESCO ids are URIs that people follow; links curators supply are http(s) only (DESIGN.md).
HTTP_URL = URLValidator(schemes=["http", "https"])


def code_problem(scheme: str, code: str) -> str | None:
    """Why `code` cannot be an id in `scheme`, or None: the admin form and the import agree."""
    if scheme == Scheme.ESCO:
        try:
            HTTP_URL(code)
        except ValidationError:
            return f"{code!r} is not an http(s) URI, as ESCO ids are"
    return None


class ExternalId(models.Model):
    """One of a skill's ids in a public framework; a skill may have several per scheme."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="external_ids")
    scheme = models.CharField(max_length=8, choices=Scheme.choices)
    code = models.CharField(max_length=300, help_text="O*NET element id, ESCO URI or SFIA code.")

    class Meta:
        verbose_name = "external id"
        constraints = [
            # Import merges look skills up by (scheme, code); one skill lists a code once.
            models.UniqueConstraint(fields=["skill", "scheme", "code"], name="externalid_unique"),
            models.CheckConstraint(
                condition=Q(scheme__in=Scheme.values), name="externalid_scheme_valid"
            ),
            models.CheckConstraint(condition=~Q(code=""), name="externalid_code_not_empty"),
            models.CheckConstraint(
                condition=~Q(scheme=Scheme.ESCO)
                | Q(code__startswith="http://")
                | Q(code__startswith="https://"),
                name="externalid_esco_is_http",
                violation_error_message="An ESCO id is an http(s) URI.",
            ),
        ]
        indexes = [
            # Skill search finds a skill by a whole id (an ESCO URI pasted from ESCO's site).
            models.Index(fields=["code"], name="externalid_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.code}"

    def clean(self) -> None:
        problem = code_problem(self.scheme, self.code)
        if problem:
            raise ValidationError({"code": problem})


class SkillAlias(models.Model):
    """Another name for a skill: found by the admin search and the rating page's filter."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)
    # Filled on save like a skill's (lib/names.py): `Skill.objects.named` compares the key,
    # admin search matches word prefixes.
    name_key = key_field()
    search_words = models.TextField(editable=False, default="", db_default="")

    class Meta:
        verbose_name_plural = "skill aliases"
        constraints = [
            models.UniqueConstraint(fields=["skill", "name"], name="skillalias_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="skillalias_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


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
    saved = [pk for pk in cycle if pk is not None]  # None: a skill not saved yet
    names: dict[int | None, str] = dict(
        Skill.objects.filter(pk__in=saved).values_list("pk", "name")
    )
    raise ValidationError(
        "Prerequisites must not form a cycle: %(cycle)s",
        code="prerequisite_cycle",
        params={"cycle": rules.format_cycle(names.get(pk, "this skill") for pk in cycle)},
    )


class DescriptorManager(models.Manager["Descriptor"]):
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
        owner = self.skill.name if self.skill is not None else "Default scale"
        return f"{owner} · {self.score}"

    def natural_key(self) -> tuple[int, str | None]:
        return (self.score, self.skill.slug if self.skill is not None else None)

    # Django's serializer reads this attribute off the function; typeshed's functions have none.
    natural_key.dependencies = ["careers.skill"]  # type: ignore[attr-defined]


class RequirementQuerySet(models.QuerySet["Requirement"]):
    def for_career(self, career: Career | int) -> RequirementQuerySet:
        """A career's requirements at every level, with what pages and scoring read of them."""
        return self.filter(career=career).select_related("skill__category", "level")

    def current(self) -> RequirementQuerySet:
        """Requirements of skills that are not archived: what careers ask of people now."""
        return self.filter(skill__archived=False)

    def falling_targets(
        self, *, career: Career, skill: Skill, level: Level, target: int, editing: int | None
    ) -> list[rules.FallingTarget]:
        """Where `target` for `skill` at `level` would break the level rule in `career`.

        Checked against the skill's other levels in the database; `editing` is the pk of the
        row being changed, if it exists. Every form that edits one requirement asks this,
        so they all refuse the same things with the same words.
        """
        siblings = (
            self.filter(career=career, skill=skill)
            .exclude(level=level)
            .exclude(pk=editing)
            .select_related("skill", "level")
        )
        rows = [r.as_level_target() for r in siblings]
        rows.append(rules.LevelTarget(skill.name, level.name, level.rank, target))
        return rules.falling_targets(rows)


# django-stubs cannot type a base class made by a call; the manager still gets the queryset's
# methods at run time, where mypy sees an Any base.
class RequirementManager(models.Manager.from_queryset(RequirementQuerySet)):  # type: ignore[misc]
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

    # Django's serializer reads this attribute off the function; typeshed's functions have none.
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


class ResourceManager(models.Manager["Resource"]):
    def get_by_natural_key(self, skill_slug: str, url: str) -> Resource:
        return self.get(skill__slug=skill_slug, url=url)


class Resource(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = HttpsURLField(max_length=500)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    hours = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Rough time to work through it."
    )
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
            # Hours feed the report's path; a resource of no time is a curator's slip.
            models.CheckConstraint(condition=Q(hours__gte=1), name="resource_hours_positive"),
            # Reports link to resources: a javascript: link would run in people's browsers.
            models.CheckConstraint(condition=web_link_only("url"), name="resource_url_web"),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, str]:
        return (self.skill.slug, self.url)

    # Django's serializer reads this attribute off the function; typeshed's functions have none.
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
        edges = sender._default_manager.filter(from_skill_id__in=pk_set)
        for after, before in edges.values_list("from_skill_id", "to_skill_id"):
            changes[after].append(before)
    else:
        current = list(instance.prerequisites.values_list("pk", flat=True))
        changes = {instance.pk: [*current, *pk_set]}
    check_prerequisite_graph(changes)


class TaxonomyVersion(models.Model):
    """One row whose number every change to the taxonomy raises (careers/versions.py).

    What is drawn from the taxonomy (the career page's matrix, the requirements a rating
    page reads) is cached under this number: a curator's save, an import, an archive or a
    delete makes the next page read and draw afresh, on every server sharing the database.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="taxonomyversion_one_row")]

    def __str__(self) -> str:
        return f"taxonomy version {self.number}"


@receiver(pre_save, sender=Career)
@receiver(pre_save, sender=SkillCategory)
@receiver(pre_save, sender=Skill)
@receiver(pre_save, sender=SkillAlias)
def fill_keys(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Keys on every save, fixtures (raw saves) included; bulk writes call `keys_of`."""
    for name, value in keys_of(instance).items():
        setattr(instance, name, value)


def keys_of(instance: models.Model) -> dict[str, str]:
    """The stored keys of a row, from its name (and a skill's description)."""
    name = str(getattr(instance, "name", ""))
    keys = {"name_key": name_key(name)}
    if isinstance(instance, Skill):
        keys["search_words"] = search_words(name, instance.description)
    elif isinstance(instance, SkillAlias):
        keys["search_words"] = search_words(name)
    return keys


class ImportJob(models.Model):
    """A large admin import, checked and then written by a worker (careers.transfer.jobs).

    It holds the uploaded files between the preview and Confirm (a small upload keeps them
    in the session), the counts the progress page shows, and the preview or result. At
    most one job is `running` (checking or importing) at a time, across servers: the
    partial unique constraint is the lock, taken by whoever sets it first.
    """

    class State(models.TextChoices):
        CHECKING = "checking", "checking"
        CHECKED = "checked", "checked, awaiting Confirm"
        REFUSED = "refused", "refused by the checks"
        IMPORTING = "importing", "importing"
        IMPORTED = "imported", "imported"
        FAILED = "failed", "not imported"

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    files = models.JSONField()  # {name: base64 of its bytes}
    match_external_ids = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.CHECKING)
    running = models.BooleanField(default=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    preview = models.JSONField(null=True, blank=True)  # careers.transfer.jobs.Preview
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["running"], condition=Q(running=True), name="importjob_one_running"
            ),
            models.CheckConstraint(
                condition=Q(running=False) | Q(state__in=["checking", "importing"]),
                name="importjob_running_state",
            ),
        ]

    def __str__(self) -> str:
        return f"import {self.uuid} ({self.get_state_display()})"


class ExportJob(models.Model):
    """A large admin export, written by a worker (careers.transfer.export_jobs).

    Its own model rather than a kind of ImportJob: an export only reads, so it takes no
    lock, has no preview or Confirm, and many may run at once; what it shares with an
    import is the pattern (a row the task updates, a page that polls it), not the states.
    The file is kept here, in the database, as PDFs are (reports.DrawnPdf): every server
    reads it, and it is set in the same UPDATE as `state=done`, so a worker killed while
    exporting leaves no file, never half of one.
    """

    class State(models.TextChoices):
        EXPORTING = "exporting", "exporting"
        DONE = "done", "ready to download"
        FAILED = "failed", "not exported"

    class Format(models.TextChoices):
        JSON = "json", "JSON bundle"
        CSV = "csv", "CSV (zipped)"

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=8, choices=Format.choices)
    # The careers' slugs, as the admin action was given them; null: the whole taxonomy.
    careers = models.JSONField(null=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.EXPORTING)
    skills_total = models.PositiveIntegerField(default=0)
    skills_written = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True)  # the file: set with state=done, in one UPDATE
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(content__isnull=True) | Q(state="done"),
                name="exportjob_file_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.uuid} ({self.get_state_display()})"

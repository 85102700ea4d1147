"""factory-boy factories for test data; the seed fixtures are for people, not tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth.models import User
from django.db.models import Model

from assessments.models import Assessment, Rating
from careers.models import (
    Career,
    CareerLevel,
    Descriptor,
    ExternalId,
    Level,
    Requirement,
    Resource,
    ResourceKind,
    Skill,
    SkillAlias,
    SkillCategory,
)
from reports.models import Report, Share

PASSWORD = "correct-horse-battery"
M = TypeVar("M", bound=Model)


class ModelFactory(factory.django.DjangoModelFactory[M]):
    """A factory whose call is typed as its model: factory-boy types `create()` but not
    the call itself (its `__new__` is untyped), so mypy saw `UserFactory()` as a factory."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> M:  # type: ignore[misc]  # a model, not the factory
            ...


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")

    @factory.post_generation
    def password(user: User, create: bool, extracted: str | None, **kwargs: object) -> None:  # noqa: N805  # factory-boy passes the user made
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class LevelFactory(ModelFactory[Level]):
    class Meta:
        model = Level
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.Sequence(lambda n: f"level-{n}")
    rank = factory.Sequence(lambda n: n + 10)


def standard_levels() -> tuple[Level, Level, Level]:
    """Entry, mid and senior, as DESIGN.md names them."""
    return (
        LevelFactory(slug="entry", name="Entry", rank=1),
        LevelFactory(slug="mid", name="Mid", rank=2),
        LevelFactory(slug="senior", name="Senior", rank=3),
    )


class CareerFactory(ModelFactory[Career]):
    class Meta:
        model = Career

    name = factory.Sequence(lambda n: f"Career {n}")
    slug = factory.Sequence(lambda n: f"career-{n}")
    summary = "A career for tests."


class CareerLevelFactory(ModelFactory[CareerLevel]):
    class Meta:
        model = CareerLevel

    career = factory.SubFactory(CareerFactory)
    level = factory.SubFactory(LevelFactory)
    years_min = 0
    years_max = 2
    salary_min = 90000
    salary_max = 120000


class SkillCategoryFactory(ModelFactory[SkillCategory]):
    class Meta:
        model = SkillCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    order = factory.Sequence(lambda n: n)


class SkillFactory(ModelFactory[Skill]):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n:04d}")
    slug = factory.Sequence(lambda n: f"skill-{n:04d}")
    category = factory.SubFactory(SkillCategoryFactory)
    description = factory.LazyAttribute(lambda s: f"What {s.name} is about.")
    hours_per_point = 10


class ExternalIdFactory(ModelFactory[ExternalId]):
    class Meta:
        model = ExternalId

    skill = factory.SubFactory(SkillFactory)
    scheme = "onet"
    code = factory.Sequence(lambda n: f"2.B.{n}")


class SkillAliasFactory(ModelFactory[SkillAlias]):
    class Meta:
        model = SkillAlias

    skill = factory.SubFactory(SkillFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


SKILL_INLINES = ("aliases", "external_ids", "descriptors", "resources")


def skill_form(skill: Skill, **fields: object) -> dict[str, object]:
    """What the admin's skill change form posts: the skill as it is, every inline empty,
    then `fields` (an inline's rows set their own TOTAL_FORMS)."""
    data: dict[str, object] = {
        "name": skill.name,
        "slug": skill.slug,
        "category": skill.category_id,
        "description": skill.description,
        "hours_per_point": skill.hours_per_point,
    }
    for inline in SKILL_INLINES:
        data |= {f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0}
    return data | fields


def with_ids(skill: Skill, **schemes: str | list[str]) -> Skill:
    """Give a skill external ids: with_ids(python, onet="2.B.3.e", esco=[uri, uri])."""
    for scheme, codes in schemes.items():
        for code in [codes] if isinstance(codes, str) else codes:
            ExternalIdFactory(skill=skill, scheme=scheme, code=code)
    return skill


class DescriptorFactory(ModelFactory[Descriptor]):
    class Meta:
        model = Descriptor

    skill = None
    score = 3
    label = "Competent"
    text = "Works alone on everyday tasks."


class RequirementFactory(ModelFactory[Requirement]):
    class Meta:
        model = Requirement

    career = factory.SubFactory(CareerFactory)
    skill = factory.SubFactory(SkillFactory)
    level = factory.SubFactory(LevelFactory)
    target = 3
    weight = 3
    must_have = False


class ResourceFactory(ModelFactory[Resource]):
    class Meta:
        model = Resource

    skill = factory.SubFactory(SkillFactory)
    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://example.com/resource/{n}")
    kind = ResourceKind.COURSE
    hours = 10
    from_score = 0
    to_score = 3


def career_with_skills(
    n_skills: int, *, levels: tuple[Level, ...] | None = None, n_categories: int = 3
) -> Career:
    """A career requiring `n_skills` skills at every level, targets rising 2, 3, 4."""
    levels = levels or standard_levels()
    career = CareerFactory()
    for level in levels:
        CareerLevelFactory(career=career, level=level)
    categories = SkillCategoryFactory.create_batch(n_categories)
    skills = [SkillFactory(category=categories[i % n_categories]) for i in range(n_skills)]
    Requirement.objects.bulk_create(
        Requirement(
            career=career,
            skill=skill,
            level=level,
            target=min(5, 1 + level.rank),
            weight=1 + i % 5,
            must_have=i == 0,
        )
        for i, skill in enumerate(skills)
        for level in levels
    )
    return career


class AssessmentFactory(ModelFactory[Assessment]):
    class Meta:
        model = Assessment

    owner = factory.SubFactory(UserFactory)
    career = factory.SubFactory(CareerFactory)
    level = factory.SubFactory(LevelFactory)


class RatingFactory(ModelFactory[Rating]):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    skill = factory.SubFactory(SkillFactory)
    score = 3
    evidence = ""


def assessment_for(owner: User | None, n_skills: int = 4, level: str = "mid") -> Assessment:
    """An assessment of a fresh career with `n_skills` skills at entry, mid and senior."""
    career = career_with_skills(n_skills)
    return AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug=level))


def shared_copies(
    report: Report, mentor: User | None, n: int, *, owner: User | None = None
) -> list[Report]:
    """`n` copies of a finished `report` in three bulk inserts, readiness spread over 0–1:
    each a new mentee's (or all `owner`'s), and shared with `mentor` unless that is None.
    Five hundred take well under a second, where finishing each would take minutes."""
    owners = [owner] * n if owner else User.objects.bulk_create(UserFactory.build_batch(n))
    copies = Report.objects.bulk_create(
        Report(
            owner=person,
            career=report.career,
            career_name=report.career_name,
            level_name=report.level_name,
            readiness=i / max(1, n - 1),
            placement=report.placement,
            scoring_version=report.scoring_version,
            document=report.document,
        )
        for i, person in enumerate(owners)
    )
    if mentor is not None:
        Share.objects.bulk_create(
            Share(report=copy, mentor=mentor, recipient=mentor.get_username()) for copy in copies
        )
    return copies

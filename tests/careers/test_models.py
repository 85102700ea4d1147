"""Database constraints and model validation; the suite runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careers.models import Descriptor, Requirement, Resource, Skill
from tests.factories import (
    CareerLevelFactory,
    DescriptorFactory,
    LevelFactory,
    RequirementFactory,
    ResourceFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(create: object) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("target", [0, 6])
def test_requirement_target_outside_one_to_five_is_refused_by_the_database(target: int) -> None:
    assert refused_by_database(lambda: RequirementFactory(target=target))
    assert not Requirement.objects.exists()


@pytest.mark.parametrize("weight", [0, 6])
def test_requirement_weight_outside_one_to_five_is_refused_by_the_database(weight: int) -> None:
    assert refused_by_database(lambda: RequirementFactory(weight=weight))


def test_a_second_requirement_for_the_same_career_skill_and_level_is_refused() -> None:
    first = RequirementFactory()
    assert refused_by_database(
        lambda: RequirementFactory(career=first.career, skill=first.skill, level=first.level)
    )
    assert Requirement.objects.count() == 1


def test_descriptor_score_above_five_is_refused_by_the_database() -> None:
    assert refused_by_database(lambda: DescriptorFactory(score=6))


def test_the_default_scale_has_one_wording_per_score() -> None:
    DescriptorFactory(skill=None, score=2)
    assert refused_by_database(lambda: DescriptorFactory(skill=None, score=2))


def test_a_skill_may_word_a_score_its_own_way_beside_the_default() -> None:
    DescriptorFactory(skill=None, score=2)
    skill = SkillFactory()
    DescriptorFactory(skill=skill, score=2)
    assert refused_by_database(lambda: DescriptorFactory(skill=skill, score=2))
    assert Descriptor.objects.count() == 2


def test_resource_range_must_rise() -> None:
    assert refused_by_database(lambda: ResourceFactory(from_score=3, to_score=3))
    assert not Resource.objects.exists()


def test_zero_hours_per_point_is_refused_by_the_database() -> None:
    assert refused_by_database(lambda: SkillFactory(hours_per_point=0))


def test_salary_band_maximum_below_minimum_is_refused_by_the_database() -> None:
    assert refused_by_database(lambda: CareerLevelFactory(salary_min=100, salary_max=50))


def test_level_rank_is_unique() -> None:
    LevelFactory(slug="a", rank=1)
    assert refused_by_database(lambda: LevelFactory(slug="b", rank=1))


def test_model_validation_names_the_target_range() -> None:
    requirement = RequirementFactory.build(target=7)
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "target" in error.value.message_dict
    assert "less than or equal to 5" in error.value.message_dict["target"][0]


def test_a_prerequisite_cycle_is_refused_and_named() -> None:
    deep = SkillFactory(name="Deep learning")
    algebra = SkillFactory(name="Linear algebra")
    deep.prerequisites.add(algebra)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        algebra.prerequisites.add(deep)
    assert "Linear algebra → Deep learning → Linear algebra" in error.value.messages[0]
    assert not algebra.prerequisites.exists()


def test_a_cycle_added_from_the_other_side_is_refused_too() -> None:
    deep = SkillFactory(name="Deep learning")
    algebra = SkillFactory(name="Linear algebra")
    deep.prerequisites.add(algebra)
    with pytest.raises(ValidationError), transaction.atomic():
        deep.dependents.add(algebra)  # algebra would need deep learning first
    assert list(deep.prerequisites.all()) == [algebra]


def test_a_skill_cannot_be_its_own_prerequisite() -> None:
    python = SkillFactory(name="Python")
    with pytest.raises(ValidationError, match="Python → Python"), transaction.atomic():
        python.prerequisites.add(python)


def test_a_longer_cycle_is_named_in_full() -> None:
    a, b, c = (SkillFactory(name=n) for n in ("A", "B", "C"))
    a.prerequisites.add(b)
    b.prerequisites.add(c)
    with pytest.raises(ValidationError, match="C → A → B → C"), transaction.atomic():
        c.prerequisites.add(a)


def test_natural_keys_find_rows_by_slug() -> None:
    requirement = RequirementFactory()
    key = requirement.natural_key()
    assert Requirement.objects.get_by_natural_key(*key) == requirement
    assert Skill.objects.get_by_natural_key(requirement.skill.slug) == requirement.skill


def test_every_model_reads_as_text() -> None:
    requirement = RequirementFactory(target=4)
    text = str(requirement)
    assert requirement.career.name in text and requirement.skill.name in text and "4" in text

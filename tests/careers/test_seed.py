"""The seed taxonomy people start with: it loads, holds what the seed guide says, round-trips."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from careers import rules
from careers.matrix import career_matrix
from careers.models import (
    Career,
    CareerLevel,
    Descriptor,
    Level,
    Requirement,
    Resource,
    SalaryBand,
    Skill,
)

pytestmark = pytest.mark.django_db

OTHER_CAREERS = [
    "information-systems-ml-engineer",
    "integration-solutions-engineer",
    "junior-ai-developer",
    "industrial-engineering-lead",
]


def matrix_signature(slug: str) -> list[tuple[str, str, int, int, bool]]:
    return sorted(
        Requirement.objects.filter(career__slug=slug).values_list(
            "skill__slug", "level__slug", "target", "weight", "must_have"
        )
    )


def test_seed_has_the_five_careers_of_the_guide(seed: None) -> None:
    assert set(Career.objects.values_list("slug", flat=True)) == {
        "systems-ml-engineer",
        *OTHER_CAREERS,
    }


def test_systems_ml_engineer_is_complete(seed: None) -> None:
    career = Career.objects.get(slug="systems-ml-engineer")
    matrix = career_matrix(career)
    assert matrix.skill_count >= 40
    assert len(matrix.groups) >= 7
    assert [lv.slug for lv in Level.objects.assessable_for(career)] == ["entry", "mid", "senior"]
    assert Requirement.objects.filter(career=career, must_have=True).exists()


def test_systems_ml_engineer_has_the_guide_years_and_salary_bands(seed: None) -> None:
    bands = {
        cl.level.slug: (cl.years_min, cl.years_max, cl.salary_min, cl.salary_max)
        for cl in CareerLevel.objects.filter(career__slug="systems-ml-engineer").select_related(
            "level"
        )
    }
    assert bands == {
        "entry": (0, 1, 96000, 132000),
        "mid": (1, 4, 112962, 144000),
        "senior": (5, 9, 143641, 177177),
        "expert": (10, None, 150708, 172654),
    }


def test_the_expert_band_is_years_and_pay_only_never_a_target(seed: None) -> None:
    """The guide gives the 10+ years band pay and years, no skills: no requirement, so no
    one is offered it as a target and it counts in no readiness."""
    career = Career.objects.get(slug="systems-ml-engineer")
    assert not Requirement.objects.filter(level__slug="expert").exists()
    assert "expert" not in Level.objects.assessable_for(career).values_list("slug", flat=True)


@pytest.mark.parametrize(
    "slug",
    ["information-systems-ml-engineer", "industrial-engineering-lead", "junior-ai-developer"],
)
def test_no_years_or_pay_the_guide_does_not_give(seed: None, slug: str) -> None:
    levels = CareerLevel.objects.filter(career__slug=slug)
    assert levels.exists()
    assert set(levels.values_list("years_min", "years_max", "salary_min", "salary_max")) == {
        (None, None, None, None)
    }
    assert not SalaryBand.objects.filter(career__slug=slug).exists()


def test_integration_engineers_one_average_is_the_careers_not_each_levels(seed: None) -> None:
    levels = CareerLevel.objects.filter(career__slug="integration-solutions-engineer")
    assert sorted(levels.values_list("years_min", "years_max", "salary_min", "salary_max")) == [
        (0, 2, None, None),
        (5, 12, None, None),
    ]
    (band,) = SalaryBand.objects.filter(career__slug="integration-solutions-engineer")
    assert (band.level, band.salary_min, band.salary_max) == (None, 55000, 118000)


def test_the_skills_the_guide_names_are_in_the_seed_career(seed: None) -> None:
    named = {
        "r",
        "computer-vision",
        "automl",
        "edge-ai",
        "accountability",
        "discipline",
        "full-stack",
    }
    required = set(
        Requirement.objects.filter(career__slug="systems-ml-engineer").values_list(
            "skill__slug", flat=True
        )
    )
    assert named <= required
    in_demand = set(Skill.objects.filter(in_demand=True).values_list("slug", flat=True))
    assert {
        "python",
        "sql",
        "java",
        "pytorch",
        "tensorflow",
        "edge-ai",
        "explainable-ai",
    } <= in_demand


@pytest.mark.parametrize("slug", OTHER_CAREERS)
def test_other_careers_have_at_least_twelve_skills(seed: None, slug: str) -> None:
    assert career_matrix(Career.objects.get(slug=slug)).skill_count >= 12


def test_other_careers_share_skills_with_the_first(seed: None) -> None:
    first = set(
        Requirement.objects.filter(career__slug="systems-ml-engineer").values_list("skill_id")
    )
    for slug in OTHER_CAREERS:
        theirs = set(Requirement.objects.filter(career__slug=slug).values_list("skill_id"))
        assert theirs & first, slug


def test_every_skill_has_a_resource_with_hours(seed: None) -> None:
    bare = Skill.objects.annotate(n=Count("resources")).filter(n=0)
    assert list(bare) == []
    assert not Resource.objects.filter(hours=0).exists()


def test_default_scale_words_every_score(seed: None) -> None:
    scores = Descriptor.objects.filter(skill=None).values_list("score", flat=True)
    assert sorted(scores) == [0, 1, 2, 3, 4, 5]


def test_real_prerequisites_are_in_place(seed: None) -> None:
    deep = Skill.objects.get(slug="deep-learning")
    torch = Skill.objects.get(slug="pytorch")
    assert deep.prerequisites.filter(slug="linear-algebra").exists()
    assert torch.prerequisites.filter(slug="python").exists()


def test_seed_keeps_every_taxonomy_rule(seed: None) -> None:
    edges: dict[int, list[int]] = {}
    for a, b in Skill.prerequisites.through.objects.values_list("from_skill", "to_skill"):
        edges.setdefault(a, []).append(b)
    assert rules.find_cycle(edges) is None
    for career in Career.objects.all():
        matrix = career_matrix(career)
        rows = [r.as_level_target() for r in Requirement.objects.for_career(career)]
        assert rules.falling_targets(rows) == [], career
        assert matrix.warnings() == [], career


def test_loading_twice_changes_nothing(seed: None) -> None:
    before = matrix_signature("systems-ml-engineer"), Skill.objects.count()
    call_command("load_seed", "--force", verbosity=0)
    assert (matrix_signature("systems-ml-engineer"), Skill.objects.count()) == before


def test_load_seed_leaves_a_curators_edit_alone(seed: None) -> None:
    Requirement.objects.filter(career__slug="systems-ml-engineer").update(weight=1)
    call_command("load_seed", verbosity=0)
    assert set(
        Requirement.objects.filter(career__slug="systems-ml-engineer").values_list(
            "weight", flat=True
        )
    ) == {1}

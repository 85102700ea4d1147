"""The curator admin: pages render, rules are refused with their message, nothing half-saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from careers.models import Career, CareerLevel, Requirement, Skill
from tests.factories import (
    CareerLevelFactory,
    RequirementFactory,
    SkillFactory,
    career_with_skills,
    standard_levels,
)

pytestmark = pytest.mark.django_db


def career_form(career: Career, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """POST data for the career change form with exactly these requirement rows."""
    data: dict[str, Any] = {
        "name": career.name,
        "slug": career.slug,
        "summary": career.summary,
        "description": career.description,
        "career_levels-TOTAL_FORMS": 0,
        "career_levels-INITIAL_FORMS": 0,
        "requirements-TOTAL_FORMS": len(rows),
        "requirements-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value not in (None, False):
                data[f"requirements-{i}-{key}"] = value
        data[f"requirements-{i}-career"] = career.pk
    return data


def row(req: Requirement | None = None, **fields: Any) -> dict[str, Any]:
    base = (
        {"id": req.pk, "skill": req.skill_id, "level": req.level_id, "target": req.target}
        if req
        else {}
    )
    return {"weight": 3, **base, **fields}


@pytest.mark.parametrize(
    "model", ["level", "career", "skillcategory", "skill", "requirement", "resource", "descriptor"]
)
def test_every_changelist_renders_for_a_curator(curator_client: Client, model: str) -> None:
    career_with_skills(5)
    response = curator_client.get(reverse(f"admin:careers_{model}_changelist"))
    assert response.status_code == 200


def test_changelist_filters_skills_by_career_and_level(curator_client: Client) -> None:
    career = career_with_skills(4)
    career_with_skills(2)  # a second career, so the filter has a choice to make
    other = SkillFactory(name="Unrelated skill")
    url = reverse("admin:careers_skill_changelist")
    response = curator_client.get(url, {"requirements__career__id__exact": career.pk})
    assert response.status_code == 200
    assert other.name not in response.content.decode()
    assert response.context["cl"].result_count == 4


def test_career_change_form_links_to_its_matrix(curator_client: Client) -> None:
    career = career_with_skills(3)
    response = curator_client.get(reverse("admin:careers_career_change", args=[career.pk]))
    assert response.status_code == 200
    assert reverse("admin:careers_career_matrix", args=[career.pk]) in response.content.decode()


def test_matrix_page_shows_targets_weights_and_must_haves(curator_client: Client) -> None:
    entry, mid, _ = standard_levels()
    req = RequirementFactory(level=entry, target=2, weight=5, must_have=True)
    RequirementFactory(career=req.career, skill=req.skill, level=mid, target=4, weight=5)
    response = curator_client.get(reverse("admin:careers_career_matrix", args=[req.career.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert req.skill.name in body and req.skill.category.name in body
    assert "2 / 5 ★" in body and "4 / 5<" in body


def test_matrix_page_is_for_staff_only(owner_client: Client) -> None:
    career = career_with_skills(2)
    response = owner_client.get(reverse("admin:careers_career_matrix", args=[career.pk]))
    assert response.status_code == 302  # to the admin log-in


def test_skill_change_form_refuses_a_prerequisite_cycle(curator_client: Client) -> None:
    deep = SkillFactory(name="Deep learning")
    algebra = SkillFactory(name="Linear algebra")
    deep.prerequisites.add(algebra)
    data = {
        "name": algebra.name,
        "slug": algebra.slug,
        "category": algebra.category_id,
        "description": "",
        "hours_per_point": 10,
        "prerequisites": [deep.pk],
        "descriptors-TOTAL_FORMS": 0,
        "descriptors-INITIAL_FORMS": 0,
        "resources-TOTAL_FORMS": 0,
        "resources-INITIAL_FORMS": 0,
    }
    response = curator_client.post(reverse("admin:careers_skill_change", args=[algebra.pk]), data)
    assert response.status_code == 200
    assert "Linear algebra → Deep learning → Linear algebra" in response.content.decode()
    assert not algebra.prerequisites.exists()


def test_a_target_lower_at_a_higher_level_is_refused_and_nothing_saved(
    curator_client: Client,
) -> None:
    entry, mid, _ = standard_levels()
    python = SkillFactory(name="Python")
    low = RequirementFactory(skill=python, level=entry, target=2)
    high = RequirementFactory(career=low.career, skill=python, level=mid, target=3)
    data = career_form(low.career, [row(low, target=4), row(high, target=3)])
    data["name"] = "Renamed"
    url = reverse("admin:careers_career_change", args=[low.career.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "Python: target 3 at Mid is lower than 4 at Entry" in response.content.decode()
    low.refresh_from_db()
    low.career.refresh_from_db()
    assert low.target == 2 and low.career.name != "Renamed"


def test_raising_both_levels_together_is_accepted(curator_client: Client) -> None:
    entry, mid, _ = standard_levels()
    low = RequirementFactory(level=entry, target=2)
    high = RequirementFactory(career=low.career, skill=low.skill, level=mid, target=3)
    data = career_form(low.career, [row(low, target=4), row(high, target=5)])
    url = reverse("admin:careers_career_change", args=[low.career.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 302
    high.refresh_from_db()
    assert high.target == 5


def test_a_skill_missing_at_a_higher_level_is_reported_after_saving(
    curator_client: Client,
) -> None:
    entry, mid, _ = standard_levels()
    skill = SkillFactory(name="Statistics")
    req = RequirementFactory(skill=skill, level=entry, target=2)
    RequirementFactory(career=req.career, level=mid)  # the career offers mid
    data = career_form(req.career, [row(r) for r in req.career.requirements.all()])
    url = reverse("admin:careers_career_change", args=[req.career.pk])
    response = curator_client.post(url, data, follow=True)
    assert "Statistics is required from Entry but missing at Mid." in response.content.decode()


def test_a_duplicate_row_in_the_inline_is_refused(curator_client: Client) -> None:
    entry, _, _ = standard_levels()
    req = RequirementFactory(level=entry, target=2)
    data = career_form(req.career, [row(req), row(skill=req.skill_id, level=entry.pk, target=2)])
    url = reverse("admin:careers_career_change", args=[req.career.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert Requirement.objects.count() == 1


def test_single_requirement_form_checks_its_siblings(curator_client: Client) -> None:
    entry, mid, _ = standard_levels()
    low = RequirementFactory(level=entry, target=3)
    high = RequirementFactory(career=low.career, skill=low.skill, level=mid, target=3)
    url = reverse("admin:careers_requirement_change", args=[high.pk])
    data = {
        "career": high.career_id,
        "skill": high.skill_id,
        "level": mid.pk,
        "target": 2,
        "weight": 3,
    }
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "is lower than 3 at Entry" in response.content.decode()
    high.refresh_from_db()
    assert high.target == 3


def test_duplicate_career_action_copies_levels_and_requirements(curator_client: Client) -> None:
    career = career_with_skills(4)
    url = reverse("admin:careers_career_changelist")
    response = curator_client.post(
        url, {"action": "duplicate", "_selected_action": [career.pk]}, follow=True
    )
    copy = Career.objects.get(slug=f"{career.slug}-copy")
    assert f"Created “{career.name} (copy)”" in response.content.decode()
    assert copy.requirements.count() == career.requirements.count() == 12
    assert CareerLevel.objects.filter(career=copy).count() == 3
    # A second copy finds a free name instead of failing on the unique slug.
    curator_client.post(url, {"action": "duplicate", "_selected_action": [career.pk]})
    assert Career.objects.filter(slug=f"{career.slug}-copy2").exists()


def test_career_level_inline_refuses_an_inverted_salary_band(curator_client: Client) -> None:
    entry, _, _ = standard_levels()
    career = CareerLevelFactory(level=entry).career
    data = career_form(career, [])
    cl = career.career_levels.get()
    data.update(
        {
            "career_levels-TOTAL_FORMS": 1,
            "career_levels-INITIAL_FORMS": 1,
            "career_levels-0-id": cl.pk,
            "career_levels-0-career": career.pk,
            "career_levels-0-level": entry.pk,
            "career_levels-0-years_min": 0,
            "career_levels-0-salary_min": 100000,
            "career_levels-0-salary_max": 50000,
            "career_levels-0-currency": "USD",
        }
    )
    response = curator_client.post(reverse("admin:careers_career_change", args=[career.pk]), data)
    assert "maximum is below its minimum" in response.content.decode()
    cl.refresh_from_db()
    assert cl.salary_max == 120000


def test_skill_search_finds_crosswalk_ids(curator_client: Client) -> None:
    SkillFactory(name="Programming", onet_id="2.B.3.e")
    SkillFactory(name="Other")
    response = curator_client.get(reverse("admin:careers_skill_changelist"), {"q": "2.B.3.e"})
    assert response.context["cl"].result_count == 1
    assert Skill.objects.count() == 2


@pytest.mark.parametrize("n_skills", [10, 450])
def test_matrix_page_is_paginated_at_fixed_queries(
    curator_client: Client, django_assert_num_queries: object, n_skills: int
) -> None:
    career = career_with_skills(n_skills)
    url = reverse("admin:careers_career_matrix", args=[career.pk])
    curator_client.get(url)
    # session, user, career, its levels, its requirements
    with django_assert_num_queries(5):  # type: ignore[operator]
        response = curator_client.get(url, {"page": 3})
    body = response.content.decode()
    if n_skills == 10:
        assert body.count("<td>Skill ") == 10 and "next ›" not in body
    else:
        assert body.count("<td>Skill ") == 50 and "skills 401–450 of 450" in body

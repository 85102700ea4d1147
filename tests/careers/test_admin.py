"""The curator admin: pages render, rules are refused with their message, nothing half-saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from careers.models import Career, CareerLevel, Skill
from tests import html
from tests.factories import (
    CareerFactory,
    CareerLevelFactory,
    RequirementFactory,
    SkillAliasFactory,
    SkillFactory,
    career_with_skills,
    skill_form,
    standard_levels,
    with_ids,
)

pytestmark = pytest.mark.django_db


def career_form(career: Career) -> dict[str, Any]:
    """POST data for the career change form, its career levels empty."""
    return {
        "name": career.name,
        "slug": career.slug,
        "summary": career.summary,
        "description": career.description,
        "order": career.order,
        "career_levels-TOTAL_FORMS": 0,
        "career_levels-INITIAL_FORMS": 0,
        **{f"{guide}-{n}_FORMS": 0 for guide in GUIDE_LISTS for n in ("TOTAL", "INITIAL")},
    }


GUIDE_LISTS = ("salary_bands", "demand", "notes")


def test_a_curator_adds_the_guides_pay_demand_and_notes_and_the_page_shows_them(
    curator_client: Client,
) -> None:
    career = career_with_skills(2)
    data = career_form(career) | {
        "salary_bands-TOTAL_FORMS": 1,
        "salary_bands-0-order": 0,
        "salary_bands-0-label": "Seattle, WA",
        "salary_bands-0-place_kind": "city",
        "salary_bands-0-place": "Seattle, WA",
        "salary_bands-0-salary_min": 173517,
        "salary_bands-0-salary_max": 182182,
        "salary_bands-0-currency": "USD",
        "salary_bands-0-source": "The guide",
        "salary_bands-0-year": 2024,
        "demand-TOTAL_FORMS": 1,
        "demand-0-order": 0,
        "demand-0-text": "Postings grew 35% in a year.",
        "demand-0-source": "Indeed",
        "notes-TOTAL_FORMS": 1,
        "notes-0-order": 0,
        "notes-0-section": "challenge",
        "notes-0-heading": "Data",
        "notes-0-text": "Handling missing values",
    }
    page = curator_client.get(career.get_absolute_url())  # drawn and cached before the edit
    assert 'id="pay"' not in page.content.decode()
    url = reverse("admin:careers_career_change", args=[career.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    body = curator_client.get(career.get_absolute_url()).content.decode()
    assert "$173,517 – $182,182" in body and "Indeed" in body and "Handling missing values" in body


def test_a_pay_figure_without_a_place_is_refused_on_its_field(curator_client: Client) -> None:
    career = career_with_skills(1)
    data = career_form(career) | {
        "salary_bands-TOTAL_FORMS": 1,
        "salary_bands-0-order": 0,
        "salary_bands-0-label": "A city",
        "salary_bands-0-place_kind": "city",
        "salary_bands-0-place": "",
        "salary_bands-0-salary_min": 1,
        "salary_bands-0-currency": "USD",
        "salary_bands-0-source": "The guide",
    }
    url = reverse("admin:careers_career_change", args=[career.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "A city, remote or employer figure names its place." in response.content.decode()
    assert not career.salary_bands.exists()


@pytest.mark.parametrize(
    "model", ["level", "career", "skillcategory", "skill", "requirement", "resource", "descriptor"]
)
def test_every_changelist_renders_for_a_curator(curator_client: Client, model: str) -> None:
    career_with_skills(5)
    response = curator_client.get(reverse(f"admin:careers_{model}_changelist"))
    assert response.status_code == 200


def test_the_careers_list_reads_in_the_order_the_home_page_shows_them(
    curator_client: Client,
) -> None:
    """The curator edits Order in this list: it must read in that order, not by id."""
    for name, order in [("Cloud architect", 3), ("Data engineer", 1), ("ML engineer", 2)]:
        CareerFactory(name=name, order=order)
    response = curator_client.get(reverse("admin:careers_career_changelist"))
    names = [row[1] for row in html.rows(response, "#result_list")]  # after the tick box
    assert names == ["Data engineer", "ML engineer", "Cloud architect"]


def test_changelist_filters_skills_by_career_and_level(curator_client: Client) -> None:
    career = career_with_skills(4)
    career_with_skills(2)  # a second career, so the filter has a choice to make
    other = SkillFactory(name="Unrelated skill")
    url = reverse("admin:careers_skill_changelist")
    response = curator_client.get(url, {"requirements__career__id__exact": career.pk})
    assert response.status_code == 200
    assert other.name not in response.content.decode()
    assert response.context["cl"].result_count == 4


def test_career_change_form_links_to_its_matrix_and_has_no_requirement_rows(
    curator_client: Client,
) -> None:
    career = career_with_skills(150)
    response = curator_client.get(reverse("admin:careers_career_change", args=[career.pk]))
    assert response.status_code == 200
    assert reverse("admin:careers_career_matrix", args=[career.pk]) in response.content.decode()
    assert "requirements-TOTAL_FORMS" not in response.content.decode()
    assert len(response.content) < 100_000  # 172 inline rows made it 1.1 MB


def test_matrix_page_is_for_staff_only(owner_client: Client) -> None:
    career = career_with_skills(2)
    response = owner_client.get(reverse("admin:careers_career_matrix", args=[career.pk]))
    assert response.status_code == 302  # to the admin log-in


def test_skill_change_form_refuses_a_prerequisite_cycle(curator_client: Client) -> None:
    deep = SkillFactory(name="Deep learning")
    algebra = SkillFactory(name="Linear algebra")
    deep.prerequisites.add(algebra)
    data = skill_form(algebra, prerequisites=[deep.pk])
    response = curator_client.post(reverse("admin:careers_skill_change", args=[algebra.pk]), data)
    assert response.status_code == 200
    assert "Linear algebra → Deep learning → Linear algebra" in response.content.decode()
    assert not algebra.prerequisites.exists()


def test_a_skill_missing_at_a_higher_level_is_reported_after_saving(
    curator_client: Client,
) -> None:
    entry, mid, _ = standard_levels()
    skill = SkillFactory(name="Statistics")
    req = RequirementFactory(skill=skill, level=entry, target=2)
    RequirementFactory(career=req.career, level=mid)  # the career offers mid
    data = career_form(req.career)
    url = reverse("admin:careers_career_change", args=[req.career.pk])
    response = curator_client.post(url, data, follow=True)
    assert "Statistics is required from Entry but missing at Mid." in response.content.decode()


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
    logged = LogEntry.objects.get(object_id=str(copy.pk))
    assert (logged.is_addition(), logged.change_message) == (
        True,
        f"Duplicated from “{career.name}”.",
    )
    assert copy.requirements.count() == career.requirements.count() == 12
    assert CareerLevel.objects.filter(career=copy).count() == 3
    # A second copy finds a free name instead of failing on the unique slug.
    curator_client.post(url, {"action": "duplicate", "_selected_action": [career.pk]})
    assert Career.objects.filter(slug=f"{career.slug}-copy2").exists()


def test_career_level_inline_refuses_an_inverted_salary_band(curator_client: Client) -> None:
    entry, _, _ = standard_levels()
    career = CareerLevelFactory(level=entry).career
    data = career_form(career)
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
    with_ids(SkillFactory(name="Programming"), onet=["2.B.3.e", "2.A.1.a"], sfia="PROG")
    SkillFactory(name="Other")
    response = curator_client.get(reverse("admin:careers_skill_changelist"), {"q": "2.B.3.e"})
    assert response.context["cl"].result_count == 1
    assert Skill.objects.count() == 2


def test_skill_search_finds_a_skill_by_its_aliases_once(curator_client: Client) -> None:
    python = SkillFactory(name="Python")
    SkillAliasFactory(skill=python, name="Python programming")
    SkillAliasFactory(skill=python, name="Python 3 programming")
    SkillFactory(name="Rust")
    response = curator_client.get(reverse("admin:careers_skill_changelist"), {"q": "programming"})
    assert [s.name for s in response.context["cl"].result_list] == ["Python"]

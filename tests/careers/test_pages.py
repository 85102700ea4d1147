"""Public career pages, /healthz and the site's 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from careers.models import Skill
from careers.transfer.importer import import_taxonomy
from tests import html
from tests.careers.importing import bundle, messages
from tests.factories import (
    CareerFactory,
    CareerLevelFactory,
    RequirementFactory,
    career_with_skills,
    skill_form,
    standard_levels,
)

pytestmark = pytest.mark.django_db


def test_home_lists_every_career_with_its_skill_count(client: Client) -> None:
    career_with_skills(3)
    CareerFactory(name="Empty career")
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Empty career" in body
    assert "3 skills · 3 levels" in body


def test_career_page_shows_targets_must_haves_years_and_salary(client: Client) -> None:
    entry, mid, _ = standard_levels()
    req = RequirementFactory(level=entry, target=2, must_have=True)
    RequirementFactory(career=req.career, skill=req.skill, level=mid, target=4)
    CareerLevelFactory(
        career=req.career,
        level=entry,
        years_min=0,
        years_max=1,
        salary_min=96000,
        salary_max=132000,
    )
    response = client.get(req.career.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert req.skill.name in body and req.skill.category.name in body
    assert "0–1 years" in body and "USD 96,000 – 132,000" in body
    (row,) = [r for r in html.rows(response, "#matrix") if r[0] == req.skill.name]
    assert row[1:] == ["2 must", "4"]  # entry, mid


def test_career_page_offers_its_levels_to_start_an_assessment(client: Client) -> None:
    career = career_with_skills(2)
    body = client.get(career.get_absolute_url()).content.decode()
    assert f'action="/assessments/start/{career.slug}/"' in body
    for level in ("entry", "mid", "senior"):
        assert f'value="{level}"' in body
    assert "csrfmiddlewaretoken" in body


def test_a_start_without_a_level_of_the_career_says_so_beside_the_levels(
    client: Client,
) -> None:
    career = career_with_skills(2)
    start = reverse("assessments:start", args=[career.slug])
    response = client.post(start, {"level": "principal"})
    assert response.status_code == 400
    levels = html.soup(response).select_one("#start fieldset")
    assert "is not one of the available choices" in html.text(
        response, f"#{levels['aria-describedby']}"
    )
    assert [r["aria-invalid"] for r in levels.select("input[type=radio]")] == ["true"] * 3
    assert [lab.get_text(strip=True) for lab in levels.select("label")] == [
        "Entry",
        "Mid",
        "Senior",
    ]


def test_the_level_choices_are_drawn_without_a_template_per_field(client: Client) -> None:
    # crispy-forms' template tree was a fifth of a cached career page (bench/profile_pages.py).
    career = career_with_skills(2)
    response = client.get(career.get_absolute_url())
    drawn = [t.name for t in response.templates]
    assert "careers/_level_field.html" in drawn
    assert not [name for name in drawn if name.startswith("bootstrap5/")]


def test_unknown_career_is_a_404_in_the_site_layout(client: Client) -> None:
    response = client.get("/careers/no-such-career/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "navbar" in body


def test_base_layout_loads_vendored_htmx_and_sends_the_csrf_header(client: Client) -> None:
    body = client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in body
    assert "/static/vendor/bootstrap/bootstrap.min.css" in body
    assert 'hx-headers=\'{"x-csrftoken": "' in body


def test_healthz_is_a_plain_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("n_skills", [10, 200])
def test_career_page_queries_do_not_grow_with_skills(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, n_skills: int
) -> None:
    career = career_with_skills(n_skills)
    # the taxonomy version, the career, the levels it can be assessed at (the start form's),
    # its levels, its requirements (with skills, categories and levels joined); the guide:
    # its levels with their pay, its pay figures, demand figures and notes
    with django_assert_num_queries(9):
        response = client.get(career.get_absolute_url())
    assert response.status_code == 200
    # Drawn from the cache while the taxonomy is as it was: only its version is read.
    with django_assert_num_queries(1) as hit:
        again = client.get(career.get_absolute_url())
    assert again.content.decode().count("<td") == response.content.decode().count("<td")
    assert "careers_taxonomyversion" in hit.captured_queries[0]["sql"]


@pytest.mark.parametrize("n_careers", [1, 20])
def test_home_queries_do_not_grow_with_careers(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, n_careers: int
) -> None:
    for _ in range(n_careers):
        career_with_skills(2, n_categories=1)
    with django_assert_num_queries(1):
        client.get(reverse("careers:list"))


def test_career_page_offers_only_levels_with_requirements(client: Client) -> None:
    entry, mid, senior = standard_levels()
    req = RequirementFactory(level=entry)
    CareerLevelFactory(career=req.career, level=senior)  # described, but nothing required yet
    body = client.get(req.career.get_absolute_url()).content.decode()
    assert 'value="entry"' in body and 'value="senior"' not in body
    assert "Senior" in body  # its years and salary still show


def test_home_says_how_it_works_in_three_steps(client: Client) -> None:
    steps = html.texts(client.get("/"), "#how-it-works h3")
    assert steps == [
        "1 Pick a career and a level",
        "2 Rate yourself, 0 to 5",
        "3 Get your report and path",
    ]


def test_home_lists_careers_in_the_curators_order_then_by_name(client: Client) -> None:
    for name, order in [("Zeta", 1), ("Alpha", 3), ("Beta", 3), ("Gamma", 2)]:
        CareerFactory(name=name, order=order)
    names = html.texts(client.get("/"), "#careers h3")
    assert names == ["Zeta", "Gamma", "Alpha", "Beta"]


def test_the_seed_lists_the_guides_main_career_first(seed: None, client: Client) -> None:
    assert html.texts(client.get("/"), "#careers h3")[0] == "Systems ML Engineer"


# --- a career page drawn before a curator's change (issue 13) -----------------------------------


def rename_in_admin(curator_client: Client, skill: Skill) -> None:
    url = reverse("admin:careers_skill_change", args=[skill.pk])
    response = curator_client.post(url, skill_form(skill, name="Renamed in admin"))
    assert response.status_code == 302, html.text(response, ".errorlist")


def import_rename(curator_client: Client, skill: Skill) -> None:
    document = {"skills": [{"slug": skill.slug, "name": "Renamed by import"}]}
    plan = import_taxonomy(bundle(**document), dry_run=False)
    assert plan.applied, messages(plan)


def archive_in_admin(curator_client: Client, skill: Skill) -> None:
    changelist = reverse("admin:careers_skill_changelist")
    data = {"action": "archive", "_selected_action": [skill.pk]}
    assert curator_client.post(changelist, data).status_code == 302


def delete_requirements_in_admin(curator_client: Client, skill: Skill) -> None:
    for requirement in skill.requirements.all():
        url = reverse("admin:careers_requirement_delete", args=[requirement.pk])
        assert curator_client.post(url, {"post": "yes"}).status_code == 302


@pytest.mark.parametrize(
    ("change", "name_after"),
    [
        (rename_in_admin, "Renamed in admin"),
        (import_rename, "Renamed by import"),
        (archive_in_admin, None),
        (delete_requirements_in_admin, None),
    ],
)
def test_each_curator_change_shows_on_a_career_page_drawn_before_it(
    client: Client, curator_client: Client, change: Callable[..., None], name_after: str | None
) -> None:
    career = career_with_skills(3)
    skill = Skill.objects.filter(requirements__career=career).order_by("name").first()
    assert skill.name in html.text(client.get(career.get_absolute_url()), "#matrix")

    change(curator_client, skill)
    matrix = html.text(client.get(career.get_absolute_url()), "#matrix")
    assert skill.name not in matrix
    if name_after:
        assert name_after in matrix

"""The matrix is the editor (issue 11, capability 8): cells saved in place with htmx, checked
by careers/rules.py with the admin forms' words; add and remove; filter; pages; admin log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from careers.models import Career, Level, Requirement, Skill
from tests import html
from tests.conftest import HTMX, logged_in
from tests.factories import (
    RequirementFactory,
    SkillAliasFactory,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
    career_with_skills,
    standard_levels,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder() -> Career:
    """Python at entry 2 (must-have), mid 3, senior 4; SQL at mid 2."""
    entry, mid, senior = standard_levels()
    code = SkillCategoryFactory(name="Code", order=1)
    data = SkillCategoryFactory(name="Data", order=2)
    python = SkillFactory(name="Python", category=code)
    sql = SkillFactory(name="SQL", category=data)
    career = RequirementFactory(
        skill=python, level=entry, target=2, weight=5, must_have=True
    ).career
    RequirementFactory(career=career, skill=python, level=mid, target=3, weight=5)
    RequirementFactory(career=career, skill=python, level=senior, target=4, weight=5)
    RequirementFactory(career=career, skill=sql, level=mid, target=2, weight=2)
    return career


def matrix(career: Career) -> str:
    return reverse("admin:careers_career_matrix", args=[career.pk])


def cell(career: Career, skill: str, level: str) -> str:
    args = [career.pk, Skill.objects.get(name=skill).pk, Level.objects.get(slug=level).pk]
    return reverse("admin:careers_career_matrix_cell", args=args)


def target(career: Career, skill: str, level: str) -> int | None:
    found = Requirement.objects.filter(career=career, skill__name=skill, level__slug=level)
    return found.values_list("target", flat=True).first()


def save(client: Client, url: str, **fields: Any) -> Any:
    data = {"target": 3, "weight": 3, **fields}
    if data.get("must_have") is False:
        del data["must_have"]
    return client.post(url, data, **HTMX)


# --- the page -----------------------------------------------------------------------------------


def test_the_matrix_shows_targets_weights_and_must_haves_by_category(
    curator_client: Client, ladder: Career
) -> None:
    response = curator_client.get(matrix(ladder))
    assert response.status_code == 200
    assert html.rows(response, "#matrix") == [
        ["Code"],
        ["Python", "2 / 5 ★", "3 / 5", "4 / 5"],
        ["Data"],
        ["SQL", "add", "2 / 2", "add"],
    ]
    assert html.text(response, "#matrix-summary").startswith("2 skills, 4 requirements.")


def test_the_matrix_filters_by_category(curator_client: Client, ladder: Career) -> None:
    category = Skill.objects.get(name="SQL").category.slug
    response = curator_client.get(matrix(ladder), {"category": category})
    assert [row[0] for row in html.rows(response, "#matrix")] == ["Data", "SQL"]


@pytest.mark.parametrize("n_skills", [10, 300])
def test_the_matrix_pages_through_a_large_career_at_fixed_queries(
    curator_client: Client, django_assert_num_queries: DjangoAssertNumQueries, n_skills: int
) -> None:
    career = career_with_skills(n_skills)
    url = matrix(career)
    curator_client.get(url)
    # session, user, career, levels, its career levels, its requirements (skills joined)
    with django_assert_num_queries(6):
        response = curator_client.get(url, {"page": 3})
    shown = [row[0] for row in html.rows(response, "#matrix") if len(row) > 1]
    if n_skills == 10:
        assert len(shown) == 10 and "next ›" not in html.text(response)
    else:
        assert len(shown) == 100 and "skills 201–300 of 300" in html.text(response)


# --- a cell, in place ---------------------------------------------------------------------------


def test_a_cell_opens_as_its_form(curator_client: Client, ladder: Career) -> None:
    response = curator_client.get(cell(ladder, "Python", "mid"), **HTMX)
    assert response.status_code == 200
    assert html.text(response, "legend") == "Python at Mid"
    form = html.soup(response).select_one("form")
    assert form["hx-post"] == cell(ladder, "Python", "mid")
    assert form.select_one("[name=target]")["value"] == "3"


def test_an_empty_cell_starts_from_the_skills_nearest_lower_level(
    curator_client: Client, ladder: Career
) -> None:
    form = html.soup(curator_client.get(cell(ladder, "SQL", "senior"), **HTMX))
    assert (
        form.select_one("[name=target]")["value"],
        form.select_one("[name=weight]")["value"],
    ) == ("2", "2")
    assert form.select_one("[name=remove]") is None  # nothing to remove yet


def test_saving_a_cell_answers_the_cell_and_the_summary(
    curator_client: Client, ladder: Career
) -> None:
    response = save(curator_client, cell(ladder, "Python", "mid"), target=4, weight=4)
    assert response.status_code == 200
    assert html.text(response, "td") == "4 / 4"
    assert html.soup(response).select_one("#matrix-summary")["hx-swap-oob"] == "true"
    assert target(ladder, "Python", "mid") == 4


def test_a_falling_target_is_refused_with_the_admin_forms_words(
    curator_client: Client, ladder: Career
) -> None:
    response = save(curator_client, cell(ladder, "Python", "mid"), target=1)
    assert response.status_code == 422
    rule = (
        "Python: target 1 at Mid is lower than 2 at Entry; a higher level needs at least as much."
    )
    assert html.texts(response, ".errornote") == [f"Target: {rule}"]
    assert html.text(response, "legend") == "Python at Mid"  # the form again, to correct
    assert target(ladder, "Python", "mid") == 3
    # The single-requirement admin form says the same thing about the same change.
    req = Requirement.objects.get(career=ladder, skill__name="Python", level__slug="mid")
    page = curator_client.post(
        reverse("admin:careers_requirement_change", args=[req.pk]),
        {
            "career": ladder.pk,
            "skill": req.skill_id,
            "level": req.level_id,
            "target": 1,
            "weight": 5,
        },
    )
    assert rule in html.text(page)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": 6}, "Target: Targets run 1–5; 6 is not one."),
        ({"weight": 0}, "Weight: Weights run 1–5; 0 is not one."),
        ({"target": "three"}, "Target: Enter a whole number."),
    ],
)
def test_bad_input_in_a_cell_is_a_422_with_a_message_and_saves_nothing(
    curator_client: Client, ladder: Career, fields: dict, message: str
) -> None:
    response = save(curator_client, cell(ladder, "Python", "senior"), **fields)
    assert response.status_code == 422
    assert message in html.texts(response, ".errornote")
    assert target(ladder, "Python", "senior") == 4


def test_an_empty_cell_adds_the_skill_at_that_level(curator_client: Client, ladder: Career) -> None:
    response = save(
        curator_client, cell(ladder, "SQL", "senior"), target=3, weight=2, must_have=True
    )
    assert html.text(response, "td") == "3 / 2 ★"
    assert target(ladder, "SQL", "senior") == 3


def test_a_target_of_7_at_mid_is_blamed_on_the_mid_cells_target_with_the_range(
    curator_client: Client, ladder: Career
) -> None:
    response = save(curator_client, cell(ladder, "Python", "mid"), target=7, weight=9)
    assert response.status_code == 422
    mid = f"cell-{Skill.objects.get(name='Python').pk}-{Level.objects.get(slug='mid').pk}"
    page = html.soup(response)
    assert [td["id"] for td in page.select("td")] == [mid]  # the cell at fault, swapped in place
    for field, message in [
        ("target", "Target: Targets run 1–5; 7 is not one."),
        ("weight", "Weight: Weights run 1–5; 9 is not one."),
    ]:
        box = page.select_one(f"#{mid}-{field}")
        assert box is not None and box.get("aria-invalid") == "true"
        ids = str(box["aria-describedby"]).split()
        assert all(page.select_one(f"#{i}") for i in ids)  # only ids that are on the page
        error = page.select_one(f"#{mid}-{field}_error")
        assert f"{mid}-{field}_error" in ids and error is not None
        assert error.get_text(" ", strip=True) == message
    assert target(ladder, "Python", "mid") == 3


def test_remove_asks_first_and_removes_nothing_until_confirmed(
    curator_client: Client, ladder: Career
) -> None:
    response = curator_client.post(cell(ladder, "SQL", "mid"), {"remove": "ask"}, **HTMX)
    assert response.status_code == 200
    assert html.text(response, "legend") == "Remove SQL at Mid?"
    assert target(ladder, "SQL", "mid") == 2
    no_js = curator_client.post(cell(ladder, "SQL", "mid"), {"remove": "ask"})
    assert "Yes, remove" in html.text(no_js)
    assert target(ladder, "SQL", "mid") == 2


def test_remove_takes_the_skill_off_that_level(curator_client: Client, ladder: Career) -> None:
    response = curator_client.post(cell(ladder, "SQL", "mid"), {"remove": "confirmed"}, **HTMX)
    assert response.status_code == 200
    assert html.text(response, "td") == "add"
    assert target(ladder, "SQL", "mid") is None
    assert "0 skills" not in html.text(response, "#matrix-summary")


def test_cancel_shows_the_cell_as_it_was(curator_client: Client, ladder: Career) -> None:
    response = curator_client.get(cell(ladder, "Python", "entry"), {"view": "cell"}, **HTMX)
    assert html.text(response, "td") == "2 / 5 ★"


def test_without_javascript_a_cell_is_a_page_and_saving_returns_to_the_matrix(
    curator_client: Client, ladder: Career
) -> None:
    category = Skill.objects.get(name="Python").category.slug
    page = curator_client.get(cell(ladder, "Python", "senior"), {"category": category})
    assert page.status_code == 200 and "Python at Senior" in html.text(page)
    done = curator_client.post(
        cell(ladder, "Python", "senior"), {"target": 5, "weight": 5, "category": category}
    )
    assert done.status_code == 302 and done["Location"] == f"{matrix(ladder)}?category={category}"
    assert target(ladder, "Python", "senior") == 5
    refused = curator_client.post(cell(ladder, "Python", "mid"), {"target": 1, "weight": 5})
    assert refused.status_code == 422 and "is lower than 2 at Entry" in html.text(refused)


@pytest.mark.parametrize("n_skills", [10, 300])
def test_saving_a_cell_takes_the_same_queries_at_any_size(
    curator_client: Client, django_assert_num_queries: DjangoAssertNumQueries, n_skills: int
) -> None:
    career = career_with_skills(n_skills)
    req = career.requirements.select_related("skill", "level").get(
        skill__name=Skill.objects.order_by("name").first().name, level__slug="mid"
    )
    url = reverse("admin:careers_career_matrix_cell", args=[career.pk, req.skill_id, req.level_id])
    curator_client.get(url, **HTMX)
    # session, user, career, skill, level, the cell, its other levels (the rule); the two
    # range constraints validated (a savepoint each); savepoint, update, the taxonomy
    # version, release; the log entry (and its content type); the summary: career levels
    # and requirements
    with django_assert_num_queries(20):
        response = save(curator_client, url, target=3, weight=1)
    assert response.status_code == 200


def test_cell_edits_go_to_the_admin_log_on_the_career(
    curator_client: Client, ladder: Career
) -> None:
    save(curator_client, cell(ladder, "Python", "senior"), target=5, weight=5)
    curator_client.post(cell(ladder, "SQL", "mid"), {"remove": "confirmed"}, **HTMX)
    entries = LogEntry.objects.filter(object_id=str(ladder.pk)).order_by("pk")
    assert [e.get_change_message() for e in entries] == [
        "Matrix: Python at Senior (target 4, weight 5) → Python at Senior (target 5, weight 5).",
        "Matrix: removed SQL at Mid (target 2, weight 2).",
    ]
    history = curator_client.get(reverse("admin:careers_career_history", args=[ladder.pk]))
    assert "Matrix: removed SQL at Mid" in html.text(history)


# --- adding a skill to the career ---------------------------------------------------------------


def add(client: Client, career: Career, **fields: Any) -> Any:
    level = Level.objects.get(slug=fields.pop("level", "mid"))
    data = {"add-level": level.pk, "add-target": 3, "add-weight": 3, **fields}
    return client.post(matrix(career), data)


def test_a_skill_is_added_by_its_name_slug_or_alias(curator_client: Client, ladder: Career) -> None:
    rust = SkillFactory(name="Rust", slug="rust-lang")
    SkillAliasFactory(skill=rust, name="Rustlang")
    response = add(curator_client, ladder, **{"add-skill": "rustlang", "add-target": 2})
    assert response.status_code == 302
    assert target(ladder, "Rust", "mid") == 2
    assert LogEntry.objects.get(object_id=str(ladder.pk)).change_message == (
        "Matrix: added Rust at Mid (target 2, weight 3)."
    )


@pytest.mark.parametrize(
    ("skill", "level", "target", "message"),
    [
        ("Cobol", "mid", 3, "No skill is called “Cobol”: add it under Skills (or import it) first."),
        ("Python", "mid", 3, "Python is already required at Mid: edit its cell instead."),
        ("SQL", "senior", 1, "SQL: target 1 at Senior is lower than 2 at Mid; a higher level needs at least as much."),
        ("Retired", "mid", 3, "Retired is archived: restore it first."),
    ],
)  # fmt: skip
def test_adding_a_skill_says_what_is_wrong_and_adds_nothing(
    curator_client: Client, ladder: Career, skill: str, level: str, target: int, message: str
) -> None:
    SkillFactory(name="Retired", archived=True)
    before = Requirement.objects.count()
    response = add(
        curator_client, ladder, level=level, **{"add-skill": skill, "add-target": target}
    )
    assert response.status_code == 422
    assert message in html.texts(response, ".errornote")
    assert Requirement.objects.count() == before


# --- who may -----------------------------------------------------------------------------------


def test_a_curator_who_may_only_view_sees_the_matrix_but_cannot_edit_it(ladder: Career) -> None:
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_career", "view_requirement"])
    )
    client = logged_in(viewer)
    page = client.get(matrix(ladder))
    assert page.status_code == 200 and "Require another skill" not in html.text(page)
    assert html.rows(page, "#matrix")[1] == ["Python", "2 / 5 ★", "3 / 5", "4 / 5"]
    assert save(client, cell(ladder, "Python", "mid"), target=4).status_code == 403
    assert client.post(cell(ladder, "SQL", "mid"), {"remove": "1"}, **HTMX).status_code == 403
    assert target(ladder, "Python", "mid") == 3 and target(ladder, "SQL", "mid") == 2


def test_the_cell_editor_is_csrf_protected(curator_client: Client, ladder: Career) -> None:
    from django.contrib.auth.models import User

    client = logged_in(User.objects.get(username="dana"), enforce_csrf_checks=True)
    response = save(client, cell(ladder, "Python", "mid"), target=4)
    assert response.status_code == 403
    assert target(ladder, "Python", "mid") == 3


# --- addresses that name no career or cell: a 404, never a 500 (issue 18, T8) -------------------

# (A NUL is refused with a 400 before any view: tests/test_hygiene.py.)
NOT_IDS = ["abc", "1.5", "%FF", "1/2", "-1", "0", "99999999999999999999", "1%2F2"]


@pytest.mark.parametrize("career_id", NOT_IDS)
@pytest.mark.parametrize("tail", ["matrix/", "matrix/{skill}/{level}/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_matrix_address_naming_no_career_is_a_404(
    curator_client: Client, ladder: Career, career_id: str, tail: str, method: str
) -> None:
    skill, level = Skill.objects.first().pk, Level.objects.first().pk
    url = f"/admin/careers/career/{career_id}/{tail.format(skill=skill, level=level)}"
    response = getattr(curator_client, method)(url, {"target": 3, "weight": 3})
    assert response.status_code == 404
    assert target(ladder, "Python", "entry") == 2  # nothing written


@pytest.mark.parametrize("skill_id", ["abc", "1.5", "%FF", "0", "99999999999999999999"])
@pytest.mark.parametrize("which", ["skill", "level"])
def test_a_cell_address_naming_no_skill_or_level_is_a_404(
    curator_client: Client, ladder: Career, skill_id: str, which: str
) -> None:
    skill, level = Skill.objects.first().pk, Level.objects.first().pk
    parts = [skill_id, level] if which == "skill" else [skill, skill_id]
    url = f"{matrix(ladder)}{parts[0]}/{parts[1]}/"
    assert curator_client.get(url).status_code == 404

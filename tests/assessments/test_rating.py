"""Starting an assessment, the rating page, autosave and the no-JavaScript form."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Rating
from careers.models import Level, Skill
from tests.factories import (
    DescriptorFactory,
    RatingFactory,
    RequirementFactory,
    SkillFactory,
    assessment_for,
    career_with_skills,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def rate_url(assessment: Assessment, skill: Skill | str) -> str:
    slug = skill if isinstance(skill, str) else skill.slug
    return reverse("assessments:rate_skill", args=[assessment.uuid, slug])


def skills_of(assessment: Assessment) -> list[Skill]:
    return list(
        Skill.objects.filter(requirements__career=assessment.career).distinct().order_by("name")
    )


# --- start -------------------------------------------------------------------------


def test_a_visitor_starts_an_assessment_at_the_chosen_level(client: Client) -> None:
    career = career_with_skills(3)
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": "senior"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    assert assessment.owner is None and assessment.level.slug == "senior"


def test_a_logged_in_user_owns_what_they_start(owner_client: Client, owner: User) -> None:
    career = career_with_skills(3)
    owner_client.post(reverse("assessments:start", args=[career.slug]), {"level": "entry"})
    assert Assessment.objects.get().owner == owner


@pytest.mark.parametrize("level", ["", "principal", "<script>"])
def test_starting_at_a_level_the_career_lacks_is_refused(client: Client, level: str) -> None:
    career = career_with_skills(3)
    Level.objects.create(name="Principal", slug="principal", rank=4)
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": level})
    assert response.status_code == 400
    assert (
        "Select a valid choice" in response.content.decode()
        or "required" in response.content.decode()
    )
    assert not Assessment.objects.exists()


def test_starting_needs_a_post(client: Client) -> None:
    career = career_with_skills(1)
    assert client.get(reverse("assessments:start", args=[career.slug])).status_code == 405


def test_starting_an_unknown_career_is_a_404(client: Client) -> None:
    assert client.post("/assessments/start/nope/", {"level": "entry"}).status_code == 404


# --- the rating page -------------------------------------------------------------------


def test_rating_page_groups_skills_by_category_with_targets_and_counts(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=4, level="mid")
    skill = skills_of(assessment)[0]
    RatingFactory(assessment=assessment, skill=skill, score=2)
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    for s in skills_of(assessment):
        assert s.name in body and s.description in body
        assert f'id="section-{s.category.slug}"' in body
    assert "target 3" in body  # career_with_skills: mid targets are 3
    assert "1 of 4 rated" in body
    assert body.count("Not rated yet") == 3
    assert f'id="{skill.slug}-score-2" value="2" checked' in body


def test_rating_page_words_each_score_in_the_skills_own_terms_where_it_has_them(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    python, other = skills_of(assessment)
    DescriptorFactory(skill=None, score=3, label="Competent", text="Works alone.")
    DescriptorFactory(skill=python, score=3, label="Competent", text="Writes tested packages.")
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    python_row = body[body.index(f'id="row-{python.slug}"') : body.index(f'id="row-{other.slug}"')]
    other_row = body[body.index(f'id="row-{other.slug}"') :]
    assert "Writes tested packages." in python_row and "Works alone." not in python_row
    assert "Works alone." in other_row


def test_rating_page_covers_skills_up_to_the_target_level_only(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    senior_only = SkillFactory(name="Leadership")
    RequirementFactory(
        career=assessment.career, skill=senior_only, level=Level.objects.get(slug="senior")
    )
    body = owner_client.get(assessment.get_absolute_url()).content.decode()
    assert "Leadership" not in body.split('id="preview"')[0]
    assert "0 of 2 rated" in body


# --- autosave ------------------------------------------------------------------------------


def test_autosave_saves_and_answers_with_the_row_and_out_of_band_updates(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=3)
    skill = skills_of(assessment)[0]
    response = owner_client.post(
        rate_url(assessment, skill), {"score": "4", "evidence": "Shipped a service"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.skill, rating.score, rating.evidence) == (skill, 4, "Shipped a service")
    assert f'id="status-{skill.slug}"' in body and "Saved (4)" in body
    assert 'id="progress" class="sticky-top bg-body py-2" hx-swap-oob="true"' in body
    assert "1 of 3 rated" in body
    assert f'id="count-{skill.category.slug}"' in body
    assert 'id="preview"' in body and "hx-swap-oob" in body.split('id="preview"')[1][:80]
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_autosave_accepts_the_rating_pages_own_field_names(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    data = {f"{skill.slug}-score": "2", f"{skill.slug}-evidence": "Course"}
    assert owner_client.post(rate_url(assessment, skill), data, **HTMX).status_code == 200
    assert Rating.objects.get().score == 2


def test_a_second_save_replaces_the_first(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    owner_client.post(rate_url(assessment, skill), {"score": "1"}, **HTMX)
    owner_client.post(rate_url(assessment, skill), {"score": "5", "evidence": "x"}, **HTMX)
    assert list(Rating.objects.values_list("score", "evidence")) == [(5, "x")]


def test_autosave_without_htmx_redirects_back_with_a_message(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), {"score": "3"}, follow=True)
    assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
    assert f"Saved {skill.name}: 3." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "6"}, "Score must be a whole number from 0 to 5."),
        ({"score": "-1"}, "Score must be a whole number from 0 to 5."),
        ({"score": "abc"}, "Score must be a whole number from 0 to 5."),
        ({"score": "2.5"}, "Score must be a whole number from 0 to 5."),
        ({"evidence": "no score"}, "Choose a score from 0 to 5 first"),
        (
            {"score": "3", "evidence": "x" * 501},
            "Keep the evidence note to 500 characters (it has 501).",
        ),
    ],
)
def test_bad_input_is_refused_in_the_row_and_saves_nothing(
    owner_client: Client, owner: User, data: dict[str, str], message: str
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), data, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert f'id="status-{skill.slug}"' in response.content.decode()
    assert not Rating.objects.exists()


def test_bad_input_without_htmx_shows_the_page_with_the_message(
    owner_client: Client, owner: User
) -> None:
    assessment = assessment_for(owner, n_skills=2)
    skill = skills_of(assessment)[0]
    response = owner_client.post(rate_url(assessment, skill), {"score": "9"})
    assert response.status_code == 422
    assert f"{skill.name} was not saved: Score must be a whole number" in response.content.decode()
    assert not Rating.objects.exists()


def test_an_unknown_skill_is_a_404(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    response = owner_client.post(rate_url(assessment, "no-such-skill"), {"score": "3"}, **HTMX)
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_a_skill_the_career_does_not_require_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    stranger = SkillFactory(name="Knitting")
    response = owner_client.post(rate_url(assessment, stranger), {"score": "3"}, **HTMX)
    assert response.status_code == 400
    assert "not part of this assessment" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_skill_above_the_target_level_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=1, level="entry")
    senior_only = SkillFactory()
    RequirementFactory(
        career=assessment.career, skill=senior_only, level=Level.objects.get(slug="senior")
    )
    response = owner_client.post(rate_url(assessment, senior_only), {"score": "3"})
    assert response.status_code == 400
    assert not Rating.objects.exists()


# --- without JavaScript --------------------------------------------------------------------


def test_the_page_form_saves_every_rating_at_once(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=3)
    a, b, c = skills_of(assessment)
    data = {f"{a.slug}-score": "1", f"{b.slug}-score": "4", f"{b.slug}-evidence": "Led it"}
    response = owner_client.post(assessment.get_absolute_url(), data, follow=True)
    assert "Saved 2 ratings." in response.content.decode()
    assert dict(Rating.objects.values_list("skill__slug", "score")) == {a.slug: 1, b.slug: 4}


def test_one_bad_row_in_the_page_form_saves_nothing(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=3)
    a, b, _ = skills_of(assessment)
    RatingFactory(assessment=assessment, skill=a, score=2)
    data = {f"{a.slug}-score": "5", f"{b.slug}-score": "8"}
    response = owner_client.post(assessment.get_absolute_url(), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved" in body and "Score must be a whole number from 0 to 5." in body
    assert list(Rating.objects.values_list("score", flat=True)) == [2]


# --- level, list, delete ----------------------------------------------------------------------


def test_changing_the_target_level_keeps_the_ratings(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0], score=4)
    response = owner_client.post(
        reverse("assessments:level", args=[assessment.uuid]), {"level": "senior"}, follow=True
    )
    assessment.refresh_from_db()
    assert assessment.level.slug == "senior"
    assert Rating.objects.filter(assessment=assessment).count() == 1
    assert "Target level is now Senior; your ratings are kept." in response.content.decode()


def test_changing_to_an_unknown_level_is_refused(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    response = owner_client.post(
        reverse("assessments:level", args=[assessment.uuid]), {"level": "galactic"}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.level.slug == "entry"


def test_my_assessments_lists_drafts_with_progress(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=4)
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0])
    assessment_for(None)  # someone else's, anonymous
    body = owner_client.get(reverse("assessments:list")).content.decode()
    assert assessment.career.name in body
    assert "1 of 4 rated" in body and "Draft" in body and "Resume" in body
    assert body.count("<tr>") == 2  # header + one assessment


def test_deleting_a_draft_asks_first_then_deletes(owner_client: Client, owner: User) -> None:
    assessment = assessment_for(owner, n_skills=2)
    RatingFactory(assessment=assessment, skill=skills_of(assessment)[0])
    url = reverse("assessments:delete", args=[assessment.uuid])
    confirm = owner_client.get(url)
    assert "Delete this draft?" in confirm.content.decode()
    assert Assessment.objects.exists()
    owner_client.post(url)
    assert not Assessment.objects.exists() and not Rating.objects.exists()


# --- query budgets -------------------------------------------------------------------------------


@pytest.mark.parametrize("n_skills", [10, 200])
def test_rating_page_queries_do_not_grow_with_skills(
    owner_client: Client, owner: User, django_assert_num_queries: object, n_skills: int
) -> None:
    assessment = assessment_for(owner, n_skills=n_skills)
    for skill in skills_of(assessment)[:5]:
        RatingFactory(assessment=assessment, skill=skill)
    # session, user, assessment, requirements, ratings, descriptors, levels for the level form
    with django_assert_num_queries(7):  # type: ignore[operator]
        response = owner_client.get(assessment.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n_skills", [10, 200])
def test_autosave_queries_do_not_grow_with_skills(
    owner_client: Client, owner: User, django_assert_num_queries: object, n_skills: int
) -> None:
    assessment = assessment_for(owner, n_skills=n_skills)
    skill = skills_of(assessment)[-1]
    # session, user, assessment, requirements, ratings, then in one transaction
    # (savepoint, upsert, touch, release)
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = owner_client.post(rate_url(assessment, skill), {"score": "3"}, **HTMX)
    assert response.status_code == 200


@pytest.mark.parametrize("n_assessments", [1, 15])
def test_my_assessments_queries_do_not_grow(
    owner_client: Client, owner: User, django_assert_num_queries: object, n_assessments: int
) -> None:
    for _ in range(n_assessments):
        assessment_for(owner, n_skills=3)
    with django_assert_num_queries(3):  # type: ignore[operator]
        owner_client.get(reverse("assessments:list"))

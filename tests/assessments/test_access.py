"""Whose assessment is whose: other people get a 404, anonymous work survives sign-up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Rating
from careers.models import Skill
from tests.conftest import HTMX, finished, logged_in, shared
from tests.factories import PASSWORD, RatingFactory, UserFactory, assessment_for, career_with_skills

pytestmark = pytest.mark.django_db


def first_skill(assessment: Assessment) -> Skill:
    return Skill.objects.filter(requirements__career=assessment.career).order_by("name").first()


def owner_urls(assessment: Assessment, skill: Skill) -> dict[str, str]:
    u = assessment.uuid
    return {
        "rate": reverse("assessments:rate", args=[u]),
        "rate_skill": reverse("assessments:rate_skill", args=[u, skill.slug]),
        "level": reverse("assessments:level", args=[u]),
        "delete": reverse("assessments:delete", args=[u]),
    }


def test_another_user_gets_404_everywhere_and_changes_nothing(
    owner: User, other_client: Client
) -> None:
    assessment = assessment_for(owner, n_skills=2, level="entry")
    skill = first_skill(assessment)
    RatingFactory(assessment=assessment, skill=skill, score=2)
    urls = owner_urls(assessment, skill)
    for name in ("rate", "delete"):
        assert other_client.get(urls[name]).status_code == 404, name
    posts = {
        "rate": {f"{skill.slug}-score": "5"},
        "rate_skill": {"score": "5"},
        "level": {"level": "senior"},
        "delete": {},
    }
    for name, data in posts.items():
        assert other_client.post(urls[name], data).status_code == 404, name
    assessment.refresh_from_db()
    assert assessment.level.slug == "entry"
    assert list(Rating.objects.values_list("score", flat=True)) == [2]
    assert assessment.career.name not in other_client.get("/assessments/").content.decode()


def test_anonymous_assessment_is_private_to_its_browser(client: Client) -> None:
    career = career_with_skills(2)
    client.post(reverse("assessments:start", args=[career.slug]), {"level": "entry"})
    assessment = Assessment.objects.get()
    stranger = Client()
    assert stranger.get(assessment.get_absolute_url()).status_code == 404
    skill = first_skill(assessment)
    assert (
        stranger.post(
            reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug]), {"score": "3"}
        ).status_code
        == 404
    )
    assert client.get(assessment.get_absolute_url()).status_code == 200
    assert not Rating.objects.exists()


def test_a_malformed_id_is_a_404(owner_client: Client) -> None:
    assert owner_client.get("/assessments/not-a-uuid/").status_code == 404


def test_signing_up_keeps_every_anonymous_rating(client: Client) -> None:
    career = career_with_skills(3)
    client.post(reverse("assessments:start", args=[career.slug]), {"level": "mid"})
    assessment = Assessment.objects.get()
    skills = Skill.objects.filter(requirements__career=career).distinct()
    for i, skill in enumerate(skills):
        client.post(
            reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug]),
            {"score": str(i + 1), "evidence": f"note {i}"},
            **HTMX,
        )
    response = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": assessment.get_absolute_url(),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == assessment.get_absolute_url()
    assessment.refresh_from_db()
    assert assessment.owner == User.objects.get(username="newbie")
    assert sorted(Rating.objects.values_list("score", "evidence")) == [
        (1, "note 0"),
        (2, "note 1"),
        (3, "note 2"),
    ]
    assert "now saved to your account" in response.content.decode()
    # The assessment is still theirs after logging out and in again.
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "newbie", "password": PASSWORD})
    assert client.get(assessment.get_absolute_url()).status_code == 200


def test_logging_in_claims_the_sessions_anonymous_assessment(client: Client) -> None:
    user = UserFactory(username="returning")
    career = career_with_skills(1)
    client.post(reverse("assessments:start", args=[career.slug]), {"level": "entry"})
    client.post(reverse("login"), {"username": "returning", "password": PASSWORD})
    assert Assessment.objects.get().owner == user


def test_claiming_never_takes_someone_elses_assessment(client: Client, owner: User) -> None:
    theirs = assessment_for(owner)
    session = client.session
    session["anonymous_assessments"] = [str(theirs.uuid)]  # a forged session entry
    session.save()
    UserFactory(username="mallory")
    client.post(reverse("login"), {"username": "mallory", "password": PASSWORD})
    theirs.refresh_from_db()
    assert theirs.owner == owner


def test_autosave_with_a_stale_csrf_token_is_refused_with_a_reload_message(
    owner: User,
) -> None:
    assessment = assessment_for(owner, n_skills=1)
    skill = first_skill(assessment)
    client = logged_in(owner, enforce_csrf_checks=True)
    url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
    response = client.post(url, {"score": "3"}, HTTP_X_CSRFTOKEN="stale-token", **HTMX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#alerts"
    assert "Reload the page" in response.content.decode()
    assert not Rating.objects.exists()


def test_autosave_with_a_valid_csrf_header_is_accepted(owner: User) -> None:
    assessment = assessment_for(owner, n_skills=1)
    skill = first_skill(assessment)
    client = logged_in(owner, enforce_csrf_checks=True)
    page = client.get(assessment.get_absolute_url())
    token = str(page.context["csrf_token"])
    assert f'"x-csrftoken": "{token}"' in page.content.decode()
    url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
    response = client.post(url, {"score": "3"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert Rating.objects.get().score == 3


def test_autosave_after_logging_out_elsewhere_says_to_reload(owner: User) -> None:
    assessment = assessment_for(owner, n_skills=1)
    skill = first_skill(assessment)
    client = logged_in(owner)
    client.post(reverse("logout"))  # "another tab"
    url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
    response = client.post(url, {"score": "3"}, **HTMX)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#alerts"
    assert "log in again" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_form_without_a_csrf_token_is_refused(owner: User) -> None:
    career = career_with_skills(1)
    client = logged_in(owner, enforce_csrf_checks=True)
    response = client.post(reverse("assessments:start", args=[career.slug]), {"level": "entry"})
    assert response.status_code == 403
    assert "That form had expired" in response.content.decode()
    assert not Assessment.objects.exists()


# --- accounts -----------------------------------------------------------------------------


def test_signup_requires_a_ten_character_password(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {
            "username": "short",
            "email": "s@example.com",
            "password1": "Ab3$xyz",
            "password2": "Ab3$xyz",
        },
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    assert not User.objects.filter(username="short").exists()


def test_signup_ignores_an_offsite_next(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == reverse("assessments:list")


@pytest.mark.parametrize(
    "name", ["signup", "login", "password_reset", "password_reset_done", "password_reset_complete"]
)
def test_account_pages_render_in_the_site_layout(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "navbar" in response.content.decode()


def test_password_change(owner_client: Client, owner: User) -> None:
    new = "a-brand-new-passphrase"
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "Your password is changed." in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(new)


def test_password_reset_sends_a_link(client: Client, owner: User) -> None:
    client.post(reverse("password_reset"), {"email": owner.email})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_a_mentor_with_no_assessments_lands_on_the_reports_shared_with_them(
    owner: User, mentor: User
) -> None:
    shared(finished(owner), mentor)
    form = {"username": "charlie", "password": PASSWORD}
    response = Client().post(reverse("login"), form)
    assert response["Location"] == reverse("reports:mentor")
    # Someone with assessments of their own lands on them, mentor or not.
    form = {"username": "alice", "password": PASSWORD}
    assert Client().post(reverse("login"), form)["Location"] == reverse("assessments:list")
    # And where they were going wins.
    form = {"username": "charlie", "password": PASSWORD, "next": "/reports/"}
    assert Client().post(reverse("login"), form)["Location"] == "/reports/"

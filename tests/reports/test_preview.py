"""A visitor without an account sees their result before any sign-up: the whole report,
read-only, from the draft and not saved; signing up keeps it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from careers.models import Skill
from reports.models import Report
from tests import html
from tests.conftest import HTMX
from tests.factories import PASSWORD, career_with_skills

pytestmark = pytest.mark.django_db


def rated_draft(client: Client) -> Assessment:
    career = career_with_skills(3)
    client.post(reverse("assessments:start", args=[career.slug]), {"level": "mid"})
    assessment = Assessment.objects.get()
    for skill in Skill.objects.filter(requirements__career=career).distinct():
        url = reverse("assessments:rate_skill", args=[assessment.uuid, skill.slug])
        client.post(url, {"score": "1"}, **HTMX)
    return assessment


def test_finishing_without_an_account_shows_the_report_and_saves_nothing(client: Client) -> None:
    assessment = rated_draft(client)
    page = client.get(reverse("reports:finish", args=[assessment.uuid]))
    assert page.status_code == 200
    assert html.text(page, "#plan-sentence").startswith("Plan to Mid: ")
    assert html.text(page, "#placement-sentence") == "You do not reach Entry yet."
    assert html.soup(page).select("#levels .bar") and html.soup(page).select("#skills li")
    assert "Sign up to keep it" in html.text(page, "#keep-it")
    assert not html.soup(page).select(".path-step form")  # read-only
    assert not Report.objects.exists()
    assessment.refresh_from_db()
    assert assessment.is_draft and assessment.owner is None


def test_signing_up_after_seeing_the_result_keeps_it_as_a_report(client: Client) -> None:
    assessment = rated_draft(client)
    finish = reverse("reports:finish", args=[assessment.uuid])
    shown = html.text(client.get(finish), "#plan-sentence")
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "email": "newbie@example.com", "password1": PASSWORD,
         "password2": PASSWORD, "next": finish},
        follow=True,
    )  # fmt: skip
    report = Report.objects.get()
    assert report.owner == User.objects.get(username="newbie")
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert html.text(response, "#plan-sentence") == shown

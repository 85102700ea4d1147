"""Both sides of the mentor flow in Chromium: share, review, comment, revoke."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from careers.models import Skill
from reports import services
from reports.models import Report
from tests.e2e.conftest import log_in
from tests.factories import RatingFactory, UserFactory, assessment_for

pytestmark = pytest.mark.django_db(transaction=True)


def a_report(owner_name: str) -> Report:
    owner = UserFactory(username=owner_name, first_name="Ada", last_name="Owner")
    assessment = assessment_for(owner, n_skills=3)
    for skill in Skill.objects.filter(requirements__career=assessment.career).distinct():
        RatingFactory(assessment=assessment, skill=skill, score=1)
    return services.finish_assessment(assessment=assessment)


def test_share_review_comment_and_revoke(live_server: LiveServer, page: Page) -> None:
    base = live_server.url
    report = a_report("ada")
    UserFactory(username="mo", email="mo@example.com")
    skill = report.document["skills"][0]

    # The owner shares the report with the mentor by email.
    log_in(page, base, "ada")
    page.goto(f"{base}{report.get_absolute_url()}")
    page.get_by_role("link", name="Share").click()
    page.get_by_label("Mentor's username or email").fill("mo@example.com")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared with mo")).to_be_visible()

    # The mentor finds it on the dashboard, comments on a skill, marks it reviewed.
    log_in(page, base, "mo")
    page.goto(f"{base}/mentor/")
    expect(page.locator("#shared-reports")).to_contain_text("Ada Owner")
    page.get_by_role("link", name=report.career_name).click()
    page.evaluate("window.__sameDocument = true")
    page.locator(f"#skill-{skill['slug']} > details > summary").click()  # loads its thread
    thread = page.locator(f"#thread-{skill['slug']}")
    thread.locator("summary").click()
    thread.get_by_placeholder("Write a comment on this skill…").fill("Practise this weekly.")
    thread.get_by_role("button", name="Comment").click()
    expect(page.locator(f"#thread-{skill['slug']} .comment-body")).to_have_text(
        "Practise this weekly."
    )
    assert page.evaluate("window.__sameDocument") is True  # htmx, no reload
    page.get_by_label("Mark reviewed, with a summary for the owner").fill(
        "Good start; focus on basics."
    )
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_text("Marked as reviewed")).to_be_visible()

    # The owner sees the review on top and the comment under the skill, then revokes.
    log_in(page, base, "ada")
    page.goto(f"{base}{report.get_absolute_url()}")
    expect(page.locator("#reviews")).to_contain_text("Good start; focus on basics.")
    row = page.locator(f"#skill-{skill['slug']}")
    expect(row.locator("summary")).to_contain_text("1 comment")
    row.locator("summary").click()
    expect(page.locator(f"#thread-{skill['slug']}")).to_contain_text("Practise this weekly.")
    page.goto(f"{base}/reports/{report.uuid}/share/")
    page.locator("#shares").get_by_role("button", name="Revoke").click()
    revoked = "Revoked: mo@example.com can no longer open this report."
    expect(page.get_by_text(revoked)).to_be_visible()

    # The mentor now gets a 404.
    log_in(page, base, "mo")
    response = page.goto(f"{base}{report.get_absolute_url()}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

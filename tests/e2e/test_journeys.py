"""Whole journeys in Chromium, each page looked at as a person would, at both sizes.

On every page a journey visits, at 1280 × 800 and at 390 × 844: axe-core finds no
serious or critical violation, and nothing makes the page wider than the screen.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from assessments.models import Rating
from reports import services
from reports.models import Opinion, Report, StepProgress
from tests.conftest import BASE, finished, shared
from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.conftest import log_in, nav
from tests.factories import PASSWORD, ResourceFactory, UserFactory, career_with_skills

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def looks_right(page: Page) -> None:
    """This page, at both sizes: accessible and no wider than the screen."""
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        assert_accessible(page)
        assert_fits(page)


def test_a_job_seeker_rates_signs_up_reads_follows_the_path_and_shares(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    career = career_with_skills(4, n_categories=2)
    first = career.requirements.order_by("skill__category__order", "skill__name").first().skill
    ResourceFactory(skill=first, title="Hands-on course", from_score=0, to_score=4)
    UserFactory(username="mo", first_name="Mo", last_name="Mentor")

    page.goto(f"{base}/")
    expect(page.locator("#how-it-works")).to_contain_text("Rate yourself, 0 to 5")
    looks_right(page)
    page.get_by_role("link", name=career.name).click()
    looks_right(page)
    page.get_by_label("Mid").check()
    page.get_by_role("button", name="Start self-assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    looks_right(page)
    slugs = list(
        career.requirements.filter(level__slug="entry")
        .order_by("skill__category__order", "skill__name")
        .values_list("skill__slug", flat=True)
    )
    for slug, score in zip(slugs, [1, 3, 2], strict=False):
        page.locator(f"label[for='{slug}-score-{score}']").click()
        expect(page.locator(f"#status-{slug}")).to_contain_text(f"Saved ({score})")

    page.get_by_role("button", name=re.compile("Finish")).click()
    # The result first: the whole report, read-only, before any account.
    expect(page.locator("#plan-sentence")).to_contain_text("Plan to Mid: ")
    assert not Report.objects.exists()
    looks_right(page)
    page.get_by_role("link", name="Sign up to keep it").click()
    looks_right(page)
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Email").fill("jo@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Signing up keeps it: the report is saved and shown.
    expect(page).to_have_url(re.compile(r"/reports/[0-9a-f-]{36}/$"))

    # The report's top answers "how far am I from Mid".
    expect(page.locator("#target-readiness")).to_have_text(re.compile(r"\d+%"))
    expect(page.locator("#blockers")).to_contain_text("points short of the 80% Mid needs")
    expect(page.locator("#plan-sentence")).to_contain_text("Plan to Mid: ")
    expect(page.locator("#next-steps li")).to_have_count(3)
    looks_right(page)

    # Follow the plan: mark its first step done; it shows done, and the hours left, the
    # plan's sentence and the next steps follow.
    report = Report.objects.get()
    step = report.document["plan"]["steps"][0]
    name = report.document["inputs"]["skills"][step["skill"]]["name"]
    row = page.locator(f"#step-plan-{step['skill']}")
    row.locator("summary").click()  # its resources and marks load when opened
    row.get_by_text("Done", exact=True).click()
    expect(row).to_have_class(re.compile(r"\bis-done\b"))
    expect(row.locator(".step-tick")).to_be_visible()
    expect(page.locator("#weeks-text")).to_contain_text(f"{step['hours']} done")
    expect(page.locator("#plan-sentence")).to_contain_text("1 done")
    expect(page.locator("#next-steps")).not_to_contain_text(name)
    assert StepProgress.objects.get().status == "done"

    # Share it with a mentor and by a link, and copy the link.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("link", name="Share").click()
    page.get_by_label("Mentor's username or email").fill("mo")
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_role("button", name="Create link").click()
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(rf"{re.escape(base)}/s/[A-Za-z0-9_-]+/", copied)
    looks_right(page)
    nav(page, "My reports")
    expect(page.locator("#reports .activity")).to_contain_text("Shared with mo, a link")  # as typed
    looks_right(page)
    nav(page, "My assessments")
    looks_right(page)

    # The link holder reads it, read-only, at both sizes.
    page.context.clear_cookies()
    page.goto(copied)
    expect(page.locator("#target-readiness")).to_be_visible()
    assert not page.locator("#path form").count()
    looks_right(page)


def a_shared_report(owner_name: str, mentor: User) -> Report:
    owner = UserFactory(username=owner_name, first_name="Ada", last_name="Owner")
    report = finished(owner, n_skills=3, score=2)
    shared(report, mentor)
    return report


def test_a_mentor_reviews_gives_a_second_opinion_and_sees_the_cohort(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    mentor = UserFactory(username="mo")
    report = a_shared_report("ada", mentor)
    a_shared_report("bea", mentor)
    skill = report.document["skills"][0]

    log_in(page, base, "mo")
    expect(page).to_have_url(f"{base}/mentor/")  # a mentor with no assessments lands here
    looks_right(page)
    page.get_by_role("link", name=re.compile(report.career_name)).first.click()
    looks_right(page)

    # A second opinion on one skill: lower than the owner's own score.
    page.locator(f"#skill-{skill['slug']} > details > summary").click()  # loads its box
    box = page.locator(f"#opinion-{skill['slug']}")
    box.locator("summary").click()
    box.get_by_label(f"Your score for {skill['name']}").select_option("0")
    box.get_by_label("Why (optional)").fill("Not seen it in practice yet")
    box.get_by_role("button", name="Save my score").click()
    expect(page.locator(f"#opinion-{skill['slug']} summary")).to_contain_text("Your score: 0")
    expect(page.locator("#second-opinions")).to_contain_text("You scored 1 skill")
    assert Opinion.objects.get().score == 0
    page.locator("#thread-report textarea").fill("Good start.")
    page.locator("#thread-report").get_by_role("button", name="Comment").click()
    expect(page.locator("#thread-report .comment-body")).to_have_text("Good start.")
    page.get_by_label(re.compile("Mark reviewed")).fill("Solid; see my score on one skill.")
    page.get_by_role("button", name="Mark reviewed").click()
    looks_right(page)

    page.goto(f"{base}/mentor/cohort/")
    expect(page.locator("#cohort tbody tr")).to_have_count(2)
    looks_right(page)
    page.locator("#cohort tbody a.heat").first.click()
    expect(page).to_have_url(re.compile(r"/reports/[0-9a-f-]{36}/"))


def test_the_owner_sees_the_second_opinion_and_takes_it_into_a_re_assessment(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    mentor = UserFactory(username="mo", first_name="Mo", last_name="Mentor")
    report = a_shared_report("ada", mentor)
    skill = report.document["skills"][0]
    services.give_opinion(
        report=report, mentor=mentor, skill=skill["slug"], score=4, note="Better than you say",
        base_url=BASE,
    )  # fmt: skip

    log_in(page, base, "ada")
    page.goto(f"{base}{report.get_absolute_url()}")
    row = page.locator(f"#skill-{skill['slug']}")
    expect(row.locator("summary")).to_contain_text("1 mentor score")
    row.locator("summary").click()  # the mentor's score loads when the row opens
    expect(page.locator(f"#skill-{skill['slug']} .opinion")).to_contain_text(
        "Mo Mentor's score: 4 (yours 2)"
    )
    expect(page.locator("#second-opinions")).to_contain_text("Mo Mentor scored 1 skill")
    looks_right(page)

    page.get_by_role("link", name="Re-assess").click()
    looks_right(page)
    page.get_by_label(re.compile(rf"{skill['name']}: 4, from Mo Mentor's opinion")).check()
    page.get_by_role("button", name="Start the new assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    expect(page.locator(f"#{skill['slug']}-score-4")).to_be_checked()
    draft = Rating.objects.filter(assessment__finished__isnull=True)
    assert draft.get(skill__slug=skill["slug"]).score == 4
    assert {r.score for r in draft.exclude(skill__slug=skill["slug"])} == {2}


def test_a_curator_works_in_the_admin(live_server: LiveServer, page: Page) -> None:
    base = live_server.url
    UserFactory(username="cura", is_staff=True, is_superuser=True)
    career = career_with_skills(3)
    log_in(page, base, "cura")
    for path in [
        "/admin/",
        "/admin/careers/career/",
        f"/admin/careers/career/{career.pk}/change/",
        f"/admin/careers/career/{career.pk}/matrix/",
        "/admin/careers/career/import/",
        "/admin/careers/skill/",
        "/admin/careers/skillcategory/",
        f"/admin/careers/skill/{career.requirements.first().skill_id}/change/",
    ]:
        page.goto(f"{base}{path}")
        looks_right(page)

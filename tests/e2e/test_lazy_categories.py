"""Issue 21 at 300 skills in Chromium: categories arrive closed and load their rows when
opened; a row that arrived later rates by keyboard and autosaves; the lead's link into a
closed category opens it and focuses the skill; axe stays clean at both sizes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from assessments.models import Assessment, Rating
from careers.models import Level, SkillCategory
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import log_in
from tests.e2e.test_rating_page import DESKTOP, PHONE
from tests.factories import AssessmentFactory, UserFactory, career_with_skills

pytestmark = pytest.mark.django_db(transaction=True)


def big_assessment() -> Assessment:
    career = career_with_skills(300, n_categories=6)
    owner = UserFactory(username="lazy")
    return AssessmentFactory(owner=owner, career=career, level=Level.objects.get(slug="mid"))


def open_page(page: Page, base: str, assessment: Assessment) -> None:
    log_in(page, base, "lazy")
    page.goto(f"{base}{assessment.get_absolute_url()}")
    page.wait_for_load_state()


def test_a_closed_category_opens_and_its_rows_rate_by_keyboard(
    live_server: LiveServer, page: Page
) -> None:
    assessment = big_assessment()
    page.set_viewport_size(DESKTOP)
    open_page(page, live_server.url, assessment)
    expect(page.locator("details.section")).to_have_count(6)
    expect(page.locator(".skill-row")).to_have_count(0)  # no rows on the first view
    assert_accessible(page)
    category = SkillCategory.objects.filter(skills__requirements__career=assessment.career)
    slug = category.order_by("order", "name")[2].slug
    section = page.locator(f"#section-{slug}")
    section.locator("summary").click()
    expect(section.locator(".skill-row")).to_have_count(50)
    row = section.locator(".skill-row").nth(3)
    skill = (row.get_attribute("id") or "").removeprefix("row-")
    row.locator(".btn-check").first.focus()
    page.keyboard.press("4")  # a digit chooses that score, saved once the keys settle
    expect(page.locator(f"#status-{skill}")).to_contain_text("Saved (4)")
    expect(section.locator("summary .badge")).to_have_text("1 / 50 rated")
    assert Rating.objects.get(assessment=assessment, skill__slug=skill).score == 4
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)

    page.reload()
    page.wait_for_load_state()
    expect(section.locator("summary .badge")).to_have_text("1 / 50 rated")
    section.locator("summary").click()
    expect(page.locator(f"#{skill}-score-4")).to_be_checked()


def test_a_lead_link_into_a_closed_category_opens_it_and_focuses_the_skill(
    live_server: LiveServer, page: Page
) -> None:
    assessment = big_assessment()
    page.set_viewport_size(DESKTOP)
    open_page(page, live_server.url, assessment)
    link = page.locator("#lead ol a").first
    href = link.get_attribute("href") or ""
    assert "?category=" in href and "#row-" in href
    skill = href.split("#row-", 1)[1]
    category = href.split("?category=", 1)[1].split("#", 1)[0]
    expect(page.locator(f"#row-{skill}")).to_have_count(0)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#section-{category}")).to_have_attribute("open", "")
    expect(page.locator(f"#row-{skill}.skill-row")).to_be_attached()
    expect(page.locator(f"#{skill}-score-0")).to_be_focused()
    assert page.url.endswith(assessment.get_absolute_url())  # stayed on the page


def test_without_javascript_a_category_page_saves_its_rows(
    live_server: LiveServer, browser: Browser
) -> None:
    assessment = big_assessment()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    open_page(page, live_server.url, assessment)
    first = page.locator("details.section summary h2 a").first
    first.click()
    expect(page).to_have_url(re.compile(r"\?category="))
    select = page.locator("#ratings-form select[name$='-score']").first
    name = select.get_attribute("name") or ""
    select.select_option("3")
    page.get_by_role("button", name="Save all ratings").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("Saved 1 rating")
    assert Rating.objects.get(assessment=assessment, skill__slug=name[: -len("-score")]).score == 3
    context.close()


def test_next_unrated_and_the_filter_reach_rows_not_loaded_yet(
    live_server: LiveServer, page: Page
) -> None:
    assessment = big_assessment()
    page.set_viewport_size(DESKTOP)
    open_page(page, live_server.url, assessment)
    page.locator("#next-unrated").click()  # opens the first category with a skill unrated
    first = page.locator("details.section").first
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".skill-row .btn-check").first).to_be_focused()
    assert page.url.endswith(assessment.get_absolute_url())
    last = assessment.career.requirements.order_by("skill__category__order", "skill__name").last()
    assert last is not None
    page.locator("#skill-filter").fill(last.skill.name)  # a skill of the last category
    expect(page.locator(f"#row-{last.skill.slug}")).to_be_visible()
    expect(page.locator("#filter-count")).to_contain_text("skills match")
    assert page.locator(".skill-row:visible").count() < 10

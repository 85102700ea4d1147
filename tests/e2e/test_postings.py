"""A job seeker pastes a posting, reads its matches, rates the skills they never rated in
place and sees the plan: at 1280 and 390 px, axe-clean, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.axe import assert_accessible, assert_fits
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, career_with_skills

pytestmark = pytest.mark.django_db(transaction=True)


def posting_text(names: list[str]) -> str:
    return (
        "Senior Platform Engineer\n\nAbout us\nWe are a leading company.\n\n"
        f"Requirements:\n- 5+ years with {names[0]} and {names[1]}\n\n"
        f"Nice to have:\n- {names[2]}\n\nBenefits:\n- Free lunch\n"
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_paste_read_rate_in_place_and_plan(live_server: LiveServer, page: Page, width: int) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": width, "height": 900})
    UserFactory(username="jo")
    career = career_with_skills(3)
    names = sorted(career.requirements.values_list("skill__name", flat=True).distinct())
    log_in(page, base, "jo")

    page.goto(f"{base}/postings/new/")
    assert_accessible(page)
    page.get_by_label("Posting text").fill(posting_text(names))
    page.get_by_role("button", name="Find the skills").click()
    expect(page).to_have_url(re.compile(r"/postings/[0-9a-f-]{36}/$"))
    expect(page.locator("#posting-text mark")).to_have_count(3)
    expect(page.locator("#required li")).to_have_count(2)
    expect(page.locator("#closest")).to_contain_text("5+ years")
    assert_accessible(page)
    assert_fits(page)

    page.evaluate("window.__sameDocument = true")
    first = page.locator("#unrated form").first
    first.get_by_role("combobox").select_option("4")
    first.get_by_role("button", name="Save").click()
    expect(page.locator("#unrated form")).to_have_count(2)
    expect(page.locator("#gap-table tbody tr")).to_have_count(1)
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the gap in place
    expect(page.locator("#plan li").first).to_be_visible()
    assert_accessible(page)
    assert_fits(page)

    page.goto(f"{base}/postings/")
    expect(page.locator(".posting-item")).to_have_count(1)
    assert_accessible(page)
    assert_fits(page)


def test_without_javascript_rating_in_place_posts_and_returns(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    career = career_with_skills(3)
    names = sorted(career.requirements.values_list("skill__name", flat=True).distinct())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/postings/new/")  # anonymous: tries one
    page.get_by_label("Posting text").fill(posting_text(names))
    page.get_by_role("button", name="Find the skills").click()
    expect(page.locator("#posting-text mark")).to_have_count(3)
    first = page.locator("#unrated form").first
    first.get_by_role("combobox").select_option("2")  # nothing is chosen to start with
    first.get_by_role("button", name="Save").click()
    expect(page.locator("#unrated form")).to_have_count(2)
    expect(page.locator("#gap-table tbody tr")).to_have_count(1)
    context.close()

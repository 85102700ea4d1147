"""A visitor rates themselves in Chromium: autosave with htmx, and the plain form without JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from careers.models import Career, Skill
from tests.factories import PASSWORD, career_with_skills

pytestmark = pytest.mark.django_db(transaction=True)


def skill_slugs(career: Career) -> list[str]:
    return list(
        career.requirements.filter(level__slug="entry")
        .order_by("skill__category__order", "skill__name")
        .values_list("skill__slug", flat=True)
    )


def start(page: Page, base: str, career: Career, level: str) -> None:
    page.goto(f"{base}/careers/{career.slug}/")
    page.get_by_label(level).check()
    page.get_by_role("button", name="Start self-assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))


def choose(page: Page, slug: str, score: int) -> None:
    page.locator(f"label[for='{slug}-score-{score}']").click()


def write_note(page: Page, slug: str, text: str) -> None:
    """Open the skill's note (a disclosure, with or without JavaScript) and write in it."""
    page.locator(f"#row-{slug} .row-note > summary").click()
    page.locator(f"#{slug}-evidence").fill(text)


def test_visitor_rates_with_autosave_then_signs_up_and_keeps_every_rating(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url
    career = career_with_skills(4, n_categories=2)
    slugs = skill_slugs(career)
    start(page, base, career, "Mid")
    rating_url = page.url

    progress = page.locator("#progress")
    expect(progress).to_contain_text("0 of 4 rated")
    entry_readiness = page.locator("#preview [data-level='entry'] .readiness-value")
    expect(entry_readiness).to_have_text("0%")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    choose(page, slugs[0], 3)
    expect(page.locator(f"#status-{slugs[0]}")).to_contain_text("Saved (3)")
    expect(progress).to_contain_text("1 of 4 rated")
    expect(entry_readiness).not_to_have_text("0%")

    choose(page, slugs[1], 5)
    write_note(page, slugs[1], "Led the migration")
    page.locator(f"#{slugs[1]}-evidence").blur()
    expect(page.locator(f"#status-{slugs[1]}")).to_contain_text("Saved (5)")
    choose(page, slugs[2], 1)
    expect(progress).to_contain_text("3 of 4 rated")
    assert page.evaluate("window.__sameDocument") is True

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(rating_url)
    expect(page.get_by_text("now saved to your account")).to_be_visible()
    expect(page.locator(f"#{slugs[0]}-score-3")).to_be_checked()
    expect(page.locator(f"#{slugs[1]}-score-5")).to_be_checked()
    expect(page.locator(f"#{slugs[1]}-evidence")).to_have_value("Led the migration")
    expect(page.locator(f"#{slugs[2]}-score-1")).to_be_checked()
    expect(progress).to_contain_text("3 of 4 rated")


def test_without_javascript_the_page_is_one_form_that_saves_every_rating(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    career = career_with_skills(3)
    slugs = skill_slugs(career)
    names = dict(Skill.objects.values_list("slug", "name"))
    names = [names[slug] for slug in slugs]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start(page, base, career, "Entry")

    # Without JavaScript a score is a plain <select> and a note a plain textarea.
    page.locator(f"select[name='{slugs[0]}-score']").select_option("2")
    page.locator(f"select[name='{slugs[2]}-score']").select_option("4")
    page.locator(f"#row-{slugs[2]} > details > summary").click()
    page.get_by_label(f"Evidence for {names[2]}").fill("Weekend project")
    # Without htmx nothing is sent until the form is submitted.
    expect(page.locator("#progress")).to_contain_text("0 of 3 rated")
    page.get_by_role("button", name="Save all ratings").click()

    expect(page.get_by_text("Saved 2 ratings.")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("2 of 3 rated")
    expect(page.locator(f"select[name='{slugs[0]}-score']")).to_have_value("2")
    expect(page.get_by_label(f"Evidence for {names[2]}")).to_have_value("Weekend project")
    context.close()

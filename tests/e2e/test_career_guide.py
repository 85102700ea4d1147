"""The seed career's page, now the guide's: accessible and no wider than the screen at
1280 and 390 px, with a skill whose 120-character unbroken name once pushed the matrix
past the page (issue 24)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from careers.models import Career, Level, Skill
from tests.e2e.axe import assert_accessible, assert_fits
from tests.factories import PASSWORD, RequirementFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_guide_page_is_accessible_and_fits_with_a_long_name(
    live_server: LiveServer, page: Page, size: dict[str, int]
) -> None:
    call_command("load_seed", verbosity=0)
    career = Career.objects.get(slug="systems-ml-engineer")
    long_name = ("Hyperparameter" * 9)[:120]  # the longest a name may be, unbroken
    skill = Skill.objects.get(slug="shell")
    skill.name = long_name
    skill.save()
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/careers/{career.slug}/")  # type: ignore[attr-defined]
    expect(page.locator("#pay")).to_contain_text("$179,061 – $193,919")
    expect(page.locator("#demand")).to_contain_text("Indeed")
    expect(page.get_by_role("row", name=long_name)).to_be_visible()
    assert_accessible(page)
    assert_fits(page)


def test_a_level_without_requirements_is_not_offered(live_server: LiveServer, page: Page) -> None:
    call_command("load_seed", verbosity=0)
    page.goto(f"{live_server.url}/careers/systems-ml-engineer/")  # type: ignore[attr-defined]
    expect(page.locator("#levels")).to_contain_text("10+ years")
    expect(page.get_by_label("Expert")).to_have_count(0)
    # A curator gives Expert a requirement: it becomes a level to aim at.
    RequirementFactory(
        career=Career.objects.get(slug="systems-ml-engineer"),
        skill=Skill.objects.get(slug="python"),
        level=Level.objects.get(slug="expert"),
        target=5,
    )
    page.reload()
    expect(page.get_by_label("Expert")).to_have_count(1)


def test_the_curators_career_page_with_the_guide_is_axe_clean_at_1280(
    live_server: LiveServer, page: Page
) -> None:
    call_command("load_seed", verbosity=0)
    UserFactory(username="curator", is_staff=True, is_superuser=True)
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    career = Career.objects.get(slug="systems-ml-engineer")
    page.goto(f"{base}/admin/careers/career/{career.pk}/change/")
    for heading in ("Salary bands", "Demand figures", "Career notes"):
        page.get_by_text(heading, exact=True).first.click()  # open each collapsed list
    expect(page.get_by_label("Label:").first).to_have_value("Average base salary")
    assert_accessible(page)
    assert_fits(page)

"""A visitor browses careers in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import RequirementFactory, SkillFactory, standard_levels

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_opens_a_career_and_sees_its_matrix(live_server: LiveServer, page: Page) -> None:
    entry, mid, senior = standard_levels()
    python = SkillFactory(name="Python")
    first = RequirementFactory(
        career__name="Systems ML Engineer", skill=python, level=entry, target=3, must_have=True
    )
    for level, target in ((mid, 4), (senior, 5)):
        RequirementFactory(career=first.career, skill=python, level=level, target=target)

    page.goto(live_server.url)
    page.get_by_role("link", name="Systems ML Engineer").click()

    expect(page).to_have_url(f"{live_server.url}/careers/{first.career.slug}/")
    expect(page.get_by_role("heading", name="Systems ML Engineer")).to_be_visible()
    matrix = page.locator("#matrix")
    expect(matrix.get_by_role("columnheader", name="Senior")).to_be_visible()
    python_row = matrix.get_by_role("row", name="Python")
    expect(python_row).to_contain_text("3")
    expect(python_row).to_contain_text("must")
    expect(python_row).to_contain_text("5")
    expect(page.get_by_role("button", name="Start self-assessment")).to_be_visible()

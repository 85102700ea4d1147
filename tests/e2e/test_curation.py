"""A curator imports a CSV ladder through admin; a job seeker assesses against it at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import (
    PASSWORD,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
    standard_levels,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_curator_imports_a_csv_after_a_preview_and_it_is_assessable(
    live_server: LiveServer, page: Page, tmp_path: Path
) -> None:
    base = live_server.url
    standard_levels()
    category = SkillCategoryFactory(slug="eng", name="Engineering")
    SkillFactory(slug="python", name="Python", category=category)
    UserFactory(username="curator", is_staff=True, is_superuser=True)
    requirements = tmp_path / "ladder.csv"
    requirements.write_text(
        "career,level,category,skill,target,weight,must_have\n"
        "acme-platform-engineer,entry,eng,python,2,5,yes\n"
        "acme-platform-engineer,mid,eng,python,3,5,yes\n"
        "acme-platform-engineer,mid,eng,terraform,2,3,no\n"
    )
    skills = tmp_path / "skills.csv"
    skills.write_text(
        "slug,name,category,description,hours_per_point,prerequisites,onet_id,esco_uri,sfia_code\n"
        "terraform,Terraform,eng,Infrastructure as code,15,python,,,\n"
    )

    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/admin/careers/career/")
    page.get_by_role("link", name="Import taxonomy").click()
    page.locator("input[type=file]").set_input_files([str(requirements), str(skills)])
    page.get_by_role("button", name="Preview import").click()

    counts = page.locator("#import-counts")
    expect(counts).to_contain_text("requirements")
    expect(page.get_by_role("button", name="Confirm import")).to_be_visible()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported ladder.csv, skills.csv")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{base}/")
    page.get_by_role("link", name="Acme Platform Engineer").click()
    page.get_by_label("Mid").check()
    page.get_by_role("button", name="Start self-assessment").click()
    expect(page.locator("#progress")).to_contain_text("0 of 2 rated")
    expect(page.locator("#row-terraform")).to_contain_text("Infrastructure as code")
